"""Vehicle mentions in text, read against the catalogue of US-market makes, model lines and trims
(`lexicon/vehicles.json`: model years 2000-2027, EVs, commercial vans and heavy-duty trucks, with aliases,
spacing and hyphen variants and speech-to-text forms).

The finder walks the words of a sentence once and looks each run of up to five words up in a dictionary of
surfaces with spaces, hyphens and dots taken out, so "F150", "f-150" and "f 150" are one key, and the time it
takes grows with the text, not with the size of the catalogue."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

MAX_WORDS = 5
_NOT_BEFORE_A_MODEL = {"stk", "stock", "vin", "ro", "po", "invoice", "unit", "tag", "plate", "zip", "apt", "suite"}  # the longest surface in words ("mercedes benz g l e", "tell you ride s x")
_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+")
_JOIN_GAP = re.compile(r"[ \t\-./]{0,2}")
# Words between a model and its trim that say nothing about the trim: "RAV4 hybrid XLE", "Tacoma 4x4 TRD Off-Road".
_FILLER = {"hybrid", "hyb", "phev", "plug", "in", "awd", "fwd", "rwd", "4wd", "2wd", "4x4", "4x2", "crew", "cab", "double",
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
    spoken: bool = False  # a multi-word alias ("tell you ride", "see are v"): it needs a determiner or a detail


@dataclass
class Catalogue:
    surfaces: dict[str, ModelEntry] = field(default_factory=dict)  # key without spaces/hyphens/dots -> model
    by_make: dict[tuple[str, str], ModelEntry] = field(default_factory=dict)  # (make, key) -> that make's model
    # Keys some surface writes with a space, hyphen or dot in it: only these may be read across words, so
    # "f 150" is the F-150 but "ill pass at" is no Passat.
    broken_keys: set[str] = field(default_factory=set)
    makes: dict[str, str] = field(default_factory=dict)  # key -> manufacturer's name
    trims: dict[str, dict[str, str]] = field(default_factory=dict)  # model key -> trim key -> trim
    all_trims: dict[str, str] = field(default_factory=dict)
    models_by_make: dict[str, list[ModelEntry]] = field(default_factory=dict)

    def add_model(self, surface: str, entry: ModelEntry) -> None:
        key = squash(surface)
        if not key:
            return
        if re.search(r"[\s.\-/]", surface.strip()):
            self.broken_keys.add(key)
        if " " in surface.strip() and key != squash(entry.model) and not entry.spoken:
            entry = replace(entry, spoken=True)
        if entry.word and re.search(r"\d", key) and re.search(r"[a-z]{3}", key) and not re.search(r"\s", surface.strip()):
            # A model marked a word for its spoken aliases ("forerunner") is no word written "4runner".
            entry = replace(entry, word=False)
        if (entry.make, key) not in self.by_make or not entry.spoken:
            self.by_make[(entry.make, key)] = entry
        held = self.surfaces.get(key)
        # Two makes' lines can share a name (the Dodge and the Mercedes Sprinter): the one still sold wins.
        if held is None or (held.spoken, -held.years[1]) > (entry.spoken, -entry.years[1]):
            self.surfaces[key] = entry


def tail_models_named(text: str, known: frozenset[str]) -> set[str]:
    """Known models a text names by their last word alone: "the IQ is out" after "the Escalade IQ", "the ESV"."""
    tails, pattern = _tails(known)
    if pattern is None or not pattern.search(text):
        return set()  # one search per sentence: most name no known model's last word
    return {key for w in (squash(m.group(0)) for m in _TOKEN.finditer(text)) for key in tails.get(w, ())}


@lru_cache(maxsize=64)
def _tails(known: frozenset[str]) -> tuple[dict[str, tuple[str, ...]], re.Pattern | None]:
    """The last word of each known model of more than one word, squashed, with the models it ends; and one pattern
    that finds any of them."""
    tails: dict[str, tuple[str, ...]] = {}
    for key in sorted(known):
        model = key.split("|", 1)[1]
        if " " in model:
            tail = squash(model.rsplit(" ", 1)[-1])
            tails[tail] = (*tails.get(tail, ()), key)
    words = sorted({key.split("|", 1)[1].rsplit(" ", 1)[-1] for keys in tails.values() for key in keys})
    return tails, re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words), re.I) if words else None


def _known_by_tail(entry: ModelEntry, surface: str, known: frozenset[str]) -> ModelEntry:
    """A bare name that ends a model the history already named is that model: "IQ" is the Escalade IQ there, not
    the Scion iQ. Another make's model only: a "Highlander" beside a Grand Highlander, or a Cherokee beside a Grand
    Cherokee, is a model of its own."""
    for key in _tails(known)[0].get(surface, ()):
        make, model = key.split("|", 1)
        if make != entry.make:
            return catalogue().by_make.get((make, squash(model)), entry)
    return entry


def car_talk(text: str) -> bool:
    """Words that only come up when people talk about cars: miles, trims, trades, payments, test drives."""
    return _CAR_TALK.search(text) is not None


def word_models_named(text: str) -> set[str]:
    """Catalogue models whose name is also a word ("Highlander", "Pilot") that a text could be naming bare."""
    surfaces = catalogue().surfaces
    return {_entry_key(surfaces[w]) for w in (m.group(0).casefold() for m in _TOKEN.finditer(text))
            if w in surfaces and surfaces[w].word}


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-zà-ÿ+]", "", text.casefold())


def _entry_key(entry: ModelEntry) -> str:
    return f"{entry.make}|{entry.model}"


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    data = json.loads(resources.files(__package__).joinpath("lexicon", "vehicles.json").read_text("utf-8"))
    cat = Catalogue()
    shorthand = {word: tuple(short) for word, short in data["trim_shorthand"]["words"].items()}
    for make in data["makes"]:
        name = make["make"]
        for alias in [name, *make.get("aliases", [])]:
            cat.makes[squash(alias)] = name
            if re.search(r"[\s.\-/]", alias.strip()):
                cat.broken_keys.add(squash(alias))
        for model in make.get("models", []):
            years = tuple(model.get("years") or (1900, 2100))
            entry = ModelEntry(name, _model_line(model["model"]), tuple(model.get("trims", [])),
                               bool(model.get("word")), (int(years[0]), int(years[-1])))
            cat.models_by_make.setdefault(name, []).append(entry)
            cat.add_model(entry.model, entry)
            trims = {squash(t): t for t in entry.trims}
            cat.broken_keys.update(squash(t) for t in entry.trims if re.search(r"[\s.\-/]", t))
            for trim in entry.trims:
                # "Sport Touring" said of a CR-V whose grade is "Sport Touring Hybrid", "Preferred" of a CX-5 whose
                # grade is "2.5 S Preferred": the grade, engine and drivetrain aside.
                base = _TRIM_ENGINE.sub("", _TRIM_DRIVE.sub("", trim)).strip() or trim
                trims.setdefault(squash(base), trim if base == trim else base)
                if " " in base:
                    cat.broken_keys.add(squash(base))
            for trim in entry.trims:
                if re.fullmatch(r"[sx]Drive\d{2}[ie]|M\d{2}[ie]", trim):
                    trims.setdefault(squash(trim[:-1]), trim[:-1])  # "xDrive30" as BMW now badges it, said as written
                for short in _shorthand_variants(trim, shorthand):
                    trims.setdefault(squash(short), trim)
                    cat.broken_keys.add(squash(short))
            for alias in model.get("aliases", []):
                if _says_more_than_the_line(alias, entry, trims, cat.makes):
                    continue
                variant = _numbered_variant(entry, alias)
                cat.add_model(alias, variant or entry)
            cat.trims[_entry_key(entry)] = trims
            cat.all_trims.update(trims)
    return cat


_DETAIL_WORDS = {"hybrid", "phev", "awd", "4x4", "4wd", "van", "ev", "diesel", "turbo", "plugin", "cargo", "truck",
                 "suv", "sedan", "coupe", "hatch", "hatchback", "wagon", "convertible", "crewcab", "primehybrid"}


_TRIM_DRIVE = re.compile(r"\s+(?:hybrid|phev|plug-in hybrid|awd|fwd|rwd|4wd|4x4|edition|(?:rear|all|front|four)-wheel drive)$",
                         re.I)
_TRIM_ENGINE = re.compile(r"^\d\.\d\s*(?:[a-z]\s+(?=\w{3,}))?", re.I)


def _shorthand_variants(trim: str, shorthand: dict[str, tuple[str, ...]]) -> list[str]:
    """"SE w/ Tech", "TRD OR": the trim with any of its words in a short form (at most a few dozen variants)."""
    variants = [""]
    for word in trim.split(" "):
        forms = (word, *shorthand.get(word.casefold(), ()))
        variants = [f"{v} {f}".strip() for v in variants for f in forms][:64]
    return [v for v in variants if v != trim]


def trims_of(entry: ModelEntry) -> tuple[str, ...]:
    """The model's grades as buyers say them: the catalogue's names and their bases without engine or drivetrain."""
    names = list(entry.trims)
    for trim in entry.trims:
        base = _TRIM_ENGINE.sub("", _TRIM_DRIVE.sub("", trim)).strip()
        if base and base not in names:
            names.append(base)
    return tuple(names)


def _says_more_than_the_line(alias: str, entry: ModelEntry, trims: dict[str, str], makes: dict[str, str]) -> bool:
    """"telluride sx", "crv hybrid", "mini cooper": the finder reads the trim, the detail or the make itself, so an
    alias that only adds one of them would swallow what it should report."""
    key, line = squash(alias), squash(entry.model)
    if key.startswith(line) and key != line:
        rest = key[len(line):]
        if rest in trims or rest in _DETAIL_WORDS or any(rest == t + d for t in trims for d in _DETAIL_WORDS):
            return True
    first, _, remainder = alias.strip().partition(" ")
    return bool(remainder) and squash(first) in makes and squash(remainder) == line


def _model_line(name: str) -> str:
    """"Sierra 1500" is the Sierra: the half-ton is the line itself, as the eval format writes it ("Silverado")."""
    line, _, number = name.rpartition(" ")
    return line if number in _BASE_NUMBERS and line else name


# Lines whose number is part of how the vehicle is written up ("RX 350", "Transit 250", "Express 2500"); for the
# rest the number is an engine or a badge ("GLC 300" is the GLC).
_NUMBERED_LINES = {("Lexus", None), ("Ford", "Transit"), ("Ram", "ProMaster"), ("Chevrolet", "Express"),
                   ("GMC", "Savana"), ("Mercedes-Benz", "Metris")}


def _numbered_variant(entry: ModelEntry, alias: str) -> ModelEntry | None:
    """"transit 250", "rx 350", "express 2500": the line with its number, as buyers and staff write it up."""
    if (entry.make, None) not in _NUMBERED_LINES and (entry.make, entry.model) not in _NUMBERED_LINES:
        return None
    match = re.fullmatch(rf"{re.escape(entry.model.casefold())}[\s-]?(\d{{2,4}}[a-z]?)", alias.casefold())
    if not match or match.group(1) in _BASE_NUMBERS or not match.group(1)[:2].isdigit():
        return None
    return ModelEntry(entry.make, f"{entry.model} {match.group(1)}", entry.trims, False, entry.years)


class _Word(NamedTuple):  # a tuple: every word of every sentence is one, so it must be cheap to make
    text: str
    start: int
    end: int
    key: str = ""  # squashed once, when the sentence is cut into words
    joins_next: bool = False  # only a space, hyphen or dot stands before the next word


def _words(text: str) -> list[_Word]:
    found = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    words = []
    for i, (word, start, end) in enumerate(found):
        following = found[i + 1][1] if i + 1 < len(found) else -1
        joins = 0 <= following - end <= 2 and not text[end:following].strip(" \t-./")
        words.append(_Word(word, start, end, word.casefold() if word.isalnum() else squash(word), joins))
    return words


def _joined(text: str, words: list[_Word], i: int, n: int) -> str | None:
    """The squashed key of words i..i+n when only spaces, hyphens or dots stand between them."""
    if n > 1 and words[i].text in {"a", "i"}:
        return None  # "a 4 runner" is not an A4
    if any(not words[j].joins_next for j in range(i, i + n - 1)):
        return None
    return "".join(words[j].key for j in range(i, i + n))


def _longest(text: str, words: list[_Word], i: int, table: dict, limit: int = MAX_WORDS):
    """The longest run of words starting at i whose key is in `table`: (value, words used). Runs grow one word at a
    time and stop as soon as no key in the table starts with them, so each word is looked at a few times at most."""
    prefixes = _table_prefixes(table)
    broken = _broken_keys()
    best, used, key = None, 0, ""
    for n in range(min(limit, len(words) - i)):
        j = i + n
        if n and (not words[j - 1].joins_next or words[i].text in {"a", "i"}):
            break
        key += words[j].key
        # A break between letters and digits ("f 150", "mazda 3", "4 runner") is a spacing variant of any name;
        # a break between two words only where the catalogue itself writes one.
        digit_break = bool(n) and words[j - 1].key[-1:].isdigit() != words[j].key[:1].isdigit()
        if n and words[j - 1].key[-1:].isdigit() and words[j].key[:1].isdigit() \
                and text[words[j - 1].end : words[j].start] in {".", ","}:
            break  # "13.5", "2,500": one number, never a model
        joinable = not n or digit_break or key in broken or key[:-1] in broken
        if key in table and joinable:
            best, used = table[key], n + 1
        elif n and joinable and (len(words[j].key) > 2 or words[j].key[:-1].isdigit()) and key.endswith("s") \
                and key[:-1] in table:  # "grand cherokees", "ioniq 5s"; never "650 is"
            best, used = table[key[:-1]], n + 1  # "bolt euvs", "grand cherokees"
        if key not in prefixes:
            break
    if best is None and len(words[i].key) > 3 and words[i].key.endswith("s") and words[i].key[:-1] in table:
        return table[words[i].key[:-1]], 1  # "Tacomas", "RAV4s"
    return best, used


@lru_cache(maxsize=1)
def _broken_keys() -> set[str]:
    return catalogue().broken_keys


@lru_cache(maxsize=1)
def _starting_keys() -> frozenset[str]:
    """Every prefix of every make and model key: a word whose key is not among them starts no mention."""
    cat = catalogue()
    return _table_prefixes(cat.surfaces) | _table_prefixes(cat.makes)


_PREFIX_CACHE: dict[int, tuple[int, frozenset[str]]] = {}


def _table_prefixes(table: dict) -> frozenset[str]:
    """Every prefix of every key of a lookup table, built once per table (the catalogue's tables never change)."""
    held = _PREFIX_CACHE.get(id(table))
    if held is None or held[0] != len(table):
        held = (len(table), frozenset(key[:end] for key in table for end in range(1, len(key) + 1)))
        _PREFIX_CACHE[id(table)] = held
    return held[1]


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


def years_said(text: str, reference_year: int) -> list[tuple[int, int, int]]:
    """Model years a sentence says on their own, written or spoken ("the 2026", "twenty twenty five", "two thousand
    nineteen"): (start, end, year), longest reading first where two overlap."""
    words = _words(text)
    found: list[tuple[int, int, int]] = []
    for end in range(len(words), 0, -1):
        spoken = _spoken_year(words, end, reference_year)
        if spoken is not None:
            found.append((words[spoken[1]].start, words[end - 1].end, spoken[0]))
        word = words[end - 1]
        if len(word.text) == 4 and word.text.isdigit() and 2000 <= int(word.text) <= reference_year + 2:
            found.append((word.start, word.end, int(word.text)))
    kept: list[tuple[int, int, int]] = []
    for start, end, year in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if not any(s <= start and end <= e for s, e, _ in kept):
            kept.append((start, end, year))
    return kept


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


_PLACE_BEFORE = re.compile(r"(?:\b(?:lake|grand|mount|mt\.?|south|north|east|west|through|thru|visited|visiting|"
                           r"hotel|passo del|studio|anderson|playing|skiing|skied|flew into|moved to|live in|lives in)\s+)$",
                           re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|to|from|near|at|of|on)\s+$", re.I)
_PLACE_AFTER = re.compile(r"^\s*(?:springs|county|city|river|mountains?|nevada|lake|state|street|st\b|ave|road|rd\b|"
                          r"blvd|airport|high school|,\s*(?:new mexico|nm|georgia|ga|colorado|co|texas|tx|arizona|az|"
                          r"california|ca|florida|fl|nevada|nv|utah|ut|idaho|washington|wa|oregon|montana|mt)\b)",
                          re.I)
_MAKE_AS_COMPANY = re.compile(r"^\s*(?:quoted|offered|sent me|told me|called me|emailed|said|has (?:a|the|an)\b|"
                              r"financial|finance|motor credit|credit|capital|of\b|dealer|dealership|service|svc|"
                              r"store|plaza|country|world|corporate|customer|rewards|card|app|website|'s website|"
                              r"center|centre|parts|lease trust|fs\b|certified|care\b|protection|warranty|extended|"
                              r"roadside|maintenance|genuine|accessories|rebate|loyalty|incentive|program)", re.I)
_VAN_WORDS = re.compile(r"\b(?:van|vans|cargo|cutaway|econoline|box truck|shuttle|ambulance|fleet|upfit|shelving|"
                        r"high roof|dually|chassis|work truck|plumbing|contractor)\b", re.I)
_CODE_DETERMINER = re.compile(r"\b(?:the|a|an|another|new|my|our|used|that|this|his|her|their)\s+$", re.I)
_DETERMINER = re.compile(r"\b(?:the|a|an|another|new|my|our|used|that|this|his|her|their|any|some|those|these|your|ur)"
                         r"\s+(?:(?:white|black|gray|grey|silver|blue|red|green|tan|brown|gold|orange|yellow|maroon|"
                         r"beige|used|new|certified|cpo)\s+)?$", re.I)


_INSTITUTION_AFTER = re.compile(r"^\s+(?:west|east|north|south|federal|credit|bank|financial|union|cu|fcu|mutual|savings|trust|"
                                r"capital|community|communications|insurance|airlines?|energy|flying)\b", re.I)


def _plausible_bare_model(text: str, first: _Word, last: _Word, entry: ModelEntry, around: bool = False) -> bool:
    """A model name that is also a word, a place or a code, seen without its make, year or trim. `around` says the
    rest of the message, or the staff turn it answers, talks about cars: there "tacoma." alone is the truck."""
    surface = text[first.start : last.end]
    if _INSTITUTION_AFTER.match(text[last.end : last.end + 20]):
        return False  # "financing from Vantage West", "Frontier Communications": an institution's name
    if surface.isdigit():
        return False  # "1500" alone is a number, not a Ram
    if surface.isalpha() and len(surface) <= 3:
        # "IS", "ES", "RX" are words in shouted text; "RX 350", "RX350h" or "another RX" is the Lexus.
        suffixed = re.match(r"\s?\d{3}[a-z]?\b", text[last.end :]) is not None
        if text.upper() == text:
            return suffixed  # "THIS IS GREAT": in shouted text only "RX 350" is the Lexus
        return surface.isupper() and (suffixed or _CODE_DETERMINER.search(text[: first.start]) is not None)
    if any(ch.isdigit() for ch in surface):
        return any(ch.isupper() for ch in surface)
    before = text[max(0, first.start - 20) : first.start]
    if not surface[0].isupper():
        # Lowercase chat: "the tacoma" with car talk around it, or "my tahoe"; a plural ("tienen tacomas usadas",
        # "any 4runners left") names the car, since places and words are not counted that way.
        plural = surface.casefold().endswith("s") and not squash(entry.model).endswith("s")
        if plural and _COUNTED_BEFORE.search(before) and (_CAR_TALK.search(text) or _SPANISH_CAR_TALK.search(text)):
            return True
        if around and _ONLY_THE_NAME_BEFORE.fullmatch(text[: first.start]) and not text[last.end :].strip(" .!?,"):
            return True  # "what are you thinking?" "tacoma. used is fine": a reply that is nothing but the name
        return bool((_POSSESSIVE.search(before) or _DETERMINER.search(before)) and (_CAR_TALK.search(text) or around))
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[last.end : last.end + 20]):
        return False
    if _PREPOSITION_BEFORE.search(before) and not _CAR_TALK.search(text):
        return False  # "skiing in Telluride", "a trip to Tacoma"
    if _IS_A.search(before):
        return False  # "she's a Taurus": a sign, a job, a name
    # A capitalised word is a name as often as a car: it takes "the"/"a"/"my" before it, or car talk around it.
    return _DETERMINER.search(before) is not None or _CAR_TALK.search(text) is not None or around


# What may stand before a model that makes up a whole reply: "tacoma.", "prob a highlander", "a used tacoma".
_ONLY_THE_NAME_BEFORE = re.compile(r"\W*(?:(?:the|a|an|prob(?:ably)?|prolly|maybe|def(?:initely)?|i think|ok(?:ay)?|"
                                   r"yes|yeah|ya|so|new|used|another)\W+)*", re.I)


_COUNTED_BEFORE = re.compile(r"\b(?:any|your|ur|the|some|those|these|used|new|certified|other|more|all|tienen|hay|las|los|"
                             r"unas|unos|\d+)\s+$", re.I)
_BUSINESS_AFTER = re.compile(r"^\s*(?:insurance|body|group|parts|glass|repair|sales|center|centre|club|loans?|shop)\b",
                             re.I)
_SPANISH_CAR_TALK = re.compile(r"\b(?:usad[oa]s?|nuev[oa]s?|tienen|busco|buscamos|precio|troca|camioneta)\b", re.I)
_POSSESSIVE = re.compile(r"\b(?:my|our|his|her|their|mi|wife'?s|husband'?s)\s+$", re.I)
_IS_A = re.compile(r"\b(?:she|he|i|you|they|it)(?:'s|’s| is| am|'m| are|'re) an?\s+$", re.I)
_CAR_TALK = re.compile(r"\b(?:listed|listing|still available|in stock|calling about|asking about|interested in|trd|t/i|ti|trade-?in|trading|owe|owes|owed|payoff|\d+k|\d{1,3},\d{3}|mi|engine|eng|transmission|"
                       r"stk|vin|appraisal|acv|test ?drive|drive|driving|price|pricing|msrp|lease|leasing|buy|buying|purchase|financ\w*|"
                       r"trims?|stock|inventory|miles|mileage|mpg|awd|4x4|4wd|hybrid|payments?|trade|model|dealer|"
                       r"available|quote|cargo|tow(?:ing)?|seats?|third row|3rd row|used|new|certified|cpo|oil change|"
                       r"service|recall|tires?|brakes?|warranty)\b", re.I)


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
    it, so "sport" the word is not one. Two grades offered as a choice ("LT or LTZ") name none."""
    found: list[tuple[int, int, str]] = []
    for trim, pattern in _loose_trim_patterns(trims_of(entry)):
        for match in pattern.finditer(text):
            if len(trim) <= 2:
                pass  # "the EX on your site": a two-letter grade only as written, after "the"
            elif not (text[match.end() : match.end() + 6].casefold().startswith(" trim") or len(trim) > 3
                      or trim.isupper()):
                continue
            if TRIM_REFUSED_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
                continue  # "the TRD Off-Road, not the TRD Off-Road Premium"
            if not any(s < match.end() and match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), trim))
    if not found:
        return None
    start, end, trim = found[0]
    grades = set(trims_of(entry)) - {trim}
    before = _CHOICE_BEFORE.search(text[max(0, start - 30) : start])
    after = _CHOICE_AFTER.match(text[end : end + 30])
    said = [m.group(1) for m in (before, after) if m]
    if any(words in grades or words.split(" ")[0] in grades or words.split(" ")[-1] in grades for words in said):
        return None
    return trim


# Words before a grade that turn it down: "not the Off-Road Premium", "rather than the XLE", "the LE over the XLE".
TRIM_REFUSED_BEFORE = re.compile(r"\b(?:than|not|instead of|over|no)\s+(?:the\s+|an?\s+)?$", re.I)
# Another grade as the other half of a choice, as written: "LT or LTZ", "XLE vs the Limited".
_CHOICE_BEFORE = re.compile(r"(?<![\w/-])([\w-]+(?: [\w-]+)?)\s*(?:or|vs\.?|versus|/)\s*(?:the\s+|an?\s+)?$", re.I)
_CHOICE_AFTER = re.compile(r"\s*(?:or|vs\.?|versus|/)\s*(?:the\s+|an?\s+)?([\w-]+(?: [\w-]+)?)", re.I)


@lru_cache(maxsize=4096)
def _loose_trim_patterns(trims: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((trim, re.compile(rf"\b(?:the|an?)\s+{re.escape(trim)}(?![\w/-])" if len(trim) <= 2
                                   else rf"(?<![\w/-]){re.escape(trim)}(?![\w/-])"))
                 for trim in sorted(trims, key=len, reverse=True))


def find_vehicles(text: str, reference_year: int = 2026, known: frozenset[str] = frozenset(),
                  around: bool = False) -> list[VehicleMention]:
    """Vehicles a sentence names. `known` holds the models ("Toyota|Highlander") this customer's history already
    names beyond doubt: there a bare "Leaning Highlander" is the car, not a Scot. `around` says the sentence's
    message, or the staff turn it answers, talks about cars."""
    cat = catalogue()
    words = _words(text)
    found: list[VehicleMention] = []
    starts = _starting_keys()
    i = 0
    while i < len(words):
        if words[i].key not in starts and not (words[i].key.endswith("s") and words[i].key[:-1] in starts):
            i += 1  # most words start no make, model or alias: one set lookup instead of three table walks
            continue
        if i and words[i - 1].key in _NOT_BEFORE_A_MODEL:
            i += 1  # "stk S7-0931", "VIN JF2...", "RO 318842": codes, not cars
            continue
        make_name, make_used = _longest(text, words, i, cat.makes, limit=3)
        model_at = i + make_used
        # The run of names starting here is looked up once: with no make before it, it is also the model's run.
        whole, whole_used = _longest(text, words, i, cat.surfaces)
        if make_used == 0:
            entry, model_used = whole, whole_used
        else:
            entry, model_used = _longest(text, words, model_at, cat.surfaces) if model_at < len(words) else (None, 0)
        for limit in range(make_used - 1, 0, -1):
            if make_name is None or entry is not None:
                break
            # "MINI Cooper S": a make alias that runs into the model ("mini cooper") gives way to make + model.
            shorter, shorter_used = _longest(text, words, i, cat.makes, limit=limit)
            if shorter is not None:
                found_entry, found_used = _longest(text, words, i + shorter_used, cat.surfaces)
                if found_entry is not None:
                    make_name, make_used, model_at = shorter, shorter_used, i + shorter_used
                    entry, model_used = found_entry, found_used
        if whole is not None and whole_used > make_used + model_used:
            # "ford one fifty", "mazda three": an alias that carries its make reads better than the make alone.
            entry, model_used, model_at = whole, whole_used, i
            make_name = whole.make if make_name == whole.make else None
        if entry is None and make_name is None:
            entry, model_used, model_at = whole, whole_used, i
        if entry is not None and make_name is not None and entry.make != make_name:
            # "Dodge Sprinter" is the Dodge's, though the Mercedes holds the name; "Honda Sierra" is no GMC.
            entry = None
            for n in range(model_used, 0, -1):
                entry = cat.by_make.get((make_name, _joined(text, words, model_at, n) or ""))
                if entry is not None:
                    model_used = n
                    break
        if entry is not None and make_name is None and entry.make == "Ford" and entry.model in {"E-350", "E-450"} \
                and not _VAN_WORDS.search(text):
            # "E350" alone is as often the Mercedes sedan: the Ford only with van talk around it.
            entry = cat.by_make.get(("Mercedes-Benz", _joined(text, words, model_at, model_used) or ""), entry)
        if entry is not None and make_name is None and known and model_used == 1:
            entry = _known_by_tail(entry, words[model_at].key, known)
        if entry is not None:
            mention = _model_mention(text, words, i, model_at, model_used, entry, make_name, reference_year,
                                     _entry_key(entry) in known, around)
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
                   make_name: str | None, reference_year: int, known: bool = False,
                   around: bool = False) -> VehicleMention | None:
    first, last = words[model_at], words[model_at + model_used - 1]
    year_word = words[start - 1] if start and _JOIN_GAP.fullmatch(text[words[start - 1].end : words[start].start]
                                                                   .replace("'", "")) else None
    year = _year(year_word, text, reference_year)
    if year is None:
        year_word = None  # the word before was no year ("a Volt"): the mention starts at the name
    spoken = _spoken_year(words, start, reference_year) if year is None else None
    if spoken is not None:
        year, year_word = spoken[0], _Word("0000", words[spoken[1]].start, words[start - 1].end, "0000")
    after_model = model_at + model_used
    if year is None and after_model < len(words) and len(words[after_model].text) == 4 \
            and _JOIN_GAP.fullmatch(text[last.end : words[after_model].start]):
        # "tacoma 2012", "Civic 2015": the year after the model, as Spanish and CRM shorthand write it.
        year = _year(words[after_model], text, reference_year)
        if year is not None:
            year_word, after_model = words[after_model], after_model + 1
    trim, after = _trim_after(text, words, after_model, entry)
    # "2019 Edge", "'16 Cherokee", "trd 14 Tundra": a model year before a capitalised name makes it the car.
    year_confirms = year is not None and year_word is not None and (
        len(year_word.text) == 4 or (first.text[:1].isupper() and year_word.start < first.start))
    code = _is_code(text, first, last)
    shouted = text[first.start : last.end].isupper()
    trim_confirms = trim is not None and not (code and not shouted)
    year_confirms = year_confirms and not (code and not shouted)  # "the 2015 is paid off"
    if entry.word and not (make_name or trim_confirms or year_confirms) and not first.text[:1].isupper() \
            and re.search(r"\bin\s+[\"'“]?$", text[max(0, first.start - 6) : first.start]):
        return None  # "have been 'in transit' since August", "a cousin in tacoma": a phrase or a place, never the car
    if (entry.word or code) and not (make_name or trim_confirms or year_confirms or (known and not code)):
        if entry.spoken or not _plausible_bare_model(text, first, last, entry, around):
            if not (entry.spoken and _DETERMINER.search(text[max(0, first.start - 12) : first.start])):
                return None
    elif entry.spoken and not (make_name or trim or year is not None
                               or _DETERMINER.search(text[max(0, first.start - 12) : first.start])):
        return None  # "you'll see are v-neck sweaters": the sounds of a model name, not the model
    if entry.spoken and _BUSINESS_AFTER.match(text[last.end : last.end + 20]):
        return None  # "my silver auto insurance", "the silver auto body shop": a business, not the sounds of a car
    if year is None:
        year = _year_later_in_phrase(text, words, after if trim else after_model, reference_year)
    begin = year_word.start if year is not None and year_word is not None and year_word.start < first.start \
        else words[start].start
    end = words[after - 1].end if trim else words[after_model - 1].end
    return VehicleMention(begin, end, entry.make, entry.model, year, trim or _loose_trim(text, entry))


def trims_placed(text: str, make: str, model: str) -> list[tuple[int, int, str]]:
    """Every trim of this model a sentence names, as (start, end, trim) in order; where two overlap the longer is
    kept, and one turned down ("not the X") is left out."""
    found: list[tuple[int, int, str]] = []
    for trim, pattern in sorted(_trim_patterns(make, model), key=lambda p: -len(p[0])):
        for match in pattern.finditer(text):
            if TRIM_REFUSED_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
                continue  # "the TRD Off-Road, not the TRD Off-Road Premium"
            if not any(s < match.end() and match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), trim))
    return sorted(found)


# A maker's package name that leads a grade and is dropped in speech: "TRD Off-Road" is "the Off-Road".
_PACKAGE_PREFIXES = frozenset({"TRD"})


@lru_cache(maxsize=4096)
def _trim_patterns(make: str, model: str) -> tuple[tuple[str, re.Pattern], ...]:
    entry = next((e for e in catalogue().models_by_make.get(make, []) if _model_line(e.model) == model.split(" ")[0]
                  or _model_line(e.model) == model), None)
    if entry is None:
        return ()
    compiled = []
    trims = trims_of(entry)
    for trim in trims:
        head, _, rest = trim.partition(" ")
        if head in _PACKAGE_PREFIXES and rest and not any(t.casefold() == rest.casefold() for t in trims):
            # "I want the Off-Road", "a base Pro": Toyota's TRD grades said without the TRD, after a determiner.
            compiled.append((trim, re.compile(rf"\b(?:the|an?|base|new)\s+{re.escape(rest)}(?![\w/-])", re.I)))
        if len(trim) <= 2:
            compiled.append((trim, re.compile(rf"\b(?:the|an?)\s+{re.escape(trim)}(?![\w/-])")))
        elif len(trim) <= 3:
            compiled.append((trim, re.compile(rf"(?<![\w/-]){re.escape(trim)}(?![\w/-])")))
        else:
            compiled.append((trim, re.compile(rf"(?<![\w/-]){re.escape(trim)}(?![\w/-])", re.I)))
    return tuple(compiled)


def _year_later_in_phrase(text: str, words: list[_Word], after: int, reference_year: int) -> int | None:
    """"ram 3500 laramie cummins, 2026, crew 4x4": a model year a few words on, before any other vehicle."""
    cat = catalogue()
    for j in range(after, min(after + 6, len(words))):
        word = words[j]
        if word.key in cat.surfaces or word.key in cat.makes:
            return None
        if len(word.text) == 4 and word.text.isdigit():
            year = _year(word, text, reference_year)
            return year if year is not None and year >= 2000 else None
        spoken = _spoken_year(words, j + 2, reference_year) if j + 2 <= len(words) else None
        if spoken is not None and spoken[1] == j:
            return spoken[0]
    return None


def _is_code(text: str, first: _Word, last: _Word) -> bool:
    """Two-letter codes and bare numbers ("ES", "IS", "Z", "300") need the same context a word does; "WRX" or
    "MDX" alone is the car."""
    surface = text[first.start : last.end]
    return not any(ch.isalpha() for ch in surface) or (surface.isalpha() and len(surface) <= 2)


_STORE_NAMED_BEFORE = re.compile(r"\b(?:is this|this is|calling|called|here at|over at|welcome to)\s+(?:the\s+)?"
                                 r"(?:[A-Za-z]+\s+){0,2}$", re.I)


def _make_mention(text: str, words: list[_Word], start: int, used: int, make: str,
                  reference_year: int) -> VehicleMention | None:
    word = words[start]
    after = text[words[start + used - 1].end :]
    if make in {"Ram", "Genesis", "Lincoln", "Mini", "MINI", "Fiat", "Smart", "Scion", "Saturn", "Mercury"} \
            and not word.text[0].isupper():
        return None  # "ram", "genesis", "mini", "mercury" are words
    if _PLACE_AFTER.match(after) or re.search(r"\b\d+(?:st|nd|rd|th)\s+(?:and|&)\s+$", text[: word.start], re.I):
        return None  # "off Dodge Street", "144th and Dodge", "Lincoln Ave": a street, not a car
    if _MAKE_AS_COMPANY.match(after):
        return None  # "Honda Financial", "Toyota of Austin": the company, not a vehicle
    if _STORE_NAMED_BEFORE.search(text[: word.start]):
        return None  # "hey is this bayside honda?", "thanks for calling Northside Chevrolet": the store's name
    year_word = words[start - 1] if start and _JOIN_GAP.fullmatch(text[words[start - 1].end : word.start]
                                                                   .replace("'", "")) else None
    year = _year(year_word, text, reference_year)
    begin = year_word.start if year is not None and year_word is not None else word.start
    return VehicleMention(begin, words[start + used - 1].end, make, None, year)
