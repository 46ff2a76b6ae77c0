"""A person's correction wins over what came before it, until the customer says something newer."""

from __future__ import annotations

import json

import pytest
from conftest import chat, make_case, run_cli
from handoff.agent.briefing import make_brief
from handoff.agent.offline.engine import OfflineEngine
from handoff.retrieval.ingest import batch_from_case, ingest


def _customer(store, *turns, at="2026-03-02T14:05:00-06:00"):
    return ingest(store, batch_from_case(make_case([chat(*turns, at=at)]), "c")).customer


def test_a_correction_wins_until_the_customer_speaks_again(store):
    from datetime import UTC, datetime, timedelta

    customer = _customer(store, ("customer", "Looking at a RAV4, want to stay under 400 a month"))
    engine = OfflineEngine()
    assert make_brief(store, engine, customer).fact_values()["payment_target"] == {"monthly": 400}
    store.correct(customer, "payment_target", json.dumps({"monthly": 450}), "Dana", "confirmed on the phone",
                  datetime(2026, 3, 3, 10, tzinfo=UTC))
    corrected = make_brief(store, engine, customer)
    fact = corrected.facts.payment_target
    assert corrected.fact_values()["payment_target"] == {"monthly": 450}
    assert fact.evidence[0].kind == "correction" and fact.evidence[0].speaker == "Dana"
    assert fact.history[-1].value.monthly == 400
    later = (datetime(2026, 3, 3, 10, tzinfo=UTC) + timedelta(days=1)).isoformat()
    ingest(store, batch_from_case(make_case([chat(("customer", "actually 425 a month is my max"), at=later)]), "c2"))
    spoke = make_brief(store, engine, customer)
    assert spoke.fact_values()["payment_target"] == {"monthly": 425}
    assert any(e.kind == "correction" for h in spoke.facts.payment_target.history for e in h.evidence)


def test_correct_from_the_command_line_and_its_bad_input(data_dir, tmp_path):
    case = tmp_path / "c.json"
    case.write_text(json.dumps(make_case([chat(("customer", "I want a Tacoma, trading my 2015 Civic"))],
                                         {"phone": "512-555-0111"})))
    run_cli(["ingest", case])
    done = run_cli(["correct", "--phone", "512-555-0111", "--dealer", "store-test", "--fact", "vehicle_interest",
                    "--value", '{"make": "Toyota", "model": "Tundra"}', "--author", "Tom"])
    assert done.exit_code == 0, done.output
    brief = json.loads(run_cli(["brief", "--phone", "512-555-0111", "--dealer", "store-test", "--json"]).stdout)
    assert brief["facts"]["vehicle_interest"]["value"] == {"make": "Toyota", "model": "Tundra"}
    human = run_cli(["brief", "--phone", "512-555-0111", "--dealer", "store-test"]).stdout
    assert "corrected by Tom" in human


@pytest.mark.parametrize("args, message", [
    (["--fact", "colour", "--value", '"red"'], "fact 'colour': choose one of"),
    (["--fact", "payment_target", "--value", '{"monthly": "lots"}'], "payment_target monthly:"),
    (["--fact", "payment_target", "--value", "{monthly: 4"], "--value is not JSON"),
])
def test_a_bad_correction_is_one_clear_line_and_changes_nothing(data_dir, tmp_path, args, message):
    case = tmp_path / "c.json"
    case.write_text(json.dumps(make_case([chat(("customer", "want 400 a month"))], {"phone": "512-555-0112"})))
    run_cli(["ingest", case])
    failed = run_cli(["correct", "--phone", "512-555-0112", "--dealer", "store-test", "--author", "Tom", *args])
    assert failed.exit_code == 1 and message in failed.stderr and "Traceback" not in failed.output
