"""The scorer normalises exactly as the eval format says, no looser."""

from __future__ import annotations

import pytest

from handoff.evals.score import leaks_in, outcome, score_case


@pytest.mark.parametrize(
    "expected, got, result",
    [({"make": "Chevrolet", "model": "F-250"}, {"make": "chevy", "model": "f250"}, "correct"),
     ({"make": "Volkswagen", "model": "CR-V"}, {"make": " VW ", "model": "cr v", "year": 2024}, "correct"),
     ({"make": "Ford", "model": "F-150", "year": 2014}, {"make": "Ford", "model": "F-150"}, "wrong"),
     ({"monthly": 450}, {"monthly": 450.0}, "correct"),
     ({"make": "Mercedes-Benz"}, {"make": "Mercedes"}, "wrong"),
     ("text", "TEXT ", "correct"),
     ({"monthly": 450}, None, "missed"),
     (None, {"monthly": 450}, "hallucinated"),
     (None, None, "abstained")],
)
def test_outcomes(expected, got, result):
    assert outcome(expected, got) == result


def test_only_keys_the_case_gives_are_scored():
    scored = score_case("c", {"deadline": None, "greeting_must_mention": ["x"]}, {"deadline": None, "spouse": {"involved": True}})
    assert list(scored.details) == ["deadline"]


def test_leaks_count_outputs_that_contain_a_forbidden_string():
    assert leaks_in(["ssn 123-45-6789", "clean", "123-45-6789 again"], ["123-45-6789"]) == 2
    assert leaks_in(["anything"], []) == 0
