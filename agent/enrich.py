"""What every brief carries whichever engine wrote its facts: the questions already answered, the customer's
open questions, how the vehicle will be used, who sold it, and where the credit application stands."""

from __future__ import annotations

import re

from ..retrieval.models import Channel, Message, Role
from .describe import QUESTIONS, describe
from .models import FACT_NAMES, Brief, DontAsk, Evidence, Facts, Note

_USAGE = re.compile(
    r"\b(?:tow(?:ing|s)?|haul(?:ing)?|trailer|camper|boat|horse|plow(?:ing)?|off-?road(?:ing)?|job ?sites?|"
    r"work truck|construction|delivery|deliveries|rideshare|uber|lyft|commute|commuting|miles a (?:day|week|year)|"
    r"road trips?|mountains|dirt roads?|snow|severe)\b", re.I)
_SOLD = re.compile(r"\b(?:sold|delivered|delivery|took delivery|bought|purchased|signed)\b", re.I)
_CREDIT_APP = re.compile(r"\b(?:credit app(?:lication)?|applied for (?:a |the )?(?:loan|financing)|app (?:is )?"
                         r"(?:submitted|approved|pending|declined)|(?:loan|financing) (?:approved|pending|declined))\b",
                         re.I)
_QUESTION_WORDS = re.compile(r"\?\s*$")


def dont_ask(facts: Facts) -> list[DontAsk]:
    dumped = facts.model_dump(mode="json")
    asked = []
    for name in FACT_NAMES:
        fact = getattr(facts, name)
        if fact.value is None:
            continue
        customer_said = [e for e in fact.evidence if e.role is Role.customer] or fact.evidence
        asked.append(DontAsk(fact=name, question=QUESTIONS[name], answer=describe(name, dumped[name]["value"]),
                             evidence=customer_said[:1]))
    return asked


def _sentences(message: Message) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", message.text) if s.strip()]


def _note(message: Message, sentence: str) -> Note:
    return Note(text=sentence, evidence=Evidence.of(message, sentence))


def questions_waiting(messages: list[Message]) -> list[Note]:
    """The customer's questions after the last staff reply: what the person picking up must answer first."""
    waiting: list[Note] = []
    for message in reversed(messages):
        if message.role is not Role.customer:
            if message.role is Role.staff and message.channel is not Channel.note:
                break
            continue
        waiting.extend(_note(message, s) for s in _sentences(message) if _QUESTION_WORDS.search(s))
    return waiting[::-1][-3:]


def vehicle_usage(messages: list[Message]) -> list[Note]:
    found: dict[str, Note] = {}
    for message in messages:
        if message.role is Role.customer or message.channel is Channel.note:
            for sentence in _sentences(message):
                if _USAGE.search(sentence):
                    found.setdefault(sentence.casefold(), _note(message, sentence))
    return list(found.values())[-3:]


def salesperson(messages: list[Message]) -> str | None:
    """The staff member on the sale: who wrote the sold/delivered note, else who last spoke for the store."""
    for message in reversed(messages):
        if message.channel is Channel.note and _SOLD.search(message.text) and message.speaker:
            return _person(message.speaker)
    for message in reversed(messages):
        if message.role is Role.staff and message.channel is not Channel.note and message.speaker \
                and message.speaker.casefold() not in {"agent", "staff"}:
            return _person(message.speaker)
    return None


def _person(label: str) -> str:
    """"Sales - Dre" or "Tom (sales)" as the person's name."""
    label = re.sub(r"\(.*?\)", "", label)
    parts = [p.strip() for p in re.split(r"\s+-\s+|:", label) if p.strip()]
    return parts[-1] if parts else label.strip()


_DELIVERED_NOTE = re.compile(r"\b(?:sold|delivered|took delivery)\b", re.I)
_BOUGHT = re.compile(r"\b(?:(?:i|we) (?:bought|purchased|picked up|took delivery of)|loving the|love (?:my|our) new|"
                     r"since (?:i|we) (?:bought|picked))\b", re.I)


def delivered(messages: list[Message]) -> bool:
    return any((m.channel is Channel.note and _DELIVERED_NOTE.search(m.text) and "pending" not in m.text.casefold())
               or (m.role is Role.customer and _BOUGHT.search(m.text)) for m in messages)


def credit_application(messages: list[Message]) -> Note | None:
    for message in reversed(messages):
        for sentence in reversed(_sentences(message)):
            if _CREDIT_APP.search(sentence):
                return _note(message, sentence)
    return None


def enrich(brief: Brief, messages: list[Message]) -> Brief:
    return brief.model_copy(update={
        "dont_ask": brief.dont_ask or dont_ask(brief.facts),
        "questions_waiting": questions_waiting(messages),
        "vehicle_usage": vehicle_usage(messages),
        "salesperson": salesperson(messages),
        "credit_application": credit_application(messages),
        "delivered": delivered(messages),
    })
