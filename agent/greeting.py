"""The returning-customer greeting: their first name, the last conversation's topic, what staff promised,
in the register of the channel. Written from the brief alone, so it can claim nothing the brief lacks."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from .models import Brief, Note

GreetingChannel = Literal["call", "chat", "sms", "email"]

# Never said in a greeting, whatever the history holds: money trouble and identity are for private talks.
SENSITIVE = re.compile(r"\b(?:credit|score|income|salary|ssn|social security|card|birth|dob|bankrupt\w*|"
                       r"repo\w*|debt|private|confidential|divorce|passed away|died|medical)\b", re.I)


class Greeting(BaseModel):
    customer_id: str | None
    channel: GreetingChannel
    text: str
    returning: bool
    mentions: list[str]
    engine: str = "offline"


def _first_name(brief: Brief) -> str | None:
    name = brief.customer.name
    return name.split()[0].capitalize() if name else None


def _vehicle_phrase(value: dict | None) -> str | None:
    if not value:
        return None
    if value.get("model"):
        model = value["model"]
        make = value.get("make")
        return f"the {model}" if make and model.casefold().startswith(make.casefold()) else f"the {make} {model}"
    return f"a {value['make']}" if value.get("make") else None


def _open_question(brief: Brief) -> str | None:
    """The payment worry, in words that carry no figure about the customer's finances."""
    if any(re.search(r"\bpayments?\b|\bmonthly\b", n.text, re.I) and not SENSITIVE.search(n.text) for n in brief.concerns):
        return "but wanted to keep an eye on the payment"
    values = brief.fact_values()
    if values["trade_in"] and values["trade_in"].get("has_trade") and values["trade_in"].get("model"):
        return f"and wanted to know what your {values['trade_in']['model']} is worth in trade"
    return None


def _staff_first_name(note: Note) -> str | None:
    """"Sales - Carlos Medina (BDC)" -> "Carlos"; nothing for a speaker named only by role ("Agent", "BDC")."""
    person = re.sub(r"\(.*?\)", "", note.evidence.speaker or "").split(" - ")[-1].strip().split()
    return person[0] if person and person[0].casefold() not in {"agent", "staff", "bdc", "sales"} else None


def _promise(brief: Brief) -> str | None:
    for note in brief.promises:
        if not SENSITIVE.search(note.text) and (name := _staff_first_name(note)):
            return f"{name} owed you a follow-up"
    return "we owed you a follow-up" if brief.promises else None


def _promise_said(brief: Brief) -> tuple[str, str] | None:
    """Who promised what, in their own words, for a customer who wants no car yet (a parts or service question);
    "we" when the history does not name the person."""
    for note in reversed(brief.promises):
        if SENSITIVE.search(note.text) or note.evidence.channel == "note":
            continue  # a CRM note was never said to the customer: it is not theirs to read back
        return _staff_first_name(note) or "we", note.text.strip()
    return None


def _promise_greeting(brief: Brief, channel: GreetingChannel, hello: str, first: str | None, name: str,
                      said: str) -> Greeting:
    """"Still looking at your next vehicle?" is wrong for someone who asked about a charging adapter: what staff
    said they would do is the topic."""
    line = f"Last time {name} {'said' if name == 'we' else 'told you'}: \u201c{said}\u201d"
    text = {
        "call": f"{hello}, great to hear from you again! {line} Let's pick it up from there.",
        "chat": f"Welcome back, {first or 'friend'}! {line} I can pick up right where we left off.",
        "sms": f"{hello}, welcome back! {line} Want me to check on that?",
        "email": f"{hello},\n\nGood to hear from you again. {line} I'm on it.\n\nWhat would be most helpful next?",
    }[channel]
    return Greeting(customer_id=brief.customer.id, channel=channel, text=text, returning=True, mentions=[])


FIRST_TIME = {
    "call": "Thanks for calling! Who do I have the pleasure of speaking with today?",
    "chat": "Hi! Welcome, thanks for stopping by. What can I help you find today?",
    "sms": "Hi! Thanks for reaching out. What can we help you with today?",
    "email": "Hello,\n\nThank you for reaching out to us. What can we help you with?",
}


def first_time(channel: GreetingChannel, customer_id: str | None = None) -> Greeting:
    """A plain welcome: nothing to remember yet, so nothing is claimed."""
    return Greeting(customer_id=customer_id, channel=channel, text=FIRST_TIME[channel], returning=False, mentions=[])


def first_contact_greeting(brief: Brief, channel: GreetingChannel = "chat") -> Greeting:
    """For someone talking to us for the first time: no "welcome back", but what they just told us, so they need
    not say it again."""
    first = _first_name(brief)
    car = _vehicle_phrase(brief.fact_values()["vehicle_interest"])
    hello = f"Hi {first}" if first else "Hi there"
    text = f"{hello}, thanks for waiting! I've read your chat" + (f": you're looking at {car}." if car else ".")
    text += " How can I help?"
    return Greeting(customer_id=brief.customer.id, channel=channel, text=text, returning=False,
                    mentions=[car.removeprefix("the ").removeprefix("a ")] if car else [])


def greet(brief: Brief, channel: GreetingChannel = "chat") -> Greeting:
    first = _first_name(brief)
    hello = f"Hi {first}" if first else "Hi there"
    car = _vehicle_phrase(brief.fact_values()["vehicle_interest"])
    if brief.messages == 0 or (car is None and not brief.promises and not brief.dont_ask):
        return first_time(channel, brief.customer.id)
    if brief.delivered and car:
        text = {
            "call": f"{hello}, great to hear from you! How are you enjoying {car}?",
            "chat": f"Welcome back, {first or 'friend'}! How's {car} treating you?",
            "sms": f"{hello}! How's {car} treating you?",
            "email": f"{hello},\n\nGood to hear from you again. How are you enjoying {car}?",
        }[channel]
        return Greeting(customer_id=brief.customer.id, channel=channel, text=text, returning=True,
                        mentions=[car.removeprefix("the ")])

    if car is None and (said := _promise_said(brief)) is not None:
        return _promise_greeting(brief, channel, hello, first, *said)
    topic = f"you were looking at {car}" if car else "we were working on your next vehicle"
    question = _open_question(brief)
    promise = _promise(brief)
    topic_line = topic + (f" {question}" if question else "")
    mentions = [w for w in (car.removeprefix("the ").removeprefix("a ") if car else None,) if w]
    if channel == "call":
        text = f"{hello}, great to hear from you again! Last time {topic_line}."
        if promise:
            text += f" I know {promise}, so let's pick it up from there."
        text += f" Are you still thinking about {car or 'it'}?"
    elif channel == "email":
        text = f"{hello},\n\nGood to hear from you again. When we last talked, {topic_line}."
        if promise:
            text += f" I know {promise}; I'm on it."
        text += "\n\nWhat would be most helpful next?"
    elif channel == "sms":
        text = f"{hello}, welcome back! Still thinking about {car or 'your next vehicle'}?"
    else:
        text = f"Welcome back, {first or 'friend'}! Still looking at {car or 'your next vehicle'}?"
        if promise:
            text += " I can pick up right where we left off."
    return Greeting(customer_id=brief.customer.id, channel=channel, text=text, returning=True, mentions=mentions)


def greeting_for(brief: Brief, channel: GreetingChannel, engine=None) -> Greeting:
    """The offline greeting, reworded by the engine when it can phrase one (the LLM engine), facts checked."""
    draft = greet(brief, channel)
    phrase = getattr(engine, "phrase_greeting", None)
    return phrase(brief, draft) if phrase and draft.returning else draft


def checked_phrasing(text: str, brief: Brief, draft: Greeting) -> Greeting:
    """An LLM's wording, kept only if it claims nothing the brief lacks; otherwise the offline draft."""
    from .offline.numbers import find_amounts
    from .offline.vocab import find_vehicles

    text = text.strip().strip('"')
    first = _first_name(brief)
    values = brief.fact_values()
    known_models = {(v or {}).get("model", "").casefold() for v in (values["vehicle_interest"], values["trade_in"]) if v}
    known_numbers = {str(n) for v in values.values() if isinstance(v, dict) for n in v.values() if isinstance(n, int)}
    ok = (0 < len(text) <= 600 and not SENSITIVE.search(text) and (not first or first in text)
          and all((m.model or "").casefold() in known_models for m in find_vehicles(text) if m.model)
          and all(str(a.value) in known_numbers for a in find_amounts(text)))
    if not ok:
        return draft
    return draft.model_copy(update={"text": text, "engine": "openai"})
