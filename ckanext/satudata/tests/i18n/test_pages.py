"""One language: with the id locale the pages a Satu Data role or the public
reaches are Bahasa Indonesia, CKAN core's strings included (issue 12)."""
from __future__ import annotations

import io
import re

import ckan.model as model
from ckan.tests import helpers

from ckanext.satudata.tests.i18n.conftest import assert_indonesian, page_text
from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata
from ckanext.satudata.tests.workflow.conftest import World, act

FOOTER = ("Didukung oleh", "Langsung ke konten utama", "Bahasa")


def _get(app, world: World, url: str, who: str | None = None) -> str:
    response = app.get(url, headers=world.headers(who) if who else {})
    assert response.status_code == 200, url
    return page_text(response.body, world)


def _draft(world: World) -> dict:
    """A dataset left at CKAN's draft stage, as the form's first step leaves
    it: its resource form is the form's second step."""
    row = daftar_data_row(world.opd["id"], template_id=world.template["id"])
    return act(
        "package_create", world.users["produsen"],
        name=f"draf-{model.types.make_uuid()[:8]}", title="Data Draf",
        owner_org=world.opd["id"], state="draft", **sdi_metadata(row.id),
    )


def test_dataset_search_of_the_public(app, world):
    world.dataset("terbit")
    text = _get(app, world, "/id/dataset")
    assert_indonesian(text, [
        "1 dataset ditemukan", "Urutkan menurut", "Format", "Lisensi", "Masuk",
        "Cari dataset...", *FOOTER,
    ])


def test_counts_of_more_than_one_are_indonesian_too(app, world):
    """CKAN's id catalogue has one plural form; a catalogue merged over it
    with two left the count of 2 in English (or empty)."""
    world.dataset("terbit")
    world.dataset("terbit")
    text = _get(app, world, "/id/dataset")
    assert_indonesian(text, ["2 dataset ditemukan"])
    text = _get(app, world, f"/id/organization/{world.opd['name']}", "admin_opd")
    assert_indonesian(text, ["2 dataset ditemukan", "Kelola", "Aliran Aktivitas",
                             "Urutkan menurut", "Anggota"])


def test_dataset_page(app, world):
    dataset = world.dataset("terbit")
    for who in (None, "produsen"):
        text = _get(app, world, f"/id/dataset/{dataset['name']}", who)
        assert_indonesian(text, [
            "Data dan Sumber Daya", "Informasi Metadata SDI", "Jelajahi",
            "Aliran Aktivitas", "Pengikut", *FOOTER,
        ])
        # no empty "Informasi Tambahan" table, no internal state
        assert "Informasi Tambahan" not in text and "Status aktif" not in text
    assert "Ikuti" in text  # the follow button, logged in


def test_resource_page_shows_columns_not_internals(app, world):
    """The public resource page: the template's columns as a table, no ids,
    flags, state or raw Table Schema (issue 12)."""
    dataset = world.dataset("terbit")
    resource = dataset["resources"][0]
    response = app.get(f"/id/dataset/{dataset['name']}/resource/{resource['id']}")
    assert response.status_code == 200
    text = page_text(response.body, world)
    assert_indonesian(text, [
        "Informasi Tambahan", "Data terakhir diperbarui", "Ukuran",
        "Kesesuaian Template", "Kolom tabel", "Tabel ini diperiksa terhadap template",
        world.template["title"],
    ])
    assert 'class="table table-striped table-bordered table-condensed satudata-table' \
        ' satudata-template-fields"' in response.body
    for internal in ("Has views", "Memiliki tampilan", "Url type", "Package id",
                     "Id dataset", "Status aktif", "Urutan", "Id template",
                     "Id laporan pemeriksaan", '"fields"', world.template["id"]):
        assert internal not in text, internal


def test_login_page(app, world):
    text = _get(app, world, "/id/user/login")
    assert_indonesian(text, ["Nama Pengguna atau Surel", "Kata Sandi", "Masuk",
                             "Ingat saya", "Lupa kata sandi?", *FOOTER])


def test_user_dashboard(app, world):
    world.dataset("diajukan")
    text = _get(app, world, "/id/dashboard/datasets", "produsen")
    assert_indonesian(text, ["Dataset Saya", "Pengaturan profil", "Dasbor",
                             "Organisasi Saya", "Tambah Dataset"])
    text = _get(app, world, "/id/dashboard/", "produsen")
    assert_indonesian(text, ["Umpan berita", "memperbarui dataset",
                             "membuat dataset"])
    text = _get(app, world, f"/id/user/{world.users['produsen']}", "produsen")
    assert_indonesian(text, ["Anggota Sejak", "Status aktif", "Token API"])
    text = _get(app, world, f"/id/user/{world.users['produsen']}/api-tokens",
                "produsen")
    assert_indonesian(text, ["Buat Token API", "* Nama", "Akses terakhir"])
    assert not re.search(r"\bName\b", text)


def test_activity_stream_and_its_filter(app, world):
    dataset = world.dataset("terbit")
    text = _get(app, world, f"/id/dataset/activity/{dataset['name']}", "produsen")
    assert_indonesian(text, [
        "memperbarui dataset", "Jenis aktivitas", "Semua jenis aktivitas",
        "Dataset diubah", "Dataset baru",
    ])
    # how long ago, depending on the test's pace
    assert re.search(r"Baru saja|\d+ detik yang lalu", text)
    assert not re.search(r"Just now|seconds? ago", text)
    assert "Changed Package" not in text and "New Package" not in text


def test_dataset_form_and_its_errors(app, world):
    text = _get(app, world, "/id/dataset/new", "produsen")
    assert_indonesian(text, ["Buat Dataset", "Tambah data",
                             "Berikutnya: Tambah Data", "Apa itu dataset?"])
    response = app.post("/id/dataset/new", data={"title": "", "name": ""},
                        headers=world.headers("produsen"))
    text = page_text(response.body, world)
    assert_indonesian(text, ["Formulir berisi isian yang tidak sah:",
                             "Wajib diisi"])
    assert "The form contains invalid entries" not in text


def test_resource_form_of_a_draft_dataset(app, world):
    """Its last button, "Finish" in CKAN 2.11 and "Publish" in 2.12, only
    ends the form: never "Terbitkan", the workflow's publishing."""
    draft = _draft(world)
    text = _get(app, world, f"/id/dataset/{draft['name']}/resource/new",
                "produsen")
    assert_indonesian(text, ["Selesai", "Simpan & tambah lagi", "Sebelumnya"])
    assert "Terbitkan" not in text and "Publish" not in text


def test_an_oversized_upload_is_refused_in_indonesian(app, world, ckan_config,
                                                      monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.max_resource_size", 1)
    draft = _draft(world)
    response = app.post(
        f"/id/dataset/{draft['name']}/resource/new",
        data={"id": "", "name": "Tabel besar", "save": "go-metadata",
              "upload": (io.BytesIO(b"a" * (1024 * 1024 + 1)), "besar.csv")},
        headers=world.headers("produsen"),
    )
    text = page_text(response.body, world)
    assert ("Berkas «besar.csv» terlalu besar (1,0 MB): batas unggahan portal"
            " ini 1 MB.") in text
    assert "File upload too large" not in text
    assert helpers.call_action("package_show", id=draft["id"])["resources"] == []


def test_a_file_at_the_limit_is_stored(world, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.max_resource_size", 1)
    draft = _draft(world)
    world.upload("a" * (1024 * 1024), "pas.csv",
                 context={"user": world.users["produsen"], "ignore_auth": False},
                 package_id=draft["id"], name="Tabel pas")
    assert len(helpers.call_action("package_show", id=draft["id"])["resources"]) == 1


def test_error_pages(app, world):
    response = app.get("/id/halaman-yang-tidak-ada", status=404)
    text = page_text(response.body, world)
    assert_indonesian(text, ["404 Tidak Ditemukan", "Galat 404",
                             "Halaman yang Anda cari tidak ada"])
    assert "Not Found" not in text and "The requested URL" not in text
    response = app.get("/en/halaman-yang-tidak-ada", status=404)
    assert "404 Not Found" in page_text(response.body, world)
    # a refusal with its own message keeps it
    dataset = world.dataset("terbit")
    response = app.get(f"/id/dataset/edit/{dataset['name']}",
                       headers=world.headers("walidata"), status=403)
    text = page_text(response.body, world)
    assert_indonesian(text, ["403 Akses Ditolak", "tidak berwenang mengubah"])
    assert "Forbidden" not in text


def test_organization_members_and_their_roles(app, world):
    text = _get(app, world, f"/id/organization/members/{world.opd['name']}",
                "admin_opd")
    assert_indonesian(text, ["Anggota", "Peran", "Editor", "Admin"])
    assert "Member" not in text
