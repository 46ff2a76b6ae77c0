"""Normalising the ways a customer is named: phone to E.164, email case-folded."""

from __future__ import annotations

import phonenumbers

from .errors import IngestError
from .models import Identity


def normalise_phone(raw: str, region: str = "US") -> str:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise IngestError(f"phone {raw!r} is not a phone number ({exc})") from None
    if not phonenumbers.is_possible_number(number):
        raise IngestError(f"phone {raw!r} is not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    value = raw.strip().casefold()
    local, sep, domain = value.rpartition("@")
    if not sep or not local or "." not in domain or " " in value:
        raise IngestError(f"email {raw!r} is not an email address")
    return value


def identity_from(data: dict | None, region: str = "US") -> Identity:
    """An eval-format `customer` object (name, phone, email, id) as a normalised Identity."""
    data = data or {}
    if not isinstance(data, dict):
        raise IngestError("customer must be an object with phone, email or id")
    phone = data.get("phone")
    email = data.get("email")
    external = data.get("id") or data.get("customer_id")
    name = data.get("name")
    identity = Identity(
        phone=normalise_phone(str(phone), region) if phone else None,
        email=normalise_email(str(email)) if email else None,
        customer_id=str(external).strip() if external else None,
        name=str(name).strip() if name else None,
    )
    if not identity.keys():
        raise IngestError("no customer identity: give a phone, an email or a customer id")
    return identity
