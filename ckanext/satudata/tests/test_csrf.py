"""Every form of the extension is protected against cross-site requests.

With CSRF protection on for extensions too (as ``make run`` and the
docker image configure it), a logged-in browser session that posts to any
of the extension's POST routes without the form's token is refused and
nothing changes; the extension's own forms carry the token, so a real
form post goes through.
"""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
import pytest
from ckan.config.middleware import flask_app
from ckan.tests import factories, helpers

from ckanext.satudata import roles

PASSWORD = "correct123"

pytestmark = [
    pytest.mark.ckan_config("WTF_CSRF_ENABLED", True),
    pytest.mark.ckan_config("ckan.csrf_protection.ignore_extensions", False),
    pytest.mark.usefixtures("clean_db", "_unexempted"),
]


@pytest.fixture
def _unexempted(monkeypatch):
    """CKAN's CSRFProtect is one object per process and remembers the
    blueprints an earlier app of this test session exempted; a portal
    process builds one app, so start from nothing as it does."""
    monkeypatch.setattr(flask_app.csrf, "_exempt_blueprints", set())
    monkeypatch.setattr(flask_app.csrf, "_exempt_views", set())


def _token(body: str) -> str:
    match = re.search(r'name="_csrf_token"\s+value="([^"]+)"', body) or re.search(
        r'value="([^"]+)"\s+name="_csrf_token"', body
    )
    assert match, "the page has no CSRF token"
    return match.group(1)


def _browser(app, user: str):
    """A client that keeps its cookies (``app.get`` does not), logged in
    through CKAN's login form."""
    client = app.test_client()
    page = client.get(tk.h.url_for("user.login"))
    client.post(
        tk.h.url_for("user.login"),
        data={"login": user, "password": PASSWORD, "_csrf_token": _token(page.body)},
    )
    dashboard = client.get(tk.h.url_for("dashboard.datasets"), follow_redirects=False)
    assert dashboard.status_code == 200, "not logged in"
    return client


def _satudata_post_rules(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.flask_app.url_map.iter_rules()
        if rule.endpoint.startswith("satudata_") and "POST" in rule.methods
    )


def test_every_post_route_refuses_a_session_post_without_token(app):
    sysadmin = factories.Sysadmin(password=PASSWORD)
    user = factories.User()
    browser = _browser(app, sysadmin["name"])
    rules = _satudata_post_rules(app)
    assert "/satudata/peran" in rules and "/dataset/<id>/alur-kerja" in rules
    for rule in rules:
        # The token is checked before any view runs, so any id will do.
        url = re.sub(r"<[^>]+>", "x", rule)
        response = browser.post(url, data={
            "user": user["name"], "role": "walidata", "transition": "ajukan",
        })
        assert response.status_code == 400, (rule, response.status_code)
        assert "CSRF" in response.body, rule
    assert roles.user_roles(user["name"]) == frozenset()
    assert helpers.call_action("satudata_role_list") == []


def test_the_role_form_carries_its_token(app):
    sysadmin = factories.Sysadmin(password=PASSWORD)
    user = factories.User()
    browser = _browser(app, sysadmin["name"])
    page = browser.get(tk.h.url_for("satudata_roles.index"))
    browser.post(
        tk.h.url_for("satudata_roles.assign"),
        data={"user": user["name"], "role": "walidata",
              "_csrf_token": _token(page.body)},
    )
    assert roles.user_roles(user["name"]) == {"walidata"}


def test_a_token_request_exempts_no_cookie_session(app):
    """CKAN 2.12.0 exempts a view from CSRF for the rest of the process once
    a request with an API token reaches it (2.11 only that request): the
    extension checks every cookie session's post whatever CKAN cached."""
    sysadmin = factories.Sysadmin(password=PASSWORD)
    token = factories.APIToken(user=sysadmin["name"])["token"]
    org = factories.Organization(title="Judul awal")
    user = factories.User()
    by_token = {"Authorization": token}
    app.post("/api/3/action/organization_patch", headers=by_token,
             json={"id": org["id"], "title": "Lewat token"}, status=200)
    app.post(tk.h.url_for("satudata_roles.assign"), headers=by_token,
             data={"user": user["name"], "role": "pembina"})
    assert roles.user_roles(user["name"]) == {"pembina"}

    browser = _browser(app, sysadmin["name"])
    response = browser.post("/api/3/action/organization_patch",
                            json={"id": org["id"], "title": "Lewat sesi"})
    assert response.status_code == 400
    response = browser.post(tk.h.url_for("satudata_roles.assign"),
                            data={"user": user["name"], "role": "walidata"})
    assert response.status_code == 400 and "CSRF" in response.body
    assert helpers.call_action("organization_show", id=org["id"])["title"] == (
        "Lewat token")
    assert roles.user_roles(user["name"]) == {"pembina"}
    # The same session with its token goes through.
    page = browser.get(tk.h.url_for("satudata_roles.index"))
    browser.post(tk.h.url_for("satudata_roles.assign"),
                 data={"user": user["name"], "role": "walidata",
                       "_csrf_token": _token(page.body)})
    assert roles.user_roles(user["name"]) == {"pembina", "walidata"}
