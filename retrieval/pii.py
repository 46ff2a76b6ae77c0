"""Masking what a customer should never have typed (or said on a recorded call): card numbers with their expiry
and security code, SSNs and ITINs, dates of birth, driver's licence, bank routing and account numbers, IBANs and
passport numbers.

Recognizers with checks, not a list of patterns: a candidate is a run of digits in any grouping or separator (or
digits spoken as words), and it is masked when a check says what it is — Luhn for a card, the ABA checksum for a
routing number, mod 97 for an IBAN, the SSN's shape — or when the words around it (in the message, or in the
staff question it answers) say so. VINs, phone numbers, prices, mileage and ordinary dates stay. Masking happens
before anything is stored, embedded, logged, echoed in an error or sent to a model. `tests/data/pii_corpus.json`
(written blind, outside the project) and `tests/test_pii.py` measure it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

CARD = "[card number removed]"
CARD_DETAIL = "[card detail removed]"
SSN = "[SSN removed]"
DOB = "[date of birth removed]"
LICENCE = "[licence number removed]"
ACCOUNT = "[account number removed]"
PASSPORT = "[passport number removed]"

_SPOKEN = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
           "six": "6", "seven": "7", "eight": "8", "nine": "9"}
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
# A run of digits with the separators people type or a transcript writes: spaces, dashes, dots, commas, " - ".
_SEP = r"(?:\s?[-.]\s?|\s{1,2}|,\s?|\.{2,3}\s?)"
_DIGIT_RUN = re.compile(rf"(?<![\w.$])\d(?:{_SEP}?\d){{3,22}}(?![\w])")
# Digits read out: "four one one one", with "double two", "uh" and pauses ("...") between them.
_FILLER = r"(?:uh|um|er|uhm)"
_SPOKEN_UNIT = rf"(?:(?:double|triple)\s+)?{_DIGIT_WORD}"
_SPOKEN_RUN = re.compile(
    rf"(?<![\w]){_SPOKEN_UNIT}(?:(?:[\s,.-]+(?:{_FILLER}[\s,.-]+)?){_SPOKEN_UNIT}){{3,22}}(?![\w])", re.I)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")


def digits_of(span: str) -> str:
    """The digits a span stands for, whether typed ("4111-1111") or spoken ("four one one one", "double two")."""
    if re.search(r"\d", span):
        return re.sub(r"\D", "", span)
    digits, repeat = [], 1
    for word in re.findall(r"[A-Za-z]+", span.casefold()):
        if word in ("double", "triple"):
            repeat = 2 if word == "double" else 3
        elif word in _SPOKEN:
            digits.append(_SPOKEN[word] * repeat)
            repeat = 1
    return "".join(digits)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def aba_ok(digits: str) -> bool:
    """The ABA routing checksum: weights 3, 7, 1 repeating; the total is a multiple of 10."""
    if len(digits) != 9 or digits == "0" * 9:
        return False
    return sum(int(d) * w for d, w in zip(digits, (3, 7, 1) * 3)) % 10 == 0


def iban_ok(value: str) -> bool:
    compact = value.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


# Words that say what a nearby number is. Each is searched before the number, in the same message, within the
# window, or in the staff question the message answers.
_WORDS = {
    "card": r"\b(?:card|visa|master ?card|mc|amex|american express|discover|cc#?|credit|debit|tarjeta)\b",
    "card_detail": r"\b(?:exp(?:ires|iry|iration|iring)?\.?|valid thru|vence|vencimiento|cvv2?|cvc|cid|security code|"
                   r"c[oó]digo|digits on the back|the back)\b",
    "ssn": r"\b(?:ssn|ss#|s\.s\.n\.?|social(?: security)?|soc\.? sec\.?|seguro social|itin|tax id|taxpayer id)\b",
    "birth": r"\b(?:dob|d\.o\.b\.?|b\.|born|birth\s*day|b-?day|birth\s*date|birth|date of birth|fecha de nacimiento|"
             r"nacimiento|nac[ií](?: el)?|cumplea[ñn]os|cumple)\b",
    "licence": r"\b(?:driver'?s?\s*(?:licen[cs]e|lic\.?)|licen[cs]e(?! plate)(?:\s*(?:number|no\.?|#))?|lic\.?|"
               r"dl\s*#?|d\.l\.|licencia(?: de (?:manejo|conducir))?)(?! plate)",
    "routing": r"\b(?:routing|aba|rtn|ruta|transit|bottom of (?:my|the) che(?:ck|que)|che(?:ck|que) numbers)\b",
    "account": r"\b(?:account|acct|checking|savings|cuenta|member(?:ship)? (?:number|no\.?|#)|member #|compte)\b",
    "passport": r"\b(?:passport|pasaporte|passeport)\b",
}
# `\b` would fail after "ss#" or "b." (no word character on either side), so the cues are wrapped in look-arounds.
_COMPILED = {name: re.compile(r"(?<!\w)(?:" + pattern.replace(r"\b", "") + r")(?![A-Za-z])", re.I)
             for name, pattern in _WORDS.items()}
# Words that make a number something else, between the cue and the number ("license plate", "order number").
_NOT_AFTER = re.compile(r"\b(?:plate|tag|order|tracking|stock|ro|vin|phone|cell|number is (?:the )?(?:same|on))\b",
                        re.I)


def _said_before(text: str, start: int, name: str, window: int, asked: str) -> bool:
    before = text[max(0, start - window):start]
    found = [m for m in _COMPILED[name].finditer(before)]
    if found:
        between = before[found[-1].end():]
        return not _NOT_AFTER.search(between)
    return bool(asked and _COMPILED[name].search(asked))


def _nearest_cue(text: str, start: int, names: tuple[str, ...], window: int = 60) -> str | None:
    """Which of several cues stands closest before the number ("dob 3/4/88 dl 14-208-5571": the licence's)."""
    before = text[max(0, start - window):start]
    ends = {name: max((m.end() for m in _COMPILED[name].finditer(before)), default=-1) for name in names}
    best = max(ends, key=lambda n: ends[n])
    return best if ends[best] >= 0 else None


def _named_by(text: str, start: int, name: str, words: int = 4) -> bool:
    """The cue names this very number: a few words at most between them, and no other number ("acct. Trd 14 Ram
    2500" names no account number)."""
    before = text[max(0, start - 40):start]
    found = list(_COMPILED[name].finditer(before))
    if not found:
        return False
    between = before[found[-1].end():]
    return not re.search(r"\d", between) and len(between.split()) <= words and not _NOT_AFTER.search(between)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    label: str


def _number_hits(text: str, asked: str) -> list[Hit]:
    hits = []
    candidates = [(m, digits_of(m.group(0))) for m in _DIGIT_RUN.finditer(text)]
    candidates += [(m, digits_of(m.group(0))) for m in _SPOKEN_RUN.finditer(text)]
    for match, digits in candidates:
        span = match.group(0).rstrip(" ,-.")
        start, end = match.start(), match.start() + len(span)
        label = _classify(text, start, span, digits, asked)
        if label:
            hits.append(Hit(start, end, label))
            continue
        # Several numbers in a row ("063100277 4409128837 1042", a check's bottom line): each on its own.
        groups = list(re.finditer(r"\d+", span))
        if len(groups) > 1 and all(len(g.group(0)) >= 3 for g in groups):
            previous = None
            for group in groups:
                label = _classify(text, start + group.start(), group.group(0), group.group(0), asked)
                if label is None and previous == ACCOUNT and 6 <= len(group.group(0)) <= 17:
                    label = ACCOUNT  # the account number printed right after the routing number on a check
                if label:
                    hits.append(Hit(start + group.start(), start + group.end(), label))
                previous = label
    return hits


_LAST_FOUR = re.compile(r"\blast (?:4|four)\b", re.I)


def _last_four_of_ssn(text: str, start: int, asked: str) -> bool:
    """ "last four of my social is 6789": the first number after the cue, with no other number in between."""
    before = text[max(0, start - 50):start]
    cues = list(_LAST_FOUR.finditer(before))
    if cues:
        between = before[cues[-1].end():]
        return not re.search(r"\d", between) and bool(_COMPILED["ssn"].search(before[cues[-1].start():]))
    first = re.search(r"\d", text)
    return bool(asked and _LAST_FOUR.search(asked) and _COMPILED["ssn"].search(asked)
                and first is not None and first.start() == start)


def _classify(text: str, start: int, span: str, digits: str, asked: str) -> str | None:
    said = lambda name, window=60: _said_before(text, start, name, window, asked)  # noqa: E731
    typed = bool(re.search(r"\d", span))
    if typed and (text[max(0, start - 1):start] == "$" or re.match(r"\d+,\d{3}(?:\.\d\d)?$", span)):
        return None  # money: "$412.88", "18,500"
    if 13 <= len(digits) <= 19:
        # Luhn-valid is a card whatever it is called (masking a tracking number that happens to pass costs
        # nothing); a number grouped like a card or called one is a card with a typo in it.
        grouped_like_card = bool(re.fullmatch(r"\d{4}([ .-]{1,2})\d{4}\1\d{4}\1\d{1,7}|\d{4}([ .-]{1,2})\d{6}\2\d{5}",
                                              span))
        if luhn_ok(digits):
            return CARD
        if (grouped_like_card or said("card", 40)) and not _NOT_AFTER.search(text[max(0, start - 25):start]):
            return CARD
    if len(digits) == 9 and (said("ssn") or re.fullmatch(r"\d{3}([ .-])\d{2}\1\d{4}", span)):
        if re.fullmatch(r"\d{3}([ .-])\d{2}\1\d{4}", span) or said("ssn"):
            return SSN
    if len(digits) == 4 and _last_four_of_ssn(text, start, asked):
        return SSN
    if len(digits) == 9 and said("routing", 40) and aba_ok(digits):
        return ACCOUNT
    if said("passport", 40) and (typed and re.fullmatch(r"\d{9}", digits) or not typed and len(digits) == 9):
        return PASSPORT
    if 6 <= len(digits) <= 17 and said("licence", 50) and _nearest_cue(text, start, ("licence", "birth")) != "birth":
        return LICENCE
    if 6 <= len(digits) <= 17 and _named_by(text, start, "account") and not said("card_detail", 20):
        return ACCOUNT
    if len(digits) == 9 and said("ssn", 80):
        return SSN
    return None


# Alphanumeric identifiers: a licence or passport with letters in it, after its words.
_ALNUM_ID = re.compile(r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,3}[A-Z0-9]*(?:-?[A-Z0-9]+){0,5}(?![\w-])")


def _id_hits(text: str, asked: str) -> list[Hit]:
    hits = []
    for match in _ALNUM_ID.finditer(text):
        value = match.group(0)
        digits = re.sub(r"\D", "", value)
        if not 5 <= len(value.replace("-", "")) <= 16 or len(digits) < 4:
            continue
        if re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", value):  # a VIN stays
            continue
        start = match.start()
        if _said_before(text, start, "passport", 40, asked) and 6 <= len(value) <= 12:
            hits.append(Hit(start, match.end(), PASSPORT))
        elif (_said_before(text, start, "licence", 40, asked) and re.match(r"[A-Z]", value)
              and not re.fullmatch(r"(?:TX|NY|CA|FL|PA|IL|WA|DL)", value)):
            hits.append(Hit(start, match.end(), LICENCE))
    return hits


def _iban_hits(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), ACCOUNT) for m in _IBAN.finditer(text) if iban_ok(m.group(0))]


# -- dates of birth ---------------------------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
          r"octubre|noviembre|diciembre)\.?")
_ORDINAL_WORDS = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
                  r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
                  r"twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty[- ]first)")
_YEAR_WORDS = r"(?:nineteen|twenty)[- ](?:hundred|oh[- ]\w+|\w+(?:[- ]\w+)?)"
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"                                    # 4/12/1988, 4-12-88
    r"|(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}"                                   # 1988-04-12
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"                   # 19880412
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"               # April 12th, 1988
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?:19|20)\d{{2}}"     # 12 April 1988, 21st of November 1979
    rf"|\d{{1,2}}\s+de\s+{_MONTH}\s+(?:de|del)\s+(?:19|20)\d{{2}}"               # 5 de mayo de 1990
    rf"|{_MONTH}\s+(?:{_ORDINAL_WORDS}|\d{{1,2}}(?:st|nd|rd|th)?),?\s+{_YEAR_WORDS}"  # March third, nineteen ninety
    rf"|(?:the\s+)?{_ORDINAL_WORDS}\s+of\s+{_MONTH},?\s+{_YEAR_WORDS}"          # the twenty third of october, ...
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+'\d{{2}}"                       # jan 9 '95
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:19|20)?\d{2}"                   # 020388, 02031988
    r")(?![\w/])",
    re.I,
)


def _plausible_birth_year(date: str) -> bool:
    """A buyer is at least 14: a date in the last 14 years (a test drive, a lease end) is not a birth date."""
    if re.fullmatch(r"\d{6}", date):
        return True  # mmddyy: any two-digit year can be a birth year
    if re.fullmatch(r"\d{8}", date):
        year = int(date[:4]) if date[:2] in ("19", "20") else int(date[4:])
    else:
        years = re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", date)
        if not years:
            return True
        year = int(years[-1])
    return year <= datetime.now().year - 14


def _birth_hits(text: str, asked: str) -> list[Hit]:
    hits = []
    for match in _DATE.finditer(text):
        if _plausible_birth_year(match.group(0)) and _said_before(text, match.start(), "birth", 70, asked) and not re.search(
                r"\b(?:turns?|appointment|appt|lease|ends?|due|expires?|until|on the lot)\b",
                text[max(0, match.start() - 25):match.start()], re.I):
            hits.append(Hit(match.start(), match.end(), DOB))
    return hits


# -- a card's expiry and security code ------------------------------------------------------------------------

_NUMBER_WORD = (r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)")
_CARD_DETAIL = re.compile(
    r"(?<!\w)(?P<cue>exp(?:ires|iry|iration|iring)?\.?(?: date)?:?|good thru|valid thru|vence|vencimiento|cvv2?:?|cvc:?|"
    r"cid:?|security code|(?:the )?code(?: on the back| de atr[aá]s)?|c[oó]digo(?: de atr[aá]s)?|"
    r"(?:three|3|four|4) digits on the back(?: are)?)\s*(?:is|es|are|date|:)?\s*"
    rf"(?P<value>\d{{1,2}}\s?/\s?(?:\d{{4}}|\d{{2}})|\d(?: \d){{2,3}}\b|\d{{3,4}}\b|"
    rf"{_NUMBER_WORD}(?:[\s,-]+{_NUMBER_WORD}){{1,4}}\b)",
    re.I,
)
# Right after a card number: "/26 742" or " 06/27 123" (expiry, then the code), with no words at all.
_AFTER_CARD = re.compile(r"^\s*(?P<exp>/?\d{1,2}/\d{2,4}|/\d{2,4})?(?:\s+(?P<code>\d{3,4}))?(?!\d)")


def _card_detail_hits(text: str, asked: str, cards: list[Hit]) -> list[Hit]:
    if not (cards or _COMPILED["card"].search(text) or _COMPILED["card"].search(asked)):
        return []
    # An expiry or code belongs to a card said just before it (not a rebate's "expires 10/31", a licence's).
    anchors = [c.end for c in cards] + [m.end() for m in _COMPILED["card"].finditer(text)]

    def near(at: int) -> bool:
        return any(0 <= at - a <= 80 for a in anchors) or (not anchors and bool(asked))

    hits = [Hit(m.start("value"), m.end("value"), CARD_DETAIL) for m in _CARD_DETAIL.finditer(text)
            if near(m.start())]
    for card in cards:
        after = _AFTER_CARD.match(text[card.end:card.end + 20])
        for group in ("exp", "code"):
            if after and after.group(group):
                hits.append(Hit(card.end + after.start(group), card.end + after.end(group), CARD_DETAIL))
    return hits


# -- putting it together ----------------------------------------------------------------------------------------

def find_pii(text: str, asked: str = "") -> list[Hit]:
    """Every span to mask, longest first where two overlap."""
    hits = _iban_hits(text) + _number_hits(text, asked) + _id_hits(text, asked) + _birth_hits(text, asked)
    hits += _card_detail_hits(text, asked, [h for h in hits if h.label == CARD])
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return chosen


def mask_pii(text: str, asked: str = "") -> str:
    """`text` with every card, SSN, date of birth, licence, account and passport number replaced by a label.

    `asked` is the staff turn this text answers ("Date of birth?"), whose words count as the text's own.
    """
    out, last = [], 0
    for hit in find_pii(text, asked):
        out.append(text[last:hit.start])
        out.append(hit.label)
        last = hit.end
    out.append(text[last:])
    return "".join(out)
