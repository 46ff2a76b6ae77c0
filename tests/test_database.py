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
    with pytest.raises(DatabaseError, match=r"revision 0000 .* needs 0003: run `handoff db upgrade`"):
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
    # A Chroma server can take a moment before a fresh vector answers a filtered query: search is eventually
    # consistent (the history itself, read from the database, never is behind).
    import time

    deadline = time.monotonic() + 10
    while not (found := again.search(result.customer, "Tacoma", k=3)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [m.text for m in found] == ["I want a Tacoma under 450 a month"]
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


def _old_layout(folder, embedder):
    """A data folder as the first version wrote it: four SQLite files and one Chroma collection per customer."""
    import sqlite3

    from handoff.retrieval.index import chroma_client

    folder.mkdir(parents=True)
    with sqlite3.connect(folder / "customers.sqlite3") as db:
        db.executescript("""
            create table customers (dealer text, id text, name text, created_at text, primary key (dealer, id));
            create table identities (dealer text, kind text, value text, customer_id text,
                                     primary key (dealer, kind, value));
            insert into customers values ('store-austin', 'c_old1', 'Mike Alvarez', '2026-01-01');
            insert into identities values ('store-austin', 'phone', '+15125550101', 'c_old1');""")
    with sqlite3.connect(folder / "keys.sqlite3") as db:
        db.executescript("""create table api_keys (key_id text primary key, dealer text, key_hash text unique,
                            created_at text, revoked_at text);
                            insert into api_keys values ('key_1', 'store-austin', 'ab12', '2026-01-01', null);""")
    client = chroma_client(folder)
    collection = client.get_or_create_collection("cust_" + "0" * 40, embedding_function=None)
    texts = ["looking at a Silverado LT", "can't go over 600 a month"]
    collection.add(ids=["m_1", "m_2"], documents=texts, embeddings=embedder.embed(texts), metadatas=[
        {"dealer": "store-austin", "customer_id": "c_old1", "channel": "sms", "role": "customer", "speaker": "",
         "at": f"2026-03-0{i + 1}T10:00:00-06:00", "ts": 1772460000.0 + i * 86400, "seq": 0, "forwarded": False}
        for i in range(2)])
    client.clear_system_cache()


def test_an_earlier_data_folder_is_refused_until_db_upgrade_moves_it_in(data_dir, embedder):
    from conftest import run_cli

    _old_layout(data_dir, embedder)
    refused = run_cli(["brief", "--phone", "512-555-0101", "--dealer", "store-austin"])
    assert refused.exit_code == 1 and "run `handoff db upgrade` to move them" in refused.stderr
    upgraded = run_cli(["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.stderr
    assert "1 customers" in upgraded.stdout and "2 messages" in upgraded.stdout and "1 keys" in upgraded.stdout
    assert (data_dir / "customers.sqlite3.imported").exists() and not (data_dir / "customers.sqlite3").exists()
    shown = run_cli(["brief", "--phone", "512-555-0101", "--dealer", "store-austin", "--json"])
    assert shown.exit_code == 0, shown.stderr
    assert '"model": "Silverado"' in shown.stdout and '"monthly": 600' in shown.stdout
    again = run_cli(["db", "upgrade"])
    assert again.exit_code == 0 and "already current" in again.stdout and "moved" not in again.stdout
