"""Several processes on one store: real `handoff serve` processes over Postgres and a Chroma server.

Each test starts the servers it needs as subprocesses (the way a deployment runs them), and kills them with
SIGKILL where it says so: acknowledged messages must survive, and nothing may be left that no one can reach.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import _free_port, chat, make_case
from handoff.api.keys import KeyStore
from handoff.retrieval.database import Database
from handoff.retrieval.index import chroma_client, collection_name
from handoff.retrieval.schema import messages
from sqlalchemy import func, select

# The installed console script, as a deployment runs it.
HANDOFF = [shutil.which("handoff", path=os.path.dirname(sys.executable)) or "handoff"]


@pytest.fixture
def shared(postgres_url, empty_chroma_server, tmp_path):
    """Environment for processes sharing Postgres and a Chroma server, and a key for dealer store-a."""
    chroma_server = empty_chroma_server
    env = {**os.environ, "HANDOFF_DATA_DIR": str(tmp_path / "data"), "HANDOFF_DATABASE_URL": postgres_url,
           "HANDOFF_CHROMA_SERVER": chroma_server, "ANONYMIZED_TELEMETRY": "False"}
    database = Database(postgres_url)
    key = KeyStore(database).create("store-a")[1]
    yield {"env": env, "key": key, "db": database, "url": postgres_url, "chroma": chroma_server, "tmp": tmp_path}
    database.close()


class Server:
    def __init__(self, env: dict, workers: int = 1) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([*HANDOFF, "serve", "--port", str(self.port), "--workers", str(workers)],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)

    def wait_listening(self, timeout: float = 90) -> Server:
        import socket

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"handoff serve exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("handoff serve did not start listening")

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def servers():
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def _client(server: Server, key: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60)


def _interaction(text: str, at: str = "2026-03-02T14:05:00-06:00") -> dict:
    return {"channel": "sms", "started_at": at, "messages": [{"speaker": "customer", "text": text}]}


def _ready(server: Server, key: str) -> None:
    with _client(server, key) as c:
        deadline = time.monotonic() + 60
        while c.get("/readyz").status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("server never became ready")
            time.sleep(0.1)


def test_two_servers_see_each_others_writes(shared, servers):
    a, b = Server(shared["env"]), Server(shared["env"])
    servers += [a, b]
    for server in (a, b):
        _ready(server.wait_listening(), shared["key"])
    customer = {"name": "Dana Reyes", "phone": "512-555-0142"}
    with _client(a, shared["key"]) as ca, _client(b, shared["key"]) as cb:
        stored = ca.post("/v1/interactions", json={"customer": customer,
                                                   "interaction": _interaction("want a RAV4 under 400 a month")})
        assert stored.status_code == 201, stored.text
        customer_id = stored.json()["customer_id"]
        seen = cb.get(f"/v1/customers/{customer_id}/messages")
        assert [m["text"] for m in seen.json()] == ["want a RAV4 under 400 a month"]
        assert cb.get(f"/v1/customers/{customer_id}/brief").json()["facts"]["payment_target"]["value"]["monthly"] == 400
        cb.post("/v1/interactions", json={"customer": customer, "interaction": _interaction(
            "actually 350 a month is my max", "2026-03-03T10:00:00-06:00")})
        # A's cached brief is keyed by the history, so B's write makes a new one.
        assert ca.get(f"/v1/customers/{customer_id}/brief").json()["facts"]["payment_target"]["value"]["monthly"] == 350


def test_an_ingest_is_seen_by_a_running_server(shared, servers, tmp_path):
    server = Server(shared["env"])
    servers.append(server)
    _ready(server.wait_listening(), shared["key"])
    case = make_case([chat(("customer", "looking at a Telluride SX, trading my 2017 Pilot"))],
                     {"name": "Sam Ortiz", "phone": "512-555-0177"}, dealer="store-a")
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    done = subprocess.run([*HANDOFF, "ingest", str(path)], env=shared["env"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with _client(server, shared["key"]) as c:
        brief = c.get("/v1/brief", params={"phone": "512-555-0177"})
        assert brief.status_code == 200, brief.text
        assert brief.json()["facts"]["vehicle_interest"]["value"]["model"] == "Telluride"


def test_sixteen_concurrent_first_requests_to_a_fresh_server_get_no_5xx(shared, servers):
    server = Server(shared["env"], workers=2)
    servers.append(server)
    server.wait_listening()
    customer = {"phone": "512-555-0188"}

    def first(number: int) -> int:
        with _client(server, shared["key"]) as c:
            if number % 2:
                return c.post("/v1/interactions", json={"customer": customer, "interaction": _interaction(
                    f"message {number}: want an Accord", f"2026-03-02T14:{number:02d}:00-06:00")}).status_code
            return c.get("/v1/brief", params={"phone": "512-555-0188"}).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(first, range(16)))
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(201) == 8


def _count_rows(database: Database, ids: list[str]) -> int:
    with database.read() as connection:
        return connection.execute(select(func.count()).select_from(messages).where(messages.c.id.in_(ids))).scalar()


def _chroma_ids(chroma: str, dealer: str) -> set[str]:
    from handoff.retrieval.embeddings import WordLlamaEmbedder

    client = chroma_client(Path("."), chroma)
    collection = client.get_or_create_collection(collection_name(dealer, WordLlamaEmbedder.name))
    return set(collection.get(include=[])["ids"])


def _db_ids(database: Database, dealer: str) -> set[str]:
    with database.read() as connection:
        return set(connection.execute(select(messages.c.id).where(messages.c.dealer == dealer)).scalars())


def test_killing_the_server_under_eight_writers_loses_and_duplicates_no_acknowledged_message(shared, servers):
    server = Server(shared["env"])
    servers.append(server)
    _ready(server.wait_listening(), shared["key"])
    acknowledged: list[str] = []
    lock = threading.Lock()

    def writer(number: int) -> None:
        with _client(server, shared["key"]) as c:
            for turn in range(1000):
                body = {"customer": {"phone": f"512-555-{1000 + number:04d}"},
                        "interaction": _interaction(f"writer {number} turn {turn}",
                                                    f"2026-03-02T{10 + turn // 60:02d}:{turn % 60:02d}:00-06:00")}
                try:
                    response = c.post("/v1/interactions", json=body)
                except httpx.HTTPError:
                    return
                if response.status_code == 201:
                    with lock:
                        acknowledged.extend(response.json()["message_ids"])

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 40:
        time.sleep(0.05)
    server.kill()
    for thread in threads:
        thread.join(timeout=60)
    assert len(acknowledged) == len(set(acknowledged)) >= 40
    assert _count_rows(shared["db"], acknowledged) == len(acknowledged)
    # A restarted server indexes whatever was committed but not yet indexed when it died.
    again = Server(shared["env"])
    servers.append(again)
    _ready(again.wait_listening(), shared["key"])
    assert _db_ids(shared["db"], "store-a") <= _chroma_ids(shared["chroma"], "store-a")


def test_killing_an_ingest_leaves_nothing_unreachable(shared, tmp_path):
    import uuid

    # A dealer of its own: the Chroma server is shared by the whole test session.
    dealer = f"kill-{uuid.uuid4().hex[:8]}"
    turns = [("customer", f"long import line {i} about the Tahoe") for i in range(6000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(make_case([chat(*turns)], {"phone": "512-555-0166"}, dealer=dealer)))
    def killed(when) -> tuple[set[str], set[str]]:
        process = subprocess.Popen([*HANDOFF, "ingest", str(path)], env=shared["env"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not when() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        return _db_ids(shared["db"], dealer), _chroma_ids(shared["chroma"], dealer)

    # Killed while starting or parsing: nothing stored, nothing indexed.
    started = time.monotonic()
    stored, indexed = killed(lambda: time.monotonic() - started > 1.0)
    assert (stored, indexed) == (set(), set())
    # Killed the moment the commit is visible, while the vectors are still going in.
    stored, indexed = killed(lambda: bool(_db_ids(shared["db"], dealer)))
    assert len(stored) == 6000  # the write is one transaction: all of it or none
    assert indexed <= stored  # no vector without its record
    done = subprocess.run([*HANDOFF, "ingest", str(path)], env=shared["env"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _db_ids(shared["db"], dealer) == _chroma_ids(shared["chroma"], dealer)
    assert len(_db_ids(shared["db"], dealer)) == 6000
