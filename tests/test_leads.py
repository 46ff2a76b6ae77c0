"""ADF/XML leads as real senders write them: a file, an email body, a POST; and the ones that must be refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

LEADS = Path(__file__).parent / "data" / "leads"


def _brief(phone: str) -> dict:
    shown = run_cli(["brief", "--phone", phone, "--json"])
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_a_website_lead_becomes_a_customer_with_vehicle_purchase_type_and_trade(data_dir):
    done = run_cli(["ingest", LEADS / "website.xml"])
    assert done.exit_code == 0, done.output
    brief = _brief("512-555-0188")
    facts = {name: fact["value"] for name, fact in brief["facts"].items()}
    assert brief["customer"]["name"] == "Priya Raman" and brief["customer"]["emails"] == ["priya.r@example.com"]
    assert facts["vehicle_interest"] == {"make": "Honda", "model": "CR-V", "year": 2026, "trim": "EX-L"}
    assert facts["purchase_type"] == "lease"
    assert facts["trade_in"] == {"has_trade": True, "year": 2018, "make": "Toyota", "model": "Camry", "mileage": 61000}
    assert facts["payment_target"] == {"monthly": 420} and facts["preferred_contact"] == "text"


def test_a_lead_inside_an_email_with_the_whole_vehicle_in_model(data_dir):
    assert run_cli(["ingest", LEADS / "oem-in-email.eml"]).exit_code == 0
    facts = {name: fact["value"] for name, fact in _brief("737-555-0144")["facts"].items()}
    assert facts["vehicle_interest"]["model"] == "Bronco Sport" and facts["purchase_type"] == "buy"
    assert facts["trade_in"]["model"] == "Cherokee" and facts["down_payment"] == {"amount": 3000}


@pytest.mark.parametrize("content, message", [
    ("<adf><prospect><customer><contact><name>X</name></contact></customer></prospect>", "no closing </adf>"),
    ("<adf><prospect><customer><contact><name>X</name></contact></customer></prospect></adf>", "no phone or email"),
    ('<?xml version="1.0"?><!DOCTYPE adf [<!ENTITY x "boom">]><adf><prospect>&x;</prospect></adf>', "entities"),
    ("<adf><prospect><customer></prospect></adf>", "not well-formed XML"),
])
def test_a_bad_lead_is_one_line_naming_the_file_and_stores_nothing(data_dir, tmp_path, content, message):
    lead = tmp_path / "bad.xml"
    lead.write_text(content)
    failed = run_cli(["ingest", lead])
    assert failed.exit_code == 1 and str(lead) in failed.stderr and message in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    assert not (data_dir / "handoff.sqlite3").exists() or "stored" not in failed.stdout


def test_a_lead_posted_to_the_api(tmp_path):
    import httpx
    from handoff.api.app import create_app
    from handoff.retrieval.settings import Settings
    from test_api import LiveServer

    app = create_app(Settings(data_dir=tmp_path / "data"))
    key = app.state.backends.keys.create("store-a", "integration")[1]
    with LiveServer(app) as server, httpx.Client(base_url=server.url,
                                                  headers={"Authorization": f"Bearer {key}"}) as c:
        stored = c.post("/v1/leads", content=(LEADS / "website.xml").read_bytes(),
                        headers={"Content-Type": "application/xml"})
        assert stored.status_code == 201, stored.text
        brief = c.get(f"/v1/customers/{stored.json()['customer_id']}/brief").json()
        bad = c.post("/v1/leads", content=b"<adf><prospect>", headers={"Content-Type": "application/xml"})
    assert brief["facts"]["vehicle_interest"]["value"]["model"] == "CR-V"
    assert bad.status_code == 422 and "no closing </adf>" in bad.json()["detail"]


@pytest.mark.parametrize("format", ["jsonl", "csv", "adf"])
def test_export_holds_every_customer(data_dir, format):
    from conftest import SHARED_EXAMPLES

    run_cli(["ingest", *sorted(SHARED_EXAMPLES.glob("*.json"))])
    run_cli(["ingest", LEADS / "website.xml", "--dealer", "store-austin"])
    done = run_cli(["export", "--dealer", "store-austin", "--format", format])
    assert done.exit_code == 0, done.output
    out = done.stdout
    if format == "jsonl":
        briefs = [json.loads(line) for line in out.splitlines()]
        names = {b["customer"]["name"] for b in briefs}
        assert "Mike Alvarez" in names and "Priya Raman" in names
        assert all(set(b["facts"]) >= {"vehicle_interest", "payment_target"} for b in briefs)
    elif format == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(out)))
        assert {"Mike Alvarez", "Priya Raman"} <= {r["name"] for r in rows}
        mike = next(r for r in rows if r["name"] == "Mike Alvarez")
        assert mike["payment_target"] == "$500/mo" and mike["payment_target_quote"]
    else:
        from defusedxml import ElementTree

        documents = [ElementTree.fromstring(d.split("?>", 2)[-1]) for d in out.splitlines()]
        assert any(d.find("prospect/vehicle").get("interest") == "lease" for d in documents)
