"""The Kalender rilis on a hand-built regency (year 2025), its figures
worked out by hand from the rules in daftar_data/schedule.py.

OPD A (Dinas Kependudukan dan Pencatatan Sipil):
  M bulanan     published 20 Jan, 10 Feb, 5 Apr (Jan, Feb on time; the
                5 April release is March's update, late, and April's;
                May-November missing; December still due on 6 December)
  Q triwulanan  published 15 Mar, 10 Jul, 20 Jul (Q1 on time, Q2 late on
                10 July, Q3 on time on 10 July, Q4 due)
  S semesteran  established 1 August: only the second half is expected
  U bulanan     only proposed (usulan): not in the calendar
OPD B (Dinas Kesehatan):
  Y tahunan     no dataset
  W tahunan     its dataset was published 1 May and withdrawn 1 June: the
                publication must not show (anonymous sees nothing of it)
  I insidental  published 30 Dec 2024, 1 Jun and 9 Sep 2025: two entries,
                never late

Publications are events into the public state written with chosen times
(the same rows a revision's re-publication appends), at 03:00 UTC, the
same calendar day in WIB.
"""
from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from typing import Any

import ckan.model as model
import pytest
import sqlalchemy as sa

from ckanext.satudata.daftar_data import calendar
from ckanext.satudata.model import utcnow
from ckanext.satudata.model.workflow import WorkflowEvent, WorkflowState
from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata
from ckanext.satudata.tests.workflow.conftest import GOOD_CSV, World, act, make_world

NOW = datetime.datetime(2025, 12, 6, 5, 0)  # UTC; 6 December in WIB


def _at(month: int, day: int, year: int = 2025) -> datetime.datetime:
    return datetime.datetime(year, month, day, 3, 0)


def _dataset(world: World, org: dict[str, Any], row_id: str,
             year: int = 2025) -> dict[str, Any]:
    producer = world.users["produsen" if org is world.opd else "other_opd"]
    return act("package_create", producer,
               name=f"data-{model.types.make_uuid()[:8]}", title="Data kalender",
               owner_org=org["id"],
               **sdi_metadata(row_id, tahun_awal=year, tahun_akhir=year))


def _history(world: World, dataset: dict[str, Any],
             published: list[datetime.datetime],
             withdrawn: datetime.datetime | None = None) -> None:
    """Publication events (and a withdrawal) with chosen times, and the
    state and ``private`` flag they leave, in one commit."""
    user = world.user_obj("admin_opd").id
    steps = [("terbitkan", "disetujui", "terbit", when) for when in published]
    if withdrawn:
        steps.append(("tarik", "terbit", "ditarik", withdrawn))
    for version, (transition, source, target, when) in enumerate(steps, start=1):
        model.Session.add(WorkflowEvent(
            package_id=dataset["id"], version=version, workflow="mojokerto",
            transition=transition, from_state=source, to_state=target,
            user_id=user, role="admin_opd", report_ids=[], created=when,
            note="Ditarik untuk diperbaiki." if transition == "tarik" else None,
        ))
    public = withdrawn is None
    model.Session.add(WorkflowState(
        package_id=dataset["id"], state=steps[-1][2], version=len(steps),
        entered=steps[-1][3], public=public))
    model.Session.execute(
        sa.update(model.package_table)
        .where(model.package_table.c.id == dataset["id"])
        .values(private=not public))
    model.Session.commit()


def build(world: World) -> dict[str, Any]:
    a, b = world.opd, world.other_opd

    def row(org: dict[str, Any], kode: str, jadwal: str, **fields: Any) -> Any:
        return daftar_data_row(org["id"], tahun=2025, kode=kode,
                               nama_data=f"Data {kode}",
                               jadwal_pemutakhiran=jadwal, **fields)

    rows = {
        "M": row(a, "M", "bulanan"), "Q": row(a, "Q", "triwulanan"),
        "S": row(a, "S", "semesteran", tanggal_sk=datetime.date(2025, 8, 1)),
        "U": row(a, "U", "bulanan", status="usulan"),
        "Y": row(b, "Y", "tahunan"), "W": row(b, "W", "tahunan"),
        "I": row(b, "I", "insidental"),
    }
    _history(world, _dataset(world, a, rows["M"].id),
             [_at(1, 20), _at(2, 10), _at(4, 5)])
    _history(world, _dataset(world, a, rows["Q"].id),
             [_at(3, 15), _at(7, 10), _at(7, 20)])
    _history(world, _dataset(world, b, rows["W"].id), [_at(5, 1)],
             withdrawn=_at(6, 1))
    _history(world, _dataset(world, b, rows["I"].id),
             [_at(12, 30, 2024), _at(6, 1), _at(9, 9)])
    return rows


@pytest.fixture
def regency(clean_db, clean_index, create_with_upload) -> World:
    world = make_world("mojokerto", create_with_upload)
    build(world)
    return world


def _table(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(e["kode"], e["periode"], e["status"], e["terbit_pada"])
            for e in result["rilis"]]


def _counts(terbit: int, terbit_terlambat: int, terlambat: int, dijadwalkan: int,
            insidental: int) -> dict[str, int]:
    return {"terbit": terbit, "terbit_terlambat": terbit_terlambat,
            "terlambat": terlambat, "dijadwalkan": dijadwalkan,
            "diharapkan": terbit + terbit_terlambat + terlambat + dijadwalkan,
            "insidental": insidental}


class TestFigures:
    def test_every_release_of_the_year_with_its_status(self, regency):
        result = calendar.compute(calendar.Scope(2025), now=NOW)
        assert result["hari_ini"] == "2025-12-06"
        assert result["tenggang_hari"] == 0
        entries = sorted(_table(result), key=lambda e: (e[0], e[1] or 0, e[3] or ""))
        assert entries == sorted([
            ("M", 1, "terbit", "2025-01-20"), ("M", 2, "terbit", "2025-02-10"),
            ("M", 3, "terbit_terlambat", "2025-04-05"),
            ("M", 4, "terbit", "2025-04-05"),
            *[("M", n, "terlambat", None) for n in range(5, 12)],
            ("M", 12, "dijadwalkan", None),
            ("Q", 1, "terbit", "2025-03-15"),
            ("Q", 2, "terbit_terlambat", "2025-07-10"),
            ("Q", 3, "terbit", "2025-07-10"), ("Q", 4, "dijadwalkan", None),
            ("S", 2, "dijadwalkan", None),
            ("Y", 1, "dijadwalkan", None), ("W", 1, "dijadwalkan", None),
            ("I", None, "terbit", "2025-06-01"), ("I", None, "terbit", "2025-09-09"),
        ], key=lambda e: (e[0], e[1] or 0, e[3] or ""))
        assert result["ringkasan"] == _counts(5, 2, 7, 5, 2)
        per_opd = {line["organisasi"]["name"]: {
            k: v for k, v in line.items() if k != "organisasi"}
            for line in result["per_opd"]}
        assert per_opd == {
            "dispendukcapil": _counts(5, 2, 7, 3, 0),
            "dinkes": _counts(0, 0, 0, 2, 2),
        }

    def test_an_entry_carries_its_period_and_due_date(self, regency):
        result = calendar.compute(calendar.Scope(2025), now=NOW)
        q2 = next(e for e in result["rilis"] if e["kode"] == "Q" and e["periode"] == 2)
        assert {k: q2[k] for k in ("mulai", "selesai", "batas", "bulan",
                                   "jadwal_pemutakhiran")} == {
            "mulai": "2025-04-01", "selesai": "2025-06-30", "batas": "2025-06-30",
            "bulan": 6, "jadwal_pemutakhiran": "triwulanan"}
        assert q2["organisasi"]["title"] == "Dinas Kependudukan dan Pencatatan Sipil"

    def test_filters_by_month_and_opd(self, regency):
        march = calendar.compute(calendar.Scope(2025, bulan=3), now=NOW)
        assert sorted(_table(march)) == [
            ("M", 3, "terbit_terlambat", "2025-04-05"),
            ("Q", 1, "terbit", "2025-03-15")]
        june = calendar.compute(calendar.Scope(2025, bulan=6), now=NOW)
        assert sorted(_table(june), key=str) == sorted([
            ("I", None, "terbit", "2025-06-01"), ("M", 6, "terlambat", None),
            ("Q", 2, "terbit_terlambat", "2025-07-10")], key=str)
        dinkes = model.Group.get("dinkes").id
        only_b = calendar.compute(calendar.Scope(2025, organization=dinkes), now=NOW)
        assert {e["kode"] for e in only_b["rilis"]} == {"Y", "W", "I"}
        assert only_b["ringkasan"] == _counts(0, 0, 0, 2, 2)

    def test_grace_days_from_config(self, regency, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.satudata.calendar.grace_days", 10)
        result = calendar.compute(calendar.Scope(2025, bulan=3), now=NOW)
        # 5 April lies within ten days after March: on time now.
        assert sorted(_table(result)) == [
            ("M", 3, "terbit", "2025-04-05"), ("Q", 1, "terbit", "2025-03-15")]
        assert result["tenggang_hari"] == 10


class TestPublicAction:
    def test_anonymous_reads_it_a_past_year_is_all_settled(self, regency, app):
        result = app.get("/api/3/action/satudata_calendar?tahun=2025").json["result"]
        # Today is after 2025: nothing is still due.
        assert result["ringkasan"] == _counts(5, 2, 12, 0, 2)
        withdrawn = [e for e in result["rilis"] if e["kode"] == "W"]
        assert withdrawn == [dict(withdrawn[0], status="terlambat", terbit_pada=None)]

    def test_nothing_of_an_unpublished_dataset_shows(self, regency, app):
        body = app.get("/api/3/action/satudata_calendar?tahun=2025").body
        # The withdrawn dataset's publication day, as a release date.
        assert '"terbit_pada": "2025-05-01"' not in body
        for pkg in model.Session.scalars(sa.select(model.Package)):
            assert pkg.id not in body and pkg.name not in body

    @pytest.mark.parametrize("query, key, message", [
        ("tahun=abc", "tahun", "Tahun harus berupa angka"),
        ("tahun=2025&bulan=13", "bulan", "Bulan harus berupa angka 1 sampai 12."),
        ("tahun=2025&organization=tidak-ada", "organization", "OPD tidak ditemukan."),
    ])
    def test_bad_input_is_refused_clearly(self, regency, app, query, key, message):
        response = app.get(f"/api/3/action/satudata_calendar?{query}", status=409)
        assert message in response.json["error"][key][0]

    def test_a_real_publication_counts(self, clean_db, clean_index,
                                       create_with_upload):
        world = make_world("mojokerto", create_with_upload)
        year = datetime.date.today().year
        row = daftar_data_row(world.opd["id"], tahun=year, kode="R",
                              jadwal_pemutakhiran="tahunan",
                              template_id=world.template["id"])
        dataset = _dataset(world, world.opd, row.id, year)
        world.upload(GOOD_CSV, "penduduk.csv",
                     context={"user": world.users["produsen"], "ignore_auth": False},
                     package_id=dataset["id"], name="Tabel", format="CSV")
        world.walk(dataset["id"], "terbit")
        result = act("satudata_calendar", None, tahun=year)
        today = calendar.local_date(utcnow())
        assert _table(result) == [("R", 1, "terbit", today.isoformat())]


class TestExports:
    def test_csv_lists_every_release(self, regency, app):
        response = app.get("/kalender-rilis.csv?tahun=2025&organization=dinkes")
        assert response.headers["Content-Type"].startswith("text/csv")
        assert 'filename="kalender-rilis-2025-dinkes.csv"' in (
            response.headers["Content-Disposition"])
        text = response.data.decode("utf-8")
        assert text.startswith(codecs.BOM_UTF8.decode("utf-8"))
        lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        assert lines[0][:4] == ["Kode", "Nama data", "OPD", "Jadwal pemutakhiran"]
        assert sorted((r[0], r[4], r[7], r[8], r[9]) for r in lines[1:]) == [
            ("I", "", "", "Terbit tepat waktu", "2025-06-01"),
            ("I", "", "", "Terbit tepat waktu", "2025-09-09"),
            ("W", "1", "2025-12-31", "Terlambat, belum terbit", ""),
            ("Y", "1", "2025-12-31", "Terlambat, belum terbit", ""),
        ]

    def test_icalendar_has_one_event_per_release(self, regency, app):
        response = app.get("/kalender-rilis.ics?tahun=2025")
        assert response.headers["Content-Type"].startswith("text/calendar")
        raw = response.data.decode("utf-8")
        assert raw.endswith("\r\n")
        assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
        events = _ical_events(raw)
        assert len(events) == 21  # 19 expected releases + 2 publications
        m3 = next(e for e in events if e["SUMMARY"] == "M Data M"
                  and "2025-03-01" in e["DESCRIPTION"])
        assert m3["DTSTART;VALUE=DATE"] == "20250331"
        assert m3["DTEND;VALUE=DATE"] == "20250401"
        assert m3["CATEGORIES"] == "terbit_terlambat"
        assert "Terbit pada: 2025-04-05" in m3["DESCRIPTION"]
        assert len({e["UID"] for e in events}) == 21


def _ical_events(raw: str) -> list[dict[str, str]]:
    """VEVENTs of an iCalendar text: lines unfolded, values unescaped."""
    lines: list[str] = []
    for line in raw.split("\r\n"):
        if line.startswith(" ") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and ":" in line:
            key, value = line.split(":", 1)
            events[-1][key] = (value.replace("\\n", "\n").replace("\\,", ",")
                               .replace("\\;", ";").replace("\\\\", "\\"))
    return events


class TestBoard:
    def test_the_board_shows_the_calendars_on_time_figures(self, regency, app):
        html = app.get("/satudata/pemantauan?tahun=2025",
                       headers=regency.headers("walidata")).body
        section = html[html.index("satudata-report-releases"):]
        section = section[:section.index("</table>")]

        def cells(name: str) -> list[str]:
            row = re.search(rf'data-organization="{name}">(.*?)</tr>', section, re.S)
            assert row, name
            return re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", row.group(1))

        # The year is over: nothing is still due.
        assert cells("dispendukcapil") == [
            "Dinas Kependudukan dan Pencatatan Sipil", "17", "5", "2", "10", "0",
            "29,4%"]
        assert cells("dinkes") == ["Dinas Kesehatan", "2", "0", "0", "2", "0", "0,0%"]
        assert cells("") == ["Jumlah", "19", "5", "2", "12", "0", "26,3%"]
