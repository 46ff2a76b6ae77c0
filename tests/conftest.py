"""Fixtures: a real embedded store per test, the CLI runner, and a guard that fails any outside connection."""

from __future__ import annotations

import ipaddress
import json
import socket
from pathlib import Path

import pytest

from handoff.retrieval.embeddings import WordLlamaEmbedder
from handoff.retrieval.ingest import batch_from_case, ingest
from handoff.retrieval.store import Store

ROOT = Path(__file__).resolve().parent.parent
# The eval format's own sample cases, shipped with the package for the demo.
SHARED_EXAMPLES = ROOT / "evals" / "samples"
DEV_CASES = ROOT / "evals" / "cases"

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise RuntimeError(f"test tried to reach {host}: tests may only use 127.0.0.1")
        except ValueError:
            if host != "localhost":
                raise RuntimeError(f"test tried to reach {host}: tests may only use 127.0.0.1") from None
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(scope="session")
def embedder():
    return WordLlamaEmbedder()


@pytest.fixture
def store(tmp_path, embedder):
    opened = Store(tmp_path / "data", embedder)
    yield opened
    opened.close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    from handoff.retrieval.settings import get_settings

    path = tmp_path / "cli-data"
    monkeypatch.setenv("HANDOFF_DATA_DIR", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def make_case(interactions, customer=None, dealer="store-test", **extra):
    return {"id": extra.pop("id", "case"), "dealer_id": dealer,
            "customer": customer or {"name": "Mike Alvarez", "phone": "(512) 555-0101"},
            "interactions": interactions, **extra}


def chat(*turns, at="2026-03-02T14:05:00-06:00", channel="chat"):
    """chat(("customer", "hi"), ("agent", "hello")) as an eval-format interaction."""
    return {"channel": channel, "started_at": at,
            "messages": [{"speaker": who, "text": text} for who, text in turns]}


def brief_of(store, case, now=None, audience="sales"):
    from handoff.agent.briefing import make_brief
    from handoff.agent.offline.engine import OfflineEngine

    result = ingest(store, batch_from_case(case, "test"))
    return make_brief(store, OfflineEngine(), result.customer, now, audience)


def load(path: Path) -> dict:
    return json.loads(path.read_text())
