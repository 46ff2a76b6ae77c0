"""Every customer's brief, for a CRM import: JSON lines (the Brief model's dump), CSV (a row a customer, a value
and a quote a fact), or ADF/XML (one lead document a customer)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Literal
from xml.sax.saxutils import escape

from ..agent.describe import describe
from ..agent.models import FACT_NAMES, Brief

Format = Literal["jsonl", "csv", "adf"]
FORMATS: tuple[str, ...] = ("jsonl", "csv", "adf")


def csv_header() -> list[str]:
    return ["customer_id", "name", "phones", "emails", "messages",
            *[f"{name}{suffix}" for name in FACT_NAMES for suffix in ("", "_quote")]]


def csv_row(brief: Brief) -> list[str]:
    row = [brief.customer.id, brief.customer.name or "", " ".join(brief.customer.phones),
           " ".join(brief.customer.emails), str(brief.messages)]
    values = brief.fact_values()
    for name in FACT_NAMES:
        fact = getattr(brief.facts, name)
        row += [describe(name, values[name]) if values[name] is not None else "",
                fact.evidence[0].quote if fact.evidence else ""]
    return row


def adf_document(brief: Brief) -> str:
    values = brief.fact_values()
    vehicles = []
    wanted = values["vehicle_interest"]
    if wanted:
        interest = "lease" if values["purchase_type"] == "lease" else "buy"
        vehicles.append(f'<vehicle interest="{interest}">' + "".join(
            f"<{k}>{escape(str(wanted[k]))}</{k}>" for k in ("year", "make", "model", "trim") if wanted.get(k))
            + "</vehicle>")
    trade = values["trade_in"]
    if trade and trade.get("has_trade"):
        vehicles.append('<vehicle interest="trade-in">' + "".join(
            f"<{k}>{escape(str(trade[k]))}</{k}>" for k in ("year", "make", "model") if trade.get(k))
            + (f'<odometer units="miles">{trade["mileage"]}</odometer>' if trade.get("mileage") else "")
            + "</vehicle>")
    contact = (f'<name part="full">{escape(brief.customer.name or "")}</name>'
               + "".join(f"<email>{escape(e)}</email>" for e in brief.customer.emails)
               + "".join(f'<phone type="voice">{escape(p)}</phone>' for p in brief.customer.phones))
    notes = "; ".join(f"{name}: {describe(name, values[name])}" for name in FACT_NAMES
                      if values[name] is not None and name not in ("vehicle_interest", "trade_in"))
    return ('<?xml version="1.0" encoding="UTF-8"?><?adf version="1.0"?><adf><prospect>'
            f'<id source="handoff">{escape(brief.customer.id)}</id>' + "".join(vehicles)
            + f"<customer><contact>{contact}</contact><comments>{escape(notes)}</comments></customer>"
            + "<provider><name>handoff</name></provider></prospect></adf>")


def lines(briefs: Iterator[Brief], format: str) -> Iterator[str]:
    """The export as lines of text, one customer at a time (so it streams)."""
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(csv_header())
        yield buffer.getvalue()
        for brief in briefs:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(csv_row(brief))
            yield buffer.getvalue()
        return
    for brief in briefs:
        yield (brief.model_dump_json() if format == "jsonl" else adf_document(brief)) + "\n"
