"""How offline brief time grows with one message's length and with the history's length, in process.

Run: python benchmarks/engine_scaling.py [--runs 5]

1. One customer message of ~1 line, 10 KB, 50 KB and 200 KB (text cut from the dev cases' own customer messages,
   joined into one paste), against the one-line brief in the same run. Target: 200 KB within 2 s of one line.
2. Histories of 100, 400, 1,600 and 3,200 messages built from the dev cases' messages; time per message should stay
   flat (linear growth), so the ratio of the largest to the smallest per-message time is printed.
Figures are medians over --runs; on 2 shared cores only the ratios within one run mean much.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from brief_speed import history  # noqa: E402  (the same dev-case history the brief benchmark uses)
from handoff.agent.offline.engine import OfflineEngine  # noqa: E402
from handoff.retrieval.models import Customer, Role  # noqa: E402

CUSTOMER = Customer(dealer="bench", id="bench", name="Bench Customer")


def _median_seconds(messages, runs: int) -> float:
    engine = OfflineEngine()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        engine.brief(CUSTOMER, messages)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def one_message(size: int, pool) -> list:
    text = ""
    customer_texts = [m.text for m in pool if m.role is Role.customer]
    i = 0
    while len(text) < size:
        text += customer_texts[i % len(customer_texts)] + " "
        i += 1
    return [pool[0].model_copy(update={"text": text[:size], "role": Role.customer})]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pool = history(3200)
    line = _median_seconds([pool[0].model_copy(update={"text": "Looking at a RAV4 under 400 a month."})], args.runs)
    print(f"one line: {line * 1000:.1f} ms")
    for size in (10_000, 50_000, 200_000):
        seconds = _median_seconds(one_message(size, pool), max(1, args.runs // 2))
        print(f"one {size // 1000} KB message: {seconds * 1000:.0f} ms ({seconds - line:+.2f} s over one line)")
    per_message = {}
    for size in (100, 400, 1600, 3200):
        seconds = _median_seconds(pool[:size], max(1, args.runs // 2))
        per_message[size] = seconds / size
        print(f"{size} messages: {seconds * 1000:.0f} ms, {per_message[size] * 1e6:.0f} us per message")
    print(f"per-message time, 3,200 against 100 messages: {per_message[3200] / per_message[100]:.2f}x "
          "(1.0 is linear)")


if __name__ == "__main__":
    main()
