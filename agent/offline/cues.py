"""Cue lexicons kept as data (`lexicon/*.json`), each entry with the examples that specify it.

An entry is a named list of regular-expression alternatives with a description and `match` / `no_match`
sentences; `tests/test_lexicons.py` runs every example, so a new phrase is a data change with its proof, the way
Duckling keeps its corpus beside its rules."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Cue:
    name: str
    description: str
    pattern: re.Pattern
    match: tuple[str, ...]
    no_match: tuple[str, ...]

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text)


def lexicon_files() -> list[str]:
    folder = resources.files(__package__).joinpath("lexicon")
    # The catalogue and the Spanish gloss have shapes of their own, and tests of their own.
    return sorted(p.name for p in folder.iterdir()
                  if p.name.endswith(".json") and p.name not in {"vehicles.json", "spanish.json"})


@cache
def cues(file: str) -> dict[str, Cue]:
    data = json.loads(resources.files(__package__).joinpath("lexicon", file).read_text("utf-8"))
    return {name: Cue(name, entry["description"], re.compile("|".join(f"(?:{p})" for p in entry["pattern"]),
                                                              re.I | re.M),
                      tuple(entry.get("match", [])), tuple(entry.get("no_match", [])))
            for name, entry in data.items()}


def cue(file: str, name: str) -> Cue:
    return cues(file)[name]


@cache
def any_cue(file: str, names: tuple[str, ...]) -> re.Pattern:
    """One pattern for several entries: a sentence that matches none of them is passed over with one search."""
    return re.compile("|".join(f"(?:{cue(file, name).pattern.pattern})" for name in names), re.I | re.M)
