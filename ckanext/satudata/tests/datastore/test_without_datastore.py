"""A portal without CKAN's DataStore keeps serving files only.

test.ini does not enable ``datastore``: publishing queues no load, the
resource carries no load status, the DataStore actions do not exist, and
the loading functions do nothing when called anyway.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import jobs as ckan_jobs
from ckan.tests import helpers

from ckanext.satudata import shown
from ckanext.satudata.datastore import jobs

from .conftest import GOOD_CSV


def test_publishing_without_the_datastore_queues_nothing(app, regency):
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state="terbit")
    resource = dataset["resources"][0]
    titles = [job.meta.get("title", "") for job in ckan_jobs.get_queue().jobs]
    assert not [t for t in titles if "DataStore" in t]
    assert not shown.read_one(dataset["id"]).loads
    assert "satudata_datastore" not in helpers.call_action(
        "resource_show", id=resource["id"])
    with pytest.raises(KeyError):
        tk.get_action("datastore_search")

    jobs.load_resource(resource["id"])
    jobs.publish(dataset["id"])
    assert not shown.read_one(dataset["id"]).loads

    download = tk.h.url_for("resource.download", id=dataset["id"],
                            resource_id=resource["id"])
    assert "Jatirejo" in app.get(download).body
