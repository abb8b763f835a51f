"""Numbers, shares and dates written the Indonesian way (1.234,5;
85,3%; 22 November 2026), whatever the language of the page: the report is
an Indonesian government document."""
from __future__ import annotations

import datetime
import functools

from babel.dates import format_date
from babel.numbers import format_decimal

from ckanext.satudata.workflow.definition import describe_duration

__all__ = ["date", "date_range", "duration", "number", "share"]

LOCALE = "id"


def number(value: int | float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale=LOCALE)


def share(value: float | None) -> str:
    """A fraction as a percentage with one decimal (0.853 -> 85,3%)."""
    if value is None:
        return "-"
    return format_decimal(value * 100, format="#,##0.0", locale=LOCALE) + "%"


def date(value: str | datetime.date | datetime.datetime | None) -> str:
    if not value:
        return "-"
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return _date(value)


@functools.lru_cache(maxsize=4096)
def _date(value: datetime.date) -> str:
    # A report writes the same few hundred days thousands of times, and
    # babel's formatting is slow.
    return format_date(value, format="d MMMM y", locale=LOCALE)


def date_range(start: str | datetime.date, end: str | datetime.date) -> str:
    """1 Januari–31 Desember 2025; the year once when both share it."""
    first, last = (
        datetime.date.fromisoformat(v[:10]) if isinstance(v, str) else v
        for v in (start, end)
    )
    if first.year == last.year:
        return (format_date(first, format="d MMMM", locale=LOCALE) + "\u2013"
                + format_date(last, format="d MMMM y", locale=LOCALE))
    return date(first) + "\u2013" + date(last)


def duration(seconds: int | float | None) -> str:
    return describe_duration(seconds)
