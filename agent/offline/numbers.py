"""Money and mileage figures as people write and say them: "$500/mo", "5 bills", "four fifty", "48 hundred", "5k"."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "grand": 1000, "k": 1000}

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES, "and", "half", "oh"], key=len, reverse=True))
_SPOKEN = re.compile(rf"\b(?:(?:{_WORD})\b[\s-]*)+", re.I)
_WRITTEN = re.compile(
    r"(?P<dollar>\$\s?)?(?P<num>\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?=\s*(?:miles|mi\b|km\b|dollars))|\d+)(?P<cents>\.\d{1,2})?(?!\.\d)"
    r"(?:\s?(?P<scale>k\b|K\b|grand\b|thousand\b|hundred\b|bills?\b))?",
)


_PHONE = re.compile(r"(?<!\d)(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}(?!\d)")


@dataclass(frozen=True)
class Amount:
    value: int
    start: int
    end: int
    dollar: bool = False
    scaled: bool = False  # "5k", "five grand": said with a scale word


def _words_value(words: list[str]) -> int | None:
    """Spoken numbers, including the shorthand "four fifty" (450) and "forty-eight hundred" (4800)."""
    words = [w for w in words if w != "and"]
    if not words or all(w in {"a", "an"} for w in words):
        return None
    if words[-1] == "half":
        return None
    if "oh" in words:
        # "one oh eight thousand": digits read one by one, "oh" for zero, then the scale.
        digits, rest = [], list(words)
        while rest and (rest[0] == "oh" or (rest[0] in UNITS and 0 < UNITS[rest[0]] <= 9 and rest[0] not in {"a", "an"})):
            digits.append("0" if rest[0] == "oh" else str(UNITS[rest[0]]))
            rest.pop(0)
        if len(digits) < 2 or digits[0] == "0" or any(w not in SCALES for w in rest):
            return None
        value = int("".join(digits))
        for word in rest:
            value *= SCALES[word]
        return value
    # "four fifty", "five twenty five": hundreds said without the word.
    if len(words) in (2, 3) and words[0] in UNITS and UNITS[words[0]] >= 1 and words[1] in TENS and words[0] not in {"a", "an"}:
        rest = words[2:]
        if not rest or (rest[0] in UNITS and 1 <= UNITS[rest[0]] <= 9):
            return UNITS[words[0]] * 100 + TENS[words[1]] + (UNITS[rest[0]] if rest else 0)
    total, current = 0, 0
    seen_number = False
    for word in words:
        if word in UNITS:
            current += UNITS[word]
            seen_number = True
        elif word in TENS:
            current += TENS[word]
            seen_number = True
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in {"thousand", "grand", "k"}:
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    if not seen_number:
        return None
    return total + current


_CLOCK_MONTHLY = re.compile(r"(?<![\d:$])([1-9]):([0-5]\d)(?=\s*(?:a|per|/)\s*(?:month|mo)\b)", re.I)


def find_amounts(text: str) -> list[Amount]:
    found: list[Amount] = []
    phones = [m.span() for m in _PHONE.finditer(text)]
    for match in _WRITTEN.finditer(text):
        before = text[max(0, match.start() - 1) : match.start()]
        after = text[match.end() : match.end() + 1]
        if before and (before.isalpha() or before in "-/:") and not match["dollar"]:
            continue  # part of a model name, a date or a time
        if after.isalpha() and not match["scale"] and not re.match(r"-?ish\b", text[match.end() : match.end() + 5], re.I):
            continue  # "2nd", "4x4", "72mo": an ordinal, a drivetrain, a term ("350ish" is 350, roughly)
        if after in {"/", ":"} and not match["scale"] and re.match(r"[/:]\d", text[match.end() : match.end() + 2]):
            continue
        if any(a <= match.start() < b for a, b in phones):
            continue  # "704-555-0175", "(512) 555-0101": a phone number
        value = float(match["num"].replace(",", "").replace(" ", "") + (match["cents"] or ""))
        scale = (match["scale"] or "").casefold()
        if scale in {"k", "grand", "thousand"}:
            value *= 1000
        elif scale == "hundred" or scale.startswith("bill"):
            value *= 100
        found.append(Amount(round(value), match.start(), match.end(), bool(match["dollar"]), bool(scale)))
    for match in _CLOCK_MONTHLY.finditer(text):
        # Speech-to-text writes "five fifty a month" as a clock time: "5:50 a month" is $550.
        found.append(Amount(int(match[1] + match[2]), match.start(), match.start() + len(match[1]) + 3, False, False))
    for match in _SPOKEN.finditer(text):
        tokens = [(w.group(0).casefold(), match.start() + w.end()) for w in re.finditer(r"[A-Za-z]+", match.group(0))]
        while tokens and tokens[-1][0] in {"and", "a", "an", "half"}:
            tokens.pop()
        while tokens and tokens[0][0] == "and":
            tokens.pop(0)
        spoken = _words_value([word for word, _ in tokens])
        if spoken is None:
            continue
        end = tokens[-1][1]
        if text[end : end + 6].casefold().startswith(" bill"):
            spoken *= 100
        if spoken < 10:
            continue
        found.append(Amount(spoken, match.start(), end, False, any(w in SCALES for w, _ in tokens)))
    return sorted(found, key=lambda a: a.start)
