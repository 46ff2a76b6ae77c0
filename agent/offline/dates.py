"""Dates as customers say them, resolved against the moment of the message that says them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .numbers import UNITS

MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5,
                 "sun": 6})

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
for _unit, _n in list(ORDINALS.items())[:9]:
    ORDINALS[f"twenty-{_unit}"] = ORDINALS[f"twenty {_unit}"] = 20 + _n
ORDINALS["thirty-first"] = ORDINALS["thirty first"] = 31

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_ORD_WORD = "|".join(sorted((re.escape(k) for k in ORDINALS), key=len, reverse=True))
_ORD = rf"(?P<day>\d{{1,2}}(?:st|nd|rd|th)?|{_ORD_WORD})"
_COUNT = r"(?P<count>\d+|" + "|".join(k for k in UNITS if k not in {"a", "an", "zero"}) + r"|a|an|a couple of|couple of|couple)"

_HOLIDAYS = (r"christmas eve|christmas|new year'?s(?: eve| day)?|thanksgiving|memorial day|labor day|independence day|"
             r"fourth of july|4th of july|july 4th|easter|valentine'?s(?: day)?|halloween")
_PATTERNS = [
    ("month_day", re.compile(rf"\b(?P<month>{_MONTH})\.?\s+{_ORD}\b(?:,?\s+(?P<year>20\d{{2}}))?", re.I)),
    ("day_of_month", re.compile(rf"\b{_ORD}\s+of\s+(?P<month>{_MONTH})\b(?:,?\s+(?P<year>20\d{{2}}))?", re.I)),
    ("numeric", re.compile(r"(?<![\d/$])(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|[12]\d|0?[1-9])(?:/(?P<year>\d{2}|\d{4}))?(?![\d/])")),
    ("day_of_next_month", re.compile(rf"\b(?:the\s+)?{_ORD}\s+of\s+(?P<which>this|next)\s+month\b", re.I)),
    # "the Monday after Thanksgiving", "the Friday before Christmas": a weekday counted from a holiday.
    ("weekday_by_holiday", re.compile(rf"\b(?:the\s+)?(?P<weekday>{_WEEKDAY})\s+(?P<rel>after|before)\s+"
                                      rf"(?P<holiday>{_HOLIDAYS})\b", re.I)),
    ("holiday", re.compile(rf"\b(?P<holiday>{_HOLIDAYS})\b", re.I)),
    # "the 20th", or "by the 20" / "before the twelfth": a bare number or an ordinal word needs a preposition.
    ("the_day", re.compile(rf"(?:\bthe\s+(?P<suffixed>\d{{1,2}}(?:st|nd|rd|th))|\b(?:by|before|on|until|till|til|that'?s|"
                           rf"it'?s|is|from|after)\s+the\s+{_ORD})(?!\s+(?:of\s+)?(?:{_MONTH})\b)\b"
                           rf"(?!\s+(?!of\b|and\b|or\b|at\b|so\b|when\b|if\b|but\b)[a-z])", re.I)),
    ("end_of_month", re.compile(r"\b(?:the\s+)?end\s+of\s+(?P<which>the|this|next)\s+month\b", re.I)),
    ("end_of_named", re.compile(rf"\b(?:the\s+)?end\s+of\s+(?P<month>{_MONTH})\b", re.I)),
    ("start_of_next", re.compile(r"\b(?:the\s+)?(?:first|1st|start|beginning)\s+of\s+next\s+month\b", re.I)),
    ("end_of_year", re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the|this)\s+year\b", re.I)),
    ("weekend", re.compile(r"\b(?P<which>this|next)\s+weekend\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<which>this|next|coming|this\s+coming)\s+)?(?P<weekday>{_WEEKDAY})\b\.?", re.I)),
    ("tomorrow", re.compile(r"\btomorrow\b", re.I)),
    ("span", re.compile(rf"\b(?:in|within|inside\s+of|next)\s+{_COUNT}\s+(?P<unit>days?|weeks?|months?)\b", re.I)),
]


@dataclass(frozen=True)
class DateMention:
    value: date
    start: int
    end: int
    kind: str


def _count(text: str) -> int:
    text = text.casefold()
    if text.isdigit():
        return int(text)
    if "couple" in text:
        return 2
    return UNITS.get(text, 1)


def _upcoming_weekday(base: date, weekday: int) -> date:
    return base + timedelta(days=(weekday - base.weekday()) % 7)


def _day_number(text: str) -> int:
    text = text.casefold()
    return ORDINALS[text] if text in ORDINALS else int(re.sub(r"\D", "", text))


def _holiday(name: str, year: int) -> date:
    from dateutil.easter import easter
    from dateutil.relativedelta import MO, TH

    name = name.casefold().replace("’", "'")
    if name.startswith("christmas eve"):
        return date(year, 12, 24)
    if name.startswith("christmas"):
        return date(year, 12, 25)
    if name.startswith("new year"):
        return date(year, 12, 31) if name.endswith("eve") else date(year + 1, 1, 1)
    if name == "thanksgiving":
        return date(year, 11, 1) + relativedelta(weekday=TH(4))
    if name == "memorial day":
        return date(year, 5, 31) + relativedelta(weekday=MO(-1))
    if name == "labor day":
        return date(year, 9, 1) + relativedelta(weekday=MO(1))
    if name == "easter":
        return easter(year)
    if name.startswith("valentine"):
        return date(year, 2, 14)
    if name == "halloween":
        return date(year, 10, 31)
    return date(year, 7, 4)


def _resolve(kind: str, m: re.Match, base: date) -> date | None:
    if kind in {"holiday", "weekday_by_holiday"}:
        found = _holiday(m["holiday"], base.year)
        if found < base:
            found = _holiday(m["holiday"], base.year + 1)
        if kind == "holiday":
            return found
        weekday = WEEKDAYS[m["weekday"].casefold().rstrip(".")]
        step = 1 if m["rel"].casefold() == "after" else -1
        counted = found + timedelta(days=step)
        while counted.weekday() != weekday:
            counted += timedelta(days=step)
        return counted
    if kind == "day_of_next_month":
        month_start = base.replace(day=1) + relativedelta(months=1 if m["which"].casefold() == "next" else 0)
        try:
            return month_start.replace(day=_day_number(m["day"]))
        except ValueError:
            return None
    if kind in {"month_day", "day_of_month", "numeric"}:
        month = MONTHS[m["month"].casefold().rstrip(".")] if kind != "numeric" else int(m["month"])
        day = _day_number(m["day"])
        year = m["year"]
        if year:
            year = int(year) + (2000 if len(year) == 2 else 0)
        else:
            year = base.year
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        # A date with no year that already passed this year means next year's.
        if not m["year"] and found < base - timedelta(days=31):
            found = found.replace(year=year + 1)
        return found
    if kind == "the_day":
        day = _day_number(m["suffixed"] or m["day"])
        if not 1 <= day <= 31:
            return None
        month_start = base.replace(day=1)
        if day < base.day:
            month_start += relativedelta(months=1)
        last = calendar.monthrange(month_start.year, month_start.month)[1]
        return month_start.replace(day=min(day, last)) if day <= last else None
    if kind == "end_of_month":
        months = 1 if m["which"].casefold() == "next" else 0
        target = base + relativedelta(months=months)
        return target.replace(day=calendar.monthrange(target.year, target.month)[1])
    if kind == "end_of_named":
        month = MONTHS[m["month"].casefold()]
        year = base.year + (1 if month < base.month else 0)
        return date(year, month, calendar.monthrange(year, month)[1])
    if kind == "start_of_next":
        return (base + relativedelta(months=1)).replace(day=1)
    if kind == "end_of_year":
        return date(base.year, 12, 31)
    if kind == "weekend":
        saturday = _upcoming_weekday(base, 5)
        return saturday + timedelta(days=7) if m["which"].casefold() == "next" and saturday - base < timedelta(days=6) and base.weekday() < 5 else saturday
    if kind == "weekday":
        weekday = WEEKDAYS[m["weekday"].casefold().rstrip(".")]
        upcoming = _upcoming_weekday(base, weekday)
        which = (m["which"] or "").casefold()
        if which == "next":
            # "next Friday" said early in a week means the Friday of the following week.
            if upcoming.isocalendar()[1] == base.isocalendar()[1] and upcoming != base:
                upcoming += timedelta(days=7)
            elif upcoming == base:
                upcoming += timedelta(days=7)
        return upcoming
    if kind == "tomorrow":
        return base + timedelta(days=1)
    if kind == "span":
        count = _count(m["count"])
        unit = m["unit"].casefold()
        if unit.startswith("day"):
            return base + timedelta(days=count)
        if unit.startswith("week"):
            return base + timedelta(weeks=count)
        return base + relativedelta(months=count)
    return None


def find_dates(text: str, base: date) -> list[DateMention]:
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
                continue
            if kind == "weekday" and m["weekday"].casefold() in {"sun", "sat", "wed", "mon"} and not m["weekday"][0].isupper():
                continue  # "sun", "wed" are words too
            value = _resolve(kind, m, base)
            if value is not None:
                found.append(DateMention(value, m.start(), m.end(), kind))
    # "Friday the 22nd", "Fri 5/22": the weekday only names the date that follows it.
    found = [d for d in found if not (d.kind == "weekday" and any(0 <= o.start - d.end <= 8 for o in found if o is not d))]
    return sorted(found, key=lambda d: d.start)
