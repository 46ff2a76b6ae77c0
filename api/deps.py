"""What routes depend on: the store, the engine, settings, the edge's own records, and the key's dealer."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from ..agent.engine import Engine
from ..retrieval.opportunities import OpportunityStore
from ..retrieval.settings import Settings
from ..retrieval.store import Store
from .audit import AuditLog
from .handoff_log import HandoffLog
from .keys import ApiKey, KeyStore

__all__ = ["ApiKey", "Backends", "BackendsDep", "authenticate", "require"]
from .limits import FailedKeys, KeyRate


class Backends:
    """One process's store and engine, built once under a lock (at startup, before any request is served)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._engine: Engine | None = None
        # Engine work is CPU-bound: a few at a time, so health checks and reads still get the interpreter.
        self.engine_slots = threading.BoundedSemaphore(2)
        self.rate = KeyRate(settings.rate_limit)
        self._pool: ThreadPoolExecutor | None = None
        self.failed_keys = FailedKeys()

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

    @property
    def brief_pool(self) -> ThreadPoolExecutor:
        """Where brief work runs, so a request can stop waiting for it (HANDOFF_BRIEF_TIMEOUT)."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="brief")
            return self._pool

    @cached_property
    def keys(self) -> KeyStore:
        return KeyStore(self.store().db)

    @cached_property
    def handoffs(self) -> HandoffLog:
        return HandoffLog(self.store().db)

    @cached_property
    def opportunities(self) -> OpportunityStore:
        return OpportunityStore(self.store().db)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.store().db)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
            if self._store is not None:
                self._store.close()
                self._store = None
            for name in ("keys", "handoffs", "opportunities", "audit"):
                self.__dict__.pop(name, None)  # built on the closed store's database


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


def authenticate(request: Request, backends: BackendsDep,
                 authorization: Annotated[str | None, Header()] = None) -> ApiKey:
    """The key the request carries: known, not revoked, within its rate, and from an allowed page origin."""
    client = request.client.host if request.client else "unknown"
    if wait := backends.failed_keys.locked_for(client):
        raise HTTPException(429, "too many requests with unknown keys from this address; try again later",
                            headers={"Retry-After": str(wait)})
    scheme, _, token = (authorization or "").partition(" ")
    key = backends.keys.find(token.strip()) if scheme.casefold() == "bearer" and token.strip() else None
    if key is None:
        backends.failed_keys.failed(client)
        raise HTTPException(401, "missing or unknown API key: send 'Authorization: Bearer <key>'",
                            headers={"WWW-Authenticate": "Bearer"})
    request.state.key_id = key.key_id
    if key.origins and not _from_allowed_page(request, key.origins):
        raise HTTPException(403, "this widget key works only from the pages it was made for")
    if wait := backends.rate.hit(key.key_id):
        raise HTTPException(429, f"rate limit of {backends.settings.rate_limit} for this key reached",
                            headers={"Retry-After": str(wait)})
    return key


def _from_allowed_page(request: Request, origins: tuple[str, ...]) -> bool:
    """A browser names the page a request comes from: one of the key's origins, or our own /widget page (which a
    dealer's site frames); a browser leaves Origin off same-origin GETs but says Sec-Fetch-Site."""
    origin = request.headers.get("origin", "").rstrip("/").lower()
    own = f"{request.url.scheme}://{request.url.netloc}".lower()
    if origin:
        return origin in origins or origin == own
    return request.headers.get("sec-fetch-site") == "same-origin"


def require(permission: str):
    """A dependency: the request's key, which must be allowed `permission` (403 otherwise)."""

    def check(key: Annotated[ApiKey, Depends(authenticate)]) -> ApiKey:
        if not key.may(permission):
            raise HTTPException(403, f"a {key.scope} key cannot do this")
        return key

    return check


ReadKey = Annotated[ApiKey, Depends(require("read"))]
IngestKey = Annotated[ApiKey, Depends(require("ingest"))]
HandoffKey = Annotated[ApiKey, Depends(require("handoff"))]
ServiceKey = Annotated[ApiKey, Depends(require("service"))]
KeysKey = Annotated[ApiKey, Depends(require("keys"))]
ForgetKey = Annotated[ApiKey, Depends(require("forget"))]
AuditKey = Annotated[ApiKey, Depends(require("audit"))]
