"""Call transcripts: `Speaker: text` lines with optional `[hh:mm:ss]` offsets, or WebVTT."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from ..errors import IngestError
from .base import Party, Turn, parse_time, role_for_label

_LINE = re.compile(
    r"^\s*(?:\[(?P<offset>\d{1,2}(?::\d{1,2}){1,2}(?:\.\d+)?)\]\s*)?"
    r"(?P<speaker>[A-Za-z][\w.'-]*(?:[ ][A-Za-z][\w.'-]*){0,3})\s*:\s*(?P<text>.*)$"
)
_CUE_TIME = re.compile(r"^\s*(?P<start>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\s*-->")
_VOICE = re.compile(r"<v(?:\.[\w.]+)?\s+([^>]+)>(.*?)(?:</v>|$)", re.S)
_TAG = re.compile(r"</?[^>]+>")


def _offset(text: str) -> timedelta:
    parts = [float(p.replace(",", ".")) for p in text.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    hours, minutes, seconds = parts
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_transcript(interaction: dict, party: Party) -> list[Turn]:
    transcript = interaction.get("transcript")
    if not isinstance(transcript, str) or not transcript.strip():
        raise IngestError("call interaction needs a non-empty 'transcript'")
    started = parse_time(interaction.get("started_at"), "call 'started_at'")
    if transcript.lstrip("\ufeff").lstrip().startswith("WEBVTT"):
        turns = _parse_webvtt(transcript, started, party)
    else:
        turns = _parse_lines(transcript, started, party)
    if not turns:
        raise IngestError("call transcript has no 'Speaker: text' lines")
    return turns


def _parse_lines(transcript: str, started: datetime, party: Party) -> list[Turn]:
    turns: list[Turn] = []
    for raw in transcript.splitlines():
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            if not turns:
                raise IngestError(f"call transcript line {raw.strip()[:40]!r} has no 'Speaker:' label")
            # A line without a label carries on the previous speaker's turn.
            last = turns.pop()
            turns.append(Turn(last.role, last.speaker, last.at, f"{last.text} {raw.strip()}"))
            continue
        at = started + _offset(match["offset"]) if match["offset"] else started
        speaker = match["speaker"].strip()
        turns.append(Turn(role_for_label(speaker, party), speaker, at, match["text"].strip()))
    return turns


def _parse_webvtt(transcript: str, started: datetime, party: Party) -> list[Turn]:
    turns: list[Turn] = []
    blocks = re.split(r"\n\s*\n", transcript.replace("\r\n", "\n").strip())
    for block in blocks[1:]:
        lines = block.strip().splitlines()
        timing = next((i for i, line in enumerate(lines) if _CUE_TIME.match(line)), None)
        if timing is None:
            continue  # NOTE, STYLE and REGION blocks carry no speech
        cue = _CUE_TIME.match(lines[timing])
        assert cue is not None  # found by the same match just above
        at = started + _offset(cue["start"])
        body = "\n".join(lines[timing + 1 :]).strip()
        voices = _VOICE.findall(body)
        if voices:
            for speaker, text in voices:
                turns.append(_turn(speaker.strip(), _TAG.sub("", text), at, party))
        elif (match := _LINE.match(_TAG.sub("", body).replace("\n", " "))) is not None:
            turns.append(_turn(match["speaker"], match["text"], at, party))
        elif turns and body:
            last = turns.pop()
            turns.append(Turn(last.role, last.speaker, last.at, f"{last.text} {_TAG.sub('', body)}"))
    return turns


def _turn(speaker: str, text: str, at: datetime, party: Party) -> Turn:
    return Turn(role_for_label(speaker, party), speaker, at, re.sub(r"\s+", " ", text).strip())
