"""What the LLM sees: the customer's messages as JSON lines, within a prompt-token budget.

A history that fits goes in whole. A longer one is cut down to the messages that matter: the most recent ones,
and the best matches from the customer's own vector store for each fact's topic, then put back in time order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ..retrieval.models import Message

Search = Callable[[str, int], list[Message]]

# One query per fact topic, in the words customers use, for the customer's own vector store.
TOPIC_QUERIES = (
    "the vehicle model and trim I want to buy or lease",
    "lease or buy, financing, loan, cash",
    "monthly payment budget, how much a month",
    "down payment, money down",
    "trade-in vehicle, mileage, payoff, what I owe",
    "credit union bank pre-approved financing",
    "my wife husband partner co-signer has to see it",
    "I need the car by this date, deadline, lease ends",
    "best way to reach me, text call email",
    "worried about, concerned, important to me",
    "staff promised to send, follow up",
)
RECENT_SHARE = 0.4
PER_QUERY = 12


@dataclass(frozen=True)
class Context:
    messages: list[Message]
    text: str
    tokens: int
    total_messages: int

    @property
    def complete(self) -> bool:
        return len(self.messages) == self.total_messages


def message_line(message: Message) -> str:
    return json.dumps({"id": message.id, "channel": message.channel.value, "at": message.at.isoformat(),
                       "role": message.role.value, "speaker": message.speaker, "text": message.text},
                      ensure_ascii=False)


def build_context(messages: list[Message], budget: int, count: Callable[[str], int],
                  search: Search | None = None) -> Context:
    """Messages for the prompt in time order, whose lines together cost at most `budget` tokens."""
    ordered = sorted(messages, key=lambda m: (m.at, m.seq))
    lines = {m.id: message_line(m) for m in ordered}
    cost = {m.id: count(lines[m.id]) + 1 for m in ordered}
    if sum(cost.values()) <= budget:
        return _context(ordered, lines, sum(cost.values()), len(ordered))

    chosen: dict[str, Message] = {}
    spent = 0

    def take(message: Message, limit: int) -> bool:
        nonlocal spent
        if message.id in chosen or message.id not in cost:
            return True
        if spent + cost[message.id] > limit:
            return False
        chosen[message.id] = message
        spent += cost[message.id]
        return True

    for message in reversed(ordered):
        if not take(message, int(budget * RECENT_SHARE)):
            break
    if search is not None:
        ranked = [search(query, PER_QUERY) for query in TOPIC_QUERIES]
        # Round-robin over topics so every fact gets its best evidence before any gets its tenth.
        for rank in range(PER_QUERY):
            for hits in ranked:
                if rank < len(hits):
                    take(hits[rank], budget)
    for message in reversed(ordered):
        take(message, budget)
    kept = sorted(chosen.values(), key=lambda m: (m.at, m.seq))
    return _context(kept, lines, spent, len(ordered))


def _context(kept: list[Message], lines: dict[str, str], tokens: int, total: int) -> Context:
    return Context(kept, "\n".join(lines[m.id] for m in kept), tokens, total)
