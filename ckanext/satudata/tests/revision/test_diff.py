"""What a revision changes in a hand-built pair of package dicts, and the
snippet that shows it."""
from __future__ import annotations

import copy

import ckan.plugins.toolkit as tk
import lxml.html
import pytest

from ckanext.satudata.revision.diff import (
    FieldChange,
    PackageDiff,
    ResourceChange,
    package_diff,
    same_file,
)
from ckanext.satudata.revision.table_diff import (
    CellChange,
    ChangedRow,
    Row,
    TableDiff,
)

SITE = "http://portal.test/dataset"


def upload(id: str, package: str, file: str, size: int, **fields) -> dict:
    return {"id": id, "package_id": package, "url_type": "upload", "size": size,
            "url": f"{SITE}/{package}/resource/{id}/download/{file}",
            "format": "CSV", "description": "", **fields}


LIVE = {
    "id": "live", "name": "jumlah-penduduk", "type": "dataset", "private": False,
    "title": "Jumlah Penduduk", "notes": "Jumlah penduduk menurut kecamatan.",
    "satuan": "Jiwa", "tahun_awal": "2023", "tahun_akhir": "2023",
    "owner_org": "opd-1", "tags": [{"name": "penduduk"}],
    "metadata_modified": "2026-11-01T03:00:00", "num_resources": 3,
    "satudata_status": "terbit", "satudata_published": "2026-11-01T03:00:00",
    "resources": [
        upload("r1", "live", "penduduk.csv", 1200, name="Data 2023"),
        {"id": "r2", "name": "Peta", "url": "https://peta.test/penduduk.pdf",
         "url_type": "", "format": "PDF", "description": ""},
        upload("r3", "live", "lampiran.csv", 300, name="Lampiran"),
    ],
}


def draft() -> dict:
    pkg = copy.deepcopy(LIVE)
    pkg.update({
        "id": "draft", "name": "jumlah-penduduk-revisi-1", "private": True,
        "title": "Jumlah Penduduk per Kecamatan", "tahun_akhir": "2024",
        "tags": [{"name": "penduduk"}, {"name": "kependudukan"}],
        "metadata_modified": "2026-12-05T02:00:00", "num_resources": 3,
        "satudata_status": "menunggu_persetujuan",
        "satudata_published": None,
        "resources": [
            upload("d1", "draft", "penduduk.csv", 1350, name="Data 2024"),
            {"id": "d2", "name": "Peta", "url": "https://peta.test/penduduk.pdf",
             "url_type": "", "format": "PDF", "description": ""},
            upload("d4", "draft", "kecamatan.csv", 800, name="Data Kecamatan"),
        ],
    })
    return pkg


REPLACES = {"d1": "r1", "d2": "r2"}

EXPECTED = PackageDiff(
    fields=(
        FieldChange("title", "Judul Data", "Jumlah Penduduk",
                    "Jumlah Penduduk per Kecamatan"),
        FieldChange("tag_string", "Kata Kunci", "penduduk",
                    "kependudukan, penduduk"),
        FieldChange("tahun_akhir", "Tahun Data Akhir", "2023", "2024"),
    ),
    resources=(
        ResourceChange("diganti", "Data 2024", "r1", "d1", file_changed=True,
                       fields=(FieldChange("name", "Nama", "Data 2023",
                                           "Data 2024"),)),
        ResourceChange("tetap", "Peta", "r2", "d2"),
        ResourceChange("ditambah", "Data Kecamatan", None, "d4"),
        ResourceChange("dihapus", "Lampiran", "r3", None),
    ),
)


@pytest.mark.usefixtures("with_plugins")
def test_fields_and_resources_of_a_hand_built_pair():
    assert package_diff(LIVE, draft(), REPLACES) == EXPECTED


@pytest.mark.usefixtures("with_plugins")
def test_an_unchanged_copy_has_no_changes():
    pkg = draft()
    pkg.update({k: LIVE[k] for k in ("title", "tahun_akhir", "tags")})
    pkg["resources"] = [
        upload("d1", "draft", "penduduk.csv", 1200, name="Data 2023"),
        pkg["resources"][1],
        upload("d3", "draft", "lampiran.csv", 300, name="Lampiran"),
    ]
    diff = package_diff(LIVE, pkg, {"d1": "r1", "d2": "r2", "d3": "r3"})
    assert diff.fields == ()
    assert [r.kind for r in diff.resources] == ["tetap"] * 3
    assert not diff.changed


@pytest.mark.usefixtures("with_plugins")
def test_a_field_emptied_or_filled_is_a_change():
    pkg = draft()
    pkg["notes"] = ""
    pkg["kode_indikator"] = "IKD-1.2"
    changed = {f.field: (f.old, f.new)
               for f in package_diff(LIVE, pkg, REPLACES).fields}
    assert changed["notes"] == ("Jumlah penduduk menurut kecamatan.", "")
    assert changed["kode_indikator"] == ("", "IKD-1.2")


@pytest.mark.parametrize("live, draft, same", [
    ({"hash": "a", "url_type": "upload", "url": "x/a.csv", "size": 1},
     {"hash": "a", "url_type": "upload", "url": "y/b.csv", "size": 2}, True),
    ({"hash": "a", "url_type": "upload", "url": "x/a.csv", "size": 1},
     {"hash": "b", "url_type": "upload", "url": "y/a.csv", "size": 1}, False),
    ({"url_type": "upload", "url": "x/a.csv", "size": 1},
     {"url_type": "upload", "url": "y/a.csv", "size": 1}, True),
    ({"url_type": "upload", "url": "x/a.csv", "size": 1},
     {"url_type": "upload", "url": "y/a.csv", "size": 2}, False),
    ({"url_type": "upload", "url": "x/a.csv", "size": None},
     {"url_type": "upload", "url": "y/a.csv", "size": None}, False),
    ({"url_type": "upload", "url": "x/a.csv", "size": 1},
     {"url_type": "", "url": "x/a.csv", "size": 1}, False),
    ({"url_type": "", "url": "https://a.test/x"},
     {"url_type": None, "url": "https://a.test/x"}, True),
])
def test_same_file(live, draft, same):
    assert same_file(live, draft) is same


TABLE = TableDiff(
    columns=("kode_wilayah", "kecamatan", "jumlah"),
    key=("kode_wilayah",),
    added=(Row(6, ("35.16.05",), ("35.16.05", "Pungging", "71.979")),),
    removed=(Row(4, ("35.16.03",), ("35.16.03", "Pacet", "66687")),),
    changed=(ChangedRow(3, 4, ("35.16.02",), (
        CellChange("kecamatan", "Gondang", "Gondang Baru"),
        CellChange("jumlah", "45983", "46.060"))),),
    added_count=1201, removed_count=1, changed_count=1, unchanged_count=2,
)


def render(app, **context):
    with app.flask_app.test_request_context("/"):
        html = tk.render_snippet("satudata/revision/snippets/diff.html", context)
    return lxml.html.fragment_fromstring(html, create_parent="div")


def select(doc, path: str) -> list:
    """Elements by a path of ``.class`` and tag steps, descendants of each
    other: ``.satudata-diff-fields tbody tr``."""
    xpath = "."
    for step in path.split():
        if step.startswith("."):
            xpath += (f"//*[contains(concat(' ', normalize-space(@class), ' '), "
                      f"' {step[1:]} ')]")
        else:
            xpath += f"//{step}"
    return doc.xpath(xpath)


def texts(doc, path: str) -> list[str]:
    return [" ".join(" ".join(e.itertext()).split()) for e in select(doc, path)]


@pytest.mark.usefixtures("with_plugins")
def test_snippet_renders_fields_resources_and_rows(app):
    soup = render(app, diff=EXPECTED, tables={"d1": TABLE})
    assert texts(soup, "h2") == ["Perubahan terhadap versi terbit"]
    assert texts(soup, ".satudata-diff-fields tbody tr") == [
        "Judul Data Jumlah Penduduk Jumlah Penduduk per Kecamatan",
        "Kata Kunci penduduk kependudukan, penduduk",
        "Tahun Data Akhir 2023 2024",
    ]
    assert texts(soup, ".satudata-diff-kind") == [
        "Diganti", "Tidak berubah", "Ditambah", "Dihapus"]
    assert texts(soup, ".satudata-diff-resource-fields li") == [
        "Nama: Data 2023 → Data 2024"]
    assert texts(soup, ".satudata-diff-summary") == [
        "1.201 baris ditambah, 1 baris dihapus, 1 baris berubah, 2 baris "
        "tetap. Baris dicocokkan menurut kolom kode_wilayah."]
    assert texts(soup, ".satudata-diff-changed tbody tr") == [
        "4 35.16.02 kecamatan Gondang Gondang Baru", "jumlah 45983 46.060"]
    added, removed = select(soup, ".satudata-diff-rows")
    assert texts(added, "tbody tr") == ["6 35.16.05 Pungging 71.979"]
    assert texts(removed, "tbody tr") == ["4 35.16.03 Pacet 66687"]
    assert texts(soup, ".satudata-diff-more") == [
        "Ditampilkan 1 dari 1.201 baris."]
    # Every table scrolls in its own box on a narrow screen.
    assert all(t.getparent().get("class") == "satudata-diff-scroll"
               for t in select(soup, "table"))


@pytest.mark.usefixtures("with_plugins")
def test_snippet_shows_a_refused_table_and_an_unchanged_revision(app):
    refused = TableDiff(error="Berkas revisi tidak dapat dibaca: Berkas kosong.")
    soup = render(app, diff=EXPECTED, tables={"d1": refused})
    assert texts(soup, ".satudata-diff-table .alert") == [
        "Berkas revisi tidak dapat dibaca: Berkas kosong."]
    soup = render(app, diff=PackageDiff((), (
        ResourceChange("tetap", "Peta", "r2", "d2"),)))
    assert "Revisi ini sama dengan versi terbit." in soup.text_content()
    assert not select(soup, "table")
