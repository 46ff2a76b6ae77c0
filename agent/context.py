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

    def message(self, alias: str) -> Message | None:
        """The message a short id in the prompt ("m12") stands for."""
        match = alias.strip().lstrip("m")
        if not match.isdigit() or not 1 <= int(match) <= len(self.messages):
            return None
        return self.messages[int(match) - 1]


def message_line(message: Message, alias: str) -> str:
    """One message as a compact JSON line; short ids keep the prompt small and make made-up ids obvious."""
    speaker = message.role.value + (f": {message.speaker}" if message.speaker and message.role.value != "customer" else "")
    return json.dumps({"id": alias, "ch": message.channel.value, "at": message.at.isoformat(timespec="minutes"),
                       "from": speaker, "text": message.text}, ensure_ascii=False, separators=(",", ":"))


def build_context(messages: list[Message], budget: int, count: Callable[[str], int],
                  search: Search | None = None) -> Context:
    """Messages for the prompt in time order, whose lines together cost at most `budget` tokens."""
    ordered = sorted(messages, key=lambda m: (m.at, m.seq))
    widest = f"m{len(ordered)}"
    cost = {m.id: count(message_line(m, widest)) + 1 for m in ordered}
    if sum(cost.values()) <= budget:
        return _context(ordered, sum(cost.values()), len(ordered))

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
    return _context(kept, spent, len(ordered))


def _context(kept: list[Message], tokens: int, total: int) -> Context:
    text = "\n".join(message_line(m, f"m{i}") for i, m in enumerate(kept, 1))
    return Context(kept, text, tokens, total)
