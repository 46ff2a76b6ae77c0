"""Messages are records; Chroma is the index.

A write commits the customer and their messages to the database first: that commit is the acknowledgement. Then
the new messages are embedded and upserted into the dealer's Chroma collection and marked indexed. Anything
committed but not yet indexed (a crash, a Chroma outage, a merge) is indexed by the next writer or when a store
opens, and `handoff reindex` rebuilds the index from the database. Histories are read from the database in one
ordered query; Chroma answers semantic search only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from . import customers as directory
from .database import Database, DatabaseError, default_url
from .embeddings import Embedder
from .index import VectorIndex, chroma_client
from .legacy import legacy_files
from .models import Channel, Customer, Identity, Message, Role
from .schema import brief_cache, corrections, customers, handoffs, identities, messages, opportunities

log = logging.getLogger(__name__)

# Rows per statement: under SQLite's and Postgres's bound-parameter limits.
CHUNK = 500
# Messages indexed per round when catching up.
INDEX_ROUND = 2000


@dataclass
class AddResult:
    customer: Customer
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    # False when the messages are stored but the vector index could not take them yet (they are indexed later).
    indexed: bool = True


def _row(message: Message, customer_id: str, dealer: str, handoff_id: int | None = None) -> dict:
    return {"id": message.id, "dealer": dealer, "customer_id": customer_id, "channel": message.channel.value,
            "role": message.role.value, "speaker": message.speaker, "at": message.at.isoformat(),
            "at_us": int(message.at.timestamp() * 1_000_000), "seq": message.seq,
            "forwarded": message.forwarded, "text": message.text, "indexed_with": None, "handoff_id": handoff_id,
            "source_id": message.source_id}


_COLUMNS = (messages.c.id, messages.c.dealer, messages.c.customer_id, messages.c.channel, messages.c.role,
            messages.c.speaker, messages.c.at, messages.c.seq, messages.c.forwarded, messages.c.text,
            messages.c.source_id)


def _message(row) -> Message:
    return Message(id=row.id, dealer=row.dealer, customer_id=row.customer_id, channel=Channel(row.channel),
                   role=Role(row.role), speaker=row.speaker, at=datetime.fromisoformat(row.at), text=row.text,
                   seq=row.seq, forwarded=bool(row.forwarded), source_id=row.source_id)


def _private_folder(folder: Path) -> None:
    """The data folder is the owner's alone: customer text, keys' hashes and vectors are inside."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    except PermissionError:  # a folder someone else owns: its owner decides
        log.warning("%s is readable by others and not ours to change", folder)


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Store:
    def __init__(self, data_dir: Path, embedder: Embedder, chroma_server: str | None = None,
                 database_url: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        _private_folder(self.data_dir)
        if old := legacy_files(self.data_dir):
            raise DatabaseError(f"{self.data_dir} holds records from an earlier handoff ({', '.join(p.name for p in old)}):"
                                " run `handoff db upgrade` to move them into the database")
        self.db = Database(database_url or default_url(self.data_dir))
        self.embedder = embedder
        self.index = VectorIndex(chroma_client(self.data_dir, chroma_server), embedder)
        if self._has_unindexed():
            self.index_pending()
        self._warn_on_embedder_change()

    # -- customers ------------------------------------------------------------------------------------------

    def find_customer(self, dealer: str, identity: Identity) -> Customer | None:
        with self.db.read() as connection:
            return directory.find(connection, dealer, identity)

    def get_customer(self, dealer: str, customer_id: str) -> Customer | None:
        with self.db.read() as connection:
            return directory.get(connection, dealer, customer_id)

    def resolve_customer(self, dealer: str, identity: Identity) -> Customer:
        """The customer these identifiers name, recorded if new (a service customer sales has not met)."""
        return self.add(dealer, identity, []).customer

    # -- writing --------------------------------------------------------------------------------------------

    def add(self, dealer: str, identity: Identity, new: list[Message], handoff_id: int | None = None) -> AddResult:
        """Stores messages for the customer the identity names: all or nothing, then indexes them."""
        return self._add(dealer, new, handoff_id, identity=identity)

    def add_to(self, customer: Customer, new: list[Message], handoff_id: int | None = None) -> AddResult:
        """Stores messages for a customer already known by id (a live chat's next line)."""
        return self._add(customer.dealer, new, handoff_id, known=customer)

    def _add(self, dealer: str, new: list[Message], handoff_id: int | None, identity: Identity | None = None,
             known: Customer | None = None) -> AddResult:
        with self.db.write(dealer) as connection:
            merged: list[str] = []
            if known is not None:
                customer = known
            else:
                assert identity is not None
                customer, merged = directory.resolve(connection, dealer, identity)
            if merged:
                self._move_messages(connection, dealer, merged, customer.id)
            result = AddResult(customer=customer)
            replaced = self._replace_sources(connection, dealer, customer.id, new)
            unique = list({m.id: m for m in new}.values())
            existing = self._existing_ids(connection, [m.id for m in unique])
            fresh = [m for m in unique if m.id not in existing]
            result.duplicates = [m.id for m in new if m.id in existing]
            for chunk in _chunks(fresh):
                connection.execute(insert(messages), [_row(m, customer.id, dealer, handoff_id) for m in chunk])
            result.added = [m.id for m in fresh]
            if fresh or merged or replaced:
                connection.execute(delete(brief_cache).where(brief_cache.c.dealer == dealer,
                                                             brief_cache.c.customer_id.in_([customer.id, *merged])))
        if replaced:
            try:
                self.index.delete(dealer, replaced)
            except Exception as exc:  # search checks every hit against the database, so a stale vector is never shown
                log.warning("could not delete %d replaced vectors: %s", len(replaced), exc)
        if fresh:
            result.indexed = self._index(dealer, customer.id, fresh)
        if result.indexed and (merged or self._has_unindexed(dealer)):
            # A merge re-tags moved vectors; a crash or outage before this write left rows to catch up on.
            result.indexed = self.index_pending(dealer) >= 0
        return result

    def _index(self, dealer: str, customer_id: str, fresh: list[Message]) -> bool:
        """Index messages just committed for one customer; False (they stay queued) if the index is down."""
        try:
            self.index.upsert(dealer, [m.id for m in fresh], [customer_id] * len(fresh), [m.text for m in fresh])
        except Exception as exc:  # the messages are committed; a later writer or start indexes them
            log.warning("vector index unavailable, %d messages left to index later: %s", len(fresh), exc)
            return False
        with self.db.write(dealer) as connection:
            for chunk in _chunks([m.id for m in fresh]):
                # Only rows still under this customer: a merge in between re-queues them.
                connection.execute(update(messages).where(messages.c.id.in_(chunk), messages.c.customer_id == customer_id)
                                   .values(indexed_with=self.embedder.name))
        return True

    def _has_unindexed(self, dealer: str | None = None) -> bool:
        query = select(messages.c.id).where(messages.c.indexed_with.is_(None)).limit(1)
        if dealer is not None:
            query = query.where(messages.c.dealer == dealer)
        with self.db.read() as connection:
            return connection.execute(query).first() is not None

    @staticmethod
    def _replace_sources(connection: Connection, dealer: str, customer_id: str, new: list[Message]) -> list[str]:
        """An interaction stored again under the same source id replaces its earlier version; the ids removed."""
        sources = sorted({m.source_id for m in new if m.source_id})
        if not sources:
            return []
        keep = {m.id for m in new}
        stale = [i for i in connection.execute(select(messages.c.id).where(
            messages.c.dealer == dealer, messages.c.customer_id == customer_id,
            messages.c.source_id.in_(sources))).scalars() if i not in keep]
        for chunk in _chunks(stale):
            connection.execute(delete(messages).where(messages.c.id.in_(chunk)))
        return stale

    @staticmethod
    def _existing_ids(connection: Connection, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(connection.execute(select(messages.c.id).where(messages.c.id.in_(chunk))).scalars())
        return found

    @staticmethod
    def _move_messages(connection: Connection, dealer: str, sources: list[str], target: str) -> None:
        # Their vectors still carry the old customer id: unindexed, they are re-tagged by the next index pass.
        connection.execute(update(messages).where(messages.c.dealer == dealer, messages.c.customer_id.in_(sources))
                           .values(customer_id=target, indexed_with=None))

    # -- the index ------------------------------------------------------------------------------------------

    def _unindexed(self, dealer: str | None, limit: int) -> list:
        query = (select(messages.c.id, messages.c.dealer, messages.c.customer_id, messages.c.text)
                 .where(messages.c.indexed_with.is_(None)).limit(limit))
        if dealer is not None:
            query = query.where(messages.c.dealer == dealer)
        with self.db.read() as connection:
            return list(connection.execute(query))

    def index_pending(self, dealer: str | None = None) -> int:
        """Index every committed message the index lacks; the count indexed, or -1 if the index is unavailable."""
        done = 0
        while rows := self._unindexed(dealer, INDEX_ROUND):
            by_dealer: dict[str, list] = {}
            for row in rows:
                by_dealer.setdefault(row.dealer, []).append(row)
            try:
                for owner, group in by_dealer.items():
                    self.index.upsert(owner, [r.id for r in group], [r.customer_id for r in group],
                                      [r.text for r in group])
            except Exception as exc:  # the messages are committed; a later writer or start indexes them
                log.warning("vector index unavailable, %d messages left to index later: %s", len(rows), exc)
                return -1
            marked = 0
            for owner, group in by_dealer.items():
                with self.db.write(owner) as connection:
                    # Only rows still under the customer we indexed them for: a merge in between re-queues them.
                    marked += connection.execute(
                        update(messages)
                        .where(messages.c.id == bindparam("mid"), messages.c.customer_id == bindparam("cid"))
                        .values(indexed_with=self.embedder.name),
                        [{"mid": r.id, "cid": r.customer_id} for r in group]).rowcount
            done += len(rows)
            if not marked:
                break
        return done

    def _warn_on_embedder_change(self) -> None:
        with self.db.read() as connection:
            seen = connection.execute(select(messages.c.indexed_with).where(messages.c.indexed_with.is_not(None))
                                      .limit(1)).scalar()
        if seen is not None and seen != self.embedder.name:
            log.warning("messages were indexed with %s, not %s: run `handoff reindex` so search finds them",
                        seen, self.embedder.name)

    def reindex(self, dealer: str | None = None) -> int:
        """Rebuild the vector index from the database (one dealer, or all); the number of messages indexed."""
        self.index.drop_dealer(dealer)
        with self.db.write(dealer) as connection:
            query = update(messages).values(indexed_with=None)
            connection.execute(query.where(messages.c.dealer == dealer) if dealer is not None else query)
        return self.index_pending(dealer)

    # -- reading --------------------------------------------------------------------------------------------

    def messages(self, customer: Customer) -> list[Message]:
        """The customer's whole history in time order."""
        with self.db.read() as connection:
            rows = connection.execute(select(*_COLUMNS)
                                      .where(messages.c.dealer == customer.dealer,
                                             messages.c.customer_id == customer.id)
                                      .order_by(messages.c.at_us, messages.c.seq, messages.c.id))
            return [_message(r) for r in rows]

    def handoff_messages(self, dealer: str, handoff_id: int) -> list[Message]:
        """A live chat's messages, both ways, in the order they were said."""
        with self.db.read() as connection:
            rows = connection.execute(select(*_COLUMNS).where(messages.c.dealer == dealer,
                                                              messages.c.handoff_id == handoff_id)
                                      .order_by(messages.c.at_us, messages.c.seq, messages.c.id))
            return [_message(r) for r in rows]

    def customers(self, dealer: str, since: datetime | None = None) -> list[Customer]:
        """Every customer of a dealer (with a message at or after `since`, when given), oldest first."""
        query = select(customers.c.id).where(customers.c.dealer == dealer).order_by(customers.c.created_us,
                                                                                      customers.c.id)
        if since is not None:
            recent = select(messages.c.customer_id).where(messages.c.dealer == dealer,
                                                           messages.c.at_us >= int(since.timestamp() * 1_000_000))
            query = query.where(customers.c.id.in_(recent))
        with self.db.read() as connection:
            ids = list(connection.execute(query).scalars())
            found = [directory.get(connection, dealer, i) for i in ids]
        return [c for c in found if c is not None]

    def history_stamp(self, customer: Customer) -> tuple[int, str | None]:
        """(message count, latest message and correction): changes whenever the history does."""
        where = (messages.c.dealer == customer.dealer, messages.c.customer_id == customer.id)
        with self.db.read() as connection:
            count = connection.execute(select(func.count()).select_from(messages).where(*where)).scalar() or 0
            latest = connection.execute(select(messages.c.id).where(*where)
                                        .order_by(messages.c.at_us.desc(), messages.c.seq.desc(),
                                                  messages.c.id.desc()).limit(1)).scalar()
            corrected = connection.execute(select(func.max(corrections.c.id)).where(
                corrections.c.dealer == customer.dealer, corrections.c.customer_id == customer.id)).scalar()
        # A correction changes the brief as a message does.
        return count, f"{latest}|{corrected or 0}"

    def search(self, customer: Customer, query: str, k: int = 8) -> list[Message]:
        """The customer's own messages nearest in meaning to `query`; never another customer's."""
        try:
            ids = self.index.query(customer.dealer, customer.id, query, k)
        except Exception as exc:  # search helps an engine choose; without the index it reads recent messages
            log.warning("vector search unavailable: %s", exc)
            return []
        if not ids:
            return []
        with self.db.read() as connection:
            rows = connection.execute(select(*_COLUMNS).where(messages.c.id.in_(ids),
                                                              messages.c.dealer == customer.dealer,
                                                              messages.c.customer_id == customer.id))
            found = {r.id: _message(r) for r in rows}
        return [found[i] for i in ids if i in found]

    # -- the brief cache ------------------------------------------------------------------------------------

    def cached_brief(self, customer: Customer, key: str) -> str | None:
        with self.db.read() as connection:
            return connection.execute(select(brief_cache.c.body).where(
                brief_cache.c.dealer == customer.dealer, brief_cache.c.customer_id == customer.id,
                brief_cache.c.cache_key == key)).scalar()

    def remember_brief(self, customer: Customer, key: str, body: str) -> None:
        with self.db.write(customer.dealer) as connection:
            connection.execute(delete(brief_cache).where(brief_cache.c.dealer == customer.dealer,
                                                         brief_cache.c.customer_id == customer.id,
                                                         brief_cache.c.cache_key == key))
            connection.execute(insert(brief_cache).values(dealer=customer.dealer, customer_id=customer.id,
                                                          cache_key=key, body=body,
                                                          created_at=datetime.now().astimezone().isoformat()))

    # -- corrections ----------------------------------------------------------------------------------------

    def correct(self, customer: Customer, fact: str, value_json: str | None, author: str, note: str | None,
                at: datetime) -> int:
        with self.db.write(customer.dealer) as connection:
            done = connection.execute(insert(corrections).values(
                dealer=customer.dealer, customer_id=customer.id, fact=fact, value=value_json, author=author,
                note=note, at=at.isoformat(), at_us=int(at.timestamp() * 1_000_000)))
            connection.execute(delete(brief_cache).where(brief_cache.c.dealer == customer.dealer,
                                                         brief_cache.c.customer_id == customer.id))
            assert done.inserted_primary_key is not None
            return int(done.inserted_primary_key[0])

    def corrections(self, customer: Customer) -> list[dict]:
        """Staff corrections of this customer's facts, oldest first."""
        with self.db.read() as connection:
            rows = connection.execute(select(corrections).where(corrections.c.dealer == customer.dealer,
                                                                corrections.c.customer_id == customer.id)
                                      .order_by(corrections.c.id))
            return [dict(r._mapping) for r in rows]

    # -- forgetting -----------------------------------------------------------------------------------------

    def forget(self, customer: Customer) -> int:
        """Remove the customer everywhere: rows, messages, cached briefs, handoffs, opportunities, vectors.

        The rows go in one transaction; SQLite overwrites what it deletes (`secure_delete`) and the write-ahead log
        is truncated after, so no byte of the text stays in the database files. Returns the messages removed.
        """
        dealer, owned = customer.dealer, customer.id
        with self.db.write(dealer) as connection:
            ids = list(connection.execute(select(messages.c.id).where(messages.c.dealer == dealer,
                                                                       messages.c.customer_id == owned)).scalars())
            for table in (messages, brief_cache, identities, handoffs, opportunities, corrections):
                connection.execute(delete(table).where(table.c.dealer == dealer, table.c.customer_id == owned))
            connection.execute(delete(customers).where(customers.c.dealer == dealer, customers.c.id == owned))
        try:
            self.index.delete(dealer, ids)
        except Exception as exc:  # the vectors hold no text; a reindex drops them for good
            log.warning("could not delete %d vectors of a forgotten customer (run `handoff reindex`): %s",
                        len(ids), exc)
        self.db.compact()
        return len(ids)

    # -- operations -----------------------------------------------------------------------------------------

    def ready(self) -> None:
        """Raises when the database or the vector index cannot answer."""
        self.db.ping()
        self.index.heartbeat()

    def close(self) -> None:
        self.db.close()
        self.index.close()
