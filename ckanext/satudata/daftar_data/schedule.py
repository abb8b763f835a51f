"""The release schedule of a Daftar Data row: which updates a year expects
and whether each came on time. Pure: dates in, statuses out, no database.

Periods of a year, from the row's ``jadwal_pemutakhiran``:

- ``bulanan`` 12 months, ``triwulanan`` 4 quarters, ``empat_bulanan`` 3
  four-month periods, ``semesteran`` 2 halves, ``tahunan`` the year;
- ``harian`` and ``mingguan`` are followed per month (a calendar of 365
  entries helps nobody): the month needs at least one publication;
- ``dua_tahunan`` expects one release within the row's year, as ``tahunan``
  (a row covers one year);
- ``insidental`` or no schedule expects nothing: its publications are
  listed, never late.

Periods that end before the row was established (its SK date) are not
expected: an obligation does not reach back before it existed.

The rule for **on time** (issue 13): a period's update is on time when a
publication (every move into the public state, revisions included) falls
within the period, or within ``grace_days`` after its last day (config
``ckanext.satudata.calendar.grace_days``, default 0). A period is then

- ``terbit``: published on time (``published``: the first such day);
- ``terbit_terlambat``: nothing on time, but published after its due date
  (``published``: the first day after it);
- ``terlambat``: nothing published and the due date has passed;
- ``dijadwalkan``: nothing published yet and still due (today is on or
  before the due date).

One publication can settle two periods: a release on 5 April is March's
update, late, and April's, on time; with grace days, a release in the grace
of March is on time for March and, being in April, for April too. The
calendar says whether the data were brought up to date in each period; it
cannot know which period's figures a release contains.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

__all__ = [
    "DIJADWALKAN",
    "INSIDENTAL",
    "STATUSES",
    "TERBIT",
    "TERBIT_TERLAMBAT",
    "TERLAMBAT",
    "Period",
    "Release",
    "is_scheduled",
    "periods",
    "releases",
]

TERBIT = "terbit"
TERBIT_TERLAMBAT = "terbit_terlambat"
TERLAMBAT = "terlambat"
DIJADWALKAN = "dijadwalkan"
STATUSES = (TERBIT, TERBIT_TERLAMBAT, TERLAMBAT, DIJADWALKAN)

# The kind of an entry of an unscheduled row: an actual publication.
INSIDENTAL = "insidental"

# Months per period of each schedule followed in the calendar.
_MONTHS: dict[str, int] = {
    "harian": 1,
    "mingguan": 1,
    "bulanan": 1,
    "triwulanan": 3,
    "empat_bulanan": 4,
    "semesteran": 6,
    "tahunan": 12,
    "dua_tahunan": 12,
}


@dataclasses.dataclass(frozen=True)
class Period:
    """One expected update: ``start`` to ``end``, both inclusive."""

    number: int  # 1-based within the year
    start: datetime.date
    end: datetime.date

    def due(self, grace_days: int) -> datetime.date:
        """The last day an update for this period is on time."""
        return self.end + datetime.timedelta(days=grace_days)


@dataclasses.dataclass(frozen=True)
class Release:
    """One entry of the calendar: an expected update and its status, or
    (``period`` None) a publication of an unscheduled row."""

    period: Period | None
    status: str
    published: datetime.date | None
    due: datetime.date | None


def is_scheduled(jadwal: str | None) -> bool:
    """Whether the schedule expects periodic updates."""
    return jadwal in _MONTHS


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def periods(
    jadwal: str | None, tahun: int, since: datetime.date | None = None
) -> list[Period]:
    """The periods of ``tahun`` the schedule expects an update for, without
    those that ended before ``since`` (the SK date)."""
    months = _MONTHS.get(jadwal or "")
    if months is None:
        return []
    found = []
    for i, first in enumerate(range(1, 13, months)):
        period = Period(
            number=i + 1,
            start=datetime.date(tahun, first, 1),
            end=_month_end(tahun, first + months - 1),
        )
        if since is None or period.end >= since:
            found.append(period)
    return found


def releases(
    jadwal: str | None,
    tahun: int,
    published: Iterable[datetime.date],
    today: datetime.date,
    grace_days: int = 0,
    since: datetime.date | None = None,
) -> list[Release]:
    """The calendar entries of one row: its expected periods with their
    status, or for an unscheduled row its publications in ``tahun``."""
    dates = sorted(published)
    expected = periods(jadwal, tahun, since)
    if not is_scheduled(jadwal):
        return [Release(None, TERBIT, d, None) for d in dates if d.year == tahun]
    found = []
    for period in expected:
        due = period.due(grace_days)
        on_time = [d for d in dates if period.start <= d <= due]
        late = [d for d in dates if d > due]
        if on_time:
            release = Release(period, TERBIT, on_time[0], due)
        elif late:
            release = Release(period, TERBIT_TERLAMBAT, late[0], due)
        else:
            status = TERLAMBAT if today > due else DIJADWALKAN
            release = Release(period, status, None, due)
        found.append(release)
    return found
