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


def read_repair_orders(path: Path) -> Iterator[tuple[str, dict]]:
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
        if not reader.fieldnames or "ro_number" not in [f.strip().casefold() for f in reader.fieldnames]:
            raise IngestError(f"{path}: CSV needs a header row with ro_number")
        for number, row in enumerate(reader, 2):
            yield f"{path}:{number}", row
    else:
        raise IngestError(f"{path}: unknown format {path.suffix or '(none)'!r}; use .json or .csv")
