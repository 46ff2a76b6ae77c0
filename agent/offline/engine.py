"""The offline engine: no key, no network. Reads every sentence, proposes candidates, and lets the
customer's latest own statement win while earlier values stay visible as history."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

from ...retrieval.models import Customer, Message, Role
from ..models import (
    Brief,
    Earlier,
    Evidence,
    Fact,
    Facts,
    Financing,
    Note,
    Spouse,
    TradeIn,
    VehicleInterest,
)
from .conversation import Candidate, Conversation, conversation_of
from .cues import cue
from .deal import PAID_OFF, YEAR_ALONE, financing_candidates, purchase_candidates, trade_candidates
from .money import money_candidates
from .notes import CONCERN, PROMISE
from .people import contact_candidates, partner_named, spouse_candidates
from .text import Sentence, hypothetical, is_question, split_sentences
from .timing import deadline_candidates
from .vehicles import (
    Sightings,
    accepted_candidates,
    interest_candidates,
    listing_candidates,
    unsettled_vehicles,
    vehicle_sightings,
)
from .vocab import trims_placed, years_said

MAX_NOTES = 5
log = logging.getLogger(__name__)


def _evidence(sentence: Sentence) -> Evidence:
    return Evidence.of(sentence.message, sentence.quote)


def resolve(candidates: list[Candidate]) -> Fact:
    """Latest outright statement wins; implied ones count only when nothing is said outright."""
    if not candidates:
        return Fact()
    strongest = max(c.strength for c in candidates)
    pool = sorted((c for c in candidates if c.strength == strongest), key=lambda c: c.sentence.order)
    runs: list[tuple[Any, list[Candidate]]] = []
    for candidate in pool:
        if runs and runs[-1][0] == candidate.value:
            runs[-1][1].append(candidate)
        else:
            runs.append((candidate.value, [candidate]))
    value, support = runs[-1]
    if value is None:
        # Withdrawn: "no rush after all". Unknown again, with what was said before kept as history.
        history = [Earlier(value=v, evidence=[_evidence(c.sentence) for c in cs[-1:]]) for v, cs in runs[:-1] if v is not None]
        return Fact(value=None, history=history)
    evidence = [_evidence(c.sentence) for c in reversed(support[-3:])]
    history = [
        Earlier(value=v, evidence=[_evidence(c.sentence) for c in reversed(cs[-2:])])
        for v, cs in runs[:-1]
        if v != value and v is not None
    ]
    return Fact(value=value, evidence=evidence, history=history)


def _vehicle_fact(candidates: list[Candidate], conversation: Conversation, sightings: Sightings) -> Fact:
    fact = resolve(candidates)
    if fact.value is None:
        return fact
    chosen: VehicleInterest = fact.value
    if chosen.model is None:
        return fact  # "Something from Subaru.": a make alone is a partial fact, with nothing to fill in
    # "the CR-V" said last still means the 2026 CR-V EX-L named earlier: fill year and trim from it, and failing
    # that from how staff wrote the same model up ("Drove C8857 black XT4 Prem Lux").
    owned_years = {s.mention.year for s in sightings if s.role == "owned"}
    mentions = [s.mention for s in sightings] + [
        m for sentence in conversation.sentences if not sentence.reported and chosen.model.casefold() in sentence.lower
        for m in sentence.vehicles]
    written_up = [VehicleInterest(make=m.make, model=m.model, trim=m.trim,
                                  year=m.year if m.year not in owned_years else None)
                  for m in mentions if (m.make, m.model) == (chosen.make, chosen.model)]
    said = [c.value for c in candidates if (c.value.make, c.value.model) == (chosen.make, chosen.model)]
    same = written_up + said  # searched from the end: the customer's own words first, latest first
    year = chosen.year or next((v.year for v in reversed(same) if v.year), None)
    trim = chosen.trim or next((v.trim for v in reversed(same) if v.trim), None)
    trim = _trim_said_later(conversation, chosen, fact, trim)
    year = year or _year_said_beside(conversation, chosen, fact)
    make = chosen.make
    value = VehicleInterest(make=make, model=chosen.model, year=year, trim=trim)
    history = [h for h in fact.history if (h.value.make, h.value.model) != (make, chosen.model)]
    return Fact(value=value, evidence=fact.evidence, history=history)


def _trim_said_later(conversation: Conversation, chosen: VehicleInterest, fact: Fact, trim: str | None) -> str | None:
    """"The Preferred is fine.", "GT Premium.": a grade of the chosen model the customer names in a sentence of its
    own, after the vehicle was named, settles or refines the trim."""
    if chosen.make is None or chosen.model is None or not fact.evidence:
        return trim
    named_at = {e.message_id for e in fact.evidence}
    latest = max((s.order for s in conversation.sentences if s.message.id in named_at), default=())
    for sentence in reversed(conversation.sentences):
        if sentence.message.role is not Role.customer or sentence.content_only:
            continue
        if any(m.model and m.model != chosen.model for m in sentence.vehicles):
            continue
        named = _trim_not_refused(sentence, chosen)
        if named and (trim is None or named.casefold() == trim.casefold()
                      or named.casefold().startswith(trim.casefold() + " ")
                      or _ONLY_A_GRADE.fullmatch(sentence.lower.replace(named.casefold(), "", 1))
                      or (sentence.index == 0 and _ASKS_GRADE.search(conversation.prompt_for(sentence)))):
            # "Premium" refines to "Premium Plus"; "SEL." answers "Which trim, SE, SEL or Limited?"; "LT" said
            # beside an aside about the LTZ never becomes "LTZ"
            return named
        if sentence.order > latest and (changed := _trim_chosen(sentence, chosen)):
            return changed  # "Maria liked it better than the XLT, so it's gonna be the Lariat"
    return trim


_OWNED_YEAR = re.compile(r"\b(?:my|our|his|her|mine|i have|i got|i own|trade|trading|trd|owe|current|old)\b[^.?!,]{0,12}$")


def _year_said_beside(conversation: Conversation, chosen: VehicleInterest, fact: Fact) -> int | None:
    """"a f one fifty x l t the super crew. twenty twenty six", "the EV9 ..., the 2026 in the Land trim": a model
    year the customer says right after naming the vehicle, in the same sentence or the next one of that message."""
    named_at = {e.message_id for e in fact.evidence}
    sentences = [s for s in conversation.sentences if s.message.id in named_at and s.message.role is Role.customer]
    for i, sentence in enumerate(sentences):
        mention = next((m for m in sentence.vehicles if m.model == chosen.model), None)
        if mention is None:
            continue
        following = [(sentence, mention.end)]
        if i + 1 < len(sentences) and sentences[i + 1].message.id == sentence.message.id \
                and not sentences[i + 1].vehicles:
            following.append((sentences[i + 1], 0))
        for said, after in following:
            for start, _end, year in years_said(said.text, said.message.at.year):
                if start < after or any(m.start <= start < m.end for m in said.vehicles):
                    continue
                if _OWNED_YEAR.search(said.lower[max(0, start - 30) : start]) or year < said.message.at.year - 12:
                    continue
                return year
    return None


_TRIM_CHOSEN = re.compile(r"\b(?:gonna be|going to be|go(?:ing)? with|decided on|decided|want|wants|take|prefer|rather|"
                          r"it'?s the|do the|leaning(?: toward| towards)?|settled on|switch(?:ing)? to|upgrade to|"
                          r"change (?:it )?to)\b[^.?!,;]{0,16}$")
_ASKS_GRADE = re.compile(r"\b(?:trim|grade|trim level|package)\b[^?]*\?|\bwhich (?:one|version|model)\b[^?]*\?")
# What may stand beside a grade in a sentence that is nothing but the grade: "SEL", "The Limited, please."
_ONLY_A_GRADE = re.compile(r"\W*(?:(?:the|a|an|prob(?:ably)?|i think|def(?:initely)?|ok(?:ay)?|yes|yeah|so)\W+)*"
                           r"(?:trim\W*)?(?:(?:please|pls|i think|for sure|it is|then)\W*)*")
_TRIM_DROPPED = re.compile(r"(?:'s|’s|\s+is)\s+(?:out|off the table|too (?:much|expensive|pricey))\b")


def _trim_not_refused(sentence: Sentence, chosen: VehicleInterest) -> str | None:
    """The longest trim of the chosen model a sentence names, leaving out one it refuses ("it's the Off-Road, not
    the Off-Road Premium")."""
    assert chosen.make is not None and chosen.model is not None
    named = [trim for _, end, trim in trims_placed(sentence.text, chosen.make, chosen.model)
             if not _TRIM_DROPPED.match(sentence.lower[end:])]
    return max(named, key=len, default=None)


def _trim_chosen(sentence: Sentence, chosen: VehicleInterest) -> str | None:
    """A grade the customer chooses in so many words, after the vehicle was named: the last one not refused."""
    assert chosen.make is not None and chosen.model is not None
    picked = None
    for start, _, trim in trims_placed(sentence.text, chosen.make, chosen.model):
        before = sentence.lower[max(0, start - 40) : start]
        if hypothetical(sentence.text, start):
            continue
        if _TRIM_CHOSEN.search(before):
            picked = trim
    return picked


def _trade_fact(conversation: Conversation, sightings: Sightings, payoff: list[Candidate],
                mileage: list[Candidate]) -> Fact:
    has_trade = resolve(trade_candidates(conversation))
    if has_trade.value is None:
        return Fact()
    history = [Earlier[TradeIn](value=TradeIn(has_trade=h.value), evidence=h.evidence) for h in has_trade.history]
    if not has_trade.value:
        return Fact(value=TradeIn(has_trade=False), evidence=has_trade.evidence, history=history)
    evidence = list(has_trade.evidence)
    trade_ids = {e.message_id for e in evidence}
    owned = [s for s in sightings if s.role == "owned" and s.mention.model]
    in_trade_sentences = [s for s in owned if s.sentence.message.id in trade_ids]
    picked = in_trade_sentences or owned
    pick = picked[-1] if picked else None
    year = make = model = None
    if pick is not None:
        make, model = pick.mention.make, pick.mention.model
        same = [s for s in owned if (s.mention.make, s.mention.model) == (make, model)]
        year = next((s.mention.year for s in reversed(same) if s.mention.year), None)
        for sighting in same[-2:]:
            if sighting.sentence.message.id not in {e.message_id for e in evidence}:
                evidence.append(_evidence(sighting.sentence))
    if year is None and model is not None:
        for sentence in conversation.reported():
            if (m := YEAR_ALONE.search(sentence.lower)) and not find_interest(sentence, sightings):
                year = int(m.group(1))
    payoff_value = None
    paid_off = [Candidate(0, s) for s in conversation.reported() if PAID_OFF.search(s.lower)]
    payoff_fact = resolve(payoff + paid_off)
    if payoff_fact.value is not None:
        payoff_value = payoff_fact.value
        evidence.extend(payoff_fact.evidence[:1])
    # A figure in a sentence about another car only ("a 2008 Passat years ago that went 250k") is not the trade's.
    miles = [c for c in mileage if not find_interest(c.sentence, sightings) and not (
        model is not None and (named := [s.mention.model for s in sightings.in_sentence(c.sentence) if s.mention.model])
        and model not in named)]
    miles_fact = resolve(miles)
    if miles_fact.value is not None and miles_fact.value % 1000 == 0:
        # A note's "88k" after the customer's "88,400 miles" rounds what the customer said exactly.
        exact = [c for c in miles if c.value % 1000 and abs(c.value - miles_fact.value) < 1000]
        if exact:
            miles_fact = Fact(value=exact[-1].value, evidence=[_evidence(exact[-1].sentence)], history=[])
    if miles_fact.value is not None:
        evidence.extend(miles_fact.evidence[:1])
    value = TradeIn(has_trade=True, year=year, make=make, model=model, mileage=miles_fact.value, payoff=payoff_value)
    return Fact(value=value, evidence=_unique(evidence), history=history)


def _spouse_fact(candidates: list[Candidate], conversation: Conversation) -> Fact:
    fact = _spouse_named(resolve(candidates), candidates)
    if fact.value is not None and fact.value.involved and fact.value.name is None:
        # "hes cosigning since my credit is thin" after "my dad Ron": the name the history gives that person.
        texts = [c.sentence.text for c in candidates if c.value == fact.value]
        if name := partner_named(conversation, texts):
            return fact.model_copy(update={"value": Spouse(involved=True, name=name)})
    return fact


def _spouse_named(fact: Fact, candidates: list[Candidate]) -> Fact:
    if fact.value is not None and fact.value.name:
        # A note's "Nadege" after the customer's "Nadège": the same person, spelled as the customer spells her.
        folded = _fold(fact.value.name)
        spelled = [c.value.name for c in candidates
                   if c.value.name and _fold(c.value.name) == folded and c.sentence.message.role is Role.customer]
        if spelled and spelled[-1] != fact.value.name:
            fact = fact.model_copy(update={"value": Spouse(involved=True, name=spelled[-1])})
    if fact.value is not None and fact.value.involved and fact.value.name is None:
        # "Cust will talk to wife" after "Wife Tonya co-signing": still Tonya.
        named = [c for c in candidates if c.value.involved and c.value.name]
        if named:
            return Fact(value=Spouse(involved=True, name=named[-1].value.name),
                        evidence=fact.evidence + [_evidence(named[-1].sentence)], history=fact.history)
    return fact


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def find_interest(sentence: Sentence, sightings: Sightings) -> bool:
    return any(s.role == "interest" for s in sightings.in_sentence(sentence))


def _financing_fact(conversation: Conversation, purchase: Fact) -> Fact:
    sources, approvals = financing_candidates(conversation)
    source = resolve(sources)
    approval = resolve(approvals)
    source_value = source.value
    evidence = list(source.evidence[:2])
    if source_value is None and purchase.value == "lease":
        # A lease is written by the dealer's captive lender unless the customer brings their own.
        source_value = "dealer"
        evidence = list(purchase.evidence[:1])
    if source_value is None:
        return Fact()  # "I haven't applied anywhere yet" says nothing of who will lend
    evidence.extend(e for e in approval.evidence[:1] if e not in evidence)
    history = [Earlier[Financing](value=Financing(source=h.value), evidence=h.evidence) for h in source.history]
    return Fact(value=Financing(source=source_value, preapproved=approval.value), evidence=evidence, history=history)


_FINANCED = re.compile(r"(?i)\bfinanc|\bloan\b|\bAPR\b")
_LEASED = re.compile(r"(?i)\bleas")
_TRADE_WORD = re.compile(r"(?i)\btrad(?:e|es|ed|ing)\b|\btrade-?in")


def _no_deal(facts: Facts) -> bool:
    """No car wanted, no lease or buy, no payment and no down payment: nothing in the history is a deal yet."""
    return all(f.value is None for f in (facts.vehicle_interest, facts.purchase_type, facts.payment_target,
                                         facts.down_payment))


_TERM_ENDS = re.compile(r"(?i)\b(?:lease|loan|registration|insurance)\b[^.;]{0,30}\b(?:is up|ends?|ending|expires?|"
                        r"runs out|matur\w*|due)\b")


def _a_lease_end_is_no_deadline_without_a_deal(facts: Facts, sentences: list[Sentence]) -> Facts:
    """"My RAV4 lease is up June 9" is the date a customer needs a car by only if they are getting one: said at a
    lease-return inspection by someone who wants no car, it is no deadline."""
    deadline = facts.deadline
    if deadline.value is None or not _no_deal(facts) or facts.trade_in.value is not None:
        return facts
    service_visit = cue("dialogue.json", "service_visit")
    if not all(_TERM_ENDS.search(e.quote) for e in deadline.evidence) and not any(
            service_visit.search(s.text) for s in sentences):
        return facts  # "I want it done before the 25th" at an oil change is when the service is due, too
    return facts.model_copy(update={"deadline": Fact()})


def _not_shopping_is_no_deal(facts: Facts, sentences: list[Sentence]) -> Facts:
    """"I'm not buying anything, all right?" from a customer paying for a repair: with no car wanted, an approval
    for the repair card, a payment they had and a lease's end say nothing of a deal."""
    cleared = ("vehicle_interest", "purchase_type", "payment_target", "down_payment", "financing", "deadline")
    vehicle = facts.vehicle_interest
    asked_only = vehicle.value is None or all(is_question(e.quote) for e in vehicle.evidence)
    if not asked_only or all(getattr(facts, name).value is None for name in cleared):
        return facts  # a car they want, or nothing to clear: the history need not be searched
    not_shopping = cue("dialogue.json", "not_shopping")
    if not any((s.message.role is Role.customer or s.reported) and not s.content_only and not_shopping.search(s.text)
               for s in sentences):
        return facts
    # A model they only asked about ("are you seeing F-550 allocation tighten up?") is no car wanted either.
    return facts.model_copy(update={name: Fact() for name in cleared})


def _keeping_a_car_is_no_answer_without_a_deal(facts: Facts, sentences: list[Sentence]) -> Facts:
    """"Pilot paid off, keeping it" at an oil change says no trade only to someone shopping: with no car wanted,
    no lease or buy, no payment and no down payment in the history, whether there is a trade never came up. Said in
    words about trading ("no trade, I sold it", "if I traded my Camry... no, keeping it"), it did come up."""
    trade = facts.trade_in.value
    if trade is None or trade.has_trade or not _no_deal(facts):
        return facts
    if any(_TRADE_WORD.search(s.text) for s in sentences):
        return facts
    return facts.model_copy(update={"trade_in": Fact()})


_STAFF_VALUATION = re.compile(r"(?i)\b(?:equity|est(?:imated?)?\b|value|acv|book(?:s|ed)? at|flag)")


def _a_trade_nobody_raised_is_none_without_a_deal(facts: Facts, sentences: list[Sentence]) -> Facts:
    """A service customer's car that staff valued for a trade ("equity flag: 2019 Odyssey est. trade value
    $21,500") is no trade-in: with no car wanted, no lease or buy, no payment and no down payment, a trade exists
    only where the customer, or a note of what they said, talks of trading."""
    trade = facts.trade_in.value
    if trade is None or not trade.has_trade or not _no_deal(facts):
        return facts
    if any(_TRADE_WORD.search(s.text) and not s.content_only and (
            s.message.role is Role.customer or (s.reported and not _STAFF_VALUATION.search(s.text)))
           for s in sentences):
        return facts
    return facts.model_copy(update={"trade_in": Fact()})


def _without_a_deal(facts: Facts, sentences: list[Sentence]) -> Facts:
    """What a history with no deal in it cannot establish: the trade first, then what a customer who is not
    shopping said, then a deadline with nothing left to hang on."""
    for rule in (_keeping_a_car_is_no_answer_without_a_deal, _a_trade_nobody_raised_is_none_without_a_deal,
                 _not_shopping_is_no_deal, _a_lease_end_is_no_deadline_without_a_deal):
        facts = rule(facts, sentences)
    return facts


def _bought_with(purchase: Fact, financing: Fact) -> Fact:
    """Paying cash or bringing their own bank's loan is buying: said that way, the purchase type is settled too."""
    if purchase.value is not None or financing.value is None:
        return purchase
    if financing.value.source == "dealer" and not any(
            _FINANCED.search(e.quote) and not _LEASED.search(e.quote) for e in financing.evidence):
        return purchase
    if financing.value.source not in {"cash", "outside", "dealer"}:
        return purchase
    return Fact(value="buy", evidence=financing.evidence[:1], history=purchase.history)


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen, unique = set(), []
    for item in evidence:
        key = (item.message_id, item.quote)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _notes(sentences: list[Sentence], pattern: re.Pattern, keep) -> list[Note]:
    found: dict[str, Note] = {}
    for sentence in sentences:
        if keep(sentence) and pattern.search(sentence.lower) and len(sentence.text) > 12:
            found.setdefault(sentence.lower, Note(text=sentence.quote, evidence=_evidence(sentence)))
    return list(found.values())[-MAX_NOTES:][::-1]


T = TypeVar("T")


def guarded(part: str, compute: Callable[[], T], unknown: T) -> T:
    """One part of the brief behind its own boundary: a bug in one extractor leaves that part unknown and the
    rest of the brief intact, and says so in the log, instead of failing the brief, the greeting and the widget."""
    try:
        return compute()
    except Exception:  # noqa: BLE001 - any extractor bug, by design; logged with its traceback
        log.exception("offline engine: %s failed; left unknown", part)
        return unknown


def _ask_about(facts: Facts, sightings: Sightings) -> list[Note]:
    """What a careful salesperson would confirm rather than assume: maybes, and a make without a model."""
    notes: list[Note] = []
    vehicle = facts.vehicle_interest
    if vehicle.value is not None and vehicle.value.model is None and vehicle.evidence:
        notes.append(Note(text=f"Which {vehicle.value.make}? They named the make only.",
                          evidence=vehicle.evidence[0]))
    if vehicle.value is None:
        for name, sentence in unsettled_vehicles(sightings)[-2:]:
            notes.append(Note(text=f"{name}? Mentioned only as a maybe.", evidence=_evidence(sentence)))
    return notes[:MAX_NOTES]


@lru_cache(maxsize=1)
def _source_digest() -> str:
    """A digest of the engine's code and lexicons: a cached brief from another version is never served."""
    digest = hashlib.sha256()
    root = resources.files("handoff.agent.offline")
    for folder in (root, root.joinpath("lexicon")):
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith((".py", ".json")):
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()[:16]


class OfflineEngine:
    name = "offline"

    @property
    def cache_tag(self) -> str:
        return f"offline:{_source_digest()}"

    def brief(self, customer: Customer, messages: list[Message], now: datetime | None = None,
              search=None) -> Brief:
        messages = sorted(messages, key=lambda m: (m.at, m.seq))
        conversation = conversation_of(messages, split_sentences, customer.first_name)
        sightings = guarded("vehicle sightings", lambda: vehicle_sightings(conversation), Sightings())
        no_figures: tuple[list[Candidate], ...] = ([], [], [], [])
        monthly, down, payoff, mileage = guarded("money", lambda: money_candidates(conversation), no_figures)
        purchase: Fact = guarded("purchase_type", lambda: resolve(purchase_candidates(conversation)), Fact())
        financing: Fact = guarded("financing", lambda: _financing_fact(conversation, purchase), Fact())
        purchase = _bought_with(purchase, financing)
        facts = Facts(
            vehicle_interest=guarded("vehicle_interest", lambda: _vehicle_fact(
                listing_candidates(conversation) + accepted_candidates(conversation) + interest_candidates(sightings),
                conversation, sightings), Fact()),
            purchase_type=purchase,
            payment_target=guarded("payment_target", lambda: resolve(monthly), Fact()),
            down_payment=guarded("down_payment", lambda: resolve(down), Fact()),
            trade_in=guarded("trade_in", lambda: _trade_fact(conversation, sightings, payoff, mileage), Fact()),
            financing=financing,
            spouse=guarded("spouse", lambda: _spouse_fact(spouse_candidates(conversation), conversation), Fact()),
            deadline=guarded("deadline", lambda: resolve(deadline_candidates(conversation)), Fact()),
            preferred_contact=guarded("preferred_contact", lambda: resolve(contact_candidates(conversation)), Fact()),
        )
        sentences = conversation.sentences
        facts = _without_a_deal(facts, sentences)
        return Brief(
            **Brief.heading(customer, messages, now),
            facts=facts,
            ask_about=guarded("ask_about", lambda: _ask_about(facts, sightings), []),
            concerns=guarded("concerns", lambda: _notes(
                sentences, CONCERN, lambda s: s.message.role is Role.customer and not s.content_only), []),
            promises=guarded("promises", lambda: _notes(
                sentences, PROMISE, lambda s: s.message.role is Role.staff and not s.message.forwarded
                and not is_question(s.text)), []),
            engine=self.name,
        )
