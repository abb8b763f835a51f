"""The upload limit (ckan.max_resource_size, 1 MB here) through the actions:
refused in Bahasa Indonesia before anything is stored, at the bound CKAN
itself applies."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.tests.template.factories import (
    act,
    add_upload,
    data_bytes,
    linked_dataset,
    make_template,
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
