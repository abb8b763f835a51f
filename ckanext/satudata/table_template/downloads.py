"""Files a producer downloads to fill a template offline.

The CSV is just the header row. The XLSX workbook is built to survive
Indonesian Excel: a "Data" sheet whose header cells carry a note in Bahasa
Indonesia, whose text columns are formatted as text (so ``35.16.08`` stays a
code and not a number or a date), with dropdowns for enum columns and range
checks for numbers; a "Petunjuk" sheet explains every column. Titles, names
and choices written by the Walidata are text, never formulas.
"""
from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ckanext.satudata import region_codes
from ckanext.satudata import spreadsheet_safety as safety
from ckanext.satudata.checks import messages

DATA_SHEET = "Data"
_LAST_ROW = 1048576
_NUMBER_FORMATS = {
    "string": "@",
    "integer": "#,##0",
    "number": "#,##0.0#########",
    "year": "0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
    "time": "hh:mm:ss",
    "yearmonth": "@",
    "boolean": "General",
}
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="833C0B")


def field_notes(field: dict[str, Any], options: dict[str, Any]) -> list[str]:
    """What a producer must know about one column, one sentence each."""
    constraints = field.get("constraints") or {}
    notes = [tk._("Tipe: {type}.").format(type=messages.type_label(field))]
    if field.get("description"):
        notes.append(field["description"])
    if constraints.get("required"):
        notes.append(tk._("Wajib diisi."))
    if constraints.get("unique"):
        notes.append(tk._("Setiap nilai harus berbeda."))
    if constraints.get("minimum") is not None:
        notes.append(tk._("Paling kecil {limit}.").format(limit=constraints["minimum"]))
    if constraints.get("maximum") is not None:
        notes.append(tk._("Paling besar {limit}.").format(limit=constraints["maximum"]))
    if constraints.get("enum"):
        notes.append(tk._("Pilihan: {choices}.").format(
            choices=", ".join(map(str, constraints["enum"]))))
    if constraints.get("pattern"):
        notes.append(tk._("Pola: {pattern}.").format(pattern=constraints["pattern"]))
    if field.get("unit"):
        notes.append(tk._("Satuan: {unit}.").format(unit=field["unit"]))
    if field["name"] in (options.get("region_code_fields") or []):
        notes.append(_region_note(options))
    if field.get("type") in ("integer", "number"):
        if options.get("decimal_comma"):
            notes.append(tk._("Format angka Indonesia diterima (1.234,5)."))
        else:
            notes.append(tk._("Tanpa pemisah ribuan; desimal dengan titik (1234.5)."))
    return notes


def _region_note(options: dict[str, Any]) -> str:
    """Where the column's codes must lie, as the check holds them."""
    area = options.get("region_code_area")
    if area == "nasional":
        return tk._("Kode wilayah Kemendagri bertitik, contoh {example}.").format(
            example=f"{tk.config.get('ckanext.satudata.kode_wilayah')}.01")
    area = area or tk.config.get("ckanext.satudata.kode_wilayah")
    return tk._("Kode wilayah Kemendagri bertitik di dalam {name} ({area}), "
                "contoh {example}.").format(name=region_codes.display_name(area),
                                            area=area, example=f"{area}.01")


def header_csv(table_schema: dict[str, Any], dialect: dict[str, Any]) -> bytes:
    """The header row alone, in the template's delimiter, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.get("delimiter") or ",",
                        lineterminator="\r\n")
    writer.writerow(safety.csv_row(f["name"] for f in table_schema.get("fields", [])))
    return out.getvalue().encode("utf-8")


def workbook(template: dict[str, Any], version: dict[str, Any]) -> bytes:
    """The XLSX a producer fills: a Data sheet and a Petunjuk sheet."""
    schema = version["table_schema"]
    options = version.get("options") or {}
    fields = schema.get("fields", [])
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    choices = None

    for index, field in enumerate(fields, start=1):
        letter = get_column_letter(index)
        constraints = field.get("constraints") or {}
        cell = safety.protect_cell(data.cell(row=1, column=index, value=field["name"]))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _REQUIRED_FILL if constraints.get("required") else _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        title = field.get("title") or field["name"]
        note = "\n".join([title] + field_notes(field, options))
        cell.comment = Comment(note, "Walidata", width=320, height=200)
        dimension = data.column_dimensions[letter]
        dimension.width = max(len(field["name"]), len(title), 12) + 4
        # A column style, so cells typed in later take the format too.
        dimension.number_format = _NUMBER_FORMATS.get(field.get("type"), "General")
        cells = f"{letter}2:{letter}{_LAST_ROW}"

        if constraints.get("enum"):
            if choices is None:
                choices = book.create_sheet("Pilihan")
                choices.sheet_state = "hidden"
            safety.protect_cell(choices.cell(row=1, column=index, value=field["name"]))
            for row, value in enumerate(constraints["enum"], start=2):
                safety.protect_cell(choices.cell(row=row, column=index, value=value))
            source = "{}!${}$2:${}${}".format(
                quote_sheetname(choices.title), letter, letter,
                len(constraints["enum"]) + 1)
            validation = DataValidation(type="list", formula1=source,
                                        allow_blank=True)
            validation.error = tk._("Pilih salah satu nilai dari daftar.")
            validation.errorTitle = tk._("Nilai tidak diizinkan")
            _add(data, validation, cells)
        elif field.get("type") in ("integer", "number"):
            validation = _number_validation(field)
            if validation is not None:
                _add(data, validation, cells)
    data.freeze_panes = "A2"

    _instructions(book, template, version, fields, options)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _add(sheet: Any, validation: DataValidation, cells: str) -> None:
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def _number_validation(field: dict[str, Any]) -> DataValidation | None:
    constraints = field.get("constraints") or {}
    low, high = constraints.get("minimum"), constraints.get("maximum")
    kind = "whole" if field["type"] == "integer" else "decimal"
    if low is not None and high is not None:
        validation = DataValidation(type=kind, operator="between",
                                    formula1=str(low), formula2=str(high))
        text = tk._("Isi angka dari {low} sampai {high}.").format(low=low, high=high)
    elif low is not None:
        validation = DataValidation(type=kind, operator="greaterThanOrEqual",
                                    formula1=str(low))
        text = tk._("Isi angka paling kecil {low}.").format(low=low)
    elif high is not None:
        validation = DataValidation(type=kind, operator="lessThanOrEqual",
                                    formula1=str(high))
        text = tk._("Isi angka paling besar {high}.").format(high=high)
    else:
        return None
    if kind == "whole":
        text += " " + tk._("Bilangan bulat, tanpa desimal.")
    validation.allow_blank = True
    validation.error = text
    validation.errorTitle = tk._("Angka tidak sesuai template")
    return validation


def _instructions(book: Workbook, template: dict[str, Any],
                  version: dict[str, Any], fields: list[dict[str, Any]],
                  options: dict[str, Any]) -> None:
    sheet = book.create_sheet("Petunjuk", 1)
    bold = Font(bold=True)
    lines = [
        (template["title"], Font(bold=True, size=14)),
        (tk._("Template {name}, versi {version}").format(
            name=template["name"], version=version["version"]), None),
        ("", None),
        (tk._("Cara mengisi"), bold),
        (tk._("1. Isi data pada lembar \"Data\", satu baris untuk satu "
              "catatan, mulai baris 2."), None),
        (tk._("2. Jangan mengubah, menambah, atau menghapus judul kolom di "
              "baris 1."), None),
        (tk._("3. Jangan menambahkan judul tabel, baris jumlah/total, atau "
              "catatan kaki (Sumber:, Catatan:) di lembar Data; tulis sumber "
              "dan catatan di metadata dataset."), None),
        (tk._("4. Judul kolom berwarna cokelat wajib diisi. Arahkan tetikus ke "
              "judul kolom untuk membaca keterangannya."), None),
        (tk._("5. Simpan sebagai .xlsx, lalu unggah ke dataset atau periksa "
              "dulu dengan tombol \"Cek kesesuaian\"."), None),
        ("", None),
        (tk._("Daftar kolom"), bold),
    ]
    for text, font in lines:
        sheet.append(safety.xlsx_row(sheet, [text]))
        if font is not None:
            sheet.cell(row=sheet.max_row, column=1).font = font
    header = [tk._("Kolom"), tk._("Judul"), tk._("Tipe"), tk._("Wajib"),
              tk._("Satuan"), tk._("Keterangan")]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for field in fields:
        constraints = field.get("constraints") or {}
        sheet.append(safety.xlsx_row(sheet, [
            field["name"],
            field.get("title") or "",
            messages.type_label(field),
            tk._("Ya") if constraints.get("required") else tk._("Tidak"),
            field.get("unit") or "",
            " ".join(field_notes(field, options)[1:]),
        ]))
    for letter, width in zip("ABCDEF", (24, 30, 28, 8, 12, 80), strict=True):
        sheet.column_dimensions[letter].width = width
