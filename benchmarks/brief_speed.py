"""Brief time for a 200-message history, in process (median of repeated runs).

Run: python benchmarks/brief_speed.py [--messages 200] [--runs 50]

The history is built from the dev cases' own messages, re-stamped a few minutes apart so it reads as one long
relationship; the engine sees it exactly as `make_brief` hands it over after the store's fetch.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from handoff.agent.offline.engine import OfflineEngine
from handoff.retrieval.embeddings import WordLlamaEmbedder
from handoff.retrieval.ingest import batch_from_case
from handoff.retrieval.models import Customer
from handoff.retrieval.store import Store

CASES = Path(__file__).resolve().parent.parent / "evals" / "cases"


def history(size: int) -> list:
    pool = []
    for path in sorted(CASES.rglob("*.json")):
        data = json.loads(path.read_text())
        if not any(data["customer"].get(k) for k in ("phone", "email", "id")):
            data["customer"]["id"] = data["id"]
        pool.extend(batch_from_case(data, path.name).messages)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    return [
        pool[i % len(pool)].model_copy(update={"at": start + timedelta(minutes=7 * i), "seq": i, "id": f"m{i}",
                                               "customer_id": "bench", "dealer": "bench"})
        for i in range(size)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    messages = history(args.messages)
    customer = Customer(dealer="bench", id="bench", name="Bench Customer")
    engine = OfflineEngine()
    engine.brief(customer, messages)  # warm regex and vocabulary caches
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        engine.brief(customer, messages)
        timings.append((time.perf_counter() - started) * 1000)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp), WordLlamaEmbedder())
        result = store.add("bench", customer_identity(), messages)
        fetches = []
        for _ in range(10):
            started = time.perf_counter()
            store.messages(result.customer)
            fetches.append((time.perf_counter() - started) * 1000)
        store.close()

    print(f"offline brief, {args.messages} messages: median {statistics.median(timings):.1f} ms, "
          f"p90 {sorted(timings)[int(len(timings) * 0.9) - 1]:.1f} ms over {args.runs} runs")
    print(f"reading the same history from the database (SQLite): median {statistics.median(fetches):.1f} ms")


def customer_identity():
    from handoff.retrieval.models import Identity

    return Identity(customer_id="bench-customer")


if __name__ == "__main__":
    main()
