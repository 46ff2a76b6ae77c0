"""Fixtures: a real embedded store per test, the CLI runner, and a guard that fails any outside connection."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from contextlib import contextmanager
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(port: int, seconds: float, what: str, process=None) -> None:
    """Until something accepts connections on 127.0.0.1:port (or the process starting it exits)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.2)


def _postgres_bin() -> Path | None:
    import glob
    import shutil

    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A real PostgreSQL on 127.0.0.1 in a throwaway cluster (Debian's `postgresql`); yields an admin URL.

    HANDOFF_TEST_DATABASE_URL points at an existing server instead. Without either the Postgres tests skip,
    unless HANDOFF_REQUIRE_POSTGRES=1 (CI), where that is a failure.
    """
    import subprocess

    given = os.environ.get("HANDOFF_TEST_DATABASE_URL")
    if given:
        yield given
        return
    bindir = _postgres_bin()
    if bindir is None:
        if os.environ.get("HANDOFF_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required (HANDOFF_REQUIRE_POSTGRES=1) but initdb/pg_ctl are not installed")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    import shutil
    import tempfile

    # Not under pytest's tmp folder: that is private to us, and the cluster's owner must reach its files.
    root = Path(tempfile.mkdtemp(prefix="handoff-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    # initdb refuses to run as root: the cluster belongs to the postgres user when we are root.
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    run(str(bindir / "initdb"), "-D", str(data), "-U", "handoff", "--auth=trust", "-E", "UTF8", "--no-sync")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"), "-o",
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets} -c fsync=off "
        "-c max_connections=200", "start")
    _wait_listening(port, 30, "postgres")
    yield f"postgresql+psycopg://handoff@127.0.0.1:{port}/postgres"
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                   capture_output=True)
    shutil.rmtree(root, ignore_errors=True)


@contextmanager
def fresh_database(admin_url: str):
    """A new, empty database on the Postgres server, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"create database {name}"))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"drop database if exists {name} with (force)"))
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database of its own on the test server."""
    with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on 127.0.0.1: the deployment path for more than one process."""
    import os
    import shutil
    import subprocess
    import sys

    executable = shutil.which("chroma", path=os.path.dirname(sys.executable)) or shutil.which("chroma")
    port = _free_port()
    process = subprocess.Popen([executable, "run", "--path", str(tmp_path_factory.mktemp("chroma")), "--host",
                                "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        _wait_listening(port, 60, "chroma run", process)
    except RuntimeError:
        process.kill()
        raise
    yield f"127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def empty_chroma_server(chroma_server):
    """The shared Chroma server, emptied after the test: each test's fresh database meets a fresh index.

    Message ids come from content, so without this a vector another test left under the same id (and the same
    dealer's collection) is in the way of this test's own, which no real deployment pairing one database with one
    index would see.
    """
    yield chroma_server
    import chromadb

    host, port = chroma_server.rsplit(":", 1)
    client = chromadb.HttpClient(host=host, port=int(port))
    for collection in client.list_collections():
        client.delete_collection(collection.name)


@pytest.fixture(params=["sqlite+embedded", "postgres+server"])
def backing(request):
    """(database URL or None for SQLite, Chroma server or None for embedded): the two deployments."""
    if request.param == "sqlite+embedded":
        return None, None
    return request.getfixturevalue("postgres_url"), request.getfixturevalue("empty_chroma_server")


@pytest.fixture
def any_store(backing, tmp_path, embedder):
    """The same store contract over SQLite + embedded Chroma and over Postgres + a Chroma server."""
    database_url, server = backing
    opened = Store(tmp_path / "data", embedder, server, database_url)
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


def run_cli(args):
    """The `handoff` command in-process, with stdout and stderr apart."""
    from handoff.api.cli import app
    from typer.testing import CliRunner

    return CliRunner().invoke(app, [str(a) for a in args])
