"""The checker on its own: each Indonesian reality has its fixture and message."""
from __future__ import annotations

import copy
import csv
import os
import tracemalloc
import zipfile
from typing import Any

import openpyxl
import pytest

from ckanext.satudata.checks.conformance import Spec, check_file
from ckanext.satudata.tests.template.factories import data_path, penduduk


def spec(**options) -> Spec:
    content = copy.deepcopy(penduduk())
    content["options"].update(options.pop("options", {}))
    content["dialect"].update(options.pop("dialect", {}))
    return Spec(**content)


def check(name: str, s: Spec | None = None, **kw):
    return check_file(data_path(name), s or spec(), file_name=name, **kw)


def codes(result) -> dict[str, int]:
    return result.counts["by_code"]


def only(result, code: str) -> list[dict]:
    return [e for e in result.errors if e["code"] == code]


def test_good_file_passes():
    result = check("baik.csv")
    assert result.status == "success"
    assert result.counts["rows"] == 18
    assert result.errors == [] and result.warnings == []


@pytest.mark.parametrize("name, warning, names_differing", [
    ("bom.csv", "bom", []),
    # "Gedég" is Gedeg; "Mojosari – Kota" (its en dash decoded) is not
    # the name of 35.16.08.
    ("windows1252.csv", "windows-1252", [(9, "Mojosari – Kota")]),
    ("titik_koma.csv", "pemisah", []),
])
def test_encodings_and_delimiters_are_read_and_named(name, warning,
                                                     names_differing):
    result = check(name)
    assert [(e["row"], e["value"]) for e in result.errors
            if e["code"] == "nama-wilayah"] == names_differing
    assert codes(result) == ({"nama-wilayah": 1} if names_differing else {})
    assert result.counts["rows"] == 18
    assert [w["code"] for w in result.warnings] == [warning]
    assert result.warnings[0]["message"]


def test_semicolon_message_names_both_delimiters():
    (warning,) = check("titik_koma.csv").warnings
    assert "titik koma (;)" in warning["message"]
    assert "koma (,)" in warning["message"]


def test_semicolon_expected_by_template_gives_no_warning():
    result = check("titik_koma.csv", spec(dialect={"delimiter": ";"}))
    assert result.status == "success" and result.warnings == []


def test_windows_1252_text_is_decoded(tmp_path):
    # A value the template restricts shows the decoded text in the report.
    s = spec()
    s.table_schema["fields"][1]["constraints"]["maxLength"] = 4
    result = check("windows1252.csv", s)
    values = {e["value"] for e in only(result, "panjang-maksimum")}
    assert "Mojosari – Kota" in values and "Gedég" in values


def test_wrong_header():
    result = check("header_salah.csv")
    assert result.status == "failure"
    # "Kode Wilayah", "Laki-Laki", "Perempuan"... are the template's titles
    # (in another case): accepted. "Nama Kecamatan" and "Rasio JK" are not.
    assert codes(result) == {"kolom-tambahan": 2, "kolom-hilang": 2}
    missing = {e["column"] for e in only(result, "kolom-hilang")}
    assert missing == {"kecamatan", "rasio_jenis_kelamin"}
    assert any("Rasio JK" in e["message"] for e in only(result, "kolom-tambahan"))


def test_missing_column():
    result = check("kolom_hilang.csv")
    assert codes(result) == {"kolom-hilang": 1}
    (error,) = result.errors
    assert error["message"] == "Kolom 'rasio_jenis_kelamin' tidak ada."
    assert "Rasio Jenis Kelamin" in error["expected"]


def test_extra_column():
    result = check("kolom_tambahan.csv")
    assert codes(result) == {"kolom-tambahan": 1}
    assert result.errors[0]["column"] == "keterangan"
    assert result.errors[0]["position"] == 8


def test_reordered_columns_are_reported_once_and_values_still_checked():
    result = check("kolom_urutan.csv")
    assert codes(result) == {"urutan-kolom": 1}
    assert "kode_wilayah, kecamatan, laki_laki" in result.errors[0]["expected"]


def test_type_errors_name_row_column_value_and_expectation():
    result = check("tipe.csv")
    assert codes(result) == {"tipe": 3, "minimum": 1, "wajib": 1}
    found = {(e["row"], e["column"], e["value"]) for e in result.errors}
    assert found == {
        (4, "laki_laki", "tiga ribu"),
        (6, "rasio_jenis_kelamin", "n/a"),
        (8, "perempuan", "-5"),
        (10, "tahun", "dua ribu"),
        (11, "kecamatan", ""),
    }
    by_row = {e["row"]: e for e in result.errors}
    assert by_row[4]["message"] == (
        "Nilai 'tiga ribu' pada kolom 'laki_laki' bukan bilangan bulat.")
    assert by_row[4]["position"] == 3
    assert by_row[8]["expected"] == "Paling kecil 0."
    assert by_row[11]["message"] == "Kolom 'kecamatan' wajib diisi, tetapi kosong."


def test_decimal_comma_reported_when_the_template_does_not_accept_it():
    result = check("desimal_koma.csv")
    assert codes(result) == {"format-angka": 18 * 4}
    first = result.errors[0]
    assert (first["row"], first["column"], first["value"]) == (2, "laki_laki", "26.421")
    assert "format angka Indonesia" in first["message"]
    assert "26421" in first["expected"]
    ratio = next(e for e in result.errors if e["column"] == "rasio_jenis_kelamin")
    assert ratio["value"] == "99,83" and "99.83" in ratio["expected"]


def test_decimal_comma_accepted_by_template_option():
    s = spec(options={"decimal_comma": True}, dialect={"delimiter": ";"})
    result = check("desimal_koma.csv", s)
    assert result.status == "success", result.errors[:3]
    assert result.warnings == []


def test_totals_and_footnote_rows_are_named():
    result = check("jumlah_catatan.csv")
    assert result.counts["rows"] == 18
    assert codes(result) == {"baris-jumlah": 1, "baris-catatan": 2}
    totals = only(result, "baris-jumlah")[0]
    assert totals["row"] == 20 and totals["value"] == "Jumlah"
    assert "baris jumlah" in totals["message"]
    notes = only(result, "baris-catatan")
    assert [n["row"] for n in notes] == [21, 22]
    assert notes[0]["value"].startswith("Sumber:")


def test_totals_word_allowed_when_the_template_lists_it():
    # Codes are not checked here: "Total" beside 35.16.01 is not its name.
    s = spec(options={"region_code_fields": []})
    s.table_schema["fields"][1]["constraints"]["enum"] = ["Total"]
    path = data_path("baik.csv")
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("Jatirejo", "Total", 1)
    s.table_schema["fields"][1]["constraints"].pop("enum")
    result = _check_text(text, s)
    assert codes(result) == {"baris-jumlah": 1}
    s.table_schema["fields"][1]["constraints"]["enum"] = sorted(
        {line.split(",")[1] for line in text.splitlines()[1:]})
    assert _check_text(text, s).status == "success"


def _check_text(text: str, s: Spec, name: str = "data.csv"):
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return check_file(path, s, file_name=name)


def test_bad_region_codes_each_with_its_reason():
    result = check("kode_wilayah_salah.csv")
    assert codes(result) == {"kode-wilayah": 3, "kode-wilayah-tidak-dikenal": 1}
    by_value = {e["value"]: e for e in result.errors}
    assert "Excel" in by_value["35.16.1"]["message"]
    assert "kode BPS" in by_value["3516020"]["message"]
    assert by_value["35.16.99"]["code"] == "kode-wilayah-tidak-dikenal"
    assert "tabel referensi Kemendagri" in by_value["35.16.99"]["message"]
    assert by_value["Trawas"]["row"] == 5
    assert "35.16.01" in by_value["Trawas"]["expected"]


def test_region_codes_not_checked_unless_the_template_says_so():
    result = check("kode_wilayah_salah.csv", spec(options={"region_code_fields": []}))
    assert result.status == "success"


@pytest.mark.parametrize("name, code", [
    ("kosong.csv", "berkas-kosong"),
    ("hanya_header.csv", "tanpa-data"),
    ("biner.csv", "berkas-biner"),
])
def test_files_that_hold_no_table(name, code):
    result = check(name)
    assert result.status == "failure"
    assert codes(result) == {code: 1}
    assert result.errors[0]["message"]


def test_binary_message_says_what_the_file_is():
    assert "dokumen PDF" in check("biner.csv").errors[0]["message"]


def test_workbook_named_csv(tmp_path):
    path = tmp_path / "data.csv"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    result = check_file(str(path), spec(), file_name="data.csv")
    assert codes(result) == {"berkas-biner": 1}
    assert "Excel" in result.errors[0]["message"]


def test_old_xls_is_refused_with_advice(tmp_path):
    path = tmp_path / "data.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = check_file(str(path), spec(), file_name="data.xls")
    assert codes(result) == {"format-xls": 1}
    assert ".xlsx" in result.errors[0]["expected"]


def test_broken_xlsx(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("kode_wilayah,kecamatan\n")
    result = check_file(str(path), spec(), file_name="data.xlsx")
    assert codes(result) == {"xlsx-rusak": 1}


def test_duplicate_primary_key():
    result = check("duplikat.csv")
    assert codes(result) == {"kunci-utama": 1}
    (error,) = result.errors
    assert error["row"] == 20
    assert "baris 2" in error["message"]


def test_unique_column(tmp_path):
    s = spec(options={"region_code_fields": []})  # not 35.16.02's name
    s.table_schema["fields"][1]["constraints"]["unique"] = True
    with open(data_path("baik.csv"), encoding="utf-8") as f:
        text = f.read().replace("Gondang", "Jatirejo")
    result = _check_text(text, s)
    assert codes(result) == {"unik": 1}
    assert result.errors[0]["row"] == 3 and result.errors[0]["column"] == "kecamatan"


def test_blank_rows_inside_but_not_at_the_end():
    with open(data_path("baik.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    text = "\n".join(lines[:5] + ["", ",,,,,,"] + lines[5:] + ["", ""]) + "\n"
    result = _check_text(text, spec())
    assert codes(result) == {"baris-kosong-banyak": 1}
    assert result.errors[0]["row"] == 6


def test_errors_beyond_the_limit_are_counted_not_kept(tmp_path):
    header = ",".join(f["name"] for f in spec().fields)
    rows = [f"35.16.{i % 18 + 1:02d},X,abc,1,1,1,{2000 + i % 100}" for i in range(50)]
    s = spec(options={"region_code_fields": []})  # "X" names no kecamatan
    result = _check_text(header + "\n" + "\n".join(rows) + "\n", s)
    result_capped = check_file(
        _write(tmp_path, header + "\n" + "\n".join(rows) + "\n"), s,
        file_name="x.csv", max_errors=10)
    assert result.counts["errors"] == result_capped.counts["errors"] == 50
    assert len(result_capped.errors) == 10
    assert result_capped.counts["by_column"][0] == {
        "code": "tipe", "column": "laki_laki", "count": 50}


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _xlsx(tmp_path, rows, name="data.xlsx", title_rows=()) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in title_rows:
        sheet.append(row)
    for row in rows:
        sheet.append(row)
    path = str(tmp_path / name)
    book.save(path)
    return path


def _rows_of(name: str) -> list[list]:
    with open(data_path(name), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    typed: list[list[Any]] = [rows[0]]
    for r in rows[1:]:
        typed.append([r[0], r[1], int(r[2]), int(r[3]), int(r[4]), float(r[5]),
                      int(r[6])])
    return typed


def test_xlsx_with_data_under_title_rows(tmp_path):
    path = _xlsx(tmp_path, _rows_of("baik.csv"), title_rows=[
        ["Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin, 2024"],
        [],
        ["Kabupaten Mojokerto"],
    ])
    result = check_file(path, spec(), file_name="data.xlsx")
    assert result.status == "success", result.errors
    assert result.counts["rows"] == 18
    (warning,) = result.warnings
    assert warning["code"] == "baris-judul"
    assert "baris 4" in warning["message"]


def test_xlsx_errors_use_spreadsheet_rows(tmp_path):
    rows = _rows_of("baik.csv")
    rows[3][2] = "tiga ribu"
    rows.append([None, "Jumlah", 581967, 574177, 1156144, None, 2024])
    path = _xlsx(tmp_path, rows, title_rows=[["Tabel 3.1"]])
    result = check_file(path, spec(), file_name="data.xlsx")
    assert codes(result) == {"tipe": 1, "baris-jumlah": 1}
    assert only(result, "tipe")[0]["row"] == 5
    assert only(result, "baris-jumlah")[0]["row"] == 21


def _peak_memory_of_check(path, rows: int) -> tuple[int, dict]:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(x["name"] for x in spec().fields) + "\n")
        for i in range(rows):
            f.write(f"35.16.{i % 18 + 1:02d},Kecamatan nomor {i} di Kabupaten "
                    f"Mojokerto Jawa Timur,{i},{i},{2 * i},"
                    f"{i % 97}.5,{2000 + i % 100}\n")
    tracemalloc.start()
    try:
        result = check_file(str(path), spec(options={"region_code_fields": []}),
                            file_name="besar.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result.counts


def test_large_csv_is_streamed_in_bounded_memory(tmp_path):
    # The first check of a process fills caches (frictionless, the region
    # reference); measure after it.
    _peak_memory_of_check(tmp_path / "pemanasan.csv", 1_000)
    small_peak, small = _peak_memory_of_check(tmp_path / "kecil.csv", 8_000)
    big_peak, big = _peak_memory_of_check(tmp_path / "besar.csv", 32_000)
    assert big["rows"] == 32_000
    # (kode_wilayah, tahun) repeats every lcm(18, 100) = 900 rows: the
    # primary key is tracked over the whole file, not a window.
    assert big["by_code"]["kunci-utama"] == 32_000 - 900
    assert os.path.getsize(tmp_path / "besar.csv") > 2_500_000
    # Four times the rows, (almost) the same memory.
    assert big_peak < small_peak * 1.25, (small_peak, big_peak)
