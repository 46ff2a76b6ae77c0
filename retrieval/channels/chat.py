"""Web chat and SMS: a list of messages with speaker, text and optional time."""

from __future__ import annotations

from ..errors import IngestError
from ..models import Role
from .base import Party, Turn, parse_time

_ROLES = {"customer": Role.customer, "agent": Role.staff, "staff": Role.staff, "bot": Role.bot}


def parse_messages(interaction: dict, party: Party) -> list[Turn]:
    messages = interaction.get("messages")
    if not isinstance(messages, list) or not messages:
        raise IngestError(f"{interaction.get('channel')} interaction needs a non-empty 'messages' list")
    started = interaction.get("started_at")
    default_at = parse_time(started, "started_at") if started is not None else None
    turns: list[Turn] = []
    for index, message in enumerate(messages, 1):
        if not isinstance(message, dict):
            raise IngestError(f"message {index} is not an object")
        speaker = str(message.get("speaker", "")).strip().casefold()
        if speaker not in _ROLES:
            raise IngestError(f"message {index} has speaker {message.get('speaker')!r}; use customer, agent or bot")
        text = message.get("text")
        if not isinstance(text, str):
            raise IngestError(f"message {index} has no text")
        if message.get("at") is not None:
            at = parse_time(message["at"], f"message {index} 'at'")
        elif turns:
            # A turn with no time of its own came after the one before it: "started_at" would put the bot's reply
            # ahead of the question it answers when the customer's turns carry times.
            at = max(turns[-1].at, default_at) if default_at is not None else turns[-1].at
        elif default_at is not None:
            at = default_at
        else:
            raise IngestError(f"message {index} has no 'at' and the interaction has no 'started_at'")
        name = message.get("name")
        if name is None and speaker == "customer":
            name = party.name
        turns.append(Turn(_ROLES[speaker], str(name) if name else None, at, text))
    return turns
