"""Numbers, shares and dates written the Indonesian way (1.234,5;
85,3%; 22 November 2026), whatever the language of the page: the report is
an Indonesian government document."""
from __future__ import annotations

import datetime

from babel.dates import format_date
from babel.numbers import format_decimal

from ckanext.satudata.workflow.definition import describe_duration

__all__ = ["date", "duration", "number", "share"]

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
    return format_date(value, format="d MMMM y", locale=LOCALE)


def duration(seconds: int | float | None) -> str:
    return describe_duration(seconds)
