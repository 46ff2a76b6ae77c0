"""What the store costs: ingest rate against raw Chroma, memory by customer count, disk per message, brief times.

Run: python benchmarks/storage.py [--part ingest|memory|disk|brief|api|all] [--database-url URL] [--chroma-server H:P]

- ingest: the same messages, 500 customers x 10, through `Store.add` (database commit, then the index) and as raw
  Chroma adds (the same embedder, one collection per dealer tagged by customer, documents in Chroma) in the same
  run. Target: the store at >= 0.9 of raw Chroma's messages per second.
- memory: peak RSS of a fresh process ingesting 1,000 customers x 10 messages against 10 customers x 1,000.
  Target: within 1.5x.
- disk: bytes under the data folder per message after 10,000 messages. Target: <= 5 KB.
- brief: `make_brief` for one customer with 10, 1,000 and 10,000 messages: cold (no cache), warm (cached), and
  the time to read that history from the database, each in one process. Targets: cold 10,000 within 1 s of cold
  10, warm 10,000 within 0.3 s of cold 10.
- api: briefs per second from `handoff serve` with 1 and 2 workers (needs --database-url and --chroma-server for
  2), 8 clients: the first brief of each of 160 customers (cold), then repeats for --seconds (cached).
The history is the dev cases' own messages (see brief_speed.py). On 2 shared cores, compare figures within a run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from brief_speed import history  # noqa: E402
from handoff.retrieval.embeddings import WordLlamaEmbedder  # noqa: E402
from handoff.retrieval.models import Identity  # noqa: E402


def _customers(count: int, each: int) -> list[tuple[Identity, list]]:
    pool = history(count * each)
    return [(Identity(phone=f"+1512{5550000 + n:07d}"),
             [m.model_copy(update={"id": f"m_{n}_{i}"}) for i, m in enumerate(pool[n * each:(n + 1) * each])])
            for n in range(count)]


def _store(folder: Path, args):
    from handoff.retrieval.store import Store

    return Store(folder, WordLlamaEmbedder(), args.chroma_server, args.database_url)


def ingest(args) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    batches = _customers(500, 10)
    total = sum(len(m) for _, m in batches)
    embedder = WordLlamaEmbedder()
    rounds = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            client = chromadb.PersistentClient(path=str(Path(tmp) / "raw"), settings=ChromaSettings(anonymized_telemetry=False))
            collection = client.get_or_create_collection("raw_dealer", embedding_function=None,
                                                         metadata={"hnsw:space": "cosine"})
            started = time.perf_counter()
            for identity, messages in batches:
                collection.add(ids=[m.id for m in messages], documents=[m.text for m in messages],
                               metadatas=[{"customer_id": identity.phone} for _ in messages],
                               embeddings=embedder.embed([m.text for m in messages]))
            raw = time.perf_counter() - started
            client.clear_system_cache()
            store = _store(Path(tmp) / "store", args)
            started = time.perf_counter()
            for identity, messages in batches:
                store.add("bench", identity, messages)
            ours = time.perf_counter() - started
            store.close()
        rounds.append((raw, ours))
    for raw, ours in rounds:
        print(f"ingest {total} messages: raw Chroma adds {total / raw:,.0f} msg/s, store {total / ours:,.0f} msg/s, "
              f"ratio {raw / ours:.2f} (target >= 0.9)")


def _peak_child(customers: int, each: int, args) -> float:
    code = (f"import sys; sys.argv=['x']; sys.path.insert(0, {str(Path(__file__).parent)!r});"
            "import storage, tempfile, resource, types; from pathlib import Path;"
            f"batches = storage._customers({customers}, {each});"
            "d = tempfile.mkdtemp();"
            f"s = storage._store(Path(d), types.SimpleNamespace(chroma_server={args.chroma_server!r}, "
            f"database_url={args.database_url!r}));"
            "[s.add('bench', i, m) for i, m in batches];"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def memory(args) -> None:
    few = _peak_child(10, 1000, args)
    many = _peak_child(1000, 10, args)
    print(f"peak memory: 10 customers x 1,000 messages {few:,.0f} MiB; 1,000 x 10 {many:,.0f} MiB; "
          f"ratio {many / few:.2f} (target <= 1.5)")


def disk(args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(Path(tmp), args)
        for identity, messages in _customers(100, 100):
            store.add("bench", identity, messages)
        store.close()
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    print(f"disk: {size / 10_000:,.0f} bytes per message over 10,000 messages (target <= 5,120)")


def brief(args) -> None:
    from handoff.agent.briefing import make_brief
    from handoff.agent.offline.engine import OfflineEngine

    engine = OfflineEngine()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(Path(tmp), args)
        for size in (10, 1000, 10_000):
            identity, messages = _customers(1, size)[0]
            customer = store.add("bench", identity, messages).customer
            started = time.perf_counter()
            store.messages(customer)
            read = time.perf_counter() - started
            started = time.perf_counter()
            make_brief(store, engine, customer)
            cold = time.perf_counter() - started
            started = time.perf_counter()
            make_brief(store, engine, customer)
            warm = time.perf_counter() - started
            results[size] = (read, cold, warm)
            print(f"brief, {size:>6,} messages: read history {read * 1000:7.1f} ms, cold {cold * 1000:8.1f} ms, "
                  f"warm {warm * 1000:6.1f} ms")
        store.close()
    base = results[10][1]
    print(f"cold 10,000 over cold 10: +{results[10_000][1] - base:.2f} s (target <= 1 s); "
          f"warm 10,000 over cold 10: +{results[10_000][2] - base:.2f} s (target <= 0.3 s)")


API_CUSTOMERS = 160


def _briefs_per_second(count: int, args) -> tuple[float, float, float]:
    import threading

    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        # No per-key rate limit: the benchmark measures the server, not the limit.
        env = {**os.environ, "HANDOFF_DATA_DIR": tmp, "HANDOFF_RATE_LIMIT": ""}
        if args.database_url:
            env["HANDOFF_DATABASE_URL"] = args.database_url
        if args.chroma_server:
            env["HANDOFF_CHROMA_SERVER"] = args.chroma_server
        key = subprocess.run(["handoff", "keys", "create", "--dealer", f"bench{count}"], env=env,
                             capture_output=True, text=True, check=True).stdout.split()[0]
        port = 8700 + count
        server = subprocess.Popen(["handoff", "serve", "--port", str(port), "--workers", str(count)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {key}"}
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/readyz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            ids = []
            with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
                for number, (_, messages) in enumerate(_customers(API_CUSTOMERS, 50)):
                    turns = [{"speaker": "customer" if m.role.value == "customer" else "agent", "text": m.text}
                             for m in messages]
                    body = {"customer": {"phone": f"+1737{5550000 + count * 1000 + number:07d}"},
                            "interaction": {"channel": "chat", "started_at": "2026-03-02T14:05:00-06:00",
                                            "messages": turns}}
                    ids.append(c.post("/v1/interactions", json=body).json()["customer_id"])
            def run(clients: int, seconds: float | None) -> float:
                """Briefs per second: one pass over the customers (cold), or repeats for `seconds` (warm)."""
                done: list[int] = []
                stop = time.monotonic() + (seconds or 1e9)

                def client(number: int) -> None:
                    with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
                        i = number
                        while time.monotonic() < stop and (seconds or i < len(ids)):
                            c.get(f"/v1/customers/{ids[i % len(ids)]}/brief").raise_for_status()
                            done.append(1)
                            i += clients

                started = time.monotonic()
                threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                return len(done) / (time.monotonic() - started)

            health: list[float] = []
            running = threading.Event()
            running.set()

            def probe() -> None:
                with httpx.Client(base_url=base, timeout=60) as c:
                    while running.is_set():
                        started = time.perf_counter()
                        c.get("/healthz").raise_for_status()
                        health.append(time.perf_counter() - started)
                        time.sleep(0.02)

            prober = threading.Thread(target=probe)
            prober.start()
            cold = run(8, None)
            running.clear()
            prober.join()
            warm = run(8, args.seconds)
            p99 = sorted(health)[int(len(health) * 0.99) - 1] * 1000 if health else float("nan")
        finally:
            server.terminate()
            server.wait()
        return cold, warm, p99


def api(args) -> None:
    for count in ([1, 2] if args.chroma_server else [1]):
        cold, warm, p99 = _briefs_per_second(count, args)
        print(f"api: {count} worker(s), 8 clients, {API_CUSTOMERS} customers x 50 messages: "
              f"cold {cold:.1f} briefs/s (first brief of each), warm {warm:.1f} briefs/s (cached); "
              f"/healthz p99 {p99:.0f} ms during the cold pass")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", default="all", choices=["ingest", "memory", "disk", "brief", "api", "all"])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--chroma-server", default=None)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    parts = [args.part] if args.part != "all" else ["ingest", "memory", "disk", "brief", "api"]
    for part in parts:
        globals()[part](args)



if __name__ == "__main__":
    main()
