"""The offline brief follows the rules a salesperson applies; every fact rests on a quote from its message."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import SHARED_EXAMPLES, brief_of, chat, load, make_case

CALL_AT = "2026-03-04T10:30:00-06:00"


def call(transcript: str, at: str = CALL_AT) -> dict:
    return {"channel": "call", "started_at": at, "transcript": transcript}


def note(text: str, at: str = "2026-03-04T11:00:00-06:00", author: str = "Tom (sales)") -> dict:
    return {"channel": "note", "author": author, "at": at, "text": text}


def values(store, *interactions, phone="(512) 555-0101", now=None):
    return brief_of(store, make_case(list(interactions), {"name": "Mike Alvarez", "phone": phone}), now).fact_values()


def test_latest_customer_statement_wins_and_earlier_values_stay_as_history(store):
    brief = brief_of(store, make_case([
        chat(("customer", "I want to stay around $500/mo"), at="2026-03-02T10:00:00-06:00"),
        chat(("customer", "talked it over, payment needs to be 450 or less"), at="2026-03-09T10:00:00-06:00"),
    ]))
    fact = brief.facts.payment_target
    assert fact.value.monthly == 450
    assert [h.value.monthly for h in fact.history] == [500]
    assert fact.evidence[0].quote == "talked it over, payment needs to be 450 or less"


def test_a_figure_only_staff_suggested_is_not_the_target(store):
    got = values(store, call("Agent: Most folks in the LT end up around six hundred a month.\n"
                             "Customer: Yeah that's too much. Keep it at five hundred."))
    assert got["payment_target"] == {"monthly": 500}
    only_staff = values(store, call("Agent: Lease specials are running $429/month with $2,999 down."),
                        phone="512-555-0199")
    assert only_staff["payment_target"] is None and only_staff["down_payment"] is None


@pytest.mark.parametrize(
    "said, expected",
    [("no trade, I sold it last month", {"has_trade": False}),
     ("If I traded my Camry, what would I get? Actually no, I'm keeping the Camry.", {"has_trade": False}),
     ("I'd be trading in my 2017 Mazda CX-5 with 88k miles, I owe about 6,500 on it",
      {"has_trade": True, "year": 2017, "make": "Mazda", "model": "CX-5", "mileage": 88000, "payoff": 6500}),
     ("my 2015 Corolla is paid off, I'll trade it in",
      {"has_trade": True, "year": 2015, "make": "Toyota", "model": "Corolla", "payoff": 0})],
)
def test_trade_in_negations_hypotheticals_and_details(store, said, expected):
    assert values(store, chat(("customer", said)))["trade_in"] == expected


@pytest.mark.parametrize(
    "said, at, expected",
    [("we need something by the 20th", "2026-03-04T10:00:00-06:00", "2026-03-20"),
     ("I need it before the end of next month", "2026-03-04T10:00:00-06:00", "2026-04-30"),
     ("need it by this Saturday, we're leaving on a trip", "2026-03-04T10:00:00-06:00", "2026-03-07"),
     ("I need it by this Saturday", "2026-03-10T10:00:00-06:00", "2026-03-14")],
)
def test_relative_deadlines_resolve_against_the_message_time(store, said, at, expected):
    got = values(store, chat(("customer", said), at=at), now=datetime.fromisoformat("2026-06-01T09:00:00-05:00"))
    assert got["deadline"] == {"date": expected}


@pytest.mark.parametrize(
    "said, monthly",
    [("five hundred a month max", 500), ("can do 5 bills a month", 500), ("$500/mo", 500),
     ("I want the payment under 450", 450), ("trying to stay around four fifty a month", 450)],
)
def test_spoken_and_written_payment_targets(store, said, monthly):
    assert values(store, chat(("customer", said)))["payment_target"] == {"monthly": monthly}


def test_unknown_stays_unknown(store):
    got = values(store, chat(("customer", "hi, just browsing"), ("agent", "let me know if I can help")))
    assert all(value is None for value in got.values())


def test_lease_buy_switch_and_undecided(store):
    assert values(store, chat(("customer", "I'd like to lease a new CR-V")),
                  chat(("customer", "changed my mind, not leasing again, I'd rather buy it"),
                       at="2026-03-05T10:00:00-06:00"))["purchase_type"] == "buy"
    assert values(store, chat(("customer", "not sure if I should lease or buy")),
                  phone="512-555-0199")["purchase_type"] == "undecided"


def test_spouse_named_alone_and_preferred_contact(store):
    got = values(store, chat(("customer", "my wife Dana has to see it before we sign"),
                             ("customer", "texting is best, I can't take calls at work")))
    assert got["spouse"] == {"involved": True, "name": "Dana"}
    assert got["preferred_contact"] == "text"
    alone = values(store, chat(("customer", "it's just me, I make my own decisions. please call, I don't text")),
                   phone="512-555-0199")
    assert alone["spouse"] == {"involved": False} and alone["preferred_contact"] == "call"


def test_typed_pii_never_appears_in_the_brief(store):
    brief = brief_of(store, make_case([chat(
        ("customer", "here's my card 4111 1111 1111 1111 and ssn 123-45-6789, dob 04/12/1988. want a Tacoma"))]))
    dumped = brief.model_dump_json()
    for secret in ["4111 1111 1111 1111", "4111111111111111", "123-45-6789", "04/12/1988"]:
        assert secret not in dumped
    assert brief.facts.vehicle_interest.value.model == "Tacoma"


@pytest.mark.parametrize("path", sorted(SHARED_EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_every_quote_is_verbatim_from_the_message_it_cites(store, path):
    case = load(path)
    brief = brief_of(store, case)
    from handoff.retrieval.identity import identity_from

    customer = store.find_customer(case["dealer_id"], identity_from(case["customer"]))
    texts = {m.id: m.text for m in store.messages(customer)}
    facts = brief.facts.model_dump()
    for name, fact in facts.items():
        if fact["value"] is not None:
            assert fact["evidence"], name
        for evidence in fact["evidence"]:
            assert evidence["quote"] in texts[evidence["message_id"]], name


def test_a_withdrawn_deadline_is_unknown_until_a_new_one_is_said(store):
    withdrawn = values(store, chat(("customer", "I need it by the 20th"), at="2026-03-02T10:00:00-06:00"),
                       chat(("customer", "turns out there's no rush on timing"), at="2026-03-03T10:00:00-06:00"))
    assert withdrawn["deadline"] is None
    again = brief_of(store, make_case([chat(("customer", "new plan: I need it by the 28th"),
                                            at="2026-03-04T10:00:00-06:00")]))
    assert again.facts.deadline.value.date == "2026-03-28"
    assert [h.value.date for h in again.facts.deadline.history] == ["2026-03-20"]
