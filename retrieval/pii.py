"""Masking what a customer should never have typed: SSNs, card numbers, dates of birth, licence numbers.

Masked before anything is stored or embedded, so no later output can repeat them.
"""

from __future__ import annotations

import re

_SSN = re.compile(r"(?<!\d)\d{3}[- ]\d{2}[- ]\d{4}(?!\d)")
_SSN_CONTEXT = re.compile(
    r"\b(ssn|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?|ss#)\s*[?.:#=,-]?\s*(?:(?:it'?s|its|is)\s*)?(\d{9})\b", re.I
)
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_DOB = re.compile(
    r"\b(dob|d\.o\.b\.?|date of birth|birth\s*date|birthday|born(?:\s+on)?|fecha de nacimiento|nacimiento|"
    r"naci(?:\s+el)?|nací(?:\s+el)?|cumpleaños)\s*(?:is|es|:|-|=)?\s*"
    r"((?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})|(?:\d{4}-\d{2}-\d{2})|"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}))",
    re.I,
)
_FILLER = r"\s*[?.:#=,-]?\s*(?:(?:it'?s|its|is|it is|es|=|:|#)\s*)?"
_LICENCE = re.compile(
    r"\b((?:driver'?s?\s+)?licen[cs]e(?:\s+(?:number|no\.?|#))?|DL\s*#?|licencia(?:\s+de\s+(?:manejo|conducir))?"
    r"(?:\s+(?:n[uú]mero|no\.?|#))?)" + _FILLER
    + r"(?:[A-Z]{2}\s+)?([A-Z0-9][A-Z0-9-]{5,15})\b",
    re.I,
)
_ACCOUNT = re.compile(r"\b((?:account|acct|routing|member)\b[^.\n\d]{0,25}?(?:number|no\.?|#)?)" + _FILLER
                      + r"(\d[\d -]{4,20}\d)\b", re.I)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_CARD_GROUPS = re.compile(r"^\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}$")
_CARD_WORDS = re.compile(r"\b(?:card|visa|mastercard|master card|amex|american express|discover|cc|credit|debit)\b"
                         r"[^.\n]{0,25}$", re.I)


def _mask_card(match: re.Match) -> str:
    """Luhn-valid numbers, numbers grouped like a card, or numbers said to be a card: a typo is still a card."""
    number = match.group(0)
    digits = re.sub(r"\D", "", number)
    context = match.string[max(0, match.start() - 40) : match.start()]
    if 13 <= len(digits) <= 19 and (_luhn_ok(digits) or _CARD_GROUPS.match(number) or _CARD_WORDS.search(context)):
        return "[card number removed]"
    return number


def _keep_label(replacement: str):
    def mask(match: re.Match) -> str:
        value = match.group(2)
        # "license" followed by an ordinary word ("license plate") is not a licence number.
        if replacement == "[licence number removed]" and not re.search(r"\d", value):
            return match.group(0)
        return match.group(0).replace(value, replacement)

    return mask


def mask_pii(text: str) -> str:
    text = _CARD.sub(_mask_card, text)
    text = _SSN.sub("[SSN removed]", text)
    text = _SSN_CONTEXT.sub(_keep_label("[SSN removed]"), text)
    text = _DOB.sub(_keep_label("[date of birth removed]"), text)
    text = _LICENCE.sub(_keep_label("[licence number removed]"), text)
    text = _ACCOUNT.sub(_keep_label("[account number removed]"), text)
    return text
