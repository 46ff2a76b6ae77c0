"""PII never lands: every variant in two corpora written blind outside the project (cards in any grouping, SSNs and
ITINs, dates of birth, licences by state, routing, account and IBAN numbers, passports, spoken digits) is masked,
and what must stay (VINs, phones, prices, mileage, ordinary dates, plates) stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from handoff.retrieval.pii import aba_ok, iban_ok, luhn_ok, mask_pii

DATA = Path(__file__).parent / "data"
CORPORA = sorted(DATA.glob("pii_corpus*.json"))
ITEMS = [item for path in CORPORA for item in json.loads(path.read_text())]


def test_the_corpora_hold_at_least_a_hundred_variants_of_every_kind():
    kinds = {item["kind"] for item in ITEMS}
    assert len(ITEMS) >= 100 and {"card", "ssn", "dob", "licence", "bank", "passport", "negative"} <= kinds


@pytest.mark.parametrize("item", ITEMS, ids=[i["id"] for i in ITEMS])
def test_every_secret_is_masked_and_every_keep_survives(item):
    masked = mask_pii(item["text"], item.get("asked", ""))
    for secret in item["secrets"]:
        assert secret not in masked, f"{secret!r} survived in {masked!r}"
    for keep in item["keep"]:
        assert keep in masked, f"{keep!r} was masked in {masked!r}"


@pytest.mark.parametrize("check, good, bad", [
    (luhn_ok, "4111111111111111", "4111111111111112"),
    (aba_ok, "021000021", "021000022"),
    (iban_ok, "GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 33"),
])
def test_the_checksums(check, good, bad):
    assert check(good.replace(" ", "") if check is not iban_ok else good) and not check(bad)


def test_a_staff_question_says_what_a_bare_answer_is():
    assert mask_pii("6/3/79", asked="Can I get your date of birth?") == "[date of birth removed]"
    assert mask_pii("6/3/79", asked="When can you come in?") == "6/3/79"


def _long_secrets() -> list[str]:
    # Short secrets ("123", "6789") occur by chance in any database file; the rest must be nowhere.
    return sorted({s for item in ITEMS for s in item["secrets"] if len(s.replace(" ", "")) >= 6})


def test_no_raw_pii_reaches_the_disk_the_outputs_or_the_logs(data_dir, tmp_path):
    cases = tmp_path / "pii.jsonl"
    with cases.open("w") as out:
        for number, item in enumerate(ITEMS):
            turns = ([{"speaker": "agent", "text": item["asked"]}] if item.get("asked") else []) + [
                {"speaker": "customer", "text": item["text"]}]
            out.write(json.dumps({"id": item["id"], "customer": {"phone": f"+1512555{number:04d}"}, "interactions": [
                {"channel": "chat", "started_at": "2026-03-02T14:05:00-06:00", "messages": turns}]}) + "\n")
    ingested = run_cli(["ingest", cases])
    assert ingested.exit_code == 0, ingested.output
    outputs = [ingested.output]
    for number in range(0, len(ITEMS), 7):
        outputs.append(run_cli(["brief", "--phone", f"+1512555{number:04d}", "--json"]).output)
        outputs.append(run_cli(["timeline", "--phone", f"+1512555{number:04d}", "--json"]).output)
    secrets = _long_secrets()
    on_disk = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    leaked = [s for s in secrets if s.encode() in on_disk or any(s in o for o in outputs)]
    assert leaked == []


def test_an_error_line_never_echoes_a_card_or_ssn(data_dir, tmp_path):
    bad = tmp_path / "bad.json"
    # The speaker is echoed in its error line ("message 1 has speaker ..."): the card in it must be masked there.
    bad.write_text(json.dumps({"customer": {"phone": "512-555-0101"}, "interactions": [
        {"channel": "chat", "started_at": "2026-03-02T14:05:00-06:00",
         "messages": [{"speaker": "4111 1111 1111 1111", "text": "hi"}]}]}))
    failed = run_cli(["ingest", bad])
    assert failed.exit_code == 1 and "has speaker" in failed.stderr and "[card number removed]" in failed.stderr
    assert "4111 1111 1111 1111" not in failed.output


def test_no_raw_pii_reaches_the_disk_the_responses_or_the_logs_through_the_api(tmp_path, caplog):
    import logging

    import httpx
    from handoff.api.app import create_app
    from handoff.retrieval.settings import Settings
    from test_api import LiveServer

    app = create_app(Settings(data_dir=tmp_path / "api-data", rate_limit=None))
    key = app.state.backends.keys.create("pii")[1]
    bodies = []
    with caplog.at_level(logging.DEBUG), LiveServer(app) as server, httpx.Client(
            base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
        for number, item in enumerate(ITEMS):
            turns = ([{"speaker": "agent", "text": item["asked"]}] if item.get("asked") else []) + [
                {"speaker": "customer", "text": item["text"]}]
            stored = client.post("/v1/interactions", json={"customer": {"phone": f"+1737555{number:04d}"}, "interaction": {
                "channel": "chat", "started_at": "2026-03-02T14:05:00-06:00", "messages": turns}})
            assert stored.status_code == 201, stored.text
            if number % 5 == 0:
                customer_id = stored.json()["customer_id"]
                bodies.append(client.get(f"/v1/customers/{customer_id}/brief").text)
                bodies.append(client.get(f"/v1/customers/{customer_id}/messages").text)
        rejected = client.post("/v1/interactions", json={"customer": {"phone": "512-555-0101"}, "interaction": {
            "channel": "chat", "started_at": "2026-03-02T14:05:00-06:00",
            "messages": [{"speaker": "4111 1111 1111 1111", "text": "hi"}]}})
        assert rejected.status_code == 422 and "[card number removed]" in rejected.json()["detail"]
        bodies.append(rejected.text)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "api-data").rglob("*") if p.is_file())
    leaked = [s for s in _long_secrets() if s.encode() in on_disk or s in logged or any(s in b for b in bodies)]
    assert leaked == []
