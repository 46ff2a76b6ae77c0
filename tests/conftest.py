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


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on 127.0.0.1: the deployment path for more than one process."""
    import os
    import shutil
    import subprocess
    import sys
    import time

    executable = shutil.which("chroma", path=os.path.dirname(sys.executable)) or shutil.which("chroma")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([executable, "run", "--path", str(tmp_path_factory.mktemp("chroma")), "--host",
                                "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("chroma run did not start") from None
            time.sleep(0.2)
    yield f"127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(params=["embedded", "server"])
def any_store(request, tmp_path, embedder):
    """The same store contract, over embedded Chroma and over a Chroma server."""
    server = request.getfixturevalue("chroma_server") if request.param == "server" else None
    opened = Store(tmp_path / "data", embedder, server)
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
