"""The rows that differ between two hand-built versions of a table."""
from __future__ import annotations

import copy
import tracemalloc

import openpyxl
import pytest

from ckanext.satudata.checks.conformance import Spec
from ckanext.satudata.revision.table_diff import (
    CellChange,
    ChangedRow,
    Row,
    TableDiff,
    TableFile,
    table_diff,
)
from ckanext.satudata.tests.template.factories import penduduk

HEADER = "kode_wilayah,kecamatan,laki_laki,perempuan,jumlah,rasio_jenis_kelamin,tahun"
COLUMNS = tuple(HEADER.split(","))
KEY = ("kode_wilayah", "tahun")

LIVE = f"""{HEADER}
35.16.01,Jatirejo,26421,26465,52886,99.83,2024
35.16.02,Gondang,23223,22760,45983,102.03,2024
35.16.03,Pacet,33509,33178,66687,101.00,2024
35.16.04,Trawas,15651,15182,30833,103.09,2024
"""

# What Excel with an Indonesian locale saves: Windows-1252, ";", thousands
# dots and decimal commas, a title row, a totals row and a footnote.
REVISION = """Jumlah Penduduk per Kecamatan 2024;;;;;;
Kode Wilayah;Kecamatan;Laki-laki;Perempuan;Jumlah;Rasio Jenis Kelamin;Tahun
35.16.01;Jatirejo;26.421;26.465;52.886;99,83;2024
35.16.02;Gondang–Baru;23.300;22.760;46.060;102,37;2024
35.16.04;Trawas ;15.651;15.182;30.833;103,09;2024
35.16.05;Pungging;36.102;35.877;71.979;100,63;2024
;Jumlah;101.474;97.284;198.758;;
Sumber: Dispendukcapil;;;;;;
"""


def spec(primary_key: bool = True, **options) -> Spec:
    content = copy.deepcopy(penduduk())
    content["options"].update(decimal_comma=True, **options)
    if not primary_key:
        del content["table_schema"]["primaryKey"]
    return Spec(**content)


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> TableFile:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return TableFile(str(path), file_name=name)


def xlsx(tmp_path, name: str, rows: list[list]) -> TableFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return TableFile(str(path), file_name=name, format="XLSX")


def test_rows_added_removed_and_changed_with_normalised_values(tmp_path):
    live = write(tmp_path, "live.csv", LIVE)
    revision = write(tmp_path, "revisi.csv", REVISION, encoding="cp1252")
    assert table_diff(live, revision, spec()) == TableDiff(
        columns=COLUMNS,
        key=KEY,
        added=(Row(6, ("35.16.05", "2024"), (
            "35.16.05", "Pungging", "36.102", "35.877", "71.979", "100,63",
            "2024")),),
        removed=(Row(4, ("35.16.03", "2024"), (
            "35.16.03", "Pacet", "33509", "33178", "66687", "101.00",
            "2024")),),
        changed=(ChangedRow(3, 4, ("35.16.02", "2024"), (
            CellChange("kecamatan", "Gondang", "Gondang–Baru"),
            CellChange("laki_laki", "23223", "23.300"),
            CellChange("jumlah", "45983", "46.060"),
            CellChange("rasio_jenis_kelamin", "102.03", "102,37"),
        )),),
        added_count=1,
        removed_count=1,
        changed_count=1,
        unchanged_count=2,
    )


def test_the_same_table_saved_differently_is_identical(tmp_path):
    live = write(tmp_path, "live.csv", LIVE)
    bom = write(tmp_path, "bom.csv", "\ufeff" + LIVE.replace("101.00", "101"))
    semicolons = write(tmp_path, "titik_koma.csv", LIVE.replace(",", ";")
                       .replace("99.83", "99,83").replace("26421", "26.421"))
    for other in (bom, semicolons):
        diff = table_diff(live, other, spec())
        assert diff.identical, other
        assert (diff.unchanged_count, diff.error) == (4, None)


def test_workbook_against_csv(tmp_path):
    rows = [line.split(",") for line in LIVE.splitlines()]
    body = [[c[0], c[1], int(c[2]), int(c[3]), int(c[4]), float(c[5]), int(c[6])]
            for c in rows[1:]]
    body[3][2] = 15700  # Trawas, laki_laki
    live = xlsx(tmp_path, "live.xlsx", [["Tabel 3.1"], rows[0], *body])
    revision = write(tmp_path, "revisi.csv", LIVE)
    diff = table_diff(live, revision, spec())
    assert diff.changed == (ChangedRow(6, 5, ("35.16.04", "2024"), (
        CellChange("laki_laki", "15700", "15651"),)),)
    assert (diff.added_count, diff.removed_count, diff.changed_count,
            diff.unchanged_count) == (0, 0, 1, 3)


def test_without_primary_key_rows_are_matched_by_their_dimensions(tmp_path):
    live = write(tmp_path, "live.csv", LIVE)
    # A renamed kecamatan is another row when the name identifies it.
    revision = write(tmp_path, "revisi.csv", LIVE.replace("Pacet", "Pacet Baru")
                     .replace("45983", "45984"))
    diff = table_diff(live, revision, spec(primary_key=False))
    assert diff.key == ("kode_wilayah", "kecamatan", "tahun")
    assert [r.key for r in diff.added] == [("35.16.03", "Pacet Baru", "2024")]
    assert [r.key for r in diff.removed] == [("35.16.03", "Pacet", "2024")]
    assert diff.changed == (ChangedRow(3, 3, ("35.16.02", "Gondang", "2024"), (
        CellChange("jumlah", "45983", "45984"),)),)


def test_output_is_bounded_and_totals_are_counted(tmp_path):
    extra = "".join(f"35.16.{n},Baru {n},1,1,2,1,2024\n" for n in range(10, 17))
    live = write(tmp_path, "live.csv", LIVE)
    revision = write(tmp_path, "revisi.csv", LIVE + extra)
    diff = table_diff(live, revision, spec(), shown=3)
    assert diff.added_count == 7
    assert [r.row for r in diff.added] == [6, 7, 8]


def test_repeated_keys_compare_the_first_row_and_say_so(tmp_path):
    live = write(tmp_path, "live.csv", LIVE)
    revision = write(tmp_path, "revisi.csv",
                     LIVE + "35.16.01,Jatirejo,1,1,2,1,2024\n")
    diff = table_diff(live, revision, spec())
    assert diff.identical
    assert diff.notices == (
        "1 baris di berkas revisi mengulang kunci baris sebelumnya "
        "(kode_wilayah, tahun); hanya baris pertama yang dibandingkan.",)


def test_header_that_lacks_template_columns_is_refused(tmp_path):
    live = write(tmp_path, "live.csv", LIVE)
    revision = write(tmp_path, "revisi.csv", LIVE.replace(",perempuan", ",wanita"))
    assert table_diff(live, revision, spec()) == TableDiff(error=(
        "Judul kolom berkas revisi tidak sesuai template: kolom perempuan "
        "tidak ada."))


def test_file_with_none_of_the_template_columns_is_refused(tmp_path):
    live = write(tmp_path, "live.csv", LIVE)
    other = write(tmp_path, "lain.csv", "nama,alamat\nBudi,Jl. Mawar 1\n")
    assert table_diff(other, live, spec()).error == (
        "Berkas versi terbit tidak memuat satu pun judul kolom template.")


def test_template_of_numbers_only_cannot_match_rows(tmp_path):
    content = copy.deepcopy(penduduk())
    content["table_schema"] = {"fields": [{"name": "jumlah", "type": "integer"}]}
    live = write(tmp_path, "live.csv", "jumlah\n1\n")
    assert table_diff(live, live, Spec(**content)).error == (
        "Tabel tidak dapat dibandingkan per baris: template tidak punya kunci "
        "utama dan semua kolomnya berisi angka.")


@pytest.mark.parametrize("content, reason", [
    (b"%PDF-1.4 not a table", "dokumen PDF"),
    (b"", "kosong"),
])
def test_unreadable_file_gives_a_message_not_an_exception(tmp_path, content,
                                                          reason):
    live = write(tmp_path, "live.csv", LIVE)
    bad = tmp_path / "revisi.csv"
    bad.write_bytes(content)
    diff = table_diff(live, TableFile(str(bad), "revisi.csv"), spec())
    assert diff.error is not None
    assert diff.error.startswith("Berkas revisi tidak dapat dibaca: ")
    assert reason in diff.error
    assert diff.added == diff.removed == ()
    assert diff.changed == ()


def test_missing_and_damaged_files(tmp_path):
    live = write(tmp_path, "live.csv", LIVE)
    gone = TableFile(str(tmp_path / "hilang.csv"), "hilang.csv")
    assert table_diff(gone, live, spec()).error == (
        "Berkas versi terbit tidak ditemukan di penyimpanan.")
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    diff = table_diff(live, TableFile(str(broken), "rusak.xlsx"), spec())
    assert diff.error.startswith("Berkas revisi tidak dapat dibaca: ")


def test_too_many_rows_is_refused_with_the_limit(tmp_path):
    live = write(tmp_path, "live.csv", LIVE)
    assert table_diff(live, live, spec(), max_rows=4).identical
    assert table_diff(live, live, spec(), max_rows=3).error == (
        "Berkas versi terbit berisi lebih dari 3 baris data; perbandingan "
        "per baris dibatasi 3 baris. Unduh kedua berkas untuk "
        "membandingkannya.")


def test_limit_comes_from_the_config(tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.revision.diff_max_rows", 2)
    live = write(tmp_path, "live.csv", LIVE)
    assert "lebih dari 2 baris" in str(table_diff(live, live, spec()).error)


# Wide rows: both sizes below are above the reader's 1 MB encoding-scan
# chunk, the largest buffer it holds, with few rows to keep the test quick.
PADDING = "x" * 250


def _peak_memory_of_diff(tmp_path, rows: int) -> tuple[int, TableDiff]:
    def table(name: str, shift: int) -> TableFile:
        path = tmp_path / name
        with open(path, "w", encoding="utf-8") as f:
            f.write(HEADER + "\n")
            for i in range(rows):
                f.write(f"35.16.{i % 18 + 1:02d},Kecamatan nomor {i} {PADDING},"
                        f"{i + shift},"
                        f"{i},{2 * i},{i % 97}.5,{i + 1000}\n")
        return TableFile(str(path), name)

    old, new = table(f"lama{rows}.csv", 0), table(f"baru{rows}.csv", 1)
    tracemalloc.start()
    try:
        diff = table_diff(old, new, spec(), max_rows=rows)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, diff


def test_large_tables_are_compared_in_bounded_memory(tmp_path):
    _peak_memory_of_diff(tmp_path, 200)  # caches of the first run
    small_peak, small = _peak_memory_of_diff(tmp_path, 5_000)
    big_peak, big = _peak_memory_of_diff(tmp_path, 15_000)
    assert (big.changed_count, len(big.changed)) == (15_000, 50)
    assert small.changed_count == 5_000
    # Three times the rows, about the same memory: nothing grows with the
    # file (15,000 of these rows held in Python would take over 5 MB).
    assert big_peak < small_peak * 1.3, (small_peak, big_peak)
