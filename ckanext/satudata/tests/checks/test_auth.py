"""Who may run and read conformance checks."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.satudata.tests.template.factories import (
    act,
    add_upload,
    data_bytes,
    linked_dataset,
    make_template,
)


@pytest.fixture
def resource(people):
    template = make_template(people.walidata)
    dataset = linked_dataset(people.org_a["id"], template["id"], people.produsen_a)
    return add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"),
                      "baik.csv")


def allowed(action: str, user: str | None, **data) -> bool:
    try:
        helpers.call_auth(action, {"user": user or "", "model": None}, **data)
    except tk.NotAuthorized:
        return False
    return True


@pytest.mark.parametrize("who, expected", [
    ("produsen_a", True),
    ("admin_a", True),
    ("walidata", True),
    ("sysadmin", True),
    ("kepala_a", False),
    ("forum", False),
    ("pembina", False),
    ("produsen_b", False),
    ("plain", False),
    (None, False),
])
def test_run(people, resource, who, expected):
    user = getattr(people, who) if who else None
    assert allowed("satudata_validation_run", user,
                   resource_id=resource["id"]) is expected
    if expected:
        report = act("satudata_validation_run", user, resource_id=resource["id"])
        assert report["status"] == "success"
    else:
        with pytest.raises(tk.NotAuthorized) as e:
            act("satudata_validation_run", user, resource_id=resource["id"])
        assert "Produsen Data" in str(e.value)


@pytest.mark.parametrize("who", ["produsen_a", "admin_a", "walidata", "sysadmin"])
def test_show_for_those_who_read_the_resource(people, resource, who):
    report = act("satudata_validation_show", getattr(people, who),
                 resource_id=resource["id"])
    assert report["status"] == "success"


@pytest.mark.parametrize("who", ["produsen_b", "plain", None])
def test_show_refused_to_those_who_cannot_read_the_dataset(people, resource, who):
    user = getattr(people, who) if who else None
    # Datasets stay private until published: outsiders read nothing of them.
    assert act("package_show", people.produsen_a,
               id=resource["package_id"])["private"] is True
    with pytest.raises(tk.NotAuthorized) as e:
        act("satudata_validation_show", user, resource_id=resource["id"])
    assert "tidak berhak" in str(e.value)
