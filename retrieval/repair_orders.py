"""Repair orders from a DMS export: a JSON object, a JSON list, or CSV rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from .errors import IngestError, first_problem
from .identity import identity_from
from .models import Identity, RepairOrder

_MONEY_FIELDS = {"repair_estimate", "vehicle_value", "payoff"}
# Column headers the common DMS exports use, for our fields; a dealer's own mapping (`ro_columns` in
# `<data dir>/dealers/<dealer>.json`, or `--map FILE`) comes first.
HEADER_PRESETS = {
    "ro#": "ro_number", "ro #": "ro_number", "ro no": "ro_number", "ro no.": "ro_number", "ro number": "ro_number",
    "repair order": "ro_number", "repair order #": "ro_number", "ro": "ro_number",
    "customer name": "name", "customer": "name", "cust name": "name",
    "home phone": "phone", "cell phone": "phone", "mobile phone": "phone", "phone": "phone", "phone #": "phone",
    "e-mail": "email", "email address": "email", "customer email": "email",
    "vin": "vin", "vin #": "vin", "year": "year", "model year": "year", "make": "make", "model": "model",
    "mileage": "mileage", "odometer": "mileage", "miles in": "mileage", "mileage in": "mileage",
    "est total": "repair_estimate", "estimate": "repair_estimate", "total estimate": "repair_estimate",
    "estimate total": "repair_estimate", "repair estimate": "repair_estimate",
    "acv": "vehicle_value", "vehicle value": "vehicle_value", "trade value": "vehicle_value",
    "payoff": "payoff", "payoff amount": "payoff", "lease maturity": "lease_maturity",
    "lease maturity date": "lease_maturity", "visits": "visits_24mo", "visits 24mo": "visits_24mo",
    "customer #": "customer_id", "customer number": "customer_id", "cust #": "customer_id",
}
_FIELDS = set(RepairOrder.model_fields)
_INT_FIELDS = {"year", "mileage", "lease_miles_allowed", "visits_24mo"}


def _clean(row: dict) -> dict:
    """Blank cells are missing fields; "$4,800" and "112,000" are numbers."""
    cleaned = {}
    for key, value in row.items():
        if key is None:
            continue
        key = key.strip().casefold()
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
            if key in _MONEY_FIELDS | _INT_FIELDS:
                value = value.replace("$", "").replace(",", "")
        if value is None:
            continue
        cleaned[key] = value
    return cleaned


def repair_order_from(row: dict, label: str) -> tuple[RepairOrder, Identity]:
    if not isinstance(row, dict):
        raise IngestError(f"{label}: a repair order must be an object")
    data = _clean(row)
    try:
        order = RepairOrder.model_validate(data)
    except ValidationError as exc:
        raise IngestError(f"{label}: {first_problem(exc, 'row')}") from None
    try:
        identity = identity_from({"phone": order.phone, "email": order.email, "id": order.customer_id,
                                  "name": order.name})
    except IngestError as exc:
        raise IngestError(f"{label}: {exc}") from None
    return order, identity


def column_names(headers: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Each CSV header's field: the dealer's mapping, then the DMS presets, then the header itself."""
    mine = {k.strip().casefold(): v for k, v in (mapping or {}).items()}
    unknown = sorted(v for v in mine.values() if v not in _FIELDS)
    if unknown:
        raise IngestError(f"column mapping names {unknown[0]!r}, which is not a repair-order field "
                          f"({', '.join(sorted(_FIELDS))})")
    named = {}
    for header in headers:
        key = header.strip().casefold()
        named[header] = mine.get(key) or HEADER_PRESETS.get(key) or key
    return named


def read_repair_orders(path: Path, mapping: dict[str, str] | None = None) -> Iterator[tuple[str, dict]]:
    """(label, raw row) for each order in a .json or .csv file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(f"{path}: is not UTF-8 text") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror})") from None
    if path.suffix.casefold() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise IngestError(f"{path}: is not valid JSON (line {exc.lineno}: {exc.msg})") from None
        rows = data if isinstance(data, list) else [data]
        for number, row in enumerate(rows, 1):
            yield (f"{path}#{number}" if len(rows) > 1 else str(path)), row
    elif path.suffix.casefold() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        try:
            named = column_names(list(reader.fieldnames or []), mapping)
        except IngestError as exc:
            raise IngestError(f"{path}: {exc}") from None
        if "ro_number" not in named.values():
            raise IngestError(f"{path}: CSV needs a header row with the RO number (ro_number, RO#, RO Number, ...)"
                              "; map your columns with --map or ro_columns in the dealer config")
        for number, row in enumerate(reader, 2):
            yield f"{path}:{number}", {named.get(k, k) if k else k: v for k, v in row.items()}
    else:
        raise IngestError(f"{path}: unknown format {path.suffix or '(none)'!r}; use .json or .csv")
