"""The command line, driven as a user would: ingest, brief, eval, demo, and every kind of bad input."""

from __future__ import annotations

import json

import pytest
from conftest import DEV_CASES, SHARED_EXAMPLES
from handoff.agent.models import FACT_NAMES
from handoff.api.cli import app
from typer.testing import CliRunner

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_ingest_then_brief_json_is_the_brief_model(data_dir):
    ingested = run("ingest", *sorted(SHARED_EXAMPLES.glob("*.json")))
    assert ingested.exit_code == 0, ingested.output
    assert "stored 30 new messages" in ingested.output
    again = run("ingest", *sorted(SHARED_EXAMPLES.glob("*.json")))
    assert "stored 0 new messages (30 already stored)" in again.output

    result = run("brief", "--phone", "512.555.0101", "--dealer", "store-austin", "--json")
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert {"customer", "facts", "engine", "degraded"} <= set(brief)
    assert set(brief["facts"]) == set(FACT_NAMES)
    assert brief["engine"] == "offline" and brief["degraded"] is False
    assert brief["facts"]["payment_target"]["value"] == {"monthly": 500}
    evidence = brief["facts"]["payment_target"]["evidence"][0]
    assert {"message_id", "channel", "at", "role", "quote"} <= set(evidence)


def test_human_brief_fits_one_screen(data_dir):
    run("ingest", SHARED_EXAMPLES / "mike-silverado.json")
    result = runner.invoke(app, ["brief", "--email", "MIKE.ALVAREZ@example.com", "--dealer", "store-austin"],
                           env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "Silverado" in result.output and "$500/mo" in result.output
    assert len(result.output.splitlines()) <= 30


def test_raw_files_with_identity_flags(data_dir, tmp_path):
    eml = tmp_path / "lead.eml"
    eml.write_text("From: Priya <priya.r@example.com>\nTo: internet@metrohonda.example\n"
                   "Date: Tue, 05 May 2026 21:14:00 -0400\nSubject: CR-V\n\nI'd like to lease a CR-V, around $400/month.\n")
    transcript = tmp_path / "call.txt"
    transcript.write_text("[00:00:01] Agent: Metro Honda, this is Jordan.\n[00:00:04] Priya: Email is the best way to reach me.\n")
    ok = run("ingest", eml, "--email", "priya.r@example.com", "--name", "Priya Raman")
    assert ok.exit_code == 0, ok.output
    ok = run("ingest", transcript, "--email", "priya.r@example.com", "--name", "Priya Raman",
             "--started-at", "2026-05-06T10:00:00-04:00")
    assert ok.exit_code == 0, ok.output
    brief = json.loads(run("brief", "--email", "priya.r@example.com", "--json").stdout)
    assert brief["facts"]["purchase_type"]["value"] == "lease"
    assert brief["facts"]["preferred_contact"]["value"] == "email"


@pytest.mark.parametrize(
    "name, content, extra, message",
    [("bad.json", "{not json", [], "is not valid JSON"),
     ("nodate.eml", "From: a@b.example\nTo: sales@d.example\n\nhello", ["--email", "a@b.example"], "no parseable Date"),
     ("case.json", json.dumps({"customer": {"name": "No Id"}, "interactions": []}), [], "no customer identity"),
     ("notes.pdf", "%PDF", ["--phone", "5125550101"], "unknown format"),
     ("latin.txt", b"Agent: caf\xe9", ["--phone", "5125550101", "--started-at", "2026-05-06T10:00:00-04:00"], "not UTF-8"),
     ("chat.json", json.dumps([{"speaker": "customer", "text": "hi"}]), ["--phone", "5125550101"], "--channel")],
)
def test_bad_input_is_one_clear_line_and_nothing_is_stored(data_dir, tmp_path, name, content, extra, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run("ingest", path, *extra)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and str(path) in errors[0] and message in errors[0]
    assert "Traceback" not in result.output
    assert not (data_dir / "chroma").exists() or "stored" not in result.stdout


def test_one_bad_interaction_stores_nothing_from_that_case(data_dir, tmp_path):
    case = json.loads((SHARED_EXAMPLES / "mike-silverado.json").read_text())
    case["interactions"].append({"channel": "email", "raw": "From: x@y.example\n\nno date"})
    path = tmp_path / "half.json"
    path.write_text(json.dumps(case))
    assert run("ingest", path).exit_code == 1
    missing = run("brief", "--phone", "5125550101", "--dealer", "store-austin")
    assert missing.exit_code == 1 and "no customer" in missing.stderr


def test_unknown_customer_and_missing_identity(data_dir):
    assert "name the customer" in run("brief").stderr
    assert run("brief", "--phone", "not a phone").exit_code == 1


def test_eval_json_shape_on_the_shared_examples(data_dir):
    result = run("eval", SHARED_EXAMPLES, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["overall"]) >= {"precision", "recall", "f1", "hallucinations", "leaks", "cases"}
    assert report["overall"]["cases"] == 3
    assert set(report["fields"]) == set(FACT_NAMES)
    assert set(report["fields"]["deadline"]) >= {"precision", "recall", "f1", "correct", "wrong", "missed", "hallucinated"}
    assert {"id", "correct", "wrong", "missed", "hallucinated", "details"} <= set(report["cases"][0])


def test_eval_refuses_a_folder_without_cases(data_dir, tmp_path):
    result = run("eval", tmp_path)
    assert result.exit_code == 1 and "no .json or .jsonl case files" in result.stderr


def test_demo_prints_briefs_from_a_throwaway_store(data_dir):
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "Silverado" in result.output and "CR-V" in result.output
    assert not data_dir.exists()


def test_help_lists_the_commands():
    result = run("--help")
    for command in ("ingest", "brief", "eval", "demo", "greet", "score-ro", "opportunity", "funnel", "timeline",
                    "reindex", "db", "serve"):
        assert command in result.output


def test_timeline_shows_every_message_in_time_order(data_dir):
    run("ingest", SHARED_EXAMPLES / "mike-silverado.json")
    shown = run("timeline", "--phone", "512-555-0101", "--dealer", "store-austin", "--json")
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)
    assert len(rows) == 18 and [r["at"] for r in rows] == sorted(r["at"] for r in rows)
    assert {"id", "channel", "role", "speaker", "at", "text"} <= set(rows[0])
    human = run("timeline", "--phone", "512-555-0101", "--dealer", "store-austin")
    assert "Mike Alvarez  18 messages" in human.stdout and "customer:" in human.stdout
    unknown = run("timeline", "--phone", "512-555-0999", "--dealer", "store-austin")
    assert unknown.exit_code == 1 and "no customer with 512-555-0999" in unknown.stderr


def test_db_status_upgrade_and_reindex(data_dir):
    fresh = run("db", "status")
    assert fresh.exit_code == 0 and "revision none (empty)" in fresh.stdout
    upgraded = run("db", "upgrade")
    assert upgraded.exit_code == 0 and "database at revision 0003 (was empty)" in upgraded.stdout
    assert "revision 0003" in run("db", "status").stdout
    run("ingest", SHARED_EXAMPLES / "mike-silverado.json")
    rebuilt = run("reindex", "--dealer", "store-austin")
    assert rebuilt.exit_code == 0 and rebuilt.stdout.strip() == "indexed 18 messages for dealer 'store-austin'"


@pytest.mark.parametrize(("env", "message"), [
    ({}, "--workers 2 needs a Chroma server"),
    ({"HANDOFF_DATABASE_URL": "mysql://x@127.0.0.1/db"}, "mysql is not supported"),
])
def test_serve_refuses_settings_it_cannot_run_with(data_dir, monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    refused = run("serve", "--workers", "2", *(["--port", "1"] if env else []))
    if env:  # a single worker still checks the database before listening
        refused = run("serve", "--port", "1")
    assert refused.exit_code == 1 and message in refused.stderr and "Traceback" not in refused.output


@pytest.mark.parametrize(("half", "f1", "cases_per_hallucination", "greetings"), [
    # Measured 2026-12-02 (session 8) after batches zn, zo, zp and zq (Mid-Atlantic, California, New York metro
    # and Texas stores; 13, 7, 5 and 3 invented facts in 16 cases each at first sight) joined and their tuning
    # halves were worked through:
    ("tune", 0.95, 12, 0.93),  # F1 0.958, 32 hallucinations in 461 cases, greetings 0.94
    ("check", 0.88, 3.2, 0.82),  # never tuned on: F1 0.892, 131 in 461, greetings 0.84
])
def test_dev_set_halves_hold_their_measured_quality(data_dir, half, f1, cases_per_hallucination, greetings):
    """The regression guard for the offline engine, per half of the dev set, a little under what it measures now,
    and never a leak. (The issue's bar for the check half, F1 0.95 and one hallucination per 20, is not met yet.)"""
    overall = json.loads(run("eval", DEV_CASES / half, "--json").stdout)["overall"]
    assert overall["cases"] >= 300 and overall["errors"] == 0
    assert overall["f1"] >= f1
    assert overall["hallucinations"] <= overall["cases"] / cases_per_hallucination
    assert overall["leaks"] == 0  # the brief and the greeting of every case
    assert overall["greeting_mentions"] >= greetings


def test_scoring_through_the_command_line_agrees_with_handoff_eval(data_dir):
    """`python -m handoff.evals.outside` ingests and briefs each case with the installed CLI, as an outsider does,
    and must score exactly what `handoff eval` scores."""
    import subprocess
    import sys

    inside = json.loads(run("eval", SHARED_EXAMPLES, "--json").stdout)["overall"]
    outside = subprocess.run([sys.executable, "-m", "handoff.evals.outside", str(SHARED_EXAMPLES), "--json"],
                             capture_output=True, text=True, timeout=600)
    assert outside.returncode == 0, outside.stderr
    report = json.loads(outside.stdout)["overall"]
    assert report["errors"] == 0
    assert (report["f1"], report["hallucinations"], report["leaks"]) == (inside["f1"], inside["hallucinations"],
                                                                         inside["leaks"])
