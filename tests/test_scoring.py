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


def test_a_case_whose_brief_raises_is_an_error_case_and_the_run_goes_on(tmp_path, embedder):
    import json

    from handoff.agent.offline.engine import OfflineEngine
    from handoff.evals.harness import run_eval

    class BreaksOnDana(OfflineEngine):
        def brief(self, customer, messages, now=None, search=None):
            if customer.name == "Dana Reyes":
                raise RuntimeError("engine bug")
            return super().brief(customer, messages, now, search)

    def case(case_id, name, phone):
        return {"id": case_id, "dealer_id": "d", "customer": {"name": name, "phone": phone},
                "interactions": [{"channel": "sms", "started_at": "2026-03-02T14:05:00-06:00",
                                  "messages": [{"speaker": "customer", "text": "looking for a RAV4, text me"}]}],
                "expected": {"vehicle_interest": {"make": "Toyota", "model": "RAV4"}, "spouse": None}}

    (tmp_path / "a.json").write_text(json.dumps(case("a", "Dana Reyes", "512-555-0142")))
    (tmp_path / "b.json").write_text(json.dumps(case("b", "Mike Alvarez", "512-555-0101")))
    report = run_eval(tmp_path, BreaksOnDana(), embedder)
    assert report["overall"]["cases"] == 2 and report["overall"]["errors"] == 1
    assert report["errors"] == [{"id": "a", "error": "RuntimeError: engine bug"}]
    vehicle = report["fields"]["vehicle_interest"]
    assert (vehicle["correct"], vehicle["missed"]) == (1, 1)  # the failed case's facts count as missed
