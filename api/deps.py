"""What routes depend on: the store, the engine, settings, and the dealer the request's key speaks for."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from ..agent.engine import Engine
from ..retrieval.settings import Settings
from ..retrieval.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store()


def get_engine(request: Request) -> Engine:
    return request.app.state.engine()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_dealer(store: StoreDep, authorization: Annotated[str | None, Header()] = None) -> str:
    scheme, _, key = (authorization or "").partition(" ")
    dealer = store.keys.dealer_for(key.strip()) if scheme.casefold() == "bearer" and key.strip() else None
    if dealer is None:
        raise HTTPException(401, "missing or unknown API key: send 'Authorization: Bearer <key>'",
                            headers={"WWW-Authenticate": "Bearer"})
    return dealer


DealerDep = Annotated[str, Depends(get_dealer)]
