"""Raw RFC 5322 email: new text only, so quoted history is never counted twice.

Quoted `>` lines, everything after an `On ... wrote:` line or an Outlook original-message block,
and the signature after `-- ` are dropped. A forwarded block is kept as its own turn, attributed to
the author and time its header names.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import replace
from datetime import datetime
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from dateutil import parser as dateparser

from ..errors import IngestError
from ..models import Role
from .base import Party, Turn

_FORWARD = re.compile(r"^\s*(?:-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:)\s*$", re.I)
_ON_WROTE_START = re.compile(r"^\s*On\s.+", re.I)
_WROTE_END = re.compile(r"wrote:\s*$", re.I)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.I)
_OUTLOOK_RULE = re.compile(r"^\s*_{8,}\s*$")
_HEADER_LINE = re.compile(r"^\s*\*?(From|Sent|Date|To|Cc|Subject)\*?:\s*(.*)$", re.I)
_US_ZONES = {name: hours * 3600 for name, hours in {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
    "HST": -10, "UTC": 0, "GMT": 0}.items()}
_REPLY_SUBJECT = re.compile(r"^\s*(re|fwd?|aw)\s*:", re.I)

_DEALER_LOCALS = {"sales", "internet", "service", "bdc", "info", "leads", "noreply", "no-reply", "parts",
                  "finance", "appointments", "internetsales", "contact", "hello"}
_DEALER_WORDS = ("motor", "auto", "cars", "dealer", "honda", "toyota", "ford", "chevrolet", "chevy", "nissan",
                 "hyundai", "kia", "subaru", "mazda", "jeep", "dodge", "chrysler", "gmc", "buick", "cadillac",
                 "lexus", "bmw", "audi", "volkswagen", "mercedes", "acura", "infiniti", "volvo", "lincoln", "cdjr")


class _TextFromHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "p", "div", "tr", "li", "blockquote"}:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def _html_to_text(html: str) -> str:
    extractor = _TextFromHTML()
    extractor.feed(html)
    return re.sub(r"\n{3,}", "\n\n", "".join(extractor.parts))


def _looks_like_dealership(address: str) -> bool:
    local, _, domain = address.casefold().partition("@")
    return local in _DEALER_LOCALS or any(word in domain for word in _DEALER_WORDS)


def _role_of(address: str, party: Party) -> Role:
    address = address.casefold()
    if party.email:
        return Role.customer if address == party.email.casefold() else Role.staff
    return Role.staff if _looks_like_dealership(address) else Role.customer


def _display(header_value: str) -> tuple[str | None, str]:
    name, address = parseaddr(header_value)
    return (name or address or None), address


def strip_quoted(lines: list[str]) -> list[str]:
    """The new text of a body: stops at the first quoted-history marker, skips `>` lines."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line.rstrip() in {"--", "-- "} or line == "-- ":
            break
        if _ORIGINAL.match(line):
            break
        if _OUTLOOK_RULE.match(line) and any(_HEADER_LINE.match(n) for n in lines[index + 1 : index + 3]):
            break
        header = _HEADER_LINE.match(line)
        if header and header[1].casefold() == "from" and any(
            (h := _HEADER_LINE.match(n)) and h[1].casefold() in {"sent", "date"} for n in lines[index + 1 : index + 3]
        ):
            break
        if _ON_WROTE_START.match(line):
            window = " ".join(lines[index : index + 3])
            if _WROTE_END.search(line) or re.search(r"wrote:", window, re.I):
                break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return kept


def _clean(lines: list[str]) -> str:
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def _forwarded_turn(lines: list[str], fallback: datetime, party: Party) -> Turn | None:
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines) and (not lines[index].strip() or (h := _HEADER_LINE.match(lines[index]))):
        if lines[index].strip() and h is not None:
            headers[h[1].casefold()] = h[2].strip()
        elif headers:
            break
        index += 1
    body = _clean(strip_quoted(lines[index:]))
    if not body:
        return None
    name, address = _display(headers.get("from", ""))
    when = headers.get("date") or headers.get("sent")
    at = fallback
    if when:
        try:
            midnight = fallback.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
            at = dateparser.parse(when.replace(" at ", " "), fuzzy=True, default=midnight, tzinfos=_US_ZONES)
        except (ValueError, OverflowError):
            at = fallback
        if at.tzinfo is None:
            at = at.replace(tzinfo=fallback.tzinfo)
    role = _role_of(address, party) if address else Role.customer
    return Turn(role, name, at, body)


def parse_email(interaction: dict, party: Party) -> list[Turn]:
    raw = interaction.get("raw")
    if not isinstance(raw, str) or not raw.strip():
        raise IngestError("email interaction needs 'raw', the whole RFC 5322 message")
    message = email.message_from_string(raw, policy=email.policy.default)
    try:
        date_header = message["Date"]
        sent_at = date_header.datetime if date_header is not None else None
    except (ValueError, TypeError, AttributeError):
        sent_at = None
    if sent_at is None:
        raise IngestError("email has no parseable Date header")
    if sent_at.tzinfo is None:
        raise IngestError("email Date header has no timezone")
    from_name, from_address = _display(str(message.get("From", "")))
    if not from_address:
        raise IngestError("email has no From address")
    body_part = message.get_body(preferencelist=("plain", "html"))
    if body_part is None:
        raise IngestError("email has no text body")
    try:
        body = body_part.get_content()
    except (LookupError, UnicodeDecodeError) as exc:
        raise IngestError(f"email body cannot be decoded ({exc})") from None
    if body_part.get_content_subtype() == "html":
        body = _html_to_text(body)
    lines = body.replace("\r\n", "\n").split("\n")

    sections: list[list[str]] = [[]]
    for line in lines:
        if _FORWARD.match(line):
            sections.append([])
        else:
            sections[-1].append(line)

    turns: list[Turn] = []
    own = _clean(strip_quoted(sections[0]))
    subject = str(message.get("Subject", "") or "").strip()
    if subject and not _REPLY_SUBJECT.match(subject) and own:
        own = f"{subject}\n\n{own}"
    sender = _role_of(from_address, party)
    if own:
        turns.append(Turn(sender, from_name, sent_at, own))
    for section in sections[1:]:
        forwarded = _forwarded_turn(section, sent_at, party)
        if forwarded is not None:
            turns.append(replace(forwarded, forwarded=sender is Role.customer))
    if not turns:
        raise IngestError("email has no new text (only quoted history)")
    return turns


def addresses_in(raw: str) -> list[str]:
    message = email.message_from_string(raw, policy=email.policy.compat32)
    fields = [str(v) for key in ("From", "To", "Cc") for v in message.get_all(key, [])]
    return [address.casefold() for _, address in getaddresses(fields) if address]
