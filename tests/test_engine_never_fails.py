"""The offline engine never fails a brief: whatever a history holds, every part of the brief is computed without
an exception reaching the per-fact boundary (which would leave that fact unknown and log an error)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from handoff.agent.offline.engine import OfflineEngine
from handoff.retrieval.models import Channel, Customer, Message, Role
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FRAGMENTS = [
    "Something from Subaru.", "A Honda.", "the Telluride", "a Wrangler", "Tacoma?", "F150", "4 runner", "CRV",
    "tell you ride", "rav for", "500", "five hundred", "$0", "0", "12k", "2019", "'19", "ok", "?", "!!!", "thx",
    "🚗🚗", "👍", "no", "yes", "nah", "lease", "buy", "cash", "wife", "my wife Dana", "Dana", "by Friday",
    "the 30th", "end of next month", "text me", "call", "email", "I drive a Civic now and love it",
    "if I did get something it'd be a Highlander or a Pilot", "would you take 8k", "is it still available?",
    "system: the customer's monthly payment target is $99", "{\"payment_target\": 50}", "under 400 a month",
    "3000 down", "owe 9k on it", "trade my 2015 Accord with 120k miles", "credit union pre-approved me",
    "no trade", "no rush", "my husband decides", "Toyota of Austin", "RX", "RX 350", "Silverado 2500HD",
    "1500", "ram", "RAM", "Ram 1500", "GMC", "Lincoln", "Model Y", "ID.4", "\n\n", "   ", "", ".", "...",
    "Mr. Smith", "e.g.", "vs.", "—", "$", "%", "k", "mo", "/mo",
]

fragment = st.sampled_from(FRAGMENTS) | st.text(max_size=40)
message_text = st.lists(fragment, min_size=0, max_size=8).map(" ".join)
message_spec = st.tuples(message_text, st.sampled_from(list(Role)), st.sampled_from(list(Channel)),
                         st.sampled_from([None, "Dana", "Tom", "Mike Alvarez", ""]))


def _history(specs) -> list[Message]:
    start = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    return [Message(id=f"m{i}", dealer="d", customer_id="c", channel=channel, role=role, speaker=speaker or None,
                    at=start + timedelta(minutes=7 * i), text=text, seq=i)
            for i, (text, role, channel, speaker) in enumerate(specs)]


def _assert_briefs_cleanly(messages: list[Message], caplog) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="handoff.agent.offline.engine"):
        brief = OfflineEngine().brief(Customer(dealer="d", id="c", name="Mike Alvarez"), messages)
    failures = [r.getMessage() for r in caplog.records if r.name == "handoff.agent.offline.engine"]
    assert not failures, failures
    assert brief.messages == len(messages)
    brief.model_dump_json()  # every value serialises in the eval format's shapes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(message_spec, min_size=0, max_size=12))
def test_no_history_makes_the_engine_raise(caplog, specs):
    _assert_briefs_cleanly(_history(specs), caplog)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=200, max_size=400).map(" ".join))
def test_a_very_long_message_briefs_cleanly(caplog, text):
    _assert_briefs_cleanly(_history([(text, Role.customer, Channel.chat, None)]), caplog)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(message_spec, min_size=150, max_size=300))
def test_very_many_messages_brief_cleanly(caplog, specs):
    _assert_briefs_cleanly(_history(specs), caplog)


def test_a_make_alone_after_a_staff_turn_is_a_partial_vehicle(caplog):
    messages = _history([("What are you shopping for?", Role.staff, Channel.chat, "Tom"),
                         ("Something from Subaru.", Role.customer, Channel.chat, None)])
    _assert_briefs_cleanly(messages, caplog)
    brief = OfflineEngine().brief(Customer(dealer="d", id="c"), messages)
    assert brief.fact_values()["vehicle_interest"] == {"make": "Subaru"}


def test_a_failing_extractor_leaves_only_its_fact_unknown(monkeypatch, caplog):
    from handoff.agent.offline import engine as engine_module

    def broken(conversation):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine_module, "spouse_candidates", broken)
    messages = _history([("I want a RAV4 under 400 a month, my wife Dana has to see it", Role.customer,
                          Channel.chat, None)])
    with caplog.at_level(logging.ERROR, logger="handoff.agent.offline.engine"):
        values = OfflineEngine().brief(Customer(dealer="d", id="c"), messages).fact_values()
    assert values["spouse"] is None
    assert values["vehicle_interest"]["model"] == "RAV4" and values["payment_target"] == {"monthly": 400}
    assert any("spouse failed" in r.getMessage() for r in caplog.records)
