"""Raw interactions in, normalised PII-masked messages out, stored under their customer."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .channels import Party, parse_interaction
from .errors import IngestError, first_problem
from .identity import identity_from
from .models import Channel, Identity, Message, Role
from .pii import mask_pii
from .store import AddResult, Store


class Case(BaseModel):
    """An eval-format file: one customer's history at one dealer, with what a brief should say."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    dealer_id: str | None = None
    now: datetime | None = None
    customer: dict[str, Any]
    interactions: list[Any]
    expected: dict[str, Any] | None = None


@dataclass
class Batch:
    """Everything parsed from one source, ready to store: nothing is written until all of it parsed."""

    source: str
    dealer: str
    identity: Identity
    messages: list[Message]


# Longer messages are stored cut to this many characters, with a note saying so (HANDOFF_MAX_MESSAGE_CHARS).
MAX_MESSAGE_CHARS = 50_000


def capped(text: str, max_chars: int) -> str:
    """The text, or its start with a note: never dropped silently, never unbounded work for every later brief."""
    if len(text) <= max_chars:
        return text
    return text[:max_chars].rstrip() + f" [message truncated: {len(text):,} characters, the first {max_chars:,} kept]"


def message_for(dealer: str, channel: Channel, role: Role, speaker: str | None, at: datetime, text: str,
                seq: int = 0) -> Message:
    """One message made by hand (a lead's lines), masked and with its content id like every ingested one."""
    masked = mask_pii(capped(text.strip(), MAX_MESSAGE_CHARS))
    return Message(id=Message.content_id(dealer, channel, role, at, f"{seq}\x1f{masked}"), dealer=dealer,
                   customer_id="", channel=channel, role=role, speaker=speaker, at=at, text=masked, seq=seq)


def messages_from(dealer: str, identity: Identity, interactions: list[Any],
                  max_chars: int = MAX_MESSAGE_CHARS) -> list[Message]:
    party = Party(name=identity.name, email=identity.email)
    messages: list[Message] = []
    for number, interaction in enumerate(interactions, 1):
        try:
            channel, turns = parse_interaction(interaction, party)
        except IngestError as exc:
            raise IngestError(f"interaction {number}: {exc}") from None
        shared_times = {at for at, count in Counter(t.at for t in turns).items() if count > 1}
        source_id = str(interaction.get("id") or "").strip()[:200] or None
        for seq, turn in enumerate(turns):
            # The staff question a customer's turn answers ("Date of birth?") says what a bare number in it is.
            asked = turns[seq - 1].text[-300:] if seq and turns[seq - 1].role != turn.role else ""
            text = mask_pii(capped(turn.text.strip(), max_chars), asked)
            if not text:
                continue
            # A turn is its author, time and text. Turns that share a timestamp (a call without offsets) are also
            # their place in the interaction; so the same chat message posted alone or with the whole chat, or a
            # forwarded copy of an email already stored, is the same message.
            key = f"{seq}\x1f{text}" if turn.at in shared_times else text
            messages.append(
                Message(
                    id=Message.content_id(dealer, channel, turn.role, turn.at, key),
                    dealer=dealer,
                    customer_id="",
                    channel=channel,
                    role=turn.role,
                    speaker=turn.speaker,
                    at=turn.at,
                    text=text,
                    seq=seq,
                    forwarded=turn.forwarded,
                    source_id=source_id,
                )
            )
    return messages


def batch_from_case(data: Any, source: str, dealer: str | None = None, region: str = "US",
                    max_chars: int = MAX_MESSAGE_CHARS) -> Batch:
    if not isinstance(data, dict):
        raise IngestError("a case must be a JSON object with customer and interactions")
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise IngestError(first_problem(exc, "case")) from None
    dealer = case.dealer_id or dealer or "default"
    customer = case.customer
    if case.id and isinstance(customer, dict) and not any(customer.get(k) for k in ("phone", "email", "id", "customer_id")):
        # A case is one customer even when it names them only by name (a chat visitor who left no contact): the
        # case id stands in, so ingesting the file again finds the same customer and `--customer ID` briefs them.
        customer = {**customer, "id": case.id}
    identity = identity_from(customer, region)
    return Batch(source, dealer, identity, messages_from(dealer, identity, case.interactions, max_chars))


def read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise IngestError("is not UTF-8 text") from None
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def read_cases(path: Path) -> list[tuple[str, Any]]:
    """(label, case data) for a `.json` case or each line of a `.jsonl` file."""
    if path.suffix == ".jsonl":
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise IngestError(f"{path}: cannot be read ({exc})") from None
        cases = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                cases.append((f"{path}:{number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                raise IngestError(f"{path}:{number}: is not valid JSON ({exc.msg})") from None
        return cases
    try:
        return [(str(path), read_json(path))]
    except IngestError as exc:
        raise IngestError(f"{path}: {exc}") from None


def ingest(store: Store, batch: Batch) -> AddResult:
    return store.add(batch.dealer, batch.identity, batch.messages)
