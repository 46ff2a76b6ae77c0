"""Spanish and Spanglish read through an English gloss.

Customers at US dealerships write "no más de 400 al mes", "tengo una Civic 2015 para dar a cambio", "para el
viernes". A sentence that reads as Spanish is glossed phrase by phrase (`lexicon/spanish.json`, each entry with its
example) and its numbers written as words turned into digits by text2num, so the annotators, which read English,
see "no more than 400 a month". The sentence's own words stay the quote."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from text_to_num import alpha2digit

_WORD = re.compile(r"[a-záéíóúñü]+", re.I)


@dataclass(frozen=True)
class Gloss:
    pattern: re.Pattern
    english: str
    example: str
    expected: str


@dataclass(frozen=True)
class SpanishLexicon:
    markers: frozenset[str]
    glosses: tuple[Gloss, ...]


@lru_cache(maxsize=1)
def lexicon() -> SpanishLexicon:
    data = json.loads(resources.files(__package__).joinpath("lexicon", "spanish.json").read_text("utf-8"))
    glosses = tuple(Gloss(re.compile(p, re.I), english, example, expected)
                    for p, english, example, expected in data["gloss"])
    return SpanishLexicon(frozenset(m.casefold() for m in data["markers"]), glosses)


def reads_as_spanish(text: str) -> bool:
    """At least two Spanish function words, and a fair share of the words: "la Civic" alone is not Spanish."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return False
    spanish = sum(1 for w in words if w in lexicon().markers)
    return spanish >= 2 and spanish / len(words) >= 0.15


def has_spanish_word(text: str) -> bool:
    """Any Spanish function word at all: enough, in a conversation held in Spanish, for "no, yo decido sola"."""
    return any(w.casefold() in lexicon().markers for w in _WORD.findall(text))


def gloss(text: str) -> str:
    """The English a sentence's Spanish phrases say, numbers as digits; English words pass through."""
    # "180 mil millas", "4 mil": thousands after digits, which text2num leaves as "180 1000".
    text = _DIGITS_MIL.sub(lambda m: str(round(float(m.group(1).replace(",", ".")) * 1000)), text)
    try:
        reading = alpha2digit(text, "es")
    except Exception:  # noqa: BLE001 - text2num on odd input; the words are still glossed
        reading = text
    for entry in lexicon().glosses:
        reading = entry.pattern.sub(entry.english, reading)
    # Names typed in lowercase after the word for a partner ("mi esposa yesenia") are names all the same.
    return _PARTNER_NAME.sub(lambda m: m.group(1) + m.group(2).capitalize(), reading)


_DIGITS_MIL = re.compile(r"\b(\d+(?:[.,]\d)?)\s*mil\b", re.I)
_PARTNER_NAME = re.compile(r"\b((?:my|mi) (?:wife|husband|girlfriend|boyfriend|partner|dad|mom) )(?!(?:and|has|is|"
                           r"the|a|to|with|for|also|wants|says|said|likes|no|y|es|que|tiene|quiere|dice)\b)"
                           r"([a-záéíóúñ]{3,})\b")
