"""The relational record and the vector index beside it: migrations, batching, catching up, merging, caching."""

from __future__ import annotations

import pytest
from conftest import chat, make_case
from handoff.retrieval.database import HEAD, Database, DatabaseError
from handoff.retrieval.ingest import batch_from_case, ingest
from handoff.retrieval.store import Store
from sqlalchemy import text


def _url(backing, tmp_path) -> str:
    database_url, _ = backing
    return database_url or f"sqlite:///{tmp_path / 'db.sqlite3'}"


def test_the_migrations_build_exactly_the_schema_the_code_uses(backing, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from handoff.retrieval.schema import metadata

    database = Database(_url(backing, tmp_path))
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    database.close()
    assert differences == []


def test_head_is_the_newest_migration():
    from alembic.script import ScriptDirectory
    from handoff.retrieval.database import _alembic_config

    assert ScriptDirectory.from_config(_alembic_config(None)).get_current_head() == HEAD  # type: ignore[arg-type]


def test_a_database_behind_the_code_is_refused_with_the_command_that_fixes_it(backing, tmp_path):
    database = Database(_url(backing, tmp_path))
    with database.write() as connection:
        connection.execute(text("update alembic_version set version_num = '0000'"))
    database.close()
    with pytest.raises(DatabaseError, match=r"revision 0000 .* needs 0001: run `handoff db upgrade`"):
        Database(_url(backing, tmp_path))


def test_a_foreign_database_is_not_taken_over(tmp_path):
    import sqlite3

    path = tmp_path / "crm.sqlite3"
    sqlite3.connect(path).execute("create table leads (id integer)").connection.commit()
    with pytest.raises(DatabaseError, match="has tables but no handoff schema"):
        Database(f"sqlite:///{path}")


@pytest.mark.parametrize("url, message", [
    ("not a url", "is not a database URL"),
    ("mysql://x@127.0.0.1/db", "mysql is not supported"),
    ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot open the database"),
])
def test_bad_database_urls_are_one_clear_line(url, message):
    with pytest.raises(DatabaseError, match=message) as raised:
        Database(url)
    assert "\n" not in str(raised.value)


def test_an_interaction_larger_than_one_chroma_batch_ingests(any_store):
    over = any_store.index.max_batch + 200
    turns = [("customer" if i % 2 else "agent", f"message number {i} about the truck") for i in range(over)]
    result = ingest(any_store, batch_from_case(make_case([chat(*turns)]), "big"))
    assert len(result.added) == over and result.indexed
    assert len(any_store.messages(result.customer)) == over
    assert any_store.search(result.customer, "message number 17", k=3)


def test_messages_committed_while_the_index_is_down_are_indexed_by_the_next_store(backing, tmp_path, embedder,
                                                                                  monkeypatch):
    database_url, server = backing
    first = Store(tmp_path / "data", embedder, server, database_url)
    monkeypatch.setattr(first.index, "upsert", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("down")))
    result = ingest(first, batch_from_case(make_case([chat(("customer", "I want a Tacoma under 450 a month"))]), "t"))
    assert result.added and not result.indexed
    assert [m.text for m in first.messages(result.customer)] == ["I want a Tacoma under 450 a month"]
    assert first.search(result.customer, "Tacoma", k=3) == []
    first.close()
    again = Store(tmp_path / "data", embedder, server, database_url)
    assert [m.text for m in again.search(result.customer, "Tacoma", k=3)] == ["I want a Tacoma under 450 a month"]
    again.close()


def test_one_collection_per_dealer_however_many_customers(store):
    for number in range(5):
        ingest(store, batch_from_case(make_case([chat(("customer", f"customer {number} here"))],
                                                {"phone": f"512-555-01{number:02d}"}), f"c{number}"))
    ingest(store, batch_from_case(make_case([chat(("customer", "other dealer"))], dealer="store-b"), "b"))
    assert len(store.index.collection_names()) == 2


def test_a_merge_moves_messages_and_their_vectors_to_the_kept_customer(any_store):
    phone = ingest(any_store, batch_from_case(make_case([chat(("customer", "texting about a Highlander"))],
                                                        {"phone": "512-555-0101"}), "p"))
    email = ingest(any_store, batch_from_case(make_case([chat(("customer", "emailing about a trade-in"),
                                                              at="2026-03-03T10:00:00-06:00")],
                                                        {"email": "mike@example.com"}), "e"))
    linked = ingest(any_store, batch_from_case(make_case([chat(("customer", "both of me"),
                                                               at="2026-03-04T10:00:00-06:00")],
                                                         {"phone": "512-555-0101", "email": "mike@example.com"}), "l"))
    kept = linked.customer
    assert kept.id == phone.customer.id
    assert [m.text for m in any_store.search(kept, "trade-in", k=5)][0] == "emailing about a trade-in"
    assert any_store.search(email.customer, "trade-in", k=5) == []
    assert any_store.get_customer("store-test", email.customer.id) is None


def test_reindex_rebuilds_the_index_from_the_database(any_store):
    result = ingest(any_store, batch_from_case(make_case([chat(("customer", "a"), ("agent", "b"),
                                                               ("customer", "looking at a Civic"))]), "r"))
    assert any_store.reindex("store-test") == 3
    assert [m.text for m in any_store.search(result.customer, "Honda Civic", k=1)] == ["looking at a Civic"]


class CountingEngine:
    """The offline engine, counting how often it is asked."""

    name = "offline"

    def __init__(self, tag: str | None = "counting:1") -> None:
        from handoff.agent.offline.engine import OfflineEngine

        self.inner = OfflineEngine()
        self.calls = 0
        self.cache_tag = tag

    def brief(self, customer, messages, now=None, search=None):
        self.calls += 1
        return self.inner.brief(customer, messages, now, search)


def test_a_repeat_brief_is_a_lookup_and_a_new_message_makes_a_new_one(store):
    from handoff.agent.briefing import make_brief

    engine = CountingEngine()
    result = ingest(store, batch_from_case(make_case([chat(("customer", "want a RAV4 under 400 a month"))]), "c"))
    first = make_brief(store, engine, result.customer)
    again = make_brief(store, engine, result.customer)
    assert engine.calls == 1 and again.model_dump() == first.model_dump()
    assert make_brief(store, engine, result.customer, audience="desk") and engine.calls == 2
    ingest(store, batch_from_case(make_case([chat(("customer", "make that 350 a month"),
                                                  at="2026-03-03T10:00:00-06:00")]), "c2"))
    updated = make_brief(store, engine, result.customer)
    assert engine.calls == 3
    assert updated.facts.payment_target.value.monthly == 350


def test_an_engine_without_a_version_and_a_past_moment_are_never_cached(store):
    from datetime import datetime

    from handoff.agent.briefing import make_brief

    untagged = CountingEngine(tag=None)
    result = ingest(store, batch_from_case(make_case([chat(("customer", "hello"))]), "c"))
    make_brief(store, untagged, result.customer)
    make_brief(store, untagged, result.customer)
    tagged = CountingEngine()
    moment = datetime.fromisoformat("2026-03-03T00:00:00-06:00")
    make_brief(store, tagged, result.customer, now=moment)
    make_brief(store, tagged, result.customer, now=moment)
    assert untagged.calls == 2 and tagged.calls == 2
