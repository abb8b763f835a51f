"""The import validates and writes its rows in bulk, with the same outcome
as one row at a time (issue 18)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.logic import flat_validator, validated
from ckanext.satudata.logic.schema import daftar_data as schema
from ckanext.satudata.model.daftar_data import DaftarData
from ckanext.satudata.tests.database import counted_statements

from .conftest import act


def _rows(people, count, start=1):
    orgs = [people.org_a["id"], "dinkes", "Dispendukcapil"]
    return [
        {"kode": f"K{n:04d}", "nama_data": f"Data ke-{n}",
         "owner_org": orgs[n % 3], "jenis_data": "statistik",
         "klasifikasi_akses": "terbuka", "jadwal_pemutakhiran": "tahunan",
         "data_prioritas": n % 2 == 0, "tanggal_berita_acara": "2025-03-01"}
        for n in range(start, start + count)
    ]


def test_flat_validation_agrees_with_navl(people):
    valid = {"kode": " K1 ", "tahun": 2025, "nama_data": "Data",
             "owner_org": "dinkes", "jenis_data": "Statistik",
             "klasifikasi_akses": "terbuka", "data_prioritas": "ya",
             "tanggal_berita_acara": "2025-01-31", "catatan": "  "}
    cases = [
        valid,
        {**valid, "jenis_data": "survei", "link_portal_sdi": "ftp://x"},
        {**valid, "owner_org": "tidak ada", "tanggal_berita_acara": "31-01"},
        {**valid, "nama_data": None, "klasifikasi_akses": ""},
        {key: value for key, value in valid.items() if key != "jenis_data"},
        {**valid, "kode": "x" * 101, "data_prioritas": 7, "lain": "diabaikan"},
        {**valid, "satuan": [], "definisi": ["a"]},
        {**valid, "catatan": {"a": 1}},
    ]
    row_schema = schema.daftar_data_create_schema()
    check = flat_validator(row_schema, {"satudata_organizations": {}})
    for case in cases:
        fast_data, fast_errors = check(dict(case))
        data, errors = validated(dict(case), row_schema,
                                 {"satudata_organizations": {}})
        assert fast_errors == errors, case
        # navl also keeps unknown keys aside (__extras), which no caller reads.
        assert {k: v for k, v in fast_data.items() if k in row_schema} == {
            k: v for k, v in data.items() if k in row_schema}, case
    assert check(dict(cases[1]))[1]["jenis_data"]


def test_statements_do_not_grow_with_the_rows(people):
    def statements(rows):
        with counted_statements() as sent:
            result = act("satudata_daftar_data_import", people.walidata,
                         tahun=2025, rows=rows)
        assert result["created"] == len(rows)
        return len(sent)

    few = statements(_rows(people, 3))
    many = statements(_rows(people, 60, start=100))
    assert many == few
    by_name, by_singkatan = (DaftarData.by_kode(k, 2025) for k in ("K0100", "K0101"))
    assert (by_name.owner_org, by_name.data_prioritas) == (people.org_b["id"], True)
    assert (by_singkatan.owner_org, by_singkatan.data_prioritas) == (
        people.org_a["id"], False)
    assert by_singkatan.status == "usulan"
    assert str(by_singkatan.tanggal_berita_acara) == "2025-03-01"
    assert len(DaftarData.for_year(2025)) == 63


def test_an_id_taken_meanwhile_is_refused_not_a_500(people, monkeypatch):
    act("satudata_daftar_data_import", people.walidata, tahun=2025,
        rows=_rows(people, 2))
    # Another import stored K0002 after this one read the year's rows.
    monkeypatch.setattr(DaftarData, "for_year", classmethod(lambda cls, t: []))
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_daftar_data_import", people.walidata, tahun=2025,
            rows=_rows(people, 2, start=2))
    assert e.value.error_dict == {
        "kode": ["ID ini sudah dipakai pada tahun yang sama."]}
    monkeypatch.undo()
    assert DaftarData.by_kode("K0003", 2025) is None
    assert len(DaftarData.for_year(2025)) == 2
