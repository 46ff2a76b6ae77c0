"""Vehicle mentions in text, read against the catalogue of US-market makes, model lines and trims
(`lexicon/vehicles.json`: model years 2000-2027, EVs, commercial vans and heavy-duty trucks, with aliases,
spacing and hyphen variants and speech-to-text forms).

The finder walks the words of a sentence once and looks each run of up to five words up in a dictionary of
surfaces with spaces, hyphens and dots taken out, so "F150", "f-150" and "f 150" are one key, and the time it
takes grows with the text, not with the size of the catalogue."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

MAX_WORDS = 5  # the longest surface in words ("mercedes benz g l e", "tell you ride s x")
_TOKEN = re.compile(r"[A-Za-z0-9]+|[À-ÿ]+")
_JOIN_GAP = re.compile(r"[ \t\-./]{0,2}")
# Words between a model and its trim that say nothing about the trim: "RAV4 hybrid XLE", "Tacoma 4x4 TRD Off-Road".
_FILLER = {"hybrid", "phev", "plug", "in", "awd", "fwd", "rwd", "4wd", "2wd", "4x4", "4x2", "crew", "cab", "double",
           "quad", "regular", "supercrew", "supercab", "crewmax", "access", "extended", "ev", "gas", "diesel", "v6", "v8", "turbo", "1500"}
# Base half-ton lines: "Silverado 1500" is the Silverado. Other numbered variants are kept as said ("RX 350").
_BASE_NUMBERS = {"1500", "150"}


@dataclass(frozen=True)
class VehicleMention:
    start: int
    end: int
    make: str | None
    model: str | None
    year: int | None = None
    trim: str | None = None


@dataclass(frozen=True)
class ModelEntry:
    make: str
    model: str
    trims: tuple[str, ...] = ()
    word: bool = False  # the name is also a common word, a first name or a place: it needs context
    years: tuple[int, int] = (1900, 2100)


@dataclass
class Catalogue:
    surfaces: dict[str, ModelEntry] = field(default_factory=dict)  # key without spaces/hyphens/dots -> model
    makes: dict[str, str] = field(default_factory=dict)  # key -> manufacturer's name
    trims: dict[str, dict[str, str]] = field(default_factory=dict)  # model key -> trim key -> trim
    all_trims: dict[str, str] = field(default_factory=dict)
    models_by_make: dict[str, list[ModelEntry]] = field(default_factory=dict)

    def add_model(self, surface: str, entry: ModelEntry) -> None:
        key = squash(surface)
        if key and (key not in self.surfaces or len(entry.model) > len(self.surfaces[key].model)):
            self.surfaces[key] = entry


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-zà-ÿ+]", "", text.casefold())


def _entry_key(entry: ModelEntry) -> str:
    return f"{entry.make}|{entry.model}"


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    data = json.loads(resources.files(__package__).joinpath("lexicon", "vehicles.json").read_text("utf-8"))
    cat = Catalogue()
    for make in data["makes"]:
        name = make["make"]
        for alias in [name, *make.get("aliases", [])]:
            cat.makes[squash(alias)] = name
        for model in make.get("models", []):
            years = tuple(model.get("years") or (1900, 2100))
            entry = ModelEntry(name, model["model"], tuple(model.get("trims", [])), bool(model.get("word")),
                               (int(years[0]), int(years[-1])))
            cat.models_by_make.setdefault(name, []).append(entry)
            cat.add_model(entry.model, entry)
            for alias in model.get("aliases", []):
                variant = _numbered_variant(entry, alias)
                cat.add_model(alias, variant or entry)
            trims = {squash(t): t for t in entry.trims}
            cat.trims[_entry_key(entry)] = trims
            cat.all_trims.update(trims)
    return cat


def _numbered_variant(entry: ModelEntry, alias: str) -> ModelEntry | None:
    """"transit 250", "rx 350", "express 2500": the line with its number, as buyers and staff write it up."""
    match = re.fullmatch(rf"{re.escape(entry.model.casefold())}[\s-]?(\d{{2,4}}[a-z]?)", alias.casefold())
    if not match or match.group(1) in _BASE_NUMBERS or not match.group(1)[:2].isdigit():
        return None
    return ModelEntry(entry.make, f"{entry.model} {match.group(1)}", entry.trims, False, entry.years)


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return squash(self.text)


def _words(text: str) -> list[_Word]:
    return [_Word(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _joined(text: str, words: list[_Word], i: int, n: int) -> str | None:
    """The squashed key of words i..i+n when only spaces, hyphens or dots stand between them."""
    parts = [words[i].key]
    for j in range(i + 1, i + n):
        if not _JOIN_GAP.fullmatch(text[words[j - 1].end : words[j].start]):
            return None
        parts.append(words[j].key)
    return "".join(parts)


def _longest(text: str, words: list[_Word], i: int, table: dict, limit: int = MAX_WORDS):
    """The longest run of words starting at i whose key is in `table`: (value, words used)."""
    for n in range(min(limit, len(words) - i), 0, -1):
        key = _joined(text, words, i, n)
        if key is None:
            continue
        if key in table:
            return table[key], n
        if n == 1 and len(key) > 3 and key.endswith("s") and key[:-1] in table:
            return table[key[:-1]], 1  # "Tacomas", "RAV4s"
    return None, 0


_SPOKEN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_SPOKEN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                 "seventeen": 17, "eighteen": 18, "nineteen": 19}


def _spoken_year(words: list[_Word], at: int, reference_year: int) -> tuple[int, int] | None:
    """"a twenty nineteen camry", "two thousand nine accord", "twenty twenty four": (year, first word index)."""
    said = [w.key for w in words[max(0, at - 4) : at]]
    for size in (4, 3, 2):
        tail = said[-size:] if len(said) >= size else None
        if not tail:
            continue
        value = None
        if tail[0] == "twenty" and size == 2 and tail[1] in _SPOKEN_TEENS:
            value = 2000 + _SPOKEN_TEENS[tail[1]]
        elif tail[:2] == ["twenty", "twenty"] and size in (2, 3):
            value = 2020 + (_SPOKEN_UNITS.get(tail[2], -99) if size == 3 else 0)
        elif tail[:2] == ["two", "thousand"] and size in (3, 4):
            rest = [w for w in tail[2:] if w != "and"]
            if len(rest) == 1:
                value = 2000 + (_SPOKEN_UNITS.get(rest[0]) or _SPOKEN_TEENS.get(rest[0]) or -9999)
        if value is not None and 2000 <= value <= reference_year + 2:
            return value, at - size
    return None


def _year(word: _Word | None, text: str, reference_year: int) -> int | None:
    if word is None or not word.text.isdigit():
        return None
    digits = word.text
    if len(digits) == 4:
        value = int(digits)
        return value if 1980 <= value <= reference_year + 2 else None
    if len(digits) != 2:
        return None
    value = int(digits)
    # Two-digit years: the ones a dealership sees are from the 1990s up to next year's models.
    if value <= (reference_year % 100) + 1:
        return 2000 + value
    if value >= 90:
        return 1900 + value
    return None


_PLACE_BEFORE = re.compile(r"(?:\b(?:in|to|from|near|at|lake|grand|mount|mt\.?|of|on the|the)\s+)$", re.I)
_PLACE_AFTER = re.compile(r"^\s*(?:springs|county|city|river|mountains?|nevada|lake|state|street|st\b|ave|road|rd\b)",
                          re.I)
_MAKE_AS_COMPANY = re.compile(r"^\s*(?:financial|finance|motor credit|credit|capital|of\b|dealer|dealership|service|"
                              r"store|plaza|country|world|corporate|customer|rewards|card|app|website|'s website|"
                              r"center|centre|parts|lease trust|fs\b)", re.I)
_DETERMINER = re.compile(r"\b(?:the|a|an|another|new|my|our|used|that|this|his|her|their)\s+$", re.I)


def _plausible_bare_model(text: str, first: _Word, last: _Word, entry: ModelEntry) -> bool:
    """A model name that is also a word, a place or a code, seen without its make, year or trim."""
    surface = text[first.start : last.end]
    if surface.isdigit():
        return False  # "1500" alone is a number, not a Ram
    if surface.isalpha() and len(surface) <= 3:
        # "IS", "ES", "RX" are words in shouted text; "RX 350", "RX350h" or "another RX" is the Lexus.
        suffixed = re.match(r"\s?\d{3}[a-z]?\b", text[last.end :]) is not None
        return surface.isupper() and (suffixed or _DETERMINER.search(text[: first.start]) is not None)
    if any(ch.isdigit() for ch in surface):
        return any(ch.isupper() for ch in surface)
    if not surface[0].isupper():
        return False
    before = text[max(0, first.start - 20) : first.start]
    return not (_PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[last.end : last.end + 20]))


def _trim_after(text: str, words: list[_Word], i: int, entry: ModelEntry) -> tuple[str | None, int]:
    """A trim of this model right after it, past drivetrain and body words: (trim, index after it)."""
    trims = catalogue().trims.get(_entry_key(entry)) or catalogue().all_trims
    j = i
    for _ in range(4):
        if j >= len(words) or words[j].key not in _FILLER:
            break
        j += 1
    if j >= len(words) or not _JOIN_GAP.fullmatch(text[words[j - 1].end : words[j].start] if j else ""):
        return None, i
    trim, used = _longest(text, words, j, trims, limit=4)
    return (trim, j + used) if trim else (None, i)


def _loose_trim(text: str, entry: ModelEntry) -> str | None:
    """A trim of this model named elsewhere in the sentence: "the XLE", "Sport trim". Written as the maker writes
    it, so "sport" the word is not one."""
    for trim in sorted(entry.trims, key=len, reverse=True):
        if len(trim) <= 2:
            continue
        for match in re.finditer(rf"(?<![\w/-]){re.escape(trim)}(?![\w/-])", text):
            suffix = text[match.end() : match.end() + 6].casefold().startswith(" trim")
            if suffix or len(trim) > 3 or trim.isupper():
                return trim
    return None


def find_vehicles(text: str, reference_year: int = 2026) -> list[VehicleMention]:
    cat = catalogue()
    words = _words(text)
    found: list[VehicleMention] = []
    i = 0
    while i < len(words):
        make_name, make_used = _longest(text, words, i, cat.makes, limit=3)
        model_at = i + make_used
        entry, model_used = _longest(text, words, model_at, cat.surfaces) if model_at < len(words) else (None, 0)
        if entry is None and make_name is None:
            entry, model_used = _longest(text, words, i, cat.surfaces)
            model_at = i
        if entry is not None and make_name is not None and entry.make != make_name:
            entry = None  # "Honda Sierra" is not a GMC; the words matched something else
        if entry is not None:
            mention = _model_mention(text, words, i, model_at, model_used, entry, make_name, reference_year)
            if mention is not None:
                found.append(mention)
                i = model_at + model_used
                continue
        if make_name is not None:
            mention = _make_mention(text, words, i, make_used, make_name, reference_year)
            if mention is not None:
                found.append(mention)
            i += make_used
            continue
        i += 1
    return found


def _model_mention(text: str, words: list[_Word], start: int, model_at: int, model_used: int, entry: ModelEntry,
                   make_name: str | None, reference_year: int) -> VehicleMention | None:
    first, last = words[model_at], words[model_at + model_used - 1]
    year_word = words[start - 1] if start and _JOIN_GAP.fullmatch(text[words[start - 1].end : words[start].start]
                                                                   .replace("'", "")) else None
    year = _year(year_word, text, reference_year)
    if year_word is not None and year is None and year_word.text.isdigit() and len(year_word.text) == 4:
        year_word = None
    spoken = _spoken_year(words, start, reference_year) if year is None else None
    if spoken is not None:
        year, year_word = spoken[0], _Word("0000", words[spoken[1]].start, words[start - 1].end)
    after_model = model_at + model_used
    if year is None and after_model < len(words) and len(words[after_model].text) == 4 \
            and _JOIN_GAP.fullmatch(text[last.end : words[after_model].start]):
        # "tacoma 2012", "Civic 2015": the year after the model, as Spanish and CRM shorthand write it.
        year = _year(words[after_model], text, reference_year)
        if year is not None:
            year_word, after_model = words[after_model], after_model + 1
    trim, after = _trim_after(text, words, after_model, entry)
    year_confirms = year is not None and year_word is not None and len(year_word.text) == 4
    code = _is_code(text, first, last)
    trim_confirms = trim is not None and not (code and not text[first.start : last.end].isupper())
    if (entry.word or code) and not (make_name or trim_confirms or year_confirms):
        if not _plausible_bare_model(text, first, last, entry):
            return None
    begin = year_word.start if year is not None and year_word is not None and year_word.start < first.start \
        else words[start].start
    end = words[after - 1].end if trim else words[after_model - 1].end
    return VehicleMention(begin, end, entry.make, entry.model, year, trim or _loose_trim(text, entry))


def _is_code(text: str, first: _Word, last: _Word) -> bool:
    """Two-letter codes and bare numbers ("ES", "IS", "Z", "300") need the same context a word does; "WRX" or
    "MDX" alone is the car."""
    surface = text[first.start : last.end]
    return surface.isdigit() or (surface.isalpha() and len(surface) <= 2)


def _make_mention(text: str, words: list[_Word], start: int, used: int, make: str,
                  reference_year: int) -> VehicleMention | None:
    word = words[start]
    after = text[words[start + used - 1].end :]
    if make in {"Ram", "Genesis", "Lincoln", "Mini", "MINI", "Fiat", "Smart", "Scion", "Saturn", "Mercury"} \
            and not word.text[0].isupper():
        return None  # "ram", "genesis", "mini", "mercury" are words
    if make == "Lincoln" and _PLACE_AFTER.match(after):
        return None
    if _MAKE_AS_COMPANY.match(after):
        return None  # "Honda Financial", "Toyota of Austin": the company, not a vehicle
    year_word = words[start - 1] if start and _JOIN_GAP.fullmatch(text[words[start - 1].end : word.start]
                                                                   .replace("'", "")) else None
    year = _year(year_word, text, reference_year)
    begin = year_word.start if year is not None and year_word is not None else word.start
    return VehicleMention(begin, words[start + used - 1].end, make, None, year)
