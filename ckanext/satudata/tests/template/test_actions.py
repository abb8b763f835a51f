"""satudata_template_*: versioning, validation of the schema, permissions."""
from __future__ import annotations

import copy

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib.jobs import get_queue

from .factories import (
    act,
    add_upload,
    data_bytes,
    linked_dataset,
    make_template,
    penduduk,
    upload,
)


class TestCreateAndVersions:
    def test_create(self, people):
        t = make_template(people.walidata, description="Tabel wajib Dispendukcapil")
        assert t["name"] == "penduduk-kecamatan"
        assert t["current_version"] == 1
        v = t["version"]
        assert v["version"] == 1
        assert v["table_schema"]["primaryKey"] == ["kode_wilayah", "tahun"]
        assert v["table_schema"]["fields"][2]["unit"] == "Jiwa"
        assert v["options"] == {"decimal_comma": False,
                                "region_code_fields": ["kode_wilayah"]}
        assert v["dialect"] == {"delimiter": ","}

    def test_schema_as_json_text(self, people):
        import json

        content = penduduk()
        t = act("satudata_template_create", people.walidata, name="teks-json",
                title="Teks JSON", table_schema=json.dumps(content["table_schema"]))
        assert len(t["version"]["table_schema"]["fields"]) == 7

    def test_changing_columns_makes_a_new_version_old_stays_readable(self, people):
        t = make_template(people.walidata)
        schema = copy.deepcopy(t["version"]["table_schema"])
        schema["fields"][1]["title"] = "Nama Kecamatan"
        t2 = act("satudata_template_update", people.walidata, id=t["name"],
                 table_schema=schema, note="judul kolom kecamatan")
        assert t2["current_version"] == 2
        assert t2["version"]["note"] == "judul kolom kecamatan"
        old = act("satudata_template_show", None, id=t["id"], version=1)
        assert old["version"]["table_schema"]["fields"][1]["title"] == "Kecamatan"
        assert [v["version"] for v in old["versions"]] == [2, 1]

    def test_title_change_or_same_content_keeps_the_version(self, people):
        t = make_template(people.walidata)
        same = act("satudata_template_update", people.walidata, id=t["id"],
                   title="Penduduk per Kecamatan",
                   table_schema=t["version"]["table_schema"],
                   options=t["version"]["options"])
        assert same["current_version"] == 1
        assert same["title"] == "Penduduk per Kecamatan"

    def test_options_change_is_a_new_version(self, people):
        t = make_template(people.walidata)
        t2 = act("satudata_template_update", people.walidata, id=t["id"],
                 options={"decimal_comma": True})
        assert t2["current_version"] == 2
        assert t2["version"]["options"] == {"decimal_comma": True}
        # The schema is carried over.
        assert t2["version"]["table_schema"] == t["version"]["table_schema"]

    def test_list_and_show_usage(self, people):
        t = make_template(people.walidata)
        act("satudata_template_create", people.walidata, name="kematian-bayi",
            title="Angka Kematian Bayi", **penduduk())
        dataset = linked_dataset(people.org_a["id"], t["id"], people.produsen_a)
        add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"),
                   "baik.csv")
        listed = act("satudata_template_list", None, q="penduduk")
        assert listed["count"] == 1
        assert listed["results"][0]["daftar_data_count"] == 1
        assert listed["results"][0]["field_count"] == 7
        shown = act("satudata_template_show", people.produsen_a, id=t["name"])
        assert [r["id"] for r in shown["daftar_data"]] == [dataset["daftar_data_id"]]
        assert shown["usage"] == [{"version": 1, "datasets": [
            {"id": dataset["id"], "name": dataset["name"],
             "title": dataset["title"]}]}]
        # The dataset is private: others do not learn it exists.
        assert act("satudata_template_show", None, id=t["name"])["usage"] == []

    def test_not_found(self, people):
        with pytest.raises(tk.ObjectNotFound, match="Template tidak ditemukan"):
            act("satudata_template_show", None, id="tidak-ada")
        t = make_template(people.walidata)
        with pytest.raises(tk.ObjectNotFound, match="Versi template"):
            act("satudata_template_show", None, id=t["id"], version=9)


@pytest.mark.parametrize("mutate, key, fragment", [
    (lambda s: s.update(fields=[]), "table_schema", "paling sedikit satu kolom"),
    (lambda s: s["fields"][0].update(name="Kode Wilayah"), "table_schema",
     "huruf kecil"),
    (lambda s: s["fields"][1].update(name="kode_wilayah"), "table_schema",
     "lebih dari sekali"),
    (lambda s: s["fields"][0].update(type="teks"), "table_schema",
     "Tipe kolom 'kode_wilayah' tidak dikenal"),
    (lambda s: s["fields"][1].update(constraints={"minimum": 1}), "table_schema",
     "hanya untuk kolom angka"),
    (lambda s: s["fields"][2].update(constraints={"enum": ["satu"]}),
     "table_schema", "tidak sesuai tipe kolom"),
    (lambda s: s["fields"][1].update(constraints={"pattern": "(["}),
     "table_schema", "ekspresi reguler"),
    (lambda s: s.update(primaryKey=["tidak_ada"]), "table_schema", "Kunci utama"),
])
def test_bad_schemas_are_refused_in_indonesian(people, mutate, key, fragment):
    content = penduduk()
    mutate(content["table_schema"])
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_template_create", people.walidata, name="salah",
            title="Salah", **content)
    assert fragment in " ".join(e.value.error_dict[key])


def test_bad_options_and_dialect(people):
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_template_create", people.walidata, name="salah", title="x",
            table_schema=penduduk()["table_schema"], dialect={"delimiter": "#"},
            options={"region_code_fields": ["laki_laki"]})
    assert set(e.value.error_dict) == {"dialect", "options"}


def test_name_taken_and_required_fields(people):
    make_template(people.walidata)
    with pytest.raises(tk.ValidationError) as e:
        make_template(people.walidata)
    assert "sudah dipakai" in e.value.error_dict["name"][0]
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_template_create", people.walidata, name="x")
    assert {"title", "table_schema"} <= set(e.value.error_dict)
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_template_create", people.walidata, name="ok", title="x",
            table_schema="{bukan json")
    assert e.value.error_dict == {"table_schema": ["Bukan JSON yang sah."]}


class TestInfer:
    def test_from_csv(self, people):
        draft = act("satudata_template_infer", people.walidata,
                    upload=upload(data_bytes("desimal_koma.csv"), "contoh.csv"))
        fields = {f["name"]: f for f in draft["table_schema"]["fields"]}
        assert list(fields) == [f["name"] for f in penduduk()["table_schema"]["fields"]]
        assert fields["laki_laki"]["type"] == "integer"
        assert fields["rasio_jenis_kelamin"]["type"] == "number"
        assert fields["tahun"]["type"] == "year"
        assert draft["options"]["decimal_comma"] is True
        assert draft["options"]["region_code_fields"] == ["kode_wilayah"]
        assert draft["dialect"] == {"delimiter": ";"}
        # The draft is accepted as it is.
        t = act("satudata_template_create", people.walidata, name="dari-contoh",
                title="Dari contoh", table_schema=draft["table_schema"],
                dialect=draft["dialect"], options=draft["options"])
        assert t["current_version"] == 1

    def test_from_xlsx_under_title_rows_with_enum(self, people, tmp_path):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Jumlah Penduduk menurut Jenis Kelamin"])
        sheet.append(["Kode Wilayah", "Jenis Kelamin", "Jumlah Penduduk"])
        for i in range(10):
            sheet.append([f"35.16.{i + 1:02d}", "Laki-laki", 100 + i])
            sheet.append([f"35.16.{i + 1:02d}", "Perempuan", 200 + i])
        sheet.append(["Sumber: Dispendukcapil"])
        path = tmp_path / "contoh.xlsx"
        book.save(path)
        draft = act("satudata_template_infer", people.walidata,
                    upload=upload(path.read_bytes(), "contoh.xlsx"))
        fields = draft["table_schema"]["fields"]
        assert [f["name"] for f in fields] == [
            "kode_wilayah", "jenis_kelamin", "jumlah_penduduk"]
        assert fields[0]["title"] == "Kode Wilayah"
        assert fields[1]["constraints"]["enum"] == ["Laki-laki", "Perempuan"]
        assert fields[2]["type"] == "integer"
        assert any("dilewati" in n for n in draft["notes"])

    def test_unreadable_sample(self, people):
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_template_infer", people.walidata,
                upload=upload(data_bytes("biner.csv"), "contoh.csv"))
        assert "bukan teks CSV" in e.value.error_dict["upload"][0]
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_template_infer", people.walidata, upload="teks")
        assert e.value.error_dict["upload"] == ["Unggah berkas CSV atau XLSX."]


class TestCheck:
    def test_check_without_a_resource(self, people):
        t = make_template(people.walidata)
        report = act("satudata_template_check", people.produsen_a, id=t["name"],
                     upload=upload(data_bytes("tipe.csv"), "cek.csv"))
        assert report["status"] == "failure"
        assert report["source"] == "check"
        assert report["resource_id"] is None
        assert report["counts"]["errors"] == 5
        assert act("satudata_validation_show", people.produsen_a,
                   id=report["id"])["file_name"] == "cek.csv"
        # Somebody else's loose check is not theirs to read.
        with pytest.raises(tk.NotAuthorized):
            act("satudata_validation_show", people.produsen_b, id=report["id"])
        assert act("satudata_validation_show", people.walidata,
                   id=report["id"])["status"] == "failure"

    @pytest.mark.ckan_config("ckanext.satudata.check.sync_max_bytes", 10)
    @pytest.mark.usefixtures("clean_queues")
    def test_large_check_goes_to_the_queue(self, people):
        t = make_template(people.walidata)
        report = act("satudata_template_check", people.produsen_a, id=t["name"],
                     upload=upload(data_bytes("baik.csv"), "cek.csv"))
        assert report["status"] == "pending"
        [job] = get_queue().jobs
        # What the worker runs: the function found again by its import path.
        job.func(*job.args)
        done = act("satudata_validation_show", people.produsen_a, id=report["id"])
        assert done["status"] == "success" and done["progress"] == 100


@pytest.mark.parametrize("who, expected", [
    ("walidata", True), ("sysadmin", True), ("forum", False), ("pembina", False),
    ("produsen_a", False), ("admin_a", False), ("kepala_a", False),
    ("plain", False), (None, False),
])
def test_only_walidata_manages_templates(people, who, expected):
    user = getattr(people, who) if who else None
    calls = [
        lambda: act("satudata_template_create", user, name=f"t-{who}", title="T",
                    **penduduk()),
        lambda: act("satudata_template_infer", user,
                    upload=upload(data_bytes("baik.csv"), "c.csv")),
    ]
    template = make_template(people.walidata, name="milik-walidata")
    calls.append(lambda: act("satudata_template_update", user,
                             id=template["id"], title="Judul baru"))
    for call in calls:
        if expected:
            call()
        else:
            with pytest.raises(tk.NotAuthorized, match="Hanya Walidata"):
                call()


@pytest.mark.parametrize("who, expected", [
    ("produsen_a", True), ("admin_a", True), ("kepala_a", True),
    ("walidata", True), ("pembina", True), ("plain", False), (None, False),
])
def test_check_needs_a_satu_data_role(people, who, expected):
    user = getattr(people, who) if who else None
    t = make_template(people.walidata)
    call = lambda: act("satudata_template_check", user, id=t["id"],  # noqa: E731
                       upload=upload(data_bytes("baik.csv"), "c.csv"))
    if expected:
        assert call()["status"] == "success"
    else:
        with pytest.raises(tk.NotAuthorized, match="peran Satu Data"):
            call()


def test_everybody_reads_templates(people):
    t = make_template(people.walidata)
    for user in (None, people.plain, people.produsen_b):
        assert act("satudata_template_show", user, id=t["id"])["name"] == t["name"]
        assert act("satudata_template_list", user)["count"] == 1
