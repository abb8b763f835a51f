"""``ckan satudata report``."""
from __future__ import annotations

import csv
import datetime
import io

from ckan.cli.cli import ckan
from openpyxl import load_workbook
from pypdf import PdfReader


def run(cli, *args):
    return cli.invoke(ckan, ["satudata", "report", *args])


def test_writes_each_format(cli, regency, tmp_path):
    for fmt in ("xlsx", "csv", "pdf"):
        path = tmp_path / f"laporan.{fmt}"
        result = run(cli, "--tahun", "2024", "--format", fmt, "-o", str(path),
                     "--mulai", "2025-03-01", "--sampai", "2025-03-31")
        assert result.exit_code == 0, result.output
        assert "Laporan 2024 ditulis" in result.output
    book = load_workbook(tmp_path / "laporan.xlsx")
    sheet = book["Standar Waktu"]
    steps = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert steps["Draf"][3] == 2 and steps["Draf"][5] == 1
    assert steps["Draf"][4] == datetime.timedelta(hours=3)  # the median
    rows = list(csv.reader(io.StringIO(
        (tmp_path / "laporan.csv").read_text("utf-8-sig")), delimiter=";"))
    assert ["Draf"] == [r[0] for r in rows if r and r[0] == "Draf"]
    text = PdfReader(tmp_path / "laporan.pdf").pages[0].extract_text()
    assert "Periode 1 Maret 2025 s.d. 31 Maret 2025" in text


def test_bad_input_fails_cleanly(cli, regency, tmp_path):
    result = run(cli, "--tahun", "1900", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code != 0
    assert "Tahun harus di antara 2000 dan 2100" in result.output
    result = run(cli, "--tahun", "2024", "--format", "docx", "-o", str(tmp_path / "x"))
    assert result.exit_code != 0

