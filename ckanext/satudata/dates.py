"""Dates and times of Indonesian pages in Indonesian form, in the portal's
time zone (``ckan.display_timezone``): ``5 Desember 2026, 03.41 WIB``.

CKAN's render_datetime writes ``MMMM d, YYYY, HH:mm (z)`` whatever the
language, which on an Indonesian page reads ``Desember 5, 2026, 20:41 (UTC)``;
its ``YYYY`` is moreover the week-numbering year, so that the last days of
December can show the next year.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from babel.dates import format_date, format_datetime

LOCALE = "id"
DATE = "d MMMM y"
DATE_TIME = "d MMMM y, HH.mm z"
DATE_TIME_SECONDS = "d MMMM y, HH.mm.ss z"


def parse(value: Any) -> datetime.datetime | datetime.date | None:
    """A moment as CKAN's render_datetime reads it (naive means UTC), or a
    calendar date; None for anything else."""
    if isinstance(value, str):
        try:
            value = tk.h.date_str_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.timezone.utc)
        return value
    if isinstance(value, datetime.date):
        return value
    return None


def indonesian(
    value: Any, with_hours: bool = False, with_seconds: bool = False
) -> str:
    """``5 Desember 2026``, ``5 Desember 2026, 03.41 WIB`` (with_hours) or
    ``5 Desember 2026, 03.41.07 WIB`` (with_seconds); '' for a value that is
    no date."""
    moment = parse(value)
    if moment is None:
        return ""
    if not isinstance(moment, datetime.datetime):
        return format_date(moment, DATE, locale=LOCALE)
    zone = tk.h.get_display_timezone()
    if with_seconds:
        pattern = DATE_TIME_SECONDS
    elif with_hours:
        pattern = DATE_TIME
    else:
        pattern = DATE
    return format_datetime(moment, pattern, tzinfo=zone, locale=LOCALE)
