"""What routes depend on: the store, the engine, settings, the edge's own records, and the key's dealer."""

from __future__ import annotations

import threading
from functools import cached_property
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from ..agent.engine import Engine
from ..retrieval.opportunities import OpportunityStore
from ..retrieval.settings import Settings
from ..retrieval.store import Store
from .handoff_log import HandoffLog
from .keys import KeyStore


class Backends:
    """One process's store and engine, built once under a lock (at startup, before any request is served)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._engine: Engine | None = None
        # Engine work is CPU-bound: a few at a time, so health checks and reads still get the interpreter.
        self.engine_slots = threading.BoundedSemaphore(2)

    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                from ..retrieval.embeddings import embedder_from

                self._store = Store(self.settings.data_dir, embedder_from(self.settings), self.settings.chroma_server,
                                    self.settings.database())
            return self._store

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from ..agent.engines import engine_from

                self._engine = engine_from(self.settings)
            return self._engine

    @cached_property
    def keys(self) -> KeyStore:
        return KeyStore(self.store().db)

    @cached_property
    def handoffs(self) -> HandoffLog:
        return HandoffLog(self.store().db)

    @cached_property
    def opportunities(self) -> OpportunityStore:
        return OpportunityStore(self.store().db)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def get_backends(request: Request) -> Backends:
    return request.app.state.backends


BackendsDep = Annotated[Backends, Depends(get_backends)]


def get_store(backends: BackendsDep) -> Store:
    return backends.store()


def get_engine(backends: BackendsDep) -> Engine:
    return backends.engine()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_dealer(backends: BackendsDep, authorization: Annotated[str | None, Header()] = None) -> str:
    scheme, _, key = (authorization or "").partition(" ")
    dealer = backends.keys.dealer_for(key.strip()) if scheme.casefold() == "bearer" and key.strip() else None
    if dealer is None:
        raise HTTPException(401, "missing or unknown API key: send 'Authorization: Bearer <key>'",
                            headers={"WWW-Authenticate": "Bearer"})
    return dealer


DealerDep = Annotated[str, Depends(get_dealer)]
