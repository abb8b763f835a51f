"""Reading a checked file as typed rows, and the rows as COPY text."""
from __future__ import annotations

import datetime
import decimal

import pytest

from ckanext.satudata.checks.conformance import NotConforming, Spec, typed_rows
from ckanext.satudata.datastore.dictionary import fields
from ckanext.satudata.datastore.loader import copy_text

from .conftest import TYPED_OPTIONS, TYPED_SCHEMA


def _rows(tmp_path, text: str, **options) -> list[list]:
    path = tmp_path / "tabel.csv"
    path.write_text(text, encoding="cp1252")
    spec = Spec(TYPED_SCHEMA, {}, TYPED_OPTIONS | options)
    return list(typed_rows(str(path), spec, file_name="tabel.csv"))


def test_values_are_read_as_the_check_reads_them(tmp_path):
    text = (
        "Jumlah Penduduk menurut Kecamatan\n"
        "kode_wilayah;kecamatan;jumlah_penduduk;rasio_jenis_kelamin;tanggal;tahun\n"
        "35.16.01;Jatirejo;1.297.700;88,63;2024-12-31;2024\n"
        ";;;;;\n"
        "35.16.02;Gondang;;;;\n"
    )
    assert _rows(tmp_path, text, decimal_comma=True) == [
        ["35.16.01", "Jatirejo", 1297700, decimal.Decimal("88.63"),
         datetime.date(2024, 12, 31), 2024],
        ["35.16.02", "Gondang", None, None, None, None],
    ]


@pytest.mark.parametrize("value", ["88,63", "1.297.700"])
def test_without_decimal_comma_indonesian_notation_is_not_data(tmp_path, value):
    text = ("kode_wilayah,kecamatan,jumlah_penduduk,rasio_jenis_kelamin,tanggal,tahun\n"
            f'35.16.01,Jatirejo,10,"{value}",2024-12-31,2024\n')
    with pytest.raises(NotConforming) as refused:
        _rows(tmp_path, text)
    assert (refused.value.row, refused.value.column) == (2, "rasio_jenis_kelamin")


def test_copy_text_escapes_what_copy_reads_as_syntax():
    assert copy_text(None) == "\\N"
    assert copy_text("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    assert copy_text(decimal.Decimal("88.63")) == "88.63"
    assert copy_text(datetime.date(2024, 1, 2)) == "2024-01-02"
    assert copy_text(True) == "t"


def test_dictionary_keeps_region_codes_as_text(with_request_context):
    spec = Spec({"fields": [{"name": "kode", "type": "integer"}]}, {},
                {"region_code_fields": ["kode"]})
    [field] = fields(spec)
    assert field["type"] == "text"
    assert field["info"]["kode_referensi"] == "Kode wilayah Kemendagri"
