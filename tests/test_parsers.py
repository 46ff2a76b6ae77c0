"""Numbers, dates, identities and PII: the small parsers, with property tests."""

from __future__ import annotations

from datetime import date

import pytest
from handoff.agent.offline.dates import find_dates
from handoff.agent.offline.numbers import find_amounts
from handoff.agent.offline.vocab import find_vehicles
from handoff.retrieval.errors import IngestError
from handoff.retrieval.identity import normalise_email, normalise_phone
from handoff.retrieval.pii import mask_pii
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    "text, value",
    [("$500/mo", 500), ("five hundred a month", 500), ("four fifty", 450), ("5 bills", 500),
     ("forty-eight hundred", 4800), ("5k down", 5000), ("five grand", 5000), ("$2,999", 2999),
     ("twelve hundred", 1200), ("seventy five thousand miles", 75000), ("$1.5k", 1500)],
)
def test_amounts_written_and_spoken(text, value):
    assert [a.value for a in find_amounts(text)] == [value]


@given(st.integers(min_value=100, max_value=999_999))
def test_any_dollar_figure_with_commas_reads_back(n):
    assert [a.value for a in find_amounts(f"about ${n:,} total")] == [n]


@pytest.mark.parametrize("text", ["call me at 5:30", "on 3/20", "the F-150"])
def test_times_dates_and_model_numbers_are_not_amounts(text):
    assert find_amounts(text) == []


WEDNESDAY = date(2026, 3, 4)


@pytest.mark.parametrize(
    "text, expected",
    [("by the 20th", "2026-03-20"), ("by the 1st", "2026-04-01"), ("this Saturday", "2026-03-07"),
     ("next Friday", "2026-03-13"), ("end of next month", "2026-04-30"), ("end of the month", "2026-03-31"),
     ("in two weeks", "2026-03-18"), ("within 10 days", "2026-03-14"), ("June 30th", "2026-06-30"),
     ("before 6/30", "2026-06-30"), ("before the fifteenth", "2026-03-15"), ("the fourteenth of next month", "2026-04-14"),
     ("before Christmas", "2026-12-25")],
)
def test_relative_dates_resolve_against_the_message_day(text, expected):
    assert [d.value.isoformat() for d in find_dates(text, WEDNESDAY)] == [expected]


@pytest.mark.parametrize("text", ["the second key fob", "the 30 xDrive", "third row seating"])
def test_ordinary_words_are_not_dates(text):
    assert find_dates(text, WEDNESDAY) == []


@pytest.mark.parametrize(
    "text, make, model",
    [("new Silverado", "Chevrolet", "Silverado"), ("a chevy colorado", "Chevrolet", "Colorado"),
     ("VW Atlas", "Volkswagen", "Atlas"), ("2014 F150", "Ford", "F-150"), ("rav 4", "Toyota", "RAV4"),
     ("the crv", "Honda", "CR-V"), ("RX 350", "Lexus", "RX 350"), ("Sierra 2500HD", "GMC", "Sierra 2500HD")],
)
def test_vehicle_names_map_to_make_and_model_line(text, make, model):
    found = [(v.make, v.model) for v in find_vehicles(text) if v.model]
    assert found == [(make, model)]


@pytest.mark.parametrize("text", ["the pilot light", "I live in Colorado Springs", "THIS IS GREAT", "I paid 1500"])
def test_ordinary_words_are_not_vehicles(text):
    assert [v for v in find_vehicles(text) if v.model] == []


@given(st.sampled_from(["({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "+1 {a} {b} {c}", "1{a}{b}{c}"]),
       st.integers(200, 989), st.integers(200, 999), st.integers(0, 9999))
def test_any_us_phone_format_normalises_to_one_e164(fmt, a, b, c):
    raw = fmt.format(a=a, b=b, c=f"{c:04d}")
    assert normalise_phone(raw) == f"+1{a}{b}{c:04d}"


def test_email_is_case_folded_and_bad_ones_refused():
    assert normalise_email("  Mike.Alvarez@Example.COM ") == "mike.alvarez@example.com"
    with pytest.raises(IngestError):
        normalise_email("not an email")
    with pytest.raises(IngestError):
        normalise_phone("12")


def _luhn_complete(prefix: str) -> str:
    for check in "0123456789":
        digits = prefix + check
        total = sum((int(d) * 2 - 9 if int(d) * 2 > 9 else int(d) * 2) if i % 2 else int(d)
                    for i, d in enumerate(reversed(digits)))
        if total % 10 == 0:
            return digits
    raise AssertionError


@given(st.text(alphabet="0123456789", min_size=15, max_size=15), st.sampled_from([" ", "-", ""]))
def test_any_card_number_is_masked(prefix, sep):
    digits = _luhn_complete(prefix)
    card = sep.join(digits[i : i + 4] for i in range(0, 16, 4))
    masked = mask_pii(f"here is my card {card} exp 08/29")
    assert digits not in masked.replace(" ", "").replace("-", "")


@pytest.mark.parametrize(
    "text, secret",
    [("my ssn is 123-45-6789", "123-45-6789"), ("SSN: 123456789", "123456789"), ("DOB 04/12/1988", "04/12/1988"),
     ("born on March 3, 1990", "March 3, 1990"), ("license number? its 41877302", "41877302"),
     ("member number 99887766", "99887766"), ("here's my card 4716 2291 0384 5562 exp 09/28", "4716 2291 0384 5562"),
     ("visa 4716229103845562", "4716229103845562"), ("my license is TX 30918847 if you need it", "30918847"),
     ("fecha de nacimiento 9/22/1986", "9/22/1986"), ("licencia 21458873", "21458873"),
     ("mi licencia de manejo es D1234567", "D1234567"), ("naci el 03/04/1990", "03/04/1990")],
)
def test_pii_is_masked(text, secret):
    assert secret not in mask_pii(text)


def test_phone_numbers_are_not_pii():
    assert mask_pii("call me at 512-555-0101") == "call me at 512-555-0101"
