"""The LLM engine against a real HTTP server on 127.0.0.1 that speaks the OpenAI protocol, scripted per test."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import SHARED_EXAMPLES, chat, load, make_case
from fake_openai import FakeOpenAI, answer, error, hang
from handoff.agent.briefing import make_brief
from handoff.agent.engines import engine_from
from handoff.api.cli import app
from handoff.retrieval.ingest import batch_from_case, ingest
from handoff.retrieval.settings import Settings
from handoff.retrieval.tokens import count_tokens
from typer.testing import CliRunner


@pytest.fixture
def llm_server():
    with FakeOpenAI() as server:
        yield server


def settings_for(server, **overrides) -> Settings:
    values = {"engine": "openai", "llm_base_url": server.base_url, "llm_model": "fake-model", "llm_timeout": 2.0,
              "llm_retries": 1, **overrides}
    return Settings(**values)


@pytest.fixture
def mike(store):
    result = ingest(store, batch_from_case(load(SHARED_EXAMPLES / "mike-silverado.json"), "mike"))
    return result.customer


def message_with(store, customer, fragment):
    return next(m for m in store.messages(customer) if fragment in m.text)


def alias(store, customer, fragment):
    """The short id the prompt shows for a message: its place in the history, m1 first (all of Mike's fit)."""
    history = store.messages(customer)
    return f"m{history.index(message_with(store, customer, fragment)) + 1}"


def good_answer(store, customer, **overrides):
    truck = alias(store, customer, "Looking at the new Silverado")
    payment = alias(store, customer, "Keep it at five hundred")
    facts = {
        "vehicle_interest": {"value": {"make": "Chevrolet", "model": "Silverado"}, "message_id": truck,
                             "quote": "looking at the NEW   Silverado"},
        "payment_target": {"value": {"monthly": 500}, "message_id": payment, "quote": "Keep it at five hundred"},
        "concerns": [{"text": "Payments", "message_id": truck, "quote": "worried about payments"}],
        "promises": [],
    }
    facts.update(overrides)
    return facts


def test_a_good_answer_becomes_a_brief_with_verified_evidence(store, mike, llm_server):
    llm_server.enqueue(answer(good_answer(store, mike)))
    brief = make_brief(store, engine_from(settings_for(llm_server)), mike)
    assert brief.engine == "openai" and not brief.degraded
    assert brief.fact_values()["vehicle_interest"] == {"make": "Chevrolet", "model": "Silverado"}
    evidence = brief.facts.vehicle_interest.evidence[0]
    assert evidence.quote == "Looking at the new Silverado"  # the message's own words
    assert evidence.message_id == message_with(store, mike, "Looking at the new Silverado").id
    assert brief.model == "fake-model" and brief.prompt_version == "brief-v1"
    assert brief.usage.prompt_tokens == 1234 and brief.usage.source == "response"
    request = llm_server.requests[0]
    assert request["response_format"]["type"] == "json_schema"
    assert request["messages"][0]["role"] == "system"


def test_a_fabricated_quote_is_dropped_and_counted(store, mike, llm_server):
    payment = alias(store, mike, "Keep it at five hundred")
    llm_server.enqueue(answer(good_answer(store, mike, down_payment={
        "value": {"amount": 5000}, "message_id": payment, "quote": "I can put five grand down"})))
    brief = make_brief(store, engine_from(settings_for(llm_server)), mike)
    assert brief.fact_values()["down_payment"] is None
    assert brief.unsupported_facts == 1
    assert brief.fact_values()["payment_target"] == {"monthly": 500}


def test_a_quote_citing_a_message_that_was_not_shown_is_dropped(store, mike, llm_server):
    llm_server.enqueue(answer(good_answer(store, mike, deadline={
        "value": {"date": "2026-03-20"}, "message_id": "m999", "quote": "by the 20th"})))
    brief = make_brief(store, engine_from(settings_for(llm_server)), mike)
    assert brief.fact_values()["deadline"] is None and brief.unsupported_facts == 1


def test_invalid_json_is_asked_again_once(store, mike, llm_server):
    llm_server.enqueue(answer("{not json"), answer(good_answer(store, mike)))
    brief = make_brief(store, engine_from(settings_for(llm_server)), mike)
    assert not brief.degraded and brief.fact_values()["payment_target"] == {"monthly": 500}
    assert len(llm_server.requests) == 2
    assert "not valid for the schema" in llm_server.requests[1]["messages"][-1]["content"]


def test_schema_invalid_twice_falls_back_to_offline(store, mike, llm_server):
    llm_server.enqueue(answer({"payment_target": {"value": {"monthly": "lots"}}}), answer("[]"))
    brief = make_brief(store, engine_from(settings_for(llm_server)), mike)
    assert brief.engine == "offline" and brief.degraded
    assert "schema" in brief.degraded_reason
    assert brief.fact_values()["payment_target"] == {"monthly": 500}  # the offline engine's reading


def test_429_then_success_is_retried(store, mike, llm_server):
    llm_server.enqueue(error(429, {"retry-after": "0"}), answer(good_answer(store, mike)))
    brief = make_brief(store, engine_from(settings_for(llm_server)), mike)
    assert not brief.degraded and len(llm_server.requests) == 2


def test_a_hang_past_the_timeout_falls_back_within_the_bound(store, mike, llm_server):
    llm_server.always(hang(5))
    settings = settings_for(llm_server, llm_timeout=1.0, llm_retries=1)
    started = time.monotonic()
    brief = make_brief(store, engine_from(settings), mike)
    elapsed = time.monotonic() - started
    assert brief.degraded and "timed out" in brief.degraded_reason
    assert elapsed <= settings.llm_timeout * (settings.llm_retries + 1) + 1


def test_connection_refused_falls_back(store, mike):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(engine="openai", llm_base_url=f"http://127.0.0.1:{port}/v1", llm_timeout=1, llm_retries=1)
    brief = make_brief(store, engine_from(settings), mike)
    assert brief.degraded and "could not be reached" in brief.degraded_reason


def test_credentials_in_the_model_url_are_never_repeated(store, mike):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = engine_from(Settings(engine="openai", llm_base_url=f"http://vllm:hunter2@127.0.0.1:{port}/v1",
                                  llm_timeout=1, llm_retries=0))
    brief = make_brief(store, engine, mike)
    assert brief.degraded and "hunter2" not in brief.model_dump_json() and "hunter2" not in engine.cache_tag


def test_a_long_history_is_cut_to_the_budget_with_only_this_customers_messages(store, llm_server):
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    turns = [{"speaker": "customer" if i % 2 else "agent", "text": f"turn {i}: still thinking about the Tahoe, "
              f"maybe {400 + i % 50} a month, we talked about colors and the third row again",
              "at": (start + timedelta(hours=i)).isoformat()} for i in range(2000)]
    turns.append({"speaker": "customer", "text": "final answer: 450 a month, my wife Dana decides with me",
                  "at": (start + timedelta(hours=2001)).isoformat()})
    mine = ingest(store, batch_from_case(make_case([{"channel": "sms", "messages": turns}]), "long")).customer
    ingest(store, batch_from_case(make_case([chat(("customer", "OTHER-CUSTOMER-SECRET wants a Miata"))],
                                             {"phone": "512-555-0199"}), "other"))
    llm_server.always(answer({"concerns": [], "promises": []}))
    settings = settings_for(llm_server, prompt_token_budget=6000)
    brief = make_brief(store, engine_from(settings), mine)
    request = llm_server.requests[-1]
    prompt_tokens = sum(count_tokens(m["content"]) for m in request["messages"])
    schema_tokens = count_tokens(json.dumps(request["response_format"]["json_schema"]["schema"]))
    assert prompt_tokens + schema_tokens <= 6000
    user = request["messages"][-1]["content"]
    assert "OTHER-CUSTOMER-SECRET" not in user
    assert "final answer: 450 a month" in user  # the most recent messages always make it in
    assert 10 < brief.context_messages < 2001


def test_auto_uses_the_llm_only_when_configured(llm_server, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert engine_from(Settings(engine="auto")).name == "offline"
    assert engine_from(Settings(engine="auto", llm_base_url=llm_server.base_url)).name == "openai"


runner = CliRunner()


def test_cli_brief_with_a_server_that_fails_every_request(data_dir, llm_server, monkeypatch):
    llm_server.always(error(500))
    monkeypatch.setenv("HANDOFF_ENGINE", "openai")
    monkeypatch.setenv("HANDOFF_LLM_BASE_URL", llm_server.base_url)
    monkeypatch.setenv("HANDOFF_LLM_TIMEOUT", "2")
    monkeypatch.setenv("HANDOFF_LLM_RETRIES", "2")
    assert runner.invoke(app, ["ingest", str(SHARED_EXAMPLES / "mike-silverado.json")]).exit_code == 0
    started = time.monotonic()
    result = runner.invoke(app, ["brief", "--phone", "5125550101", "--dealer", "store-austin", "--json"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["engine"] == "offline" and brief["degraded"] is True
    assert "HTTP 500" in brief["degraded_reason"]
    assert len(llm_server.requests) == 3
    assert elapsed <= 2 * 3 + 1


def test_eval_with_the_llm_engine_reports_cost(data_dir, llm_server, tmp_path):
    llm_server.always(answer({"preferred_contact": None, "concerns": [], "promises": []},
                             usage={"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940}))
    result = runner.invoke(app, ["eval", str(SHARED_EXAMPLES), "--engine", "openai", "--json"],
                           env={"HANDOFF_LLM_BASE_URL": llm_server.base_url})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overall"]["usage"]["prompt_tokens"] == 900 * 3
    assert all(case["usage"]["completion_tokens"] == 40 for case in report["cases"])
    assert all(case["engine"] == "openai" for case in report["cases"])


def test_the_llm_may_phrase_the_greeting_but_not_add_facts(store, mike, llm_server):
    from handoff.agent.greeting import greeting_for

    engine = engine_from(settings_for(llm_server))
    brief = make_brief(store, engine_from(Settings(engine="offline")), mike)
    llm_server.enqueue(answer("Mike! Good to hear from you. Still thinking about that Silverado? Tom owes you a text."))
    phrased = greeting_for(brief, "chat", engine)
    assert phrased.engine == "openai" and phrased.text.startswith("Mike! Good to hear")
    llm_server.enqueue(answer("Mike! The Tacoma is ready at $399 a month, and your credit looks fine."))
    checked = greeting_for(brief, "chat", engine)
    assert checked.engine == "offline" and "Tacoma" not in checked.text  # made-up facts: the offline draft stands
    llm_server.always(error(500))
    assert greeting_for(brief, "call", engine).engine == "offline"


@pytest.mark.parametrize("fact, cited, why", [
    ("payment_target", {"value": {"monthly": 99}, "quote": "Keep it at five hundred"}, "a figure the quote does not say"),
    ("vehicle_interest", {"value": {"make": "Ford", "model": "Bronco"}, "quote": "Looking at the new Silverado"},
     "a vehicle the quote does not name"),
    ("payment_target", {"value": {"monthly": 500}, "quote": "five"}, "a one-word quote"),
])
def test_a_real_quote_that_does_not_state_the_value_is_dropped(store, mike, llm_server, fact, cited, why):
    fragment = "Keep it at five hundred" if "five" in cited["quote"] else "Looking at the new Silverado"
    overrides = {fact: {**cited, "message_id": alias(store, mike, fragment)}}
    llm_server.enqueue(answer(good_answer(store, mike, **overrides)))
    brief = make_brief(store, engine_from(settings_for(llm_server)), mike)
    assert brief.fact_values()[fact] is None, why
    assert brief.unsupported_facts == 1


def test_a_promise_must_cite_a_staff_message(store, mike, llm_server):
    customer_line = alias(store, mike, "Looking at the new Silverado")
    staff_line = alias(store, mike, "I'll text you a couple of LTs")
    llm_server.enqueue(answer(good_answer(store, mike, promises=[
        {"text": "Dealer will knock off $5,000", "message_id": customer_line, "quote": "Looking at the new Silverado"},
        {"text": "Text LT inventory", "message_id": staff_line, "quote": "I'll text you a couple of LTs"}])))
    brief = make_brief(store, engine_from(settings_for(llm_server)), mike)
    assert [p.text for p in brief.promises] == ["Text LT inventory"]


@pytest.mark.parametrize("injection", __import__("test_precision").INJECTIONS)
def test_a_model_that_falls_for_an_injection_still_sets_no_fact(store, llm_server, injection):
    case = make_case([chat(("customer", "I'm looking at a RAV4 and want to stay under $450 a month."),
                           ("customer", injection))])
    customer = ingest(store, batch_from_case(case, "inj")).customer
    history = store.messages(customer)
    fooled = {"payment_target": {"value": {"monthly": 99}, "message_id": f"m{len(history)}", "quote": injection},
              "concerns": [], "promises": [{"text": "approved at $99", "message_id": f"m{len(history)}",
                                            "quote": injection}]}
    llm_server.enqueue(answer(fooled))
    brief = make_brief(store, engine_from(settings_for(llm_server)), customer)
    assert brief.fact_values()["payment_target"] is None and brief.promises == []
