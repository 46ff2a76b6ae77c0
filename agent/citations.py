"""Does a quote state the value it is cited for? The check every LLM fact passes before it reaches a brief.

A quote found verbatim in its message is not enough: "$99 a month" cited with "under $450 a month" is a made-up
value with a real quote. A quote must be of substance (not one word), name the figure, vehicle or person it
supports, and a staff promise must cite a staff message (a customer cannot promise on the dealer's behalf).
"""

from __future__ import annotations

import re
from typing import Any

from ..retrieval.models import Message, Role
from .offline.numbers import find_amounts
from .offline.vocab import find_vehicles

MIN_WORDS = 3
_PARTNER = re.compile(r"\b(?:wife|husband|spouse|partner|fianc[ée]e?|girlfriend|boyfriend|co-?signer|co-?buyer|"
                      r"mom|mother|dad|father|son|daughter|esposa|esposo|marido|mujer|we|us|our)\b", re.I)
_WHEN = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|"
                   r"satur|sun)day\b|\b(?:tomorrow|tonight|week(?:end)?|month|end of|before|by|until|asap|soon)\b",
                   re.I)
_CUES: dict[str, dict[str, re.Pattern]] = {
    "purchase_type": {
        "lease": re.compile(r"leas", re.I),
        "buy": re.compile(r"\b(?:buy|buying|purchas|financ|own|cash|loan|pay (?:it )?off|outright)", re.I),
        "undecided": re.compile(r"leas|buy|purchas|financ|own", re.I),
    },
    "preferred_contact": {
        "text": re.compile(r"\b(?:text|sms|message|txt)", re.I),
        "call": re.compile(r"\b(?:call|phone|ring)", re.I),
        "email": re.compile(r"\b(?:e-?mail|inbox)", re.I),
    },
    "financing": {
        "outside": re.compile(r"\b(?:bank|credit union|cu\b|lender|pre-?approv|approved|loan|navy federal|usaa|"
                              r"financ)", re.I),
        "dealer": re.compile(r"\b(?:financ|you guys|your|through (?:you|the dealer)|dealer|in-?house)", re.I),
        "cash": re.compile(r"\b(?:cash|pay (?:it )?(?:off|in full)|outright|check|wire)", re.I),
    },
}


def substantial(quote: str) -> bool:
    return len(quote.split()) >= MIN_WORDS


def _squashed(text: str) -> str:
    return re.sub(r"[\s\-]", "", text).casefold()


def _amounts(quote: str) -> set[int]:
    return {a.value for a in find_amounts(quote)}


def _names_vehicle(quote: str, make: str | None, model: str | None) -> bool:
    folded = _squashed(quote)
    if model and _squashed(model) in folded or make and _squashed(make) in folded:
        return True
    return any((model and v.model == model) or (make and v.make == make and not model)
               for v in find_vehicles(quote))


def supports(fact: str, value: Any, quote: str) -> bool:
    """True when the quote says what the value says, as far as words and figures show it."""
    if not substantial(quote):
        return False
    data = value.model_dump() if hasattr(value, "model_dump") else value
    if fact == "payment_target":
        return data["monthly"] in _amounts(quote)
    if fact == "down_payment":
        return data["amount"] in _amounts(quote)
    if fact == "vehicle_interest":
        return _names_vehicle(quote, data.get("make"), data.get("model"))
    if fact == "trade_in":
        if not data.get("has_trade"):
            return bool(re.search(r"\b(?:no|not|don'?t|nothing)\b", quote, re.I))
        figures = {data.get("year"), data.get("mileage"), data.get("payoff")} - {None}
        return (bool(re.search(r"\btrad", quote, re.I)) or _names_vehicle(quote, data.get("make"), data.get("model"))
                or bool(figures & (_amounts(quote) | {int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", quote)})))
    if fact == "spouse":
        name = data.get("name")
        return bool(name and name.casefold() in quote.casefold()) or bool(_PARTNER.search(quote))
    if fact == "deadline":
        return bool(_WHEN.search(quote))
    if fact == "financing":
        source = data.get("source")
        cues = _CUES["financing"]
        return bool(cues[source].search(quote)) if source else any(c.search(quote) for c in cues.values())
    if fact in _CUES:
        cue = _CUES[fact].get(str(data))
        return bool(cue and cue.search(quote))
    return True


def from_typed_content(message: Message, quote: str) -> bool:
    """True when the quote lies in what a customer typed as content, not as their own words: a role label
    ("system:", "manager note:"), an instruction to the tool, pasted JSON. Both engines read that as text only."""
    if message.role != Role.customer:
        return False
    from .offline.text import split_sentences

    at = message.text.casefold().find(quote.casefold())
    sentences = split_sentences(message)
    covering = [s for s in sentences if at < 0 or s.start <= at + len(quote) and at <= s.start + len(s.quote)]
    return bool(covering) and all(s.content_only for s in covering)


def may_cite(kind: str, message: Message) -> bool:
    """A promise is the dealer's word, so it cites staff; a concern is the customer's, so it cites them."""
    if kind == "promises":
        return message.role != Role.customer and not message.forwarded
    if kind == "concerns":
        return message.role == Role.customer
    return True
