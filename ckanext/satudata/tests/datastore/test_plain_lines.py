"""The loader's fast path: CSV lines whose every cell is in a plain spelling
go to ``COPY`` as they are; the table must be the one the cell readers give.

Each file is loaded twice into PostgreSQL, once from
:func:`~ckanext.satudata.checks.conformance.typed_rows` (every cell through
the check's readers) and once from
:func:`~ckanext.satudata.checks.conformance.loadable_rows`, and the two
tables are compared row by row as PostgreSQL prints them.
"""
from __future__ import annotations

import codecs
from typing import Any

import pytest

from ckanext.satudata.checks.conformance import (
    NotConforming,
    Spec,
    TabRows,
    loadable_rows,
    typed_rows,
)
from ckanext.satudata.datastore.dictionary import column_type
from ckanext.satudata.datastore.loader import copy_rows

from .conftest import PLUGINS, TYPED_OPTIONS, TYPED_SCHEMA

pytestmark = PLUGINS

HEADER = "kode_wilayah,kecamatan,jumlah_penduduk,rasio_jenis_kelamin,tanggal,tahun"

# Plain lines and, among them, every way a row can leave the fast path.
MIXED = (
    "Jumlah Penduduk menurut Kecamatan 2024\r\n"
    "\r\n"
    f"{HEADER}\r\n"
    # Past the rows read while looking for the header.
    + "".join(f"35.17.{i:02d},Sooko,{i},{i}.25,2024-12-{i:02d},2024\r\n"
              for i in range(1, 26))
    + "35.16.01,Jatirejo,43120,101.25,2024-12-31,2024\r\n"
    "35.16.02,Gondang,007,0.0000001,2024-02-28,0999\r\n"
    "35.16.03, Pacet ,-0,-0.0,2024-01-09,2024\r\n"
    '35.16.04,"Trawas, Atas",31002,99.50,2024-12-31,2024\r\n'
    '35.16.05,"Ngoro\r\nBaru",1,1,2024-02-29,2024\r\n'
    "35.16.06,Pungging, 45 ,+3.5,2024-12-31,2024\r\n"
    "35.16.07,Kutorejo,,,,\r\n"
    "35.16.08,Mojo\\sari\tlama,12,1e3,2024-12-31,2024\r\n"
    "35.16.09,Total,5,5,2024-12-31,2024\r\n"
    "Jumlah,,100,,,\r\n"
    "35.16.10,Dlanggu,99999999999999999,12345678901234567.5,2023-11-30,2023\r\n"
    "\r\n"
    "35.16.11,Bangsal,3,3,2024-12-31,2024\r\n"
    "Sumber: BPS Kabupaten\r\n"
    "35.16.12,Puri,4,4,2024-12-31,2024"
)


def _filler(delimiter: str) -> str:
    """25 plain rows: the fast path starts past the rows read while looking
    for the header."""
    return "".join(f"35.17.{i:02d}{delimiter}Sooko{delimiter}{i}{delimiter}{i}"
                   f"{delimiter}2024-12-{i:02d}{delimiter}2024\n" for i in range(1, 26))


def _spec(delimiter: str = ",", **options: Any) -> Spec:
    dialect = {"delimiter": delimiter} if delimiter != "," else {}
    return Spec(TYPED_SCHEMA, dialect, TYPED_OPTIONS | options)


def _load(rows: Any, spec: Spec) -> list[str]:
    """``rows`` copied into a temporary table typed as the DataStore types
    the template; its rows as PostgreSQL prints them, in file order."""
    from ckanext.datastore.backend.postgres import get_write_engine

    names = [f["name"] for f in spec.fields]
    columns = ", ".join(f'"{f["name"]}" {column_type(f, spec)}' for f in spec.fields)
    connection = get_write_engine().raw_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE loaded (n serial, {columns})")
        copy_rows(connection, "loaded", names, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ({}) ::text FROM loaded ORDER BY n".format(
                    ", ".join(f'"{n}"' for n in names) if len(names) > 1
                    else f'"{names[0]}", NULL'))
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.rollback()
        connection.close()


def _both(path: str, spec: Spec) -> tuple[list[str], list[str], list[Any]]:
    slow = _load(typed_rows(path, spec, file_name="tabel.csv"), spec)
    items = list(loadable_rows(path, spec, file_name="tabel.csv"))
    return slow, _load(items, spec), items


def _kinds(items: list[Any]) -> tuple[int, int]:
    """(rows that came as plain text, rows that came typed)."""
    return (sum(i.count for i in items if isinstance(i, TabRows)),
            sum(1 for i in items if not isinstance(i, TabRows)))


def test_mixed_spellings_load_as_the_cell_readers_read_them(tmp_path):
    path = tmp_path / "tabel.csv"
    path.write_bytes(MIXED.encode("utf-8"))
    slow, fast, items = _both(str(path), _spec())
    assert fast == slow
    # Title, blank, footnote and both totals rows ("Total" in the second
    # column is a totals label, as the check reads it) are skipped.
    assert [r[1:9] for r in slow[25:]] == [
        f"35.16.{i:02d}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12)]
    assert slow[26] == "(35.16.02,Gondang,7,0.0000001,2024-02-28,999)"
    plain, typed = _kinds(items)
    assert plain >= 10 and typed >= 20


def test_bom_semicolon_and_decimal_comma(tmp_path):
    text = (
        "kode_wilayah;kecamatan;jumlah_penduduk;rasio_jenis_kelamin;tanggal;tahun\n"
        + _filler(";") +
        "35.16.01;Jatirejo;1.297.700;88,63;2024-12-31;2024\n"
        "35.16.02;Gondang;1297;1.234;2024-12-31;2024\n"
        "35.16.03;Pacet;12;12.5;2024-12-31;2024\n"
        "35.16.04;Trawas;12;1.234,5;2024-12-31;2024\n"
        "35.16.05;Ngoro;12;1,5;2024-12-31;2024\n"
    )
    path = tmp_path / "tabel.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    slow, fast, items = _both(str(path), _spec(";", decimal_comma=True))
    assert fast == slow
    # "1.234" is a thousand and more with decimal comma, on both paths.
    assert slow[26] == "(35.16.02,Gondang,1297,1234,2024-12-31,2024)"
    assert slow[27] == "(35.16.03,Pacet,12,12.5,2024-12-31,2024)"
    assert _kinds(items)[0] >= 6


def test_windows_1252(tmp_path):
    text = (HEADER + "\n"
            + "".join(f"35.16.{i:02d},Pac\u00e9t {i},{i},{i}.5,2024-12-{i:02d},2024\n"
                      for i in range(1, 29)))
    path = tmp_path / "tabel.csv"
    path.write_bytes(text.encode("cp1252"))
    slow, fast, items = _both(str(path), _spec())
    assert fast == slow
    assert slow[0] == "(35.16.01,\"Pac\u00e9t 1\",1,1.5,2024-12-01,2024)"
    assert _kinds(items) == (28 - 19, 19)  # the rows read looking for the header


def test_the_first_refused_cell_is_reported_as_typed_rows_does(tmp_path):
    lines = [HEADER] + [f"35.16.{i:02d},X,{i},1,2024-12-01,2024" for i in range(1, 40)]
    lines[30] = "35.16.30,X,30,1,2024-02-30,2024"
    path = tmp_path / "tabel.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spec = _spec()
    with pytest.raises(NotConforming) as slow:
        list(typed_rows(str(path), spec, file_name="tabel.csv"))
    with pytest.raises(NotConforming) as fast:
        list(loadable_rows(str(path), spec, file_name="tabel.csv"))
    assert (fast.value.row, fast.value.column) == (slow.value.row, slow.value.column)
    assert (fast.value.row, fast.value.column) == (31, "tanggal")


def test_a_template_read_otherwise_stays_on_the_slow_path(tmp_path):
    schema = {"fields": [dict(f) for f in TYPED_SCHEMA["fields"]]}
    schema["fields"][1]["constraints"] = {"enum": ["Jatirejo"]}
    spec = Spec(schema, {}, TYPED_OPTIONS)
    path = tmp_path / "tabel.csv"
    path.write_text(HEADER + "\n" + "35.16.01,Jatirejo,1,1,2024-12-01,2024\n" * 30,
                    encoding="utf-8")
    items = list(loadable_rows(str(path), spec, file_name="tabel.csv"))
    assert _kinds(items) == (0, 30)


def test_a_region_code_typed_integer_keeps_the_typed_value(tmp_path):
    schema = {"fields": [dict(f) for f in TYPED_SCHEMA["fields"]]}
    schema["fields"][2]["type"] = "integer"
    spec = Spec(schema, {}, {"region_code_fields": ["jumlah_penduduk"]})
    path = tmp_path / "tabel.csv"
    path.write_text(HEADER + "\n" + "35.16.01,Jatirejo,0042,1,2024-12-01,2024\n" * 30,
                    encoding="utf-8")
    slow, fast, items = _both(str(path), spec)
    assert fast == slow
    assert slow[-1] == "(35.16.01,Jatirejo,42,1,2024-12-01,2024)"
    assert _kinds(items) == (0, 30)
