"""Region codes held to the regency and to their names; headers written with
titles or over two rows. Each fixture is a shape regencies really publish."""
from __future__ import annotations

import copy

import ckan.plugins.toolkit as tk
import openpyxl
import pytest

from ckanext.satudata import region_codes
from ckanext.satudata.checks.conformance import Spec, check_file, typed_rows
from ckanext.satudata.checks.preview import read_page
from ckanext.satudata.table_template import downloads
from ckanext.satudata.tests.template.factories import (
    act,
    data_bytes,
    data_path,
    penduduk,
    token,
    upload,
)


def spec(**options) -> Spec:
    content = copy.deepcopy(penduduk())
    content["options"].update(options)
    return Spec(**content)


def check(path: str, s: Spec | None = None, name: str | None = None):
    return check_file(path, s or spec(), file_name=name or path.rsplit("/", 1)[-1])


def findings(result, *codes: str) -> list[tuple]:
    return [(e["code"], e["row"], e["column"], e["value"], e["message"],
             e["expected"])
            for e in result.errors + result.warnings if e["code"] in codes]


# Region codes ------------------------------------------------------------

def test_names_are_compared_with_codes_tolerating_how_tables_write_them():
    result = check(data_path("wilayah_nama.csv"))
    # JATIREJO, Kec. Gondang, KEC.PACET, "Kecamatan  Trawas", KEC. BANGSAL,
    # Soko (Sooko), Gedek (Gedeg), Dawar Blandong, "mojo anyar" and a desa
    # code (its name is not in the reference) pass; what follows does not.
    assert result.counts["by_code"] == {
        "nama-wilayah": 2, "kode-wilayah-di-luar": 1, "kode-wilayah": 1}
    assert findings(result, "nama-wilayah") == [
        ("nama-wilayah", 11, "kecamatan", "Sooko",
         "Nama 'Sooko' pada kolom 'kecamatan' tidak sesuai kode wilayah "
         "35.16.08: menurut referensi Kemendagri, 35.16.08 adalah Mojosari.",
         "Nama 'Mojosari' untuk kode 35.16.08, atau kode yang sesuai dengan "
         "nama 'Sooko'."),
        ("nama-wilayah", 12, "kecamatan", "Kec. Trawas",
         "Nama 'Kec. Trawas' pada kolom 'kecamatan' tidak sesuai kode wilayah "
         "35.16.12: menurut referensi Kemendagri, 35.16.12 adalah Trowulan.",
         "Nama 'Trowulan' untuk kode 35.16.12, atau kode yang sesuai dengan "
         "nama 'Kec. Trawas'."),
    ]


def test_a_code_of_another_regency_is_refused_on_this_portal():
    result = check(data_path("wilayah_nama.csv"))
    assert findings(result, "kode-wilayah-di-luar") == [
        ("kode-wilayah-di-luar", 13, "kode_wilayah", "35.03.01",
         "Kode wilayah 35.03.01 (Panggul, Kab. Trenggalek) pada kolom "
         "'kode_wilayah' berada di luar Kab. Mojokerto (35.16).",
         "Kode wilayah di dalam Kab. Mojokerto (35.16), contoh 35.16.01; "
         "atau minta Walidata mengatur cakupan wilayah template."),
    ]


def test_a_bps_code_gets_the_bps_hint():
    result = check(data_path("wilayah_nama.csv"))
    assert findings(result, "kode-wilayah") == [
        ("kode-wilayah", 14, "kode_wilayah", "3516140",
         "'3516140' pada kolom 'kode_wilayah' bukan kode wilayah Kemendagri "
         "yang sah. Tampaknya kode BPS; gunakan kode Kemendagri bertitik.",
         "Kode Kemendagri bertitik, contoh 35.16.01."),
    ]


@pytest.mark.ckan_config("ckanext.satudata.kode_wilayah", "35.03")
def test_on_the_trenggalek_portal_the_trenggalek_code_passes_and_mojokerto_is_out(
        tmp_path):
    path = tmp_path / "trenggalek.csv"
    path.write_text(
        "kode_wilayah,kecamatan,laki_laki,perempuan,jumlah,rasio_jenis_kelamin,"
        "tahun\n"
        "35.03.01,KEC. PANGGUL,1,1,2,100,2024\n"
        "35.16.01,Jatirejo,1,1,2,100,2024\n", encoding="utf-8")
    result = check(str(path))
    assert [(e["code"], e["row"], e["message"]) for e in result.errors] == [
        ("kode-wilayah-di-luar", 3,
         "Kode wilayah 35.16.01 (Jatirejo, Kab. Mojokerto) pada kolom "
         "'kode_wilayah' berada di luar Kab. Trenggalek (35.03)."),
    ]


@pytest.mark.parametrize("area, outside", [
    ("35", []),  # a province-wide table: both regencies are Jawa Timur
    ("nasional", []),
    ("35.03", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15]),
])
def test_the_template_sets_where_its_codes_lie(area, outside):
    result = check(data_path("wilayah_nama.csv"), spec(region_code_area=area))
    assert [e["row"] for e in result.errors
            if e["code"] == "kode-wilayah-di-luar"] == outside
    # Names are compared wherever the code lies.
    assert result.counts["by_code"].get("nama-wilayah") == (2 if not outside
                                                             else None)


def test_names_are_not_compared_without_a_names_column_beside_the_codes(tmp_path):
    content = copy.deepcopy(penduduk())
    fields = content["table_schema"]["fields"]
    fields[1] |= {"name": "keterangan", "title": "Keterangan"}
    path = tmp_path / "tanpa_nama.csv"
    path.write_text("kode_wilayah,keterangan,laki_laki,perempuan,jumlah,"
                    "rasio_jenis_kelamin,tahun\n"
                    "35.16.08,Sooko,1,1,2,100,2024\n", encoding="utf-8")
    assert check(str(path), Spec(**content)).status == "success"


@pytest.mark.parametrize("written, matches", [
    ("Gedek", True), ("GEDEG", True), ("Kecamatan Gedeg", True), ("Gedég", True),
    ("Gedang", False), ("Kec. Gondang", False),
])
def test_name_matching_of_a_kecamatan(written, matches):
    assert region_codes.name_matches("35.16.14", written) is matches


@pytest.mark.parametrize("code, written, matches", [
    ("35.16", "Kabupaten Mojokerto", True),
    ("35.16", "KAB. MOJOKERTO", True),
    ("35.16", "Mojokerto", True),
    ("35.16", "Kota Mojokerto", False),
    ("35.76", "Kota Mojokerto", True),
    ("35", "Provinsi Jawa Timur", True),
    ("35.16.17", "Dawarblandong", True),
])
def test_name_matching_of_regencies_and_provinces(code, written, matches):
    assert region_codes.name_matches(code, written) is matches


# Headers -------------------------------------------------------------------

def test_titles_instead_of_names_are_accepted():
    # Titles, a semicolon and CRLF, as Indonesian Excel saves them.
    result = check(data_path("judul_kolom.csv"))
    assert result.status == "success"
    assert [e["code"] for e in result.warnings] == ["pemisah"]
    assert result.counts["header_rows"] == [1]


def test_a_name_written_loosely_is_still_reported(tmp_path):
    path = tmp_path / "longgar.csv"
    path.write_text("Kode_Wilayah,kecamatan,laki_laki,perempuan,jumlah,"
                    "rasio_jenis_kelamin,tahun\n"
                    "35.16.01,Jatirejo,1,1,2,100,2024\n", encoding="utf-8")
    assert findings(check(str(path)), "nama-kolom") == [
        ("nama-kolom", None, "kode_wilayah", "Kode_Wilayah",
         "Judul kolom 'Kode_Wilayah' seharusnya ditulis 'kode_wilayah'.",
         "Judul kolom persis seperti pada template: 'kode_wilayah'."),
    ]


def test_csv_header_over_two_rows_is_read_as_one():
    result = check(data_path("judul_dua_baris.csv"))
    assert result.errors == []
    assert result.counts["rows"] == 3
    assert result.counts["header_rows"] == [2, 3]
    assert [(w["code"], w["message"]) for w in result.warnings] == [
        ("baris-judul", "Baris 1 sampai 1 di atas judul kolom dilewati; judul "
         "kolom ditemukan di baris 2."),
        ("judul-dua-baris", "Judul kolom dibaca dari dua baris, baris 2 (judul "
         "kelompok) dan baris 3, yang digabungkan; data dimulai setelah "
         "baris 3."),
    ]


def test_csv_group_row_above_full_titles_is_skipped_as_a_title():
    result = check(data_path("judul_dua_baris_ulang.csv"))
    assert result.errors == []
    assert result.counts["header_rows"] == [2]
    assert [w["code"] for w in result.warnings] == ["baris-judul"]


def _merged_workbook(tmp_path, group_names: bool = False) -> str:
    """The shape a regency's statistician makes: a title, then titles merged
    down over two rows beside a group label merged across its columns."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Jumlah Penduduk Kabupaten Mojokerto 2024"])
    sheet.merge_cells("A1:G1")
    sheet.append(["Kode Wilayah", "Kecamatan", "Penduduk" if group_names
                  else "Jumlah Penduduk (Jiwa)", None, None,
                  "Rasio Jenis Kelamin", "Tahun"])
    sheet.append([None, None, "Laki-laki", "Perempuan", "Jumlah", None, None])
    for column in "ABFG":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("C2:E2")
    sheet.append(["35.16.01", "Kec. Jatirejo", 26421, 26465, 52886, 99.83, 2024])
    sheet.append(["35.16.14", "Gedek", 29156, 30385, 59541, 95.96, 2024])
    sheet.append(["35.03.01", "Panggul", 100, 100, 200, 100, 2024])
    path = str(tmp_path / "penduduk.xlsx")
    book.save(path)
    return path


def test_xlsx_merged_header_is_read_and_its_data_checked(tmp_path):
    result = check(_merged_workbook(tmp_path))
    assert result.counts["header_rows"] == [2, 3]
    assert result.counts["rows"] == 3
    # Only the Trenggalek code: no header finding, no sub-header row as data.
    assert [(e["code"], e["row"]) for e in result.errors] == [
        ("kode-wilayah-di-luar", 6)]
    assert [w["code"] for w in result.warnings] == ["baris-judul",
                                                     "judul-dua-baris"]


def test_group_label_joins_the_titles_beneath_it(tmp_path):
    # A template whose names carry the group: penduduk_laki_laki...
    content = copy.deepcopy(penduduk())
    for field in content["table_schema"]["fields"][2:5]:
        field["name"] = "penduduk_" + field["name"]
        field.pop("title")
    s = Spec(**content)
    path = _merged_workbook(tmp_path, group_names=True)
    result = check(path, s)
    assert result.counts["header_rows"] == [2, 3]
    assert [(e["code"], e["row"]) for e in result.errors] == [
        ("kode-wilayah-di-luar", 6)]
    # The data read for loading starts after the two header rows.
    rows = list(typed_rows(path, s, file_name="penduduk.xlsx"))
    assert [r[:3] for r in rows] == [["35.16.01", "Kec. Jatirejo", 26421],
                                     ["35.16.14", "Gedek", 29156],
                                     ["35.03.01", "Panggul", 100]]


def test_preview_shows_the_joined_header_and_data_after_it(tmp_path):
    page = read_page(_merged_workbook(tmp_path), spec(), file_name="p.xlsx")
    assert page.header_row == 3
    assert [c.label for c in page.columns][:5] == [
        "Kode Wilayah", "Kecamatan", "Laki-laki", "Perempuan", "Jumlah"]
    assert [n for n, _ in page.rows] == [4, 5, 6]


# Through the portal --------------------------------------------------------

def test_the_walidata_widens_a_templates_area_and_the_check_follows(people):
    content = penduduk()
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_template_create", people.walidata, name="jatim",
            title="Penduduk Jawa Timur", **content | {"options": dict(
                content["options"], region_code_area="35.99")})
    assert e.value.error_dict["options"] == [
        "Cakupan kode wilayah harus kode Kemendagri yang terdaftar (contoh 35 "
        "atau 35.16) atau 'nasional'."]
    t = act("satudata_template_create", people.walidata, name="jatim",
            title="Penduduk Jawa Timur", **content)
    trenggalek = upload(data_bytes("wilayah_nama.csv"), "jatim.csv")
    report = act("satudata_template_check", people.produsen_a, id=t["name"],
                 upload=trenggalek)
    assert report["counts"]["by_code"]["kode-wilayah-di-luar"] == 1
    t = act("satudata_template_update", people.walidata, id=t["name"],
            options=dict(content["options"], region_code_area=" 35 "))
    assert t["version"]["options"]["region_code_area"] == "35"
    report = act("satudata_template_check", people.produsen_a, id=t["name"],
                 upload=upload(data_bytes("wilayah_nama.csv"), "jatim.csv"))
    assert report["counts"]["by_code"] == {"nama-wilayah": 2, "kode-wilayah": 1}
    assert report["counts"]["header_rows"] == [1]


def test_the_authoring_form_keeps_the_area(app, people):
    content = penduduk()
    content["options"]["region_code_area"] = "35"
    t = act("satudata_template_create", people.walidata, name="jatim",
            title="Penduduk Jawa Timur", **content)
    headers = {"Authorization": token(people.walidata)}
    url = tk.h.url_for("satudata_template.edit", id=t["name"])
    page = app.get(url, headers=headers)
    assert 'name="region_code_area" value="35"' in page.body
    # Saved again from the page (a new title), the area stays; emptied, the
    # regency applies again.
    posted = {"aksi": "simpan", "title": "Penduduk Jatim", "delimiter": ",",
              "region_code_area": "35",
              "fields-0-name": "kode_wilayah", "fields-0-type": "string",
              "fields-0-region": "1", "fields-1-name": "kecamatan",
              "fields-1-type": "string"}
    app.post(url, data=posted, headers=headers, follow_redirects=False)
    options = act("satudata_template_show", None, id=t["id"])["version"]["options"]
    assert options["region_code_area"] == "35"
    app.post(url, data=posted | {"region_code_area": ""}, headers=headers,
             follow_redirects=False)
    options = act("satudata_template_show", None, id=t["id"])["version"]["options"]
    assert "region_code_area" not in options
    assert "Cakupan kode wilayah" in app.get(tk.h.url_for(
        "satudata_template.read", id=t["name"])).body


@pytest.mark.parametrize("area, note", [
    (None, "Kode wilayah Kemendagri bertitik di dalam Kab. Mojokerto (35.16), "
           "contoh 35.16.01."),
    ("35", "Kode wilayah Kemendagri bertitik di dalam Jawa Timur (35), "
           "contoh 35.01."),
    ("nasional", "Kode wilayah Kemendagri bertitik, contoh 35.16.01."),
])
def test_the_template_workbook_tells_producers_where_codes_must_lie(area, note):
    options = {"region_code_fields": ["kode_wilayah"]}
    if area:
        options["region_code_area"] = area
    field = penduduk()["table_schema"]["fields"][0]
    assert note in downloads.field_notes(field, options)


_BPS_HINT = ("'{code}' pada kolom 'kode_wilayah' bukan kode wilayah Kemendagri "
             "yang sah. Tampaknya kode BPS; gunakan kode Kemendagri bertitik.")


@pytest.mark.parametrize("code", [
    "3516140",     # a BPS kecamatan code typed as text
    3516140,       # the same, a number cell of a workbook
    "3516140005",  # a BPS desa code
])
def test_bps_codes_in_a_workbook_get_the_hint(tmp_path, code):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f["name"] for f in penduduk()["table_schema"]["fields"]])
    sheet.append([code, "Gedeg", 1, 1, 2, 100, 2024])
    path = str(tmp_path / "bps.xlsx")
    book.save(path)
    result = check(path)
    assert [(e["code"], e["row"], e["message"]) for e in result.errors] == [
        ("kode-wilayah", 2, _BPS_HINT.format(code=code))]
