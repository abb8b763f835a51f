"""Dates and times in Indonesian form, in the portal's time zone:
``5 Desember 2026, 03.41 WIB`` where CKAN wrote ``Desember 5, 2026, 20:41
(UTC)``."""
from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from ckan.tests import helpers

from ckanext.satudata import dates

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
         "Agustus", "September", "Oktober", "November", "Desember")
MOMENT = datetime.datetime(2026, 12, 4, 20, 41, 7, tzinfo=datetime.timezone.utc)


@pytest.mark.ckan_config("ckan.display_timezone", "Asia/Jakarta")
@pytest.mark.usefixtures("ckan_config")
@pytest.mark.parametrize(("value", "options", "expected"), [
    (MOMENT, {"with_hours": True}, "5 Desember 2026, 03.41 WIB"),
    (MOMENT, {"with_seconds": True}, "5 Desember 2026, 03.41.07 WIB"),
    (MOMENT, {}, "5 Desember 2026"),
    # naive and ISO strings are UTC, as CKAN stores them
    ("2026-12-04T20:41:07", {"with_hours": True}, "5 Desember 2026, 03.41 WIB"),
    (MOMENT.replace(tzinfo=None), {"with_hours": True},
     "5 Desember 2026, 03.41 WIB"),
    # CKAN's YYYY is the week-numbering year: 2025 here
    ("2024-12-30T10:00:00", {"with_hours": True}, "30 Desember 2024, 17.00 WIB"),
    (datetime.date(2026, 8, 17), {"with_hours": True}, "17 Agustus 2026"),
    ("bukan tanggal", {"with_hours": True}, ""),
    (None, {}, ""),
])
def test_indonesian_form(value, options, expected):
    assert dates.indonesian(value, **options) == expected


@pytest.mark.ckan_config("ckan.display_timezone", "Asia/Makassar")
@pytest.mark.usefixtures("ckan_config")
def test_the_portal_time_zone_names_itself():
    assert dates.indonesian(MOMENT, with_hours=True) == "5 Desember 2026, 04.41 WITA"


def _activity_moments(world, dataset_id: str) -> list[datetime.datetime]:
    activities = helpers.call_action(
        "package_activity_list", {"user": world.sysadmin}, id=dataset_id
    )
    assert activities
    return [
        datetime.datetime.fromisoformat(a["timestamp"])
        .replace(tzinfo=datetime.timezone.utc).astimezone(ZoneInfo("Asia/Jakarta"))
        for a in activities
    ]


@pytest.mark.ckan_config("ckan.display_timezone", "Asia/Jakarta")
def test_activity_stream_dates_on_indonesian_and_english_pages(app, world):
    dataset = world.dataset("diajukan")
    headers = world.headers("produsen")
    page = app.get(f"/id/dataset/activity/{dataset['name']}", headers=headers).body
    for moment in _activity_moments(world, dataset["id"]):
        expected = (f"{moment.day} {BULAN[moment.month - 1]} {moment.year},"
                    f" {moment:%H.%M} WIB")
        assert f'title="{expected}"' in page
    # the workflow panel's history too
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d\.\d\d WIB:", page)
    english = app.get(f"/en/dataset/activity/{dataset['name']}", headers=headers).body
    assert " WIB\"" not in english
    moment = _activity_moments(world, dataset["id"])[0]
    assert f'title="{moment:%B} {moment.day}, ' in english
