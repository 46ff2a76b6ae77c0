"""ADF/XML leads (Auto-lead Data Format 1.0), as dealer websites, OEM programs and third-party sites send them,
often inside an email body.

A lead becomes a customer (name, phones, email) and messages in their history: one line that says what the lead
form said (the vehicle wanted and whether to buy or lease, the trade-in and its odometer) and the prospect's own
comments, both read by the brief engine like any customer message and quoted as evidence. Parsed with defusedxml,
which refuses entity expansion and external references.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import message_from_string, policy
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from .errors import IngestError
from .identity import identity_from
from .ingest import Batch, message_for
from .models import Channel, Role

_ADF_START = re.compile(r"<\?adf\b[^>]*\?>|<\?xml\b[^>]*\?>", re.I)


def find_adf(text: str) -> str | None:
    """The ADF document in a file or an email body, or None when there is none."""
    if "<adf" not in text.casefold():
        return None
    if re.match(r"(?:From|Received|Return-Path|Date|Subject|MIME-Version|Delivered-To)\s*:", text.lstrip(), re.I):
        message = message_from_string(text, policy=policy.default)
        part = message.get_body(preferencelist=("plain", "html")) if message.is_multipart() else message
        body = part.get_content() if part is not None else ""
        text = body if "<adf" in body.casefold() else text
    start = text.casefold().find("<adf")
    end = text.casefold().rfind("</adf>")
    if end < 0:
        raise IngestError("has an <adf> lead with no closing </adf>")
    return text[start:end + len("</adf>")]


def _text(node: Element | None) -> str:
    return re.sub(r"\s+", " ", "".join(node.itertext())).strip() if node is not None else ""


def _child(node: Element | None, name: str) -> Element | None:
    if node is None:
        return None
    for child in node:
        if child.tag.casefold() == name:
            return child
    return None


def _children(node: Element | None, name: str) -> list[Element]:
    return [c for c in node if c.tag.casefold() == name] if node is not None else []


def _name(contact: Element | None) -> str | None:
    parts = {(n.get("part") or "full").casefold(): _text(n) for n in _children(contact, "name")}
    full = parts.get("full") or " ".join(p for p in (parts.get("first"), parts.get("middle"), parts.get("last")) if p)
    return full or None


def _vehicle_words(vehicle: Element) -> str:
    words = [_text(_child(vehicle, k)) for k in ("year", "make", "model", "trim")]
    return re.sub(r"\s+", " ", " ".join(w for w in words if w)).strip()


def _sentence(lead: Element) -> tuple[str, list[str]]:
    """What the form says, in words the engine reads; and the prospect's comments."""
    parts, comments = [], []
    for vehicle in _children(lead, "vehicle"):
        interest = (vehicle.get("interest") or "buy").casefold()
        words = _vehicle_words(vehicle)
        if not words:
            continue
        if interest in ("trade-in", "trade", "sell"):
            odometer = _text(_child(vehicle, "odometer"))
            miles = f" with {odometer} miles" if odometer and odometer.replace(",", "").isdigit() else ""
            parts.append(f"My trade-in is a {words}{miles}.")
        elif interest == "lease":
            parts.append(f"I'm interested in leasing a {words}.")
        elif interest == "test-drive":
            parts.append(f"I'd like to test drive a {words}.")
        else:
            parts.append(f"I'm interested in buying a {words}.")
        comment = _text(_child(vehicle, "comments"))
        if comment:
            comments.append(comment)
    customer = _child(lead, "customer")
    for node in (_child(customer, "comments"), _child(_child(customer, "contact"), "comments")):
        if _text(node):
            comments.append(_text(node))
    return " ".join(parts), comments


def _when(lead: Element) -> datetime:
    raw = _text(_child(lead, "requestdate"))
    if raw:
        try:
            at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            return at if at.tzinfo else at.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)


def batch_from_adf(text: str, source: str, dealer: str, region: str = "US") -> Batch:
    """A lead as a batch ready to store; a lead that does not parse stores nothing and says why in one line."""
    if re.search(r"<!(?:DOCTYPE|ENTITY)", text, re.I):
        # Entity definitions are how XML bombs and file reads arrive; no real lead sender needs one.
        raise IngestError("the lead uses XML entities or a DOCTYPE, which are refused")
    document = find_adf(text)
    if document is None:
        raise IngestError("has no ADF lead (<adf>...</adf>) in it")
    document = _ADF_START.sub("", document)
    try:
        root = ElementTree.fromstring(document)
    except DefusedXmlException:
        raise IngestError("the lead uses XML entities or external references, which are refused") from None
    except ElementTree.ParseError as exc:
        raise IngestError(f"the lead is not well-formed XML ({exc})") from None
    prospect = _child(root, "prospect") if root.tag.casefold() == "adf" else None
    if prospect is None:
        raise IngestError("the lead has no <prospect>")
    contact = _child(_child(prospect, "customer"), "contact")
    phones = [_text(p) for p in _children(contact, "phone") if _text(p)]
    email = _text(_child(contact, "email")) or None
    name = _name(contact)
    if not (phones or email):
        raise IngestError("the lead's contact has no phone or email to know the customer by")
    identity = identity_from({"name": name, "phone": phones[0] if phones else None, "email": email}, region)
    provider = _text(_child(_child(prospect, "provider"), "name")) or _text(_child(_child(prospect, "vendor"),
                                                                                    "vendorname"))
    said, comments = _sentence(prospect)
    at = _when(prospect)
    speaker = name or "lead"
    lines = [line for line in (said, *comments) if line]
    if not lines:
        lines = [f"Lead from {provider or 'a lead provider'} with no vehicle or comments."]
    messages = [message_for(dealer, Channel.email, Role.customer, speaker, at, line, seq)
                for seq, line in enumerate(lines)]
    label = f"{source} (lead from {provider})" if provider else source
    return Batch(label, dealer, identity, messages)
