"""One parser per channel, chosen by the interaction's `channel` key."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import IngestError
from ..models import Channel
from .base import Party, Turn
from .call import parse_transcript
from .chat import parse_messages
from .email import parse_email
from .note import parse_note

PARSERS: dict[Channel, Callable[[dict, Party], list[Turn]]] = {
    Channel.chat: parse_messages,
    Channel.sms: parse_messages,
    Channel.call: parse_transcript,
    Channel.email: parse_email,
    Channel.note: parse_note,
}


def parse_interaction(interaction: dict, party: Party) -> tuple[Channel, list[Turn]]:
    if not isinstance(interaction, dict):
        raise IngestError("an interaction must be a JSON object")
    try:
        channel = Channel(str(interaction.get("channel", "")).strip().casefold())
    except ValueError:
        raise IngestError(
            f"unknown channel {interaction.get('channel')!r}; use chat, sms, call, email or note"
        ) from None
    return channel, PARSERS[channel](interaction, party)


__all__ = ["Party", "Turn", "parse_interaction"]
