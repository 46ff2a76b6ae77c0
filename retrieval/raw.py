"""Single raw files a user hands `handoff ingest`: an .eml, a call transcript (.txt/.vtt), or chat JSON."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .errors import IngestError
from .ingest import MAX_MESSAGE_CHARS, Batch, messages_from, read_json
from .models import Identity


def interaction_from_file(path: Path, channel: str | None, started_at: datetime | None) -> dict:
    suffix = path.suffix.casefold()
    if suffix == ".eml":
        try:
            raw = path.read_bytes().decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raw = path.read_bytes().decode("latin-1")
        except OSError as exc:
            raise IngestError(f"cannot be read ({exc.strerror})") from None
        return {"channel": "email", "raw": raw}
    if suffix in {".txt", ".vtt"}:
        if started_at is None:
            raise IngestError("a call transcript needs --started-at (ISO time with offset) for its offsets")
        try:
            transcript = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise IngestError("is not UTF-8 text") from None
        except OSError as exc:
            raise IngestError(f"cannot be read ({exc.strerror})") from None
        return {"channel": "call", "transcript": transcript, "started_at": started_at.isoformat()}
    if suffix == ".json":
        data = read_json(path)
        if isinstance(data, list):
            data = {"messages": data}
        if not isinstance(data, dict):
            raise IngestError("chat JSON must be a list of messages or an object with 'messages'")
        chosen = channel or data.get("channel")
        if chosen not in {"chat", "sms"}:
            raise IngestError("chat JSON needs --channel chat or --channel sms")
        data = {**data, "channel": chosen}
        if started_at is not None and "started_at" not in data:
            data["started_at"] = started_at.isoformat()
        return data
    raise IngestError(f"unknown format {suffix or '(no extension)'!r}; use .json/.jsonl cases, .eml, .txt, .vtt")


def batch_from_file(path: Path, dealer: str, identity: Identity, channel: str | None,
                    started_at: datetime | None, max_chars: int = MAX_MESSAGE_CHARS,
                    source_id: str | None = None) -> Batch:
    interaction = interaction_from_file(path, channel, started_at)
    if source_id:
        interaction = {**interaction, "id": source_id}
    return Batch(str(path), dealer, identity, messages_from(dealer, identity, [interaction], max_chars))
