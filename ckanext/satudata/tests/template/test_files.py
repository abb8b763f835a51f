"""The files a producer fills offline, and their round trip."""
from __future__ import annotations

import copy
import io

import ckan.plugins.toolkit as tk
import openpyxl

from .factories import (
    act,
    linked_dataset,
    make_template,
    penduduk,
    token,
)


def _with_enum(people):
    content = copy.deepcopy(penduduk())
    content["table_schema"]["fields"].insert(2, {
        "name": "status_wilayah", "title": "Status", "type": "string",
        "constraints": {"required": True, "enum": ["Desa", "Kelurahan", "Campuran"]}})
    return make_template(people.walidata, **content)


def test_csv_header(app, people):
    t = make_template(people.walidata)
    response = app.get(tk.h.url_for("satudata_template.download", id=t["name"],
                                    fmt="csv"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="penduduk-kecamatan-v1.csv"')
    assert response.data == (b"kode_wilayah,kecamatan,laki_laki,perempuan,jumlah,"
                             b"rasio_jenis_kelamin,tahun\r\n")


def test_json_and_unknown_format(app, people):
    t = make_template(people.walidata)
    response = app.get(tk.h.url_for("satudata_template.download", id=t["name"],
                                    fmt="json"))
    assert response.json["primaryKey"] == ["kode_wilayah", "tahun"]
    assert app.get(tk.h.url_for("satudata_template.download", id=t["name"],
                                fmt="pdf")).status_code == 404
    assert app.get(tk.h.url_for("satudata_template.download", id="tidak-ada",
                                fmt="csv")).status_code == 404


def test_workbook_layout(app, people):
    t = _with_enum(people)
    response = app.get(tk.h.url_for("satudata_template.download", id=t["name"],
                                    fmt="xlsx"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:2] == ["Data", "Petunjuk"]
    data = book["Data"]
    header = [c.value for c in data[1]]
    assert header == [f["name"] for f in t["version"]["table_schema"]["fields"]]
    assert data.freeze_panes == "A2"
    # Notes in Bahasa Indonesia on every header cell.
    note = data["A1"].comment.text
    assert "Kode Wilayah" in note and "Wajib diisi." in note
    assert "Kode wilayah Kemendagri bertitik" in note
    assert "Tanpa pemisah ribuan" in data["D1"].comment.text
    # Codes stay text, counts are whole numbers.
    assert data.column_dimensions["A"].number_format == "@"
    assert data.column_dimensions["D"].number_format == "#,##0"
    validations = {str(v.sqref): v for v in data.data_validations.dataValidation}
    status = validations["C2:C1048576"]
    assert status.type == "list"
    assert status.formula1 == "'Pilihan'!$C$2:$C$4"
    assert [c.value for c in book["Pilihan"]["C"][1:4]] == [
        "Desa", "Kelurahan", "Campuran"]
    assert book["Pilihan"].sheet_state == "hidden"
    counts = validations["D2:D1048576"]
    assert (counts.type, counts.operator, counts.formula1) == (
        "whole", "greaterThanOrEqual", "0")
    instructions = [row[0] for row in book["Petunjuk"].iter_rows(values_only=True)]
    assert instructions[0] == t["title"]
    assert any("Cara mengisi" == line for line in instructions)


def test_round_trip_download_fill_upload_passes(app, people):
    t = _with_enum(people)
    dataset = linked_dataset(people.org_a["id"], t["id"], people.produsen_a)
    auth = {"Authorization": token(people.produsen_a)}
    response = app.get(tk.h.url_for("satudata_template.download", id=t["name"],
                                    fmt="xlsx"), headers=auth)
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    data = book["Data"]
    data.append(["35.16.01", "Jatirejo", "Desa", 26421, 26465, 52886, 99.83, 2024])
    data.append(["35.16.08", "Mojosari", "Campuran", 39894, 39924, 79818, 99.92,
                 2024])
    filled = io.BytesIO()
    book.save(filled)

    response = app.post(
        tk.h.url_for("resource.new", id=dataset["name"]),
        data={"name": "Penduduk 2024", "save": "go-metadata", "id": "",
              "upload": (io.BytesIO(filled.getvalue()), "penduduk-2024.xlsx")},
        headers=auth, content_type="multipart/form-data",
    )
    assert response.status_code == 200
    (resource,) = act("package_show", people.produsen_a,
                      id=dataset["id"])["resources"]
    report = act("satudata_validation_show", people.produsen_a,
                 resource_id=resource["id"])
    assert report["status"] == "success", report["errors"]
    assert report["counts"]["rows"] == 2
    assert report["warnings"] == []
