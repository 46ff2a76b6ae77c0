"""When the customer needs the vehicle by."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..models import (
    Deadline,
)
from .conversation import Candidate, Conversation
from .cues import cue
from .dates import DateMention
from .text import hypothetical

# --- deadline --------------------------------------------------------------------------------------------

_DEADLINE_CUE = re.compile(
    r"\b(?:need|needs|needed|have to have|got to have|gotta have|must have|has to be|have it|get it|"
    r"want(?:s|ed)? (?:it|to (?:have|get|be|drive|pick))|deadline|no later than|latest|"
    r"(?:lease|loan|registration|insurance) (?:is up|ends|expires|runs out|maturity|matures|ending|turn-?in|due)|"
    r"(?:ends|expires|is up|matures|due back|turn (?:it|her) in|goes back)|"
    r"moving|move|start(?:ing)? (?:a|my|the) (?:new )?job|baby|due|in (?:a|my) new|before then|"
    r"by then|pick (?:it )?up|hoping to)\b"
)
_BY_BEFORE = re.compile(r"\b(?:by|before|no later than|until|til|till|on or before|ends?|expires?|is up|up on|due)\s+"
                        r"(?:on\s+|the\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:the\s+)?)?$", re.I)
_APPOINTMENT = re.compile(
    r"\b(?:come in|come by|stop (?:in|by)|swing by|appointment|appt|test ?drive|visit|available|off work|call me|"
    r"free|meet|see (?:it|them|you)|look at|check out|talk|numbers|quote|send|email me|text me|open|hours|works|"
    r"come back|after \d)\b"
)


_NICE_NOT_NEEDED = re.compile(r"\b(?:not a must|isn'?t a must|not set in stone|not a hard (?:date|deadline)|no hard (?:date|deadline)|"
                              r"(?:don'?t|do not) want to rush|not in a rush|"
                              # "No more 3/16 deadline per cust", "Labor Day deadline gone", "forget the deadline"
                              r"no more (?:\S+\s+){0,2}?(?:deadline|date)|(?:deadline|date) (?:is )?(?:gone|off|dropped|"
                              r"no longer (?:matters|applies|needed))|(?:forget|scratch|drop) the (?:\S+\s+)?(?:deadline|date))\b")
_REACH_ME_IF = re.compile(r"\b(?:call|text|email|reach|ping|message) (?:me|my cell|my phone)\b[^.?!]{0,30}\bif\b")
_NO_RUSH = re.compile(r"\b(?:no rush|no hurry|not in (?:a|any) (?:rush|hurry)|(?:timing|timeline) is flexible|"
                      r"no deadline|no time ?frame|whenever|not urgent)\b")


_NOT_A_DEADLINE = re.compile(r"\b(?:(?:install|installation)\s+(?:done|finished|completed)|(?:1st|first|next) (?:pmt|payment)|payment (?:is )?due|due at signing|bill (?:is )?due|"
                             r"pmt due|(?:event|sale|special|offer|incentive|rebate|promo|program|bonus|cash|apr)s?(?:\s+\w+){0,2}?\s*[(\[,:-]?\s*(?:ends|expires|"
                             r"is over|runs (?:through|thru|until|til)|good (?:through|thru|until|til)))\b")
_PAST_BEFORE = re.compile(r"\b(?:drove|came (?:in|by)|was (?:in|there)|were (?:in|there)|talked|spoke|visited|met|saw|sat in|rode in|"
                          r"test drove|stopped (?:in|by)|went|called|left|bought|picked (?:it )?up)\b(?:\s+[\w'’]+){0,3}?\s+(?:on\s+|last\s+)?$")


_OFFER_TERMS = re.compile(r"\bif (?:he|she|they|cust|customer) (?:buys|deals|signs|closes|comes in|takes it)\b|"
                          r"\$\s?\d[\d,.]*k?\s+(?:off\s+|bonus\s+|cash\s+)?(?:by|thru|through|until)\s", re.I)
_SOMEONE_ELSES_TERM = re.compile(
    r"\b(?:wife|husband|spouse|partner|fianc[eé]e?|girlfriend|boyfriend|friend|buddy|mom|dad|mother|father|son|daughter|"
    r"brother|sister|neighbou?r|co-?worker)(?:'s|’s|\))?(?:\s+[a-z]+(?:'s|’s))?\s+(?:\w+\s+)?(?:lease|loan|registration)\s+"
    r"(?:is up|ends|expires|runs out|matures|ending|turn-?in|due)\b")
_AWAY = re.compile(r"\b(?:on vacation|leaving for|flying (?:to|out)|out of town|(?:we'?re|we are|i'?m|i am|we'?ll be|i'?ll be) "
                   r"(?:in|at|away|gone|traveling|travelling)|away)\b(?:\s+\S+){0,4}\s*$", re.I)


def _same_day_as_said(mention: DateMention, named: dict[int, date]) -> DateMention:
    """"I start on October 19th ... So I need the car before the 19th.": a bare day takes the month of the full date
    said for it earlier in the same message."""
    if mention.kind == "the_day" and mention.value.day in named and named[mention.value.day] != mention.value:
        return replace(mention, value=named[mention.value.day])
    return mention


_THEIR_DATE = re.compile(r"\b(?:you|y'?all|you guys|your (?:manager|boss|store|dealership))(?:'d| would)?\s+(?:really\s+)?"
                         r"(?:want|wants|need|needs|are hoping|'re hoping|hope)\s+(?:to\s+)?(?:get\s+)?(?:this|it|the deal)\s+(?:done|closed|signed|wrapped up)\b")
_BY_OR_BEFORE = re.compile(r"\b(?:by|before)\b")  # words, not letters: "everybody" is no "by"


def deadline_candidates(conversation: Conversation) -> list[Candidate]:
    """Dates they need the vehicle by; a later "no rush" withdraws them (a candidate whose value is None)."""
    found = []
    named_days: dict[str, dict[int, date]] = {}  # per message: day of month -> the full date said for it
    for sentence in conversation.reported():
        text = sentence.lower
        if _NO_RUSH.search(text) and not sentence.dates:
            found.append(Candidate(None, sentence))
            continue
        nice = _NICE_NOT_NEEDED.search(text)
        if nice and any(d.start >= nice.end() for d in sentence.dates):
            nice = None  # "Labor Day deadline gone; cust now needs it before 10/1": a new date replaces it
        if nice or (sentence.is_note and re.match(r"\W*no (?:date|deadline|timeline|timeframe)\b", text)):
            found.append(Candidate(None, sentence))
            continue  # "would be nice before Christmas but it's not a must", a note's "No date (said asap)": no date
        # "When do you need it?" "Next Saturday, the 2nd.": the question carries the cue the answer leaves out.
        asked = sentence.index <= 1 and cue("dialogue.json", "asks_deadline").search(conversation.prompt_for(sentence))
        if not _DEADLINE_CUE.search(text) and not _BY_OR_BEFORE.search(text) and not asked:
            continue
        if cue("dialogue.json", "visit_question").search(sentence.text) or _REACH_ME_IF.search(text):
            continue  # "Can I pick it up Friday around 3?", "call my cell if anything comes up before Saturday"
        if sentence.is_note and _OFFER_TERMS.search(text):
            continue  # "$5,500 by 9/30", "Approved $28,995 OTD if he deals by Sat": when staff's offer lapses
        if _THEIR_DATE.search(text):
            continue  # "I know you want this done by the end of the month": the store's date, not the customer's
        if _SOMEONE_ELSES_TERM.search(text):
            continue  # "partner Jess's Rogue lease ends 8/31": someone else's lease, not when the customer needs a car
        if _NOT_A_DEADLINE.search(text):
            continue  # "1st pmt due 11/17/26": the first payment, not when they need the car
        mentions = [_same_day_as_said(d, named_days.get(sentence.message.id, {})) for d in sentence.dates]
        for d in sentence.dates:
            if d.kind in {"month_day", "day_of_month", "numeric"}:
                named_days.setdefault(sentence.message.id, {})[d.value.day] = d.value
        bounded_first = sorted(mentions, key=lambda d: not _BY_BEFORE.search(text[max(0, d.start - 30) : d.start]))
        for mention in bounded_first:
            if mention.value < sentence.message.at.date():
                continue
            before = text[max(0, mention.start - 30) : mention.start]
            bounded = bool(_BY_BEFORE.search(before))
            deadline_cue = _DEADLINE_CUE.search(text) or asked
            if not (deadline_cue or bounded):
                continue
            if _APPOINTMENT.search(text) and not (bounded and deadline_cue) and not re.search(
                r"lease|(?:i|we) need|need (?:it|the|a|something)|have to|must|deadline", text
            ):
                continue
            if hypothetical(text, mention.start) or _PAST_BEFORE.search(before):
                continue  # "the one i drove saturday": a day gone by, not a day to come
            if not bounded and _AWAY.search(before):
                continue  # "we're in Bermuda May 8-15", "leaving for Cape Cod July 3": when they are away, not a deadline
            found.append(Candidate(Deadline(date=mention.value.isoformat()), sentence, 2 if bounded or deadline_cue else 1))
            break
    return found
