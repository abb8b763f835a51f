"""The upload limit (ckan.max_resource_size, 1 MB here) through the actions
and the API: refused in Bahasa Indonesia before anything is stored, at the
bound CKAN itself applies."""
from __future__ import annotations

import io
import json
import os

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata
from ckanext.satudata.tests.template.factories import (
    act,
    add_upload,
    data_bytes,
    linked_dataset,
    make_template,
    token,
    upload,
)

pytestmark = pytest.mark.ckan_config("ckan.max_resource_size", 1)
MB = 1 << 20


@pytest.fixture
def dataset(people):
    template = make_template(people.walidata)
    return linked_dataset(people.org_a["id"], template["id"], people.produsen_a)


def test_a_new_file_over_the_limit_is_refused_in_indonesian(people, dataset):
    with pytest.raises(tk.ValidationError) as refused:
        add_upload(dataset["id"], people.produsen_a, b"x" * (MB + 1), "besar.txt")
    assert refused.value.error_dict == {"upload": [
        "Berkas «besar.txt» terlalu besar (1,0 MB): batas unggahan portal ini "
        "1 MB. Perkecil berkas atau bagi menjadi beberapa berkas."]}
    assert act("package_show", people.produsen_a, id=dataset["id"])["resources"] == []


def test_a_file_at_the_limit_is_stored(people, dataset):
    resource = add_upload(dataset["id"], people.produsen_a, b"x" * MB, "pas.txt")
    assert resource["url_type"] == "upload" and resource["size"] == MB


def test_a_replacement_over_the_limit_keeps_the_stored_file(people, dataset):
    resource = add_upload(dataset["id"], people.produsen_a,
                          data_bytes("baik.csv"), "penduduk.csv")
    with pytest.raises(tk.ValidationError) as refused:
        act("resource_update", people.produsen_a, id=resource["id"],
            upload=upload(b"x" * (3 * MB), "besar.csv"), name="Baru")
    assert "terlalu besar (3,0 MB)" in refused.value.error_dict["upload"][0]
    kept = act("resource_show", people.produsen_a, id=resource["id"])
    assert (kept["url"], kept["name"], kept["validation_status"]) == (
        resource["url"], "penduduk.csv", "success")


def _stored_files() -> set[str]:
    root = os.path.join(tk.config["ckan.storage_path"], "resources")
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


def _revise(app, user: str, fields: dict, status: int):
    """package_revise as a multipart API call, the way a client attaches a
    file to a dataset's resource (CKAN stores it in package_update)."""
    return app.post("/api/3/action/package_revise", data=fields,
                    headers={"Authorization": token(user)},
                    content_type="multipart/form-data", status=status)


def test_a_file_in_a_revised_resource_list_is_refused_in_indonesian(
        app, people, dataset):
    before = _stored_files()
    response = _revise(app, people.produsen_a, {
        "match__id": dataset["id"],
        "update__resources__extend": json.dumps([{"name": "Penduduk"}]),
        "update__resources__-1__upload": (io.BytesIO(b"x" * (MB + 1)), "besar.csv"),
    }, status=409)
    assert response.json["error"]["resources"] == [{"upload": [
        "Berkas «besar.csv» terlalu besar (1,0 MB): batas unggahan portal ini "
        "1 MB. Perkecil berkas atau bagi menjadi beberapa berkas."]}]
    assert act("package_show", people.produsen_a, id=dataset["id"])["resources"] == []
    assert _stored_files() == before


def test_a_replacement_in_a_revised_resource_list_keeps_the_stored_file(
        app, people, dataset):
    resource = add_upload(dataset["id"], people.produsen_a,
                          data_bytes("baik.csv"), "penduduk.csv")
    before = _stored_files()
    response = _revise(app, people.produsen_a, {
        "match__id": dataset["id"],
        "update__resources__0__name": "Baru",
        "update__resources__0__upload": (io.BytesIO(b"x" * (2 * MB)), "besar.csv"),
    }, status=409)
    assert "terlalu besar (2,0 MB)" in (
        response.json["error"]["resources"][0]["upload"][0])
    [kept] = act("package_show", people.produsen_a, id=dataset["id"])["resources"]
    assert (kept["url"], kept["name"]) == (resource["url"], "penduduk.csv")
    assert _stored_files() == before


def test_a_file_at_the_limit_in_a_revised_resource_list_is_stored(
        app, people, dataset):
    _revise(app, people.produsen_a, {
        "match__id": dataset["id"],
        "update__resources__extend": json.dumps([{"name": "Pas"}]),
        "update__resources__-1__upload": (io.BytesIO(b"x" * MB), "pas.txt"),
    }, status=200)
    [stored] = act("package_show", people.produsen_a, id=dataset["id"])["resources"]
    assert (stored["url_type"], stored["size"]) == ("upload", MB)


def test_a_file_in_a_new_dataset_s_resources_is_refused_under_its_position(
        people):
    template = make_template(people.walidata)
    row = daftar_data_row(people.org_a["id"], template_id=template["id"])
    with pytest.raises(tk.ValidationError) as refused:
        act("package_create", people.produsen_a, owner_org=people.org_a["id"],
            name="penduduk-besar", title="Jumlah Penduduk",
            resources=[{"name": "Tautan", "url": "https://contoh.go.id/a.csv"},
                       {"name": "Besar", "upload": upload(b"x" * (MB + 1), "b.csv")}],
            **sdi_metadata(row.id))
    first, second = refused.value.error_dict["resources"]
    assert first == {} and "«b.csv» terlalu besar" in second["upload"][0]
    with pytest.raises(tk.ObjectNotFound):
        act("package_show", people.produsen_a, id="penduduk-besar")
