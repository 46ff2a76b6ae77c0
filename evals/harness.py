"""`handoff eval`: every case in a folder, each in its own throwaway store, briefed and scored."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..agent.briefing import make_brief
from ..agent.engine import Engine
from ..agent.greeting import greet
from ..agent.models import FACT_NAMES
from ..retrieval.embeddings import Embedder
from ..retrieval.errors import IngestError
from ..retrieval.ingest import Case, batch_from_case, ingest, read_cases
from ..retrieval.store import Store
from .score import CaseScore, Tally, failed_case, leaks_in, score_case

log = logging.getLogger(__name__)


class EvalError(ValueError):
    pass


@dataclass
class LoadedCase:
    label: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data.get("id") or Path(self.label).stem)


def load_cases(folder: Path) -> list[LoadedCase]:
    if not folder.is_dir():
        raise EvalError(f"{folder}: not a folder of eval cases")
    # Subfolders count too: `evals/cases` is its tuning half and its check half.
    paths = sorted(p for p in folder.rglob("*") if p.suffix in {".json", ".jsonl"} and p.is_file())
    if not paths:
        raise EvalError(f"{folder}: no .json or .jsonl case files")
    cases: list[LoadedCase] = []
    for path in paths:
        try:
            cases.extend(LoadedCase(label, data) for label, data in read_cases(path))
        except IngestError as exc:
            raise EvalError(str(exc)) from None
    return cases


def run_case(case: LoadedCase, engine: Engine, embedder: Embedder, region: str = "US") -> tuple[CaseScore, str]:
    data = case.data if case.data.get("id") else {**case.data, "id": case.id}  # a file's name stands in for a missing id
    try:
        batch = batch_from_case(data, case.label, region=region)
        now = Case.model_validate(case.data).now
    except IngestError as exc:
        raise EvalError(f"{case.label}: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="handoff-eval-") as tmp:
        store = Store(Path(tmp), embedder)
        result = ingest(store, batch)
        brief = make_brief(store, engine, result.customer, now)
        greeting = greet(brief, "chat")
        store.close()
    expected = case.data.get("expected") or {}
    scored = score_case(case.id, expected, brief.fact_values())
    brief_json = brief.model_dump_json()
    scored.leaks = leaks_in([brief_json, greeting.model_dump_json()], list(expected.get("must_not_contain") or []))
    mentions = expected.get("greeting_must_mention")
    if mentions:
        scored.greeting_ok = all(str(word).casefold() in greeting.text.casefold() for word in mentions)
        scored.greeting = greeting.text
    scored.engine = brief.engine
    scored.degraded = brief.degraded
    scored.usage = brief.usage.model_dump() if brief.usage else None
    return scored, brief_json


def summarise(scores: list[CaseScore]) -> dict:
    overall = Tally()
    fields = {name: Tally() for name in FACT_NAMES}
    for scored in scores:
        for name, detail in scored.details.items():
            fields[name].add(detail["outcome"])
            overall.add(detail["outcome"])
    summary = overall.summary()
    errors = [{"id": s.id, "error": s.error} for s in scores if s.error]
    usages = [s.usage for s in scores if s.usage]
    cost = None
    if usages:
        cost = {key: round(sum(u[key] for u in usages), 1) for key in ("prompt_tokens", "completion_tokens", "latency_ms")}
        cost["briefs"] = len(usages)
    return {
        "overall": {"precision": summary["precision"], "recall": summary["recall"], "f1": summary["f1"],
                    "hallucinations": overall.hallucinated, "leaks": sum(s.leaks for s in scores),
                    "cases": len(scores), "errors": len(errors), "degraded": sum(1 for s in scores if s.degraded), "usage": cost,
                    "greeting_mentions": _share([s.greeting_ok for s in scores if s.greeting_ok is not None])},
        "fields": {name: tally.summary() for name, tally in fields.items()},
        "errors": errors,
        "cases": [
            {"id": s.id, "correct": s.count("correct"), "wrong": s.count("wrong"), "missed": s.count("missed"),
             "hallucinated": s.count("hallucinated"), "leaks": s.leaks, "engine": s.engine, "degraded": s.degraded,
             "usage": s.usage, "error": s.error, "greeting_ok": s.greeting_ok, "greeting": s.greeting, "details": s.details}
            for s in scores
        ],
    }


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def run_eval(folder: Path, engine: Engine, embedder: Embedder, progress: Callable[[str], None] | None = None,
             region: str = "US") -> dict:
    cases = load_cases(folder)
    scores = []
    for case in cases:
        try:
            scored, _ = run_case(case, engine, embedder, region)
        except EvalError:
            raise
        except Exception as exc:  # noqa: BLE001 - one case's failure is reported and the run goes on
            log.exception("eval case %s failed", case.id)
            scored = failed_case(case.id, case.data.get("expected") or {}, f"{type(exc).__name__}: {exc}")
        scores.append(scored)
        if progress:
            progress(case.id)
    return summarise(scores)
