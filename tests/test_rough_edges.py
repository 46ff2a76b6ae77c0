"""What a dealership hits first: welcomes for people who never bought, texts to people who said no, config typos."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from conftest import brief_of, chat, make_case, run_cli
from handoff.agent.upgrade import ConfigError, follow_ups, load_config, refused_channels
from handoff.retrieval.models import Channel, Message, Opportunity, Role


def test_a_shopper_who_never_bought_gets_no_service_welcome(store):
    brief = brief_of(store, make_case([chat(("customer", "Looking at a Tacoma, text me"))]), audience="service")
    assert brief.welcome_note is None


def _said(text: str) -> Message:
    return Message(id="m", dealer="d", customer_id="c", channel=Channel.sms, role=Role.customer,
                   at=datetime(2026, 3, 2, tzinfo=UTC), text=text)


@pytest.mark.parametrize("text, refused", [
    ("STOP", {"sms"}), ("stop", {"sms"}), ("please don't text me, call instead", {"sms"}),
    ("I don't do texts", {"sms"}), ("no more emails please", {"email"}), ("do not email me", {"email"}),
    ("text me anytime", set()), ("stop by saturday?", set()), ("I'll stop in after work", set()),
    ("can you email the numbers", set()),
])
def test_refusals_are_read_from_what_the_customer_said(text, refused):
    assert refused_channels([_said(text)]) == refused


def test_follow_ups_skip_a_channel_the_customer_refused():
    now = datetime(2026, 3, 5, tzinfo=UTC)
    opportunity = Opportunity(id="o", dealer="d", customer_id="c", ro_number="1", score=70, created_at=now,
                              updated_at=now, visit_closed_at=now - timedelta(days=3))
    assert [d.channel for d in follow_ups(opportunity, "Ana", now)] == ["sms", "email"]
    assert [d.channel for d in follow_ups(opportunity, "Ana", now, {"sms"})] == ["email"]


@pytest.mark.parametrize("config, message", [
    ({"route_at": 60, "mileage_pionts": 5}, "mileage_pionts is not a setting"),
    ({"route_at": "high"}, "route_at Input should be a valid integer"),
])
def test_a_dealer_config_typo_or_bad_value_names_its_field(tmp_path, config, message):
    (tmp_path / "dealers").mkdir()
    (tmp_path / "dealers" / "d.json").write_text(json.dumps(config))
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path, "d")


def test_a_raw_transcript_for_a_known_customer_uses_the_directorys_name(data_dir, tmp_path):
    case = tmp_path / "c.json"
    case.write_text(json.dumps(make_case([chat(("customer", "hi, looking at a Highlander"))],
                                         {"name": "Maria Lopez", "phone": "512-555-0133"})))
    run_cli(["ingest", case])
    call = tmp_path / "call.txt"
    call.write_text("Tom: Thanks for calling, this is Tom.\nMaria: Hi, it's Maria again, I want to stay under 500 a month.\n")
    done = run_cli(["ingest", call, "--phone", "512-555-0133", "--dealer", "store-test",
                    "--started-at", "2026-03-04T10:00:00-06:00"])
    assert done.exit_code == 0, done.output
    rows = json.loads(run_cli(["timeline", "--phone", "512-555-0133", "--dealer", "store-test", "--json"]).stdout)
    roles = {r["text"]: r["role"] for r in rows}
    assert roles["Hi, it's Maria again, I want to stay under 500 a month."] == "customer"
    assert roles["Thanks for calling, this is Tom."] == "staff"


def test_the_human_brief_keeps_whole_quotes_in_an_80_column_terminal(store):
    from handoff.api.render import render_brief
    from rich.console import Console

    brief = brief_of(store, make_case([chat(("customer", "I'd like to keep the payment at four hundred fifty a month"))]))
    console = Console(width=80, record=True, color_system=None)
    render_brief(brief, console)
    shown = console.export_text()
    import re

    assert "keep the payment at four hundred fifty a month" in re.sub(r"\s+", " ", shown)
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_a_dms_export_with_its_own_headers_is_read_through_the_presets_and_a_map(data_dir, tmp_path):
    export = tmp_path / "ros.csv"
    export.write_text("RO#,Customer Name,Home Phone,Year,Make,Model,Odometer,Est Total,Shop Value\n"
                      '88123,Ana Ruiz,512-555-0177,2014,Ford,Escape,"142,000","$4,800","$6,000"\n')
    column_map = tmp_path / "map.json"
    column_map.write_text(json.dumps({"Shop Value": "vehicle_value"}))
    scored = run_cli(["score-ro", export, "--map", column_map, "--json"])
    assert scored.exit_code == 0, scored.output
    order = json.loads(scored.stdout)[0]
    assert order["ro_number"] == "88123" and order["score"] > 0
    bad_map = tmp_path / "bad.json"
    bad_map.write_text(json.dumps({"Shop Value": "shop_value"}))
    refused = run_cli(["score-ro", export, "--map", bad_map])
    assert refused.exit_code == 1 and "'shop_value', which is not a repair-order field" in refused.stderr


def test_an_interaction_stored_again_under_its_source_id_replaces_the_old_version(data_dir, tmp_path):
    call = tmp_path / "call.txt"
    args = ["ingest", call, "--phone", "512-555-0144", "--name", "Lee Park", "--dealer", "store-test",
            "--started-at", "2026-03-04T10:00:00-06:00", "--source-id", "call-7781"]
    call.write_text("Tom: Thanks for calling.\nLee: I want to stay under 600 a month.\n")
    assert run_cli(args).exit_code == 0
    call.write_text("Tom: Thanks for calling.\nLee: I want to stay under 500 a month.\n")  # the corrected transcript
    again = run_cli(args)
    assert again.exit_code == 0, again.output
    texts = [r["text"] for r in json.loads(run_cli(["timeline", "--phone", "512-555-0144", "--dealer", "store-test",
                                                    "--json"]).stdout)]
    assert texts == ["Thanks for calling.", "I want to stay under 500 a month."]
