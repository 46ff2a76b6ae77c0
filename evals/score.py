"""Scoring exactly as the eval format's Scoring section says: no looser, no stricter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..agent.models import FACT_NAMES

MAKE_ALIASES = {"chevy": "chevrolet", "vw": "volkswagen"}
SPACE_FREE_KEYS = {"model", "trim"}


def normalise(value: Any, key: str | None = None) -> Any:
    if isinstance(value, str):
        text = value.strip().casefold()
        if key == "make":
            text = MAKE_ALIASES.get(text, text)
        if key in SPACE_FREE_KEYS:
            text = text.replace(" ", "").replace("-", "")
        return text
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def matches(expected: Any, got: Any) -> bool:
    """An object is right when every sub-key the case gives is right; others are not scored."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return False
        return all(normalise(v, k) == normalise(got.get(k), k) for k, v in expected.items())
    return normalise(expected) == normalise(got)


def outcome(expected: Any, got: Any) -> str:
    if expected is None:
        return "abstained" if got is None else "hallucinated"
    if got is None:
        return "missed"
    return "correct" if matches(expected, got) else "wrong"


@dataclass
class Tally:
    correct: int = 0
    wrong: int = 0
    missed: int = 0
    hallucinated: int = 0
    abstained: int = 0

    def add(self, result: str) -> None:
        setattr(self, result, getattr(self, result) + 1)

    @property
    def precision(self) -> float:
        asserted = self.correct + self.wrong + self.hallucinated
        return self.correct / asserted if asserted else 1.0

    @property
    def recall(self) -> float:
        expected = self.correct + self.wrong + self.missed
        return self.correct / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "correct": self.correct, "wrong": self.wrong, "missed": self.missed, "hallucinated": self.hallucinated}


@dataclass
class CaseScore:
    id: str
    details: dict[str, dict] = field(default_factory=dict)
    leaks: int = 0
    greeting_ok: bool | None = None
    greeting: str | None = None
    engine: str = "offline"
    degraded: bool = False
    usage: dict | None = None
    error: str | None = None  # the brief itself failed: every expected fact counts as missed

    def count(self, result: str) -> int:
        return sum(1 for d in self.details.values() if d["outcome"] == result)


def score_case(case_id: str, expected: dict, facts: dict[str, Any]) -> CaseScore:
    scored = CaseScore(case_id)
    for name in FACT_NAMES:
        if name in expected:
            scored.details[name] = {"expected": expected[name], "got": facts.get(name),
                                    "outcome": outcome(expected[name], facts.get(name))}
    return scored


def failed_case(case_id: str, expected: dict, error: str) -> CaseScore:
    """A case whose brief raised: scored as a brief that knows nothing, so the failure costs recall, not the run."""
    scored = score_case(case_id, expected, {})
    scored.error = error
    return scored


def leaks_in(outputs: list[str], forbidden: list[str]) -> int:
    """How many outputs contain any must_not_contain string (case-insensitive)."""
    needles = [f.casefold() for f in forbidden if f]
    return sum(1 for text in outputs if any(n in text.casefold() for n in needles))
