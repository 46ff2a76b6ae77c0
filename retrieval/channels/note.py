"""CRM notes: a staff member writing about the customer in the third person."""

from __future__ import annotations

from ..errors import IngestError
from ..models import Role
from .base import Party, Turn, parse_time


def parse_note(interaction: dict, party: Party) -> list[Turn]:
    text = interaction.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError("note interaction needs 'text'")
    at = parse_time(interaction.get("at") or interaction.get("started_at"), "note 'at'")
    author = interaction.get("author")
    return [Turn(Role.staff, str(author) if author else None, at, text)]
