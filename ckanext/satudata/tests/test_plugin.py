from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers


@pytest.mark.usefixtures("clean_db")
def test_status_show_lists_the_plugin():
    status = helpers.call_action("status_show")
    assert "satudata" in status["extensions"]


def test_declared_defaults_are_the_only_source_of_defaults():
    assert tk.config.get("ckanext.satudata.kode_wilayah") == "35.16"
    assert tk.config.get("ckanext.satudata.implicit_roles") is True


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_created_through_the_api_is_found_by_search(app):
    from ckan.tests import factories

    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"], private=False, title="Jumlah Penduduk")
    result = helpers.call_action("package_search", q="penduduk")
    assert [d["id"] for d in result["results"]] == [dataset["id"]]
