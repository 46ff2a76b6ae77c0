"""Department handoffs: audience views, greetings, service-to-sales scoring, talk tracks and the funnel."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from conftest import SHARED_EXAMPLES, brief_of, chat, load, make_case
from handoff.agent.audience import for_audience
from handoff.agent.greeting import greet
from handoff.agent.upgrade import ScoringConfig, StatusError, check_transition, score_order
from handoff.api.cli import app
from handoff.retrieval.models import RepairOrder
from typer.testing import CliRunner

runner = CliRunner()
TODAY = date(2026, 8, 21)
PRESSURE = re.compile(r"\b(?:act now|today only|limited time|won'?t last|must|hurry|don'?t miss|last chance|"
                      r"before it'?s gone|pressure)\b", re.I)


@pytest.fixture
def mike_brief(store):
    return brief_of(store, load(SHARED_EXAMPLES / "mike-silverado.json"))


def test_fi_brief_always_carries_lease_buy_financing_and_trade(mike_brief):
    fi = for_audience(mike_brief, "fi")
    assert fi.shown[:3] == ["purchase_type", "financing", "trade_in"]
    assert {d.fact for d in fi.dont_ask} <= set(fi.shown)


def test_desk_and_human_see_their_own_order(mike_brief):
    assert for_audience(mike_brief, "desk").shown[:3] == ["payment_target", "down_payment", "trade_in"]
    assert for_audience(mike_brief, "human").shown[0] == "vehicle_interest"


def test_service_brief_has_a_welcome_note_in_the_preferred_channel(store):
    brief = brief_of(store, make_case([
        chat(("customer", "we'll be towing a 7,000 lb camper most weekends"), ("customer", "texting is best for me"),
             ("agent", "Congrats on the new Silverado!")),
        {"channel": "note", "author": "Sales - Dre", "at": "2026-03-03T10:00:00-06:00",
         "text": "SOLD/DELIVERED 26 Silverado LT to Mike."},
    ]), audience="service")
    assert brief.salesperson == "Dre" and brief.delivered
    assert brief.welcome_note.startswith("[send as a text]")
    assert "Dre introduced us" in brief.welcome_note and "severe-duty" in brief.welcome_note
    assert any("towing" in note.text for note in brief.vehicle_usage)


@pytest.mark.parametrize("channel", ["call", "chat", "sms", "email"])
def test_greeting_names_the_customer_and_the_vehicle_in_the_channels_register(mike_brief, channel):
    greeting = greet(mike_brief, channel)
    assert greeting.returning and "Mike" in greeting.text and "Silverado" in greeting.text
    assert not re.search(r"credit|income|ssn|birth|card", greeting.text, re.I)
    if channel == "email":
        assert greeting.text.startswith("Hi Mike,\n\n")
    if channel in {"chat", "sms"}:
        assert len(greeting.text) < 120


def test_greeting_never_claims_what_the_brief_lacks(store):
    brief = brief_of(store, make_case([chat(("customer", "my credit is bad, can you still help? ssn 123-45-6789"),
                                            ("agent", "I'll call you back"))]))
    greeting = greet(brief, "call")
    assert not re.search(r"credit|ssn|123-45-6789|looking at the", greeting.text, re.I)


@pytest.mark.parametrize("channel", ["call", "chat", "sms", "email"])
def test_a_returning_parts_customer_is_greeted_with_what_staff_said_they_would_do(store, channel):
    brief = brief_of(store, make_case([chat(
        ("customer", "Not shopping. Do you sell the NACS adapter for my Ioniq 5?"),
        ("agent", "I'll have parts reach out about the adapter."),
        ("customer", "Thanks, I'm not in the market for another car."))]))
    greeting = greet(brief, channel)
    assert greeting.returning and "adapter" in greeting.text and "next vehicle" not in greeting.text


def test_a_crm_note_is_never_read_back_to_the_customer_in_a_greeting(store):
    brief = brief_of(store, make_case([
        chat(("customer", "Just the transmission estimate please, not trading."), ("agent", "Understood.")),
        {"channel": "note", "author": "Service - Kim", "at": "2026-03-03T10:00:00-06:00",
         "text": "He was firm: not interested in buying. Will follow up on the estimate Friday."},
    ]))
    for channel in ("call", "chat", "sms", "email"):
        assert "firm" not in greet(brief, channel).text and "Will follow up" not in greet(brief, channel).text


def test_first_time_customer_gets_a_plain_welcome(data_dir):
    result = runner.invoke(app, ["greet", "--phone", "512-555-0123", "--channel", "sms", "--json"])
    assert result.exit_code == 0, result.output
    greeting = json.loads(result.stdout)
    assert greeting["returning"] is False and "Thanks for reaching out" in greeting["text"]


def truck(**changes) -> RepairOrder:
    values = {"ro_number": "55812", "phone": "918-555-0144", "year": 2020, "make": "Ford", "model": "F-150",
              "repair_estimate": 4800, "vehicle_value": 14500, "payoff": 9000}
    return RepairOrder(**{**values, **changes})


def test_an_old_truck_with_a_big_repair_and_equity_is_routed_with_an_honest_talk_track(mike_brief):
    scored = score_order(truck(), "c1", ScoringConfig(), mike_brief, today=TODAY)
    assert scored.routed
    track = scored.talk_track
    for figure in ("$4,800", "$14,500", "$9,000", "$5,500"):
        assert figure in track
    assert "Keep it" in track and "Upgrade" in track and "$500/month" in track and "Dana" in track
    assert not PRESSURE.search(track)
    assert {s.name: s.points for s in scored.signals}["equity"] > 0


def test_a_new_car_with_a_small_repair_is_not_routed_and_gets_no_pitch():
    scored = score_order(RepairOrder(ro_number="1", phone="918-555-0199", year=2024, make="Honda", model="Civic",
                                     repair_estimate=300, vehicle_value=24000), "c2", ScoringConfig(), None, today=TODAY)
    assert not scored.routed and scored.talk_track is None and scored.opportunity_id is None


def test_missing_fields_remove_their_signals_and_never_crash():
    scored = score_order(RepairOrder(ro_number="2", email="a@b.example"), "c3", ScoringConfig(), None, today=TODAY)
    assert scored.signals == [] and scored.score == 0 and not scored.routed


def test_lease_maturity_and_miles_over_allowance_are_signals():
    order = truck(year=2023, payoff=None, lease_maturity=date(2026, 11, 30), mileage=41000, lease_miles_allowed=36000)
    names = {s.name: s.points for s in score_order(order, "c", ScoringConfig(), None, today=TODAY).signals}
    assert names["lease_maturity"] > 0 and names["lease_miles"] > 0


def test_status_moves_forward_only():
    check_transition("surfaced", "contacted")
    with pytest.raises(StatusError):
        check_transition("sold", "surfaced")
    with pytest.raises(StatusError):
        check_transition("surfaced", "won")


def write_orders(tmp_path, rows, name="ros.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows))
    return path


def test_score_ro_json_funnel_and_restart(data_dir, tmp_path):
    orders = write_orders(tmp_path, [truck(opened_at=datetime(2026, 8, 20, tzinfo=UTC),
                                           closed_at=datetime(2026, 8, 21, tzinfo=UTC)).model_dump(mode="json"),
                                     {"ro_number": "9", "phone": "918-555-0100", "year": 2025, "repair_estimate": 200,
                                      "vehicle_value": 30000}])
    result = runner.invoke(app, ["score-ro", str(orders), "--dealer", "store-tulsa", "--json"])
    assert result.exit_code == 0, result.output
    routed, skipped = json.loads(result.stdout)
    assert routed["routed"] and routed["opportunity_id"] and routed["talk_track"]
    assert {"score", "routed", "signals", "talk_track", "opportunity_id"} <= set(skipped)
    assert skipped["opportunity_id"] is None and skipped["talk_track"] is None

    def stages():
        out = runner.invoke(app, ["funnel", "--dealer", "store-tulsa", "--json"])
        return json.loads(out.stdout)["stages"]

    assert stages()["surfaced"] == 1
    shown = json.loads(runner.invoke(app, ["opportunity", routed["opportunity_id"], "--dealer", "store-tulsa",
                                           "--json"]).stdout)
    assert [d["channel"] for d in shown["follow_ups"]] == ["sms", "email"]
    assert "appraisal" in shown["follow_ups"][1]["text"]
    moved = runner.invoke(app, ["opportunity", routed["opportunity_id"], "--status", "appointment",
                                "--dealer", "store-tulsa", "--json"])
    assert json.loads(moved.stdout)["follow_ups"] == []
    assert stages() == {"surfaced": 0, "contacted": 0, "appointment": 1, "sold": 0, "lost": 0}
    # Each CLI call opens the store afresh: the counts above already survived a restart. Scoring again keeps status.
    runner.invoke(app, ["score-ro", str(orders), "--dealer", "store-tulsa"])
    assert stages()["appointment"] == 1
    other = json.loads(runner.invoke(app, ["funnel", "--dealer", "other", "--json"]).stdout)["stages"]
    assert set(other.values()) == {0}  # another dealer's funnel sees none of it


def test_score_ro_csv_and_per_dealer_config(data_dir, tmp_path):
    csv_path = tmp_path / "export.csv"
    csv_path.write_text("ro_number,phone,year,make,model,mileage,repair_estimate,vehicle_value,payoff\n"
                        '77,918-555-0144,2020,Ford,F-150,"112,000","$4,800","$14,500","$9,000"\n'
                        "78,918-555-0145,2024,Honda,Civic,,300,24000,\n")
    result = runner.invoke(app, ["score-ro", str(csv_path), "--json"])
    assert [r["routed"] for r in json.loads(result.stdout)] == [True, False]
    (data_dir / "dealers").mkdir(parents=True)
    (data_dir / "dealers" / "strict.json").write_text(json.dumps({"route_at": 500}))
    strict = runner.invoke(app, ["score-ro", str(csv_path), "--dealer", "strict", "--json"])
    assert [r["routed"] for r in json.loads(strict.stdout)] == [False, False]


def test_bad_repair_orders_are_named_and_skipped(data_dir, tmp_path):
    path = write_orders(tmp_path, [{"ro_number": "1", "phone": "918-555-0144", "year": "old"},
                                   {"ro_number": "2"}, {"ro_number": "3", "phone": "918-555-0144"}])
    result = runner.invoke(app, ["score-ro", str(path), "--json"])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and "#1: year" in errors[0] and "#2" in errors[1] and "identity" in errors[1]
    assert [r["ro_number"] for r in json.loads(result.stdout)] == ["3"]
