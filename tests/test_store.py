"""The per-customer store: idempotent ingestion, identity linking, and no crossing between customers or dealers."""

from __future__ import annotations

from conftest import chat, make_case
from handoff.retrieval.identity import identity_from
from handoff.retrieval.ingest import batch_from_case, ingest


def test_ingesting_the_same_interaction_twice_stores_nothing_new(any_store):
    case = make_case([chat(("customer", "looking at a Tahoe"), ("agent", "great"))])
    first = ingest(any_store, batch_from_case(case, "t"))
    second = ingest(any_store, batch_from_case(case, "t"))
    assert len(first.added) == 2 and first.duplicates == []
    assert second.added == [] and len(second.duplicates) == 2
    assert len(any_store.messages(first.customer)) == 2


def test_phone_formats_resolve_to_one_customer(store):
    a = ingest(store, batch_from_case(make_case([chat(("customer", "hi"))], {"phone": "(512) 555-0101"}), "a"))
    b = ingest(store, batch_from_case(make_case([chat(("customer", "again"))], {"phone": "+1 512-555-0101"}), "b"))
    assert a.customer.id == b.customer.id
    assert a.customer.phones == ["+15125550101"]


def test_an_interaction_with_phone_and_email_links_two_customers(any_store):
    by_phone = ingest(any_store, batch_from_case(make_case([chat(("customer", "text one"))], {"phone": "512-555-0101"}), "a"))
    by_email = ingest(any_store, batch_from_case(
        make_case([chat(("customer", "email one"), at="2026-03-03T10:00:00-06:00")], {"email": "Mike@Example.com"}), "b"))
    assert by_phone.customer.id != by_email.customer.id
    linked = ingest(any_store, batch_from_case(
        make_case([chat(("customer", "both"), at="2026-03-04T10:00:00-06:00")],
                  {"phone": "512 555 0101", "email": "mike@example.com"}), "c"))
    found = any_store.find_customer("store-test", identity_from({"email": "MIKE@example.com"}))
    assert found.id == linked.customer.id
    assert sorted(m.text for m in any_store.messages(found)) == ["both", "email one", "text one"]
    assert any_store.find_customer("store-test", identity_from({"phone": "5125550101"})).id == found.id


def test_dealers_never_share_customers(any_store):
    case = make_case([chat(("customer", "dealer A secret: 450 a month"))], dealer="store-a")
    other = make_case([chat(("customer", "dealer B message"))], dealer="store-b")
    a = ingest(any_store, batch_from_case(case, "a"))
    b = ingest(any_store, batch_from_case(other, "b"))
    assert a.customer.id != b.customer.id
    assert [m.text for m in any_store.messages(b.customer)] == ["dealer B message"]


def test_search_never_returns_another_customers_message(any_store):
    mike = ingest(any_store, batch_from_case(make_case(
        [chat(("customer", "I want a Silverado under 500 a month"))], {"phone": "512-555-0101"}), "m"))
    dana = ingest(any_store, batch_from_case(make_case(
        [chat(("customer", "I want a Silverado under 500 a month, trading my F-150"))], {"phone": "512-555-0199"}), "d"))
    for query in ["Silverado payment", "trading my F-150", "under 500 a month"]:
        hits = any_store.search(mike.customer, query, k=10)
        assert hits and {h.customer_id for h in hits} == {mike.customer.id}
        assert all(h.text == "I want a Silverado under 500 a month" for h in hits)
    assert {h.customer_id for h in any_store.search(dana.customer, "Silverado", k=10)} == {dana.customer.id}


def test_stored_text_has_pii_masked(store):
    result = ingest(store, batch_from_case(make_case([chat(("customer", "my ssn is 123-45-6789"))]), "p"))
    assert "123-45-6789" not in store.messages(result.customer)[0].text


def test_history_comes_back_in_time_order(store):
    case = make_case([chat(("customer", "second"), at="2026-03-05T10:00:00-06:00"),
                      chat(("customer", "first"), ("agent", "reply"), at="2026-03-01T10:00:00-06:00")])
    result = ingest(store, batch_from_case(case, "o"))
    assert [m.text for m in store.messages(result.customer)] == ["first", "reply", "second"]
