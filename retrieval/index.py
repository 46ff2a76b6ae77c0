"""The vector index: one Chroma collection per dealer and embedder, each vector tagged with its customer.

Chroma holds ids, vectors and the customer id only; the text lives in the database, which is the record. Every
query is filtered by customer, and the store checks each hit against the database before returning it, so an
index that lags a merge can miss a message but never hand over another customer's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from .embeddings import Embedder

# Vectors embedded per call: bounds memory for one 10,000-message interaction.
EMBED_BATCH = 512


def chroma_client(data_dir: Path, server: str | None = None):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if server:
        host, port = server.rsplit(":", 1)
        return chromadb.HttpClient(host=host, port=int(port), settings=chroma_settings)
    return chromadb.PersistentClient(path=str(Path(data_dir) / "chroma"), settings=chroma_settings)


def collection_name(dealer: str, embedder: str) -> str:
    return "msgs_" + hashlib.sha256(f"{dealer}\x1f{embedder}".encode()).hexdigest()[:40]


class VectorIndex:
    def __init__(self, client, embedder: Embedder) -> None:
        self._client = client
        self.embedder = embedder
        self._collections: dict[str, object] = {}
        self._max_batch: int | None = None

    @property
    def max_batch(self) -> int:
        """The most records one Chroma call may carry (5,461 embedded; the server says its own)."""
        if self._max_batch is None:
            self._max_batch = int(self._client.get_max_batch_size())
        return self._max_batch

    def _collection(self, dealer: str):
        name = collection_name(dealer, self.embedder.name)
        if name not in self._collections:
            self._collections[name] = self._client.get_or_create_collection(
                name, embedding_function=None,
                metadata={"hnsw:space": "cosine", "embedder": self.embedder.name, "dealer": dealer})
        return self._collections[name]

    def upsert(self, dealer: str, ids: Sequence[str], customer_ids: Sequence[str], texts: Sequence[str]) -> None:
        """Index (or re-tag after a merge) messages; the same id twice is one vector."""
        collection = self._collection(dealer)
        step = max(1, min(self.max_batch, EMBED_BATCH))
        for start in range(0, len(ids), step):
            end = start + step
            collection.upsert(ids=list(ids[start:end]),
                              metadatas=[{"customer_id": c} for c in customer_ids[start:end]],
                              embeddings=self.embedder.embed(list(texts[start:end])))

    def query(self, dealer: str, customer_id: str, text: str, k: int) -> list[str]:
        """Ids of the customer's messages nearest in meaning to `text`, best first."""
        collection = self._collection(dealer)
        got = collection.query(query_embeddings=self.embedder.embed([text]), n_results=k,
                               where={"customer_id": customer_id}, include=[])
        return list(got["ids"][0]) if got["ids"] else []

    def delete(self, dealer: str, ids: Sequence[str]) -> None:
        collection = self._collection(dealer)
        for start in range(0, len(ids), max(1, self.max_batch)):
            collection.delete(ids=list(ids[start:start + self.max_batch]))

    def drop_dealer(self, dealer: str | None) -> int:
        """Remove every collection of a dealer (all dealers when None), whatever embedder made it."""
        dropped = 0
        for collection in self._client.list_collections():
            meta = collection.metadata or {}
            if collection.name.startswith("msgs_") and (dealer is None or meta.get("dealer") == dealer):
                self._client.delete_collection(collection.name)
                dropped += 1
        self._collections.clear()
        return dropped

    def collection_names(self) -> list[str]:
        return [c.name for c in self._client.list_collections()]

    def heartbeat(self) -> None:
        self._client.heartbeat()

    def close(self) -> None:
        self._collections.clear()
        # Chroma caches one system per path; drop ours so a throwaway store's files can go.
        self._client.clear_system_cache()
