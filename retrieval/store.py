"""The per-customer vector store: one Chroma collection per customer, so a query cannot cross customers."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .customers import CustomerDirectory
from .embeddings import Embedder
from .handoffs import HandoffLog
from .keys import KeyStore
from .models import Channel, Customer, Identity, Message, Role
from .opportunities import OpportunityStore


@dataclass
class AddResult:
    customer: Customer
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def _collection_name(dealer: str, customer_id: str) -> str:
    return "cust_" + hashlib.sha256(f"{dealer}\x1f{customer_id}".encode()).hexdigest()[:40]


def _metadata(message: Message) -> dict:
    return {
        "dealer": message.dealer,
        "customer_id": message.customer_id,
        "channel": message.channel.value,
        "role": message.role.value,
        "speaker": message.speaker or "",
        "at": message.at.isoformat(),
        "ts": message.at.timestamp(),
        "seq": message.seq,
        "forwarded": message.forwarded,
    }


def _message(id_: str, text: str, meta: dict) -> Message:
    return Message(
        id=id_,
        dealer=meta["dealer"],
        customer_id=meta["customer_id"],
        channel=Channel(meta["channel"]),
        role=Role(meta["role"]),
        speaker=meta["speaker"] or None,
        at=datetime.fromisoformat(meta["at"]),
        text=text,
        seq=int(meta.get("seq", 0)),
        forwarded=bool(meta.get("forwarded", False)),
    )


def chroma_client(data_dir: Path, server: str | None = None):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if server:
        host, port = server.rsplit(":", 1)
        return chromadb.HttpClient(host=host, port=int(port), settings=chroma_settings)
    return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=chroma_settings)


class Store:
    def __init__(self, data_dir: Path, embedder: Embedder, chroma_server: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.directory = CustomerDirectory(self.data_dir / "customers.sqlite3")
        self.opportunities = OpportunityStore(self.data_dir / "opportunities.sqlite3")
        self.keys = KeyStore(self.data_dir / "keys.sqlite3")
        self.handoffs = HandoffLog(self.data_dir / "handoffs.sqlite3")
        # One writer at a time: SQLite transactions and Chroma adds from the API's worker threads.
        self.write_lock = threading.RLock()
        self.embedder = embedder
        self._chroma = chroma_client(self.data_dir, chroma_server)

    def _collection(self, dealer: str, customer_id: str, create: bool = True):
        name = _collection_name(dealer, customer_id)
        if create:
            return self._chroma.get_or_create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine", "embedder": self.embedder.name}
            )
        try:
            return self._chroma.get_collection(name, embedding_function=None)
        except Exception:  # chromadb raises NotFoundError or ValueError by version
            return None

    def find_customer(self, dealer: str, identity: Identity) -> Customer | None:
        return self.directory.find(dealer, identity)

    def resolve_customer(self, dealer: str, identity: Identity) -> Customer:
        """The customer these identifiers name, recorded if new (a service customer sales has not met)."""
        return self.add(dealer, identity, []).customer

    def add(self, dealer: str, identity: Identity, messages: list[Message]) -> AddResult:
        """Stores messages for the customer the identity names; all or nothing."""
        with self.write_lock, self.directory.transaction():
            customer, merged = self.directory.resolve(dealer, identity)
            for other in merged:
                self._move_messages(dealer, other, customer.id)
            messages = [m.model_copy(update={"customer_id": customer.id, "dealer": dealer}) for m in messages]
            result = AddResult(customer=customer)
            if not messages:
                return result
            collection = self._collection(dealer, customer.id)
            unique = list({m.id: m for m in messages}.values())
            existing = set(collection.get(ids=[m.id for m in unique], include=[])["ids"])
            fresh = [m for m in unique if m.id not in existing]
            result.duplicates = [m.id for m in messages if m.id in existing]
            if fresh:
                collection.add(
                    ids=[m.id for m in fresh],
                    documents=[m.text for m in fresh],
                    metadatas=[_metadata(m) for m in fresh],
                    embeddings=self.embedder.embed([m.text for m in fresh]),
                )
            result.added = [m.id for m in fresh]
            return result

    def _move_messages(self, dealer: str, source_id: str, target_id: str) -> None:
        source = self._collection(dealer, source_id, create=False)
        if source is None:
            return
        got = source.get(include=["documents", "metadatas", "embeddings"])
        if got["ids"]:
            metadatas = [{**meta, "customer_id": target_id} for meta in got["metadatas"]]
            self._collection(dealer, target_id).upsert(
                ids=got["ids"], documents=got["documents"], metadatas=metadatas, embeddings=got["embeddings"]
            )
        self._chroma.delete_collection(source.name)

    def messages(self, customer: Customer) -> list[Message]:
        """The customer's whole history in time order."""
        collection = self._collection(customer.dealer, customer.id, create=False)
        if collection is None:
            return []
        got = collection.get(include=["documents", "metadatas"])
        found = [_message(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return sorted(found, key=lambda m: (m.at, m.seq))

    def search(self, customer: Customer, query: str, k: int = 8) -> list[Message]:
        collection = self._collection(customer.dealer, customer.id, create=False)
        if collection is None:
            return []
        count = collection.count()
        if not count:
            return []
        got = collection.query(
            query_embeddings=self.embedder.embed([query]),
            n_results=min(k, count),
            where={"$and": [{"dealer": customer.dealer}, {"customer_id": customer.id}]},
            include=["documents", "metadatas"],
        )
        return [_message(i, d, m) for i, d, m in zip(got["ids"][0], got["documents"][0], got["metadatas"][0])]

    def ready(self) -> None:
        """Raises when the vector store or the directory cannot answer."""
        self._chroma.heartbeat()
        self.directory.find("__ready__", Identity(customer_id="__ready__"))

    def close(self) -> None:
        self.directory.close()
        self.opportunities.close()
        self.keys.close()
        self.handoffs.close()
        # Chroma caches one system per path; drop ours so a throwaway store's files can go.
        self._chroma.clear_system_cache()
