"""Sentences, clauses and the small bits of grammar the extractors share: negation, hypotheticals, questions."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from ...retrieval.models import Channel, Message, Role
from .cues import cue
from .dates import DateMention, find_dates
from .numbers import Amount, find_amounts
from .spanish import gloss, reads_as_spanish
from .vocab import VehicleMention, find_vehicles

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$])|(?<=[a-z0-9][.!?])\s+(?=[a-z])|\n\s*\n\s*|\n|(?<=[.!?])\s*$|;\s+|\s+-\s+(?=[A-Za-z])")
_ABBREVIATION = re.compile(r"\b(?:vs|approx|mr|mrs|ms|dr|st|etc|est|appt|apprx|incl|no|e\.g|i\.e)\.$", re.I)
_HYPOTHETICAL_SENTENCE = re.compile(r"\bhypothetical(?:ly)?\b|\bjust curious\b|\bif ever\b|\bsome ?day\b|\bone of these days\b|\bif (?:i|we) (?:were|was) to\b|"
                                    r"\bwhat would (?:it|that|the payment) (?:be|run|look like) if\b", re.I)
_NEGATORS = re.compile(
    r"\b(?:no|not|never|without|nothing|none|nobody|don'?t|doesn'?t|didn'?t|won'?t|can'?t|cannot|isn'?t|aren'?t|"
    r"wasn'?t|ain'?t|haven'?t|hasn'?t|nah|nope)\b|n[o']t\b|\bno longer\b",
    re.I,
)
_HYPOTHETICAL_IF = re.compile(r"\b(?:what\s+if|if|suppose|supposing|hypothetically|say)\s+(?:i|we|i'd|we'd|i'm|we're|my|our)\b",
                              re.I)
_CLAUSE_BREAK = re.compile(r"[,;:]|\bthen\b|\bbut\b", re.I)


# A note sentence in which staff plan, instruct or guess rather than record the customer ("If trade comes in, book
# at 9,500", "I think she'll pay cash when the time comes, she hinted").
_STAFF_PLAN = re.compile(
    r"^\W*(?:(?:also|and|then|so|pls|please),?\s+)?(?:try|ask (?:if|whether|him|her|them|about)|also ask|offer|push|pitch|follow[- ]up|f/u|circle back|move (?:to|him|her|them)|"
    r"close (?:him|her|them|before|by)|remind|nurture|prob(?:ably)?|likely|guess(?:ing)?|maybe|might|hoping|if|"
    r"(?:honestly |personally |tbh,? )?(?:i )?think|i guess|i bet|i feel like|my guess|gut (?:says|feeling))\b|\bhinted\b|"
    r"\bwants?\b[^;!?]{0,40}\b(?:mentioned|brought up|pitched|floated)\b|"
    # a manager's instruction under a label: "SM: show a regular Highlander XLE as fallback", "Jen: offer the 84"
    r"^\W*[\w.&]+\s*(?:\([^)]{1,20}\)\s*)?:\s*(?:show|push|try|offer|pitch|steer|upsell|don'?t let|get (?:him|her|them))\b|"
    r"\bhave (?:f&i|f and i|finance|the desk|desk|sales|service|bdc|\w+) (?:offer|try|run|pitch|call|beat|match)\b|"
    r"\b(?:mgr|manager|gsm|gm|desk|sales mgr|sm)\s+(?:\([^)]{1,20}\)\s*)?(?:says|said|wants|suggests|thinks)\b|\(default\)|"
    # staff sending an offer out ("Emailed 2026 Odyssey Touring lease offer $489/mo 36 mo"): theirs, not the customer's
    r"^\W*(?:plan|game ?plan|strategy|idea|next steps?|to-?do|todo)\s*:|"  # "Plan: if they add $5.5k+ ... -> ~$525"
    r"^\W*(?:(?:e-?mailed|sent|texted|mailed|presented)\b(?![^.;]*\b(?:agreed|accepted|signed|took|likes?|liked)\b)"
    r"[^.;]{0,80}\b(?:offers?|quotes?|specials?|promos?|programs?|options)\b|"
    r"(?:pitched|offered)\b(?![^.;]*\b(?:agreed|accepted|signed|took|likes?|liked|wants?|interested)\b))", re.I)


@dataclass(frozen=True)
class Sentence:
    message: Message
    text: str
    start: int
    index: int
    # Text the customer typed that is not their own statement: a role label ("system:", "[staff]"), an
    # instruction to the tool, pasted JSON, or nothing but a pointer or a masked number. Never a fact source.
    content_only: bool = False
    # The words as written, when `text` is a gloss of them (a Spanish sentence read in English); quotes use these.
    written: str | None = None
    # Models the rest of the history names beyond doubt, so a bare mention of one here is read as the car.
    known_models: frozenset[str] = frozenset()
    # The rest of the message, or the staff turn it answers, talks about cars: a bare model word here is the car.
    car_talk_around: bool = False

    @property
    def quote(self) -> str:
        return self.written if self.written is not None else self.text

    @cached_property
    def lower(self) -> str:
        return self.text.casefold()

    # Spans are found once per sentence and read by every fact; no extractor searches the raw text for them again.
    @cached_property
    def vehicles(self) -> list[VehicleMention]:
        return find_vehicles(self.text, self.message.at.year, self.known_models, self.car_talk_around)

    @cached_property
    def amounts(self) -> list[Amount]:
        """Figures outside any vehicle name: the "26" of "26 Palisade" and the "250" of "Transit 250" are the car's."""
        inside = [(m.start, m.end) for m in self.vehicles]
        return [a for a in find_amounts(self.text) if not any(start <= a.start < end for start, end in inside)]

    @cached_property
    def dates(self) -> list[DateMention]:
        return find_dates(self.text, self.message.at.date())

    @property
    def reported(self) -> bool:
        """The customer's own words, or a staff note recording them."""
        if self.content_only:
            return False
        if self.message.channel is Channel.note:
            # "likely cosigner?", "Pmt target ~400??": a note's open question is staff guessing; "Try Tucson $299
            # lease email blast", "Mgr wants to close before month end 2/28": staff's own plan. Neither reports the
            # customer.
            return not self.text.rstrip().endswith("?") and not _STAFF_PLAN.search(self.text)
        return self.message.role is Role.customer

    @property
    def is_note(self) -> bool:
        return self.message.channel is Channel.note

    @property
    def order(self) -> tuple:
        return (self.message.at, self.message.seq, self.index)


def _soft_wrap(text: str, newline: int) -> bool:
    """A single line break inside a sentence, as email clients wrap at ~72 columns."""
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].rstrip()
    following = text[newline + 1 : newline + 2]
    return len(line) >= 40 and line[-1:] not in ".!?:" and bool(following) and not re.match(r"[-*•\d>]", following)


def split_sentences(message: Message) -> list[Sentence]:
    text = message.text
    sentences: list[Sentence] = []
    position = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0) == "\n" and _soft_wrap(text, match.start()):
            continue
        # Only the few characters before the full stop can be an abbreviation: searching the whole text again at
        # every full stop made a long message quadratic.
        if text[match.start() - 1 : match.start()] == "." and _ABBREVIATION.search(
                text, max(0, match.start() - 12), match.start()):
            continue
        _add_chunk(sentences, message, text, position, match.start())
        position = match.end()
    _add_chunk(sentences, message, text, position, len(text))
    if reads_as_spanish(text):
        sentences = [replace(s, text=gloss(s.text), written=s.text) for s in sentences]
    return _mark_content(message, sentences) if message.role is Role.customer else sentences


def _mark_content(message: Message, sentences: list[Sentence]) -> list[Sentence]:
    """A role label dresses the rest of its paragraph as someone else's words, whether it opens a line or a sentence
    mid-line ("Something from Subaru. system: ..."); instructions, pasted JSON and sentences with nothing of their
    own are content wherever they stand."""
    text = message.text
    label = cue("content.json", "role_label")
    sentence_level = [cue("content.json", name) for name in ("instruction", "structured_data", "no_substance")]
    dressed: list[tuple[int, int]] = []
    for s in sentences:
        if label.search(s.quote):
            end = text.find("\n\n", s.start)
            dressed.append((s.start, end if end >= 0 else len(text)))
    return [replace(s, content_only=True)
            if any(a <= s.start < b for a, b in dressed) or any(c.search(s.quote) for c in sentence_level) else s
            for s in sentences]


# A run-on longer than this (a speech-to-text turn, a pasted document) is cut at word breaks, so no sentence-level
# rule ever scans an unbounded window and every sentence stays quotable.
MAX_SENTENCE = 600


def _add_chunk(sentences: list[Sentence], message: Message, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = start + MAX_SENTENCE
        space = text.rfind(" ", start + MAX_SENTENCE // 2, cut)
        cut = space if space > 0 else cut
        sentences.append(Sentence(message, text[start:cut].strip(), start, len(sentences)))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        sentences.append(Sentence(message, text[start:end], start, len(sentences)))


def clause_before(text: str, position: int) -> str:
    """The words from the last clause break up to `position`."""
    head = text[max(0, position - MAX_SENTENCE) : position]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


# Where one clause ends and the next begins, for reading who a word belongs to: stops, and "so", "but",
# "because", "since", "while" between clauses (commas alone do not split "my wife and I, we'd like ...").
_CLAUSE_EDGE = re.compile(r"[.;!?]|,\s*(?:so|but|because|since|while|and then)\b|\s(?:so|but|because|since|while)\s", re.I)


def clause_around(text: str, start: int, end: int) -> str:
    """The clause the span start..end stands in: "my wife is taking our daughter to Madison, so I'll bring the
    Tiguan" puts the wife in the first clause only."""
    begin = 0
    for edge in _CLAUSE_EDGE.finditer(text, 0, start):
        begin = edge.end()
    following = _CLAUSE_EDGE.search(text, end)
    return text[begin : following.start() if following else len(text)]


def negated(text: str, position: int, window: int = 4) -> bool:
    """A negator among the few words before `position`, inside the same clause."""
    words = re.findall(r"[\w']+", clause_before(text, position))[-window:]
    return bool(_NEGATORS.search(" ".join(words)))


def hypothetical(text: str, position: int) -> bool:
    """Inside an "if I ..." / "what if we ..." clause: the customer imagining, not stating."""
    if _HYPOTHETICAL_SENTENCE.search(text):
        return True
    head = text[max(0, position - MAX_SENTENCE) : position]
    last_if = None
    for match in _HYPOTHETICAL_IF.finditer(head):
        last_if = match
    if last_if is None:
        return False
    between = head[last_if.end() :]
    return not re.search(r"[,;]|\bthen\b", between, re.I)


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?")
