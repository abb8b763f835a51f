"""A published dataset's tables in the DataStore, typed by the template."""
from __future__ import annotations

import pytest
from ckan.tests import helpers

from ckanext.satudata.tests.workflow.conftest import act

from .conftest import CSV_ROWS, GOOD_CSV, PLUGINS, datastore_tables, good_xlsx, run_jobs

pytestmark = PLUGINS


def _search(resource_id: str, who: str | None = None) -> dict:
    return act("datastore_search", who, resource_id=resource_id, sort="_id")


def test_publishing_loads_csv_and_xlsx_with_the_template_types(regency):
    dataset = regency.dataset(
        [(GOOD_CSV, "penduduk.csv", "CSV"), (good_xlsx(), "penduduk.xlsx", "XLSX")],
        state="disetujui")
    csv_id, xlsx_id = (r["id"] for r in dataset["resources"])
    assert datastore_tables() == set()

    regency.world.take(dataset["id"], "terbitkan")
    queued = {r["id"]: r["satudata_datastore"]["status"]
              for r in helpers.call_action("package_show", id=dataset["id"])
              ["resources"]}
    assert queued == {csv_id: "antre", xlsx_id: "antre"}
    assert run_jobs() == 2

    found = _search(csv_id)
    types = {f["id"]: f["type"] for f in found["fields"]}
    assert types == {"_id": "int", "kode_wilayah": "text", "kecamatan": "text",
                     "jumlah_penduduk": "int8", "rasio_jenis_kelamin": "numeric",
                     "tanggal": "date", "tahun": "int4"}
    rows = [{k: v for k, v in r.items() if k != "_id"} for r in found["records"]]
    assert rows == CSV_ROWS
    assert found["total"] == 2

    [xlsx_row] = _search(xlsx_id)["records"]
    assert xlsx_row["kode_wilayah"] == "35.16.03"
    assert xlsx_row["jumlah_penduduk"] == 31002
    assert xlsx_row["rasio_jenis_kelamin"] == 100.75
    assert xlsx_row["tanggal"] == "2024-12-31"

    shown = helpers.call_action("resource_show", id=csv_id)
    assert shown["datastore_active"] is True
    assert shown["satudata_datastore"]["status"] == "dimuat"
    assert shown["satudata_datastore"]["baris"] == 2
    views = helpers.call_action("resource_view_list", id=csv_id)
    assert [v["view_type"] for v in views] == ["datatables_view"]


def test_datastore_info_returns_the_template_dictionary(regency):
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state="terbit")
    run_jobs()
    info = act("datastore_info", None, id=dataset["resources"][0]["id"])
    by_id = {f["id"]: f for f in info["fields"]}
    assert by_id["jumlah_penduduk"]["info"] == {
        "label": "Jumlah Penduduk",
        "notes": "Penduduk yang terdaftar pada akhir tahun.",
        "satuan": "jiwa",
        "kode_referensi": "",
    }
    assert by_id["kode_wilayah"]["info"]["kode_referensi"] == \
        "Kode wilayah Kemendagri"
    assert by_id["rasio_jenis_kelamin"]["info"]["satuan"] == "persen"
    assert info["meta"]["count"] == 2


@pytest.mark.parametrize("value", ["88,63", "1.297.700"])
def test_indonesian_notation_is_refused_at_the_gate_and_never_loaded(
        regency, value):
    bad = GOOD_CSV.replace("101.25", value)
    dataset = regency.dataset([(bad, "penduduk.csv", "CSV")])
    with pytest.raises(Exception) as refused:
        regency.world.take(dataset["id"], "ajukan")
    assert "sesuai" in str(refused.value)
    assert run_jobs() == 0
    assert datastore_tables() == set()


def test_a_published_revision_reloads_the_table(regency):
    world = regency.world
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state="terbit")
    [resource] = dataset["resources"]
    assert run_jobs() == 1
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=dataset["id"])
    draft = helpers.call_action("package_show", id=revision["draft_id"])
    updated = GOOD_CSV.replace("43120", "43500")
    world.upload(updated, "penduduk.csv", action="resource_update",
                 context={"user": world.users["produsen"], "ignore_auth": False},
                 id=draft["resources"][0]["id"], name="penduduk.csv", format="CSV")
    for transition in ("ajukan", "sesuai", "setujui"):
        world.take(draft["id"], transition)
        # While the revision runs, the public table is the published one.
        assert _search(resource["id"])["records"][0]["jumlah_penduduk"] == 43120
    world.take(draft["id"], "terbitkan")
    run_jobs()
    found = _search(resource["id"])
    assert [r["jumlah_penduduk"] for r in found["records"]] == [43500, 44015]
    assert not datastore_tables() & {draft["resources"][0]["id"]}
