"""Which requests are told the check result by flash message: only posts of
CKAN's resource form, never API calls (a flash would wait in the session
and surprise the user on an unrelated page later)."""
from __future__ import annotations

import pytest

from ckanext.satudata.checks.notice import from_resource_form


@pytest.mark.parametrize(("path", "method", "told"), [
    ("/dataset/data-uji/resource/new", "POST", True),
    ("/dataset/data-uji/resource/abc/edit", "POST", True),
    ("/dataset/data-uji/resource/new", "GET", False),
    ("/api/3/action/resource_create", "POST", False),
    ("/api/action/resource_update", "POST", False),
    ("/dataset/edit/data-uji", "POST", False),
])
def test_only_the_resource_form_is_told(app, path, method, told):
    with app.flask_app.test_request_context(path, method=method):
        assert from_resource_form() is told


def test_nothing_is_told_outside_a_request():
    assert from_resource_form() is False
