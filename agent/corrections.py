"""Staff corrections: a fact set by a person, which wins over everything said before it, until the customer says
something newer about it (then the customer wins, and the correction stays in the fact's history)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from ..retrieval.models import Channel, Role
from .models import FACT_NAMES, Brief, Earlier, Evidence, Fact, Facts


class CorrectionError(ValueError):
    """A correction that names no fact or a value that fact cannot hold; the text is the one line a user sees."""


def fact_type(name: str) -> type[Fact]:
    if name not in FACT_NAMES:
        raise CorrectionError(f"fact {name!r}: choose one of {', '.join(FACT_NAMES)}")
    annotation = Facts.model_fields[name].annotation
    assert isinstance(annotation, type)
    return annotation


def checked_value(name: str, value: Any) -> Any:
    """The value in the eval format's shape, checked against the fact's own model (None: the fact is unknown)."""
    kind = fact_type(name)
    try:
        return kind.model_validate({"value": value}).value
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "value"
        raise CorrectionError(f"{name} {where}: {first['msg']}") from None


def _evidence(row: dict) -> Evidence:
    shown = json.loads(row["value"]) if row["value"] else None
    quote = row["note"] or f"Corrected to {json.dumps(shown)}"
    return Evidence(message_id=f"correction_{row['id']}", channel=Channel.note, at=datetime.fromisoformat(row["at"]),
                    role=Role.staff, speaker=row["author"], quote=quote, kind="correction")


def apply_corrections(brief: Brief, rows: list[dict], now: datetime | None = None) -> Brief:
    """The brief with each fact's latest correction applied where no newer statement overrides it."""
    if not rows:
        return brief
    facts = brief.facts.model_copy()
    for name in FACT_NAMES:
        mine = [r for r in rows if r["fact"] == name and (now is None or datetime.fromisoformat(r["at"]) <= now)]
        if not mine:
            continue
        latest = mine[-1]
        fact: Fact = getattr(facts, name)
        evidence = _evidence(latest)
        value = fact_type(name).model_validate({"value": json.loads(latest["value"]) if latest["value"] else None}).value
        said_since = [e for e in fact.evidence if e.kind == "message" and e.at > evidence.at]
        if said_since:
            history = [*fact.history, Earlier(value=value, evidence=[evidence])] if value is not None else fact.history
            setattr(facts, name, fact.model_copy(update={"history": history}))
            continue
        earlier = [Earlier(value=fact.value, evidence=fact.evidence)] if fact.value is not None else []
        setattr(facts, name, type(fact)(value=value, evidence=[evidence], history=[*fact.history, *earlier]))
    return brief.model_copy(update={"facts": facts})
