"""The report as XLSX and CSV.

XLSX keeps numbers as numbers with one sheet per table: durations are days
shown as hours and minutes (``[h]:mm``, so 30 minutes reads 0:30 and can
still be summed), dates carry the Indonesian locale (``[$-421]``: "6
Desember 2026" in any Excel); the thousands and decimal marks of numbers
are the reader's Excel's, as a spreadsheet's always are. CSV is one file
with the tables one after the other, ``;``-separated with the numbers and
dates already written the Indonesian way (decimal comma), UTF-8 with a BOM
for Excel. Names, titles
and notes come from users: text that a spreadsheet would run as a formula is
written as text (:mod:`~ckanext.satudata.spreadsheet_safety`).
"""
from __future__ import annotations

import codecs
import csv
import datetime
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from ckanext.satudata import spreadsheet_safety as safety

from . import tables as report_tables

__all__ = ["DATE_FORMAT", "DURATION_FORMAT", "csv_bytes", "xlsx_bytes"]

DURATION_FORMAT = "[h]:mm"
# 0x0421: Indonesian, for the month names.
DATE_FORMAT = "[$-421]d mmmm yyyy"

_SHEET_NAMES = ("Ringkasan", "Per OPD", "Standar Waktu", "Pengembalian", "Terbit",
                "Ketersediaan")


def _xlsx_value(value: Any, kind: str) -> tuple[Any, str | None]:
    if value is None:
        return None, None
    if kind == "share":
        return value, "0.0%"
    if kind == "duration":
        # Excel's time unit is the day.
        return value / 86400, DURATION_FORMAT
    if kind == "date":
        return datetime.datetime.fromisoformat(value).date(), DATE_FORMAT
    if kind == "int":
        return value, "#,##0"
    return value, None


def xlsx_bytes(report: dict[str, Any]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in zip(_SHEET_NAMES, report_tables.tables(report), strict=True):
        sheet = workbook.create_sheet(name)
        sheet.append(safety.xlsx_row(sheet, [report_tables.title(report)]))
        sheet.append(safety.xlsx_row(sheet, [report_tables.period(report)]))
        sheet.append(safety.xlsx_row(sheet, [table.title]))
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A3"].font = Font(bold=True)
        headings = [
            f"{heading} (jam:menit)" if kind == "duration" else heading
            for heading, kind in table.columns
        ]
        sheet.append(safety.xlsx_row(sheet, headings))
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table.rows:
            values = []
            for index, (_heading, kind) in enumerate(table.columns):
                kind = row[2] if kind == "mixed" else kind
                values.append(_xlsx_value(row[index], kind))
            sheet.append(safety.xlsx_row(sheet, [v for v, _f in values]))
            cells = sheet[sheet.max_row]
            for cell, (_v, number_format) in zip(cells, values, strict=False):
                if number_format:
                    cell.number_format = number_format
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "A5"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(report: dict[str, Any]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(safety.csv_row([report_tables.title(report)]))
    writer.writerow(safety.csv_row([report_tables.period(report)]))
    for table in report_tables.tables(report):
        writer.writerow([])
        writer.writerow(safety.csv_row([table.title]))
        writer.writerow(safety.csv_row(table.headings))
        for row in table.rows:
            writer.writerow(safety.csv_row(
                report_tables.cell_text(table, row, i)
                for i in range(len(table.columns))
            ))
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
