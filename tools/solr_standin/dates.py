"""Solr date values and date math (``NOW-1DAY/DAY``, ``2020-01-01T00:00:00Z+1MONTH``).

Dates are held as integer milliseconds since the epoch (UTC), Solr's own
precision, so comparisons and sorting are plain integer operations.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone

from .errors import SolrError

_DATE = re.compile(
    r"(?P<year>-?\d{4,})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"T(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})",
    re.IGNORECASE,
)
_MATH_OP = re.compile(r"([+-])(\d+)([A-Z]+)|/([A-Z]+)", re.IGNORECASE)

_UNITS = {
    "YEAR": "year",
    "YEARS": "year",
    "MONTH": "month",
    "MONTHS": "month",
    "DAY": "day",
    "DAYS": "day",
    "DATE": "day",
    "HOUR": "hour",
    "HOURS": "hour",
    "MINUTE": "minute",
    "MINUTES": "minute",
    "SECOND": "second",
    "SECONDS": "second",
    "MILLI": "milli",
    "MILLIS": "milli",
    "MILLISECOND": "milli",
    "MILLISECONDS": "milli",
}
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _invalid(text: str) -> SolrError:
    return SolrError(400, f"Invalid Date String:'{text}'")


def _to_millis(dt: datetime) -> int:
    delta = dt - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def _from_millis(ms: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=ms)


def now_millis() -> int:
    return _to_millis(datetime.now(timezone.utc))


def _add_months(dt: datetime, months: int) -> datetime:
    total = dt.year * 12 + dt.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return dt.replace(year=year, month=month, day=day)


def _shift(dt: datetime, amount: int, unit: str) -> datetime:
    if unit == "year":
        return _add_months(dt, 12 * amount)
    if unit == "month":
        return _add_months(dt, amount)
    if unit == "milli":
        return dt + timedelta(milliseconds=amount)
    return dt + timedelta(**{unit + "s": amount})


def _round(dt: datetime, unit: str) -> datetime:
    if unit == "milli":
        return dt.replace(microsecond=dt.microsecond // 1000 * 1000)
    fields = ("month", "day", "hour", "minute", "second")
    start = {"year": 0, "month": 1, "day": 2, "hour": 3, "minute": 4, "second": 5}[unit]
    reset: dict[str, int] = {"microsecond": 0}
    for name in fields[start:]:
        reset[name] = 1 if name in ("month", "day") else 0
    return dt.replace(**reset)


def parse_date(text: str, now_ms: int) -> int:
    """Parse a Solr date or date-math expression to epoch milliseconds."""
    value = text.strip()
    if value.upper().startswith("NOW"):
        dt = _from_millis(now_ms)
        rest = value[3:]
    else:
        match = _DATE.match(value)
        if not match:
            raise _invalid(text)
        dt = _parse_iso(match, text)
        rest = value[match.end() :]
    pos = 0
    while pos < len(rest):
        op = _MATH_OP.match(rest, pos)
        if not op:
            raise _invalid(text)
        unit = _UNITS.get((op.group(3) or op.group(4)).upper())
        if unit is None:
            raise _invalid(text)
        if op.group(4):
            dt = _round(dt, unit)
        else:
            amount = int(op.group(2))
            dt = _shift(dt, -amount if op.group(1) == "-" else amount, unit)
        pos = op.end()
    return _to_millis(dt)


def _parse_iso(match: re.Match[str], text: str) -> datetime:
    fraction = (match.group("fraction") or "0")[:6].ljust(6, "0")
    zone = match.group("zone")
    tz = timezone.utc
    if zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        dt = datetime(
            int(match.group("year")),
            int(match.group("month")),
            int(match.group("day")),
            int(match.group("hour")),
            int(match.group("minute")),
            int(match.group("second")),
            int(fraction) // 1000 * 1000,
            tzinfo=tz,
        )
    except ValueError:
        raise _invalid(text) from None
    return dt.astimezone(timezone.utc)


def format_date(ms: int) -> str:
    """Solr's canonical form: UTC, 'Z', milliseconds only when non-zero."""
    dt = _from_millis(ms)
    base = dt.strftime("%Y-%m-%dT%H:%M:%S")
    millis = dt.microsecond // 1000
    return f"{base}.{millis:03d}Z" if millis else f"{base}Z"
