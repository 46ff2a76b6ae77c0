"""Prompt size as history grows: the LLM engine's prompt stays within the token budget.

Run: python benchmarks/prompt_size.py [--budget 6000]

Builds histories of 10, 100, 1,000 and 3,000 messages for one customer in a real embedded store (next to a second
customer whose text must never appear), builds the exact prompt the OpenAI engine would send, and counts it with
tiktoken (o200k_base): system prompt + user message + the response schema.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from handoff.agent.llm import ExtractedBrief, OpenAIEngine
from handoff.retrieval.embeddings import WordLlamaEmbedder
from handoff.retrieval.ingest import batch_from_case, ingest
from handoff.retrieval.store import Store
from handoff.retrieval.tokens import count_tokens

CASES = Path(__file__).resolve().parent.parent / "evals" / "cases"
OTHER = "OTHER-CUSTOMER-MARKER"


def case_with(size: int) -> dict:
    texts = []
    for path in sorted(CASES.rglob("*.json")):
        for interaction in json.loads(path.read_text())["interactions"]:
            for message in interaction.get("messages", []):
                texts.append((message["speaker"], message["text"]))
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    messages = [{"speaker": texts[i % len(texts)][0], "text": f"{texts[i % len(texts)][1]} (#{i})",
                 "at": (start + timedelta(hours=3 * i)).isoformat()} for i in range(size)]
    return {"dealer_id": "bench", "customer": {"name": "Bench Customer", "phone": "512-555-0142"},
            "interactions": [{"channel": "sms", "messages": messages}]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=int, default=6000)
    args = parser.parse_args()
    engine = OpenAIEngine("gpt-4o-mini", None, None, timeout=30, retries=2, budget=args.budget)
    schema_tokens = count_tokens(json.dumps(ExtractedBrief.model_json_schema()))
    print(f"budget {args.budget} prompt tokens (response schema alone: {schema_tokens})")
    for size in (10, 100, 1000, 3000):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp), WordLlamaEmbedder())
            customer = ingest(store, batch_from_case(case_with(size), "bench")).customer
            ingest(store, batch_from_case({"dealer_id": "bench", "customer": {"phone": "512-555-0199"},
                                           "interactions": [{"channel": "sms", "started_at": "2025-01-01T09:00:00+00:00",
                                                             "messages": [{"speaker": "customer",
                                                                           "text": f"{OTHER} wants a Miata"}]}]}, "o"))
            history = store.messages(customer)
            conversation, context = engine.prompt_for(customer, history, None,
                                                      lambda q, k, store=store, customer=customer: store.search(customer, q, k))
            text = "".join(content for _, content in conversation)
            total = count_tokens(text) + schema_tokens
            assert OTHER not in text
            print(f"{size:>5} messages: {total:>5} prompt tokens, {len(context.messages):>4} messages shown, "
                  f"within budget: {total <= args.budget}")
            store.close()


if __name__ == "__main__":
    main()
