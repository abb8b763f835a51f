"""The figures against the hand-computed regency of conftest.py."""
from __future__ import annotations

import datetime

import pytest

from ckanext.satudata.tests.workflow.conftest import act

from .conftest import RETURN_NOTE

TODAY = datetime.date.today().isoformat()
WHOLE = {"tahun": 2024, "mulai": "2024-01-01", "sampai": TODAY}
MARCH_2025 = {"tahun": 2024, "mulai": "2025-03-01", "sampai": "2025-03-31"}


def summary(regency, who="walidata", **data):
    return act("satudata_report_summary", regency.world.users[who], **data)


def line(report, org):
    return next(x for x in report["per_opd"] if x["organisasi"]["id"] == org["id"])


def step(report, state):
    return next(s for s in report["langkah"] if s["status"] == state)


def test_per_opd_table(regency):
    report = summary(regency, **WHOLE)
    a, b = line(report, regency.opd_a), line(report, regency.opd_b)
    assert (a["baris"], a["usulan"], a["ditetapkan"], a["tertaut"], a["terlambat"]) \
        == (5, 1, 4, 2, 2)
    assert (b["baris"], b["usulan"], b["ditetapkan"], b["tertaut"], b["terlambat"]) \
        == (4, 0, 4, 3, 4)
    assert {k: v for k, v in a["status"].items() if v} == {
        "terbit": 1, "dikembalikan": 1}
    assert {k: v for k, v in b["status"].items() if v} == {
        "draf": 1, "dikembalikan": 1, "menunggu_persetujuan": 1}
    assert (a["dataset"], a["terbit"], a["terbit_periode"], a["dikembalikan"]) \
        == (2, 1, 1, 1)
    assert (b["dataset"], b["terbit"], b["terbit_periode"], b["dikembalikan"]) \
        == (3, 0, 0, 1)


def test_summary_totals(regency):
    s = summary(regency, **WHOLE)["ringkasan"]
    assert s["opd"] == 2 and s["opd_dengan_baris"] == 2
    assert (s["baris"], s["ditetapkan"], s["tertaut"], s["terlambat"]) == (9, 8, 5, 6)
    assert s["porsi_tertaut"] == pytest.approx(5 / 8)
    assert (s["dataset"], s["terbit"], s["dikembalikan"]) == (5, 1, 2)
    assert s["status"]["dikembalikan"] == 2
    # draf: d1, d2 (seconds), d4 1 h, d5 5 h; diajukan: d1, d2 (seconds),
    # d4 1 h, d5 20 min; menunggu_persetujuan and disetujui: d1 (seconds).
    assert (s["langkah_diukur"], s["langkah_sesuai_standar"]) == (10, 8)
    assert s["kepatuhan_standar"] == pytest.approx(0.8)


def test_time_standards_of_a_period(regency):
    report = summary(regency, **MARCH_2025)
    draf, diajukan = step(report, "draf"), step(report, "diajukan")
    assert draf["standar_waktu_detik"] == 2 * 3600
    assert (draf["jumlah_peristiwa"], draf["sesuai_standar"]) == (2, 1)
    assert draf["median_detik"] == 3 * 3600  # (1 h + 5 h) / 2
    assert draf["porsi_sesuai_standar"] == 0.5
    assert diajukan["standar_waktu_detik"] == 30 * 60
    assert (diajukan["jumlah_peristiwa"], diajukan["sesuai_standar"]) == (2, 1)
    assert diajukan["median_detik"] == 40 * 60  # (60 + 20 min) / 2
    assert step(report, "disetujui")["jumlah_peristiwa"] == 0
    assert step(report, "disetujui")["median_detik"] is None
    assert report["ringkasan"]["kepatuhan_standar"] == 0.5
    # Only the written return happened in March 2025; nothing was published.
    assert [r["catatan"] for r in report["pengembalian"]] == [RETURN_NOTE]
    assert report["pengembalian"][0]["name"] == regency.datasets["d4"]["name"]
    assert report["pengembalian"][0]["transisi"] == "tidak_sesuai"
    assert report["ringkasan"]["terbit_periode"] == 0


def test_returns_and_published(regency):
    report = summary(regency, **WHOLE)
    notes = {r["name"]: r["catatan"] for r in report["pengembalian"]}
    assert notes == {
        regency.datasets["d2"]["name"]: "Catatan untuk tidak_sesuai.",
        regency.datasets["d4"]["name"]: RETURN_NOTE,
    }
    assert [p["name"] for p in report["dataset_terbit"]] == [
        regency.datasets["d1"]["name"]]
    assert report["dataset_terbit"][0]["kode"] == regency.rows["A1"].kode


def test_year_and_default_period(regency):
    # Every event happened after 2024: the default period runs to the last
    # one (test_signable.py has the rule).
    report = summary(regency, tahun=2024)
    assert report["mulai"] == "2024-01-01" and report["sampai"] == TODAY
    assert report["ringkasan"]["langkah_diukur"] == 10
    assert report["ringkasan"]["ditetapkan"] == 8
    other = summary(regency, tahun=2025)
    assert other["ringkasan"]["ditetapkan"] == 1
    assert other["ringkasan"]["dataset"] == 0


@pytest.mark.parametrize(("ukuran", "status", "expected"), [
    ("terlambat", None, {"A2", "A3", "B1", "B2", "B3", "B4"}),
    ("tertaut", None, {"A1", "A2", "B1", "B3", "B4"}),
    ("belum_tertaut", None, {"A3", "A5", "B2"}),
    ("status", "dikembalikan", {"A2", "B3"}),
])
def test_drill_down(regency, ukuran, status, expected):
    data = dict(WHOLE, ukuran=ukuran)
    if status:
        data["status"] = status
    rows = act("satudata_report_rows", regency.world.users["walidata"], **data)
    ids = {r["id"] for r in rows}
    assert ids == {regency.rows[k].id for k in expected}


def test_drill_down_of_one_opd(regency):
    rows = act("satudata_report_rows", regency.world.users["walidata"],
               organization=regency.opd_a["name"], ukuran="terlambat", **WHOLE)
    assert {r["kode"] for r in rows} == {
        regency.rows["A2"].kode, regency.rows["A3"].kode}


@pytest.mark.parametrize("data", [
    {"tahun": "dua ribu"},
    {"tahun": 2024, "mulai": "kemarin"},
    {"tahun": 2024, "mulai": "2024-05-01", "sampai": "2024-04-01"},
    {"tahun": 2024, "organization": "tidak-ada"},
])
def test_bad_input_is_refused_in_indonesian(regency, data):
    import ckan.plugins.toolkit as tk
    with pytest.raises(tk.ValidationError) as error:
        summary(regency, **data)
    assert error.value.error_dict


OPD_KEYS = {"id", "name", "title"}


def test_the_json_keys_are_indonesian_and_stable(regency):
    """The keys API clients read (README, Laporan); renaming one breaks them."""
    report = summary(regency, **WHOLE)
    assert set(report) == {
        "tahun", "mulai", "sampai", "acuan", "id_organisasi", "alur_kerja",
        "judul_alur_kerja", "status_publik", "daftar_status", "ringkasan",
        "per_opd", "langkah", "pengembalian", "dataset_terbit", "ketersediaan"}
    counts = {"baris", "usulan", "ditetapkan", "tertaut", "terlambat", "dataset",
              "terbit", "terbit_periode", "dikembalikan", "status"}
    assert set(report["ringkasan"]) == counts | {
        "opd", "opd_dengan_baris", "langkah_diukur", "langkah_sesuai_standar",
        "kepatuhan_standar", "porsi_tertaut"}
    assert set(report["daftar_status"][0]) == {"status", "label"}
    line = report["per_opd"][0]
    assert set(line) == counts | {"organisasi"}
    assert set(line["organisasi"]) == OPD_KEYS
    assert {frozenset(s) for s in report["langkah"]} == {frozenset({
        "status", "label_status", "langkah", "standar_waktu_detik",
        "jumlah_peristiwa", "median_detik", "sesuai_standar",
        "porsi_sesuai_standar"})}
    assert set(report["pengembalian"][0]) == {
        "organisasi", "name", "title", "transisi", "label_transisi",
        "dari_status", "label_dari_status", "ke_status", "peran", "pengguna",
        "nama_pengguna", "catatan", "waktu"}
    assert set(report["dataset_terbit"][0]) == {
        "organisasi", "name", "title", "terbit_pada", "kode", "nama_data"}
    availability = report["ketersediaan"]
    assert set(availability) == {"per_opd", "ringkasan"}
    assert set(availability["per_opd"][0]) == {
        "organisasi", "baris", "diperiksa", "tersedia", "sebagian",
        "tidak_tersedia", "belum_diperiksa", "berita_acara"}

    (row, *_) = act("satudata_report_rows", regency.world.users["walidata"],
                    ukuran="tertaut", **WHOLE)
    assert set(row) == {
        "id", "kode", "nama_data", "id_organisasi", "status",
        "jadwal_pemutakhiran", "terbit_terakhir", "batas", "terlambat", "dataset"}
    assert set(row["dataset"][0]) == {"name", "title", "status", "label_status"}

    period = act("satudata_report_period", regency.world.users["walidata"],
                 organization=regency.opd_a["name"], **WHOLE)
    assert set(period) == {"tahun", "mulai", "sampai", "acuan", "organisasi"}
    assert period["organisasi"]["name"] == regency.opd_a["name"]

