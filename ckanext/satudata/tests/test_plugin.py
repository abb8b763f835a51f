from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers


@pytest.mark.usefixtures("clean_db")
def test_status_show_lists_the_plugin():
    status = helpers.call_action("status_show")
    assert "satudata" in status["extensions"]


def test_declared_defaults_are_the_only_source_of_defaults():
    assert tk.config.get("ckanext.satudata.kode_wilayah") == "35.16"
    assert tk.config.get("ckanext.satudata.implicit_roles") is True


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_created_through_the_api_is_found_by_search():
    """New datasets are private until published, so a sysadmin searches them."""
    from ckan.tests import factories

    from ckanext.satudata.tests.schemas.factories import sdi_dataset

    sysadmin = factories.Sysadmin()
    dataset = sdi_dataset(title="Jumlah Penduduk")
    result = helpers.call_action(
        "package_search",
        context={"user": sysadmin["name"]},
        q="penduduk",
        include_private=True,
    )
    assert [d["id"] for d in result["results"]] == [dataset["id"]]
