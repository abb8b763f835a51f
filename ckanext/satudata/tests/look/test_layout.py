"""CKAN's page layout as the plugin's page.html draws it: each part drawn
once (CKAN's draws the side panel, the breadcrumb and the page's actions
twice, once to see whether they are empty), with CKAN's wrappers and the
row's no-nav class where CKAN puts them; and the dataset page's OPD box."""
from __future__ import annotations

import collections
from typing import Any

import ckan.plugins.toolkit as tk
import flask
import pytest
from ckan.lib.helpers import helper_functions
from ckan.tests import factories
from markupsafe import Markup

from ckanext.satudata.tests.schemas.factories import sdi_dataset


@pytest.fixture
def count_calls(monkeypatch):
    """``count_calls(name)``: from then on, how often templates call the
    helper ``name``, in the counter it returns."""
    counter: collections.Counter[str] = collections.Counter()

    def count(name: str) -> collections.Counter[str]:
        real = helper_functions[name]

        def counting(*args: Any, **kwargs: Any) -> Any:
            counter[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setitem(helper_functions, name, counting)
        return counter

    return count


@pytest.fixture
def dataset(clean_db, clean_index):
    return sdi_dataset()


@pytest.fixture
def sysadmin(clean_db):
    return {"Authorization": factories.SysadminWithToken()["token"]}


def _row(body: str) -> str:
    return body.split('<div class="row wrapper', 1)[1].split(">", 1)[0]


def test_a_datasets_side_panel_is_drawn_once(app, count_calls, dataset, sysadmin):
    calls = count_calls("satudata_version_count")
    body = app.get(tk.h.url_for("dataset.read", id=dataset["name"]),
                   headers=sysadmin).body
    assert calls["satudata_version_count"] == 1
    assert 'class="secondary' in body
    assert "no-nav" not in _row(body)


def test_the_search_side_panel_is_drawn_once(app, count_calls, clean_index):
    calls = count_calls("satudata_facet_lists")
    body = app.get(tk.h.url_for("dataset.search")).body
    assert calls["satudata_facet_lists"] == 1
    assert 'id="search-facets"' in body
    assert "no-nav" not in _row(body)


def test_a_page_without_a_side_panel_has_no_nav(app, clean_db):
    body = app.get(tk.h.url_for("satudata_calendar.index")).body
    assert "no-nav" in _row(body)
    assert 'class="secondary' not in body



def test_a_datasets_opd_box_is_ckans_without_members_or_counts(app, sysadmin):
    member = factories.User()
    opd = factories.Organization(
        title="Dinas Kesehatan", description="Urusan **kesehatan** kabupaten.",
        image_url="http://example.com/dinkes.png",
        users=[{"name": member["name"], "capacity": "editor"}])
    dataset = sdi_dataset(owner_org=opd["id"])
    body = app.get(tk.h.url_for("dataset.read", id=dataset["name"]),
                   headers=sysadmin).body
    box = body.split('id="organization-info"', 1)[1].split("</section>", 1)[0]
    assert '<h2 class="heading">Dinas Kesehatan' in box
    assert "Urusan kesehatan kabupaten." in box
    assert f'href="/organization/about/{opd["name"]}"' in box
    assert 'src="http://example.com/dinkes.png"' in box
    with app.flask_app.test_request_context():
        shown = tk.h.satudata_dataset_organization(opd["id"])
    assert shown["title"] == "Dinas Kesehatan"
    assert not {"users", "package_count", "packages", "followers", "groups",
                "tags"} & set(shown)


PAGE_PARTS = """{% extends "page.html" %}
{% block breadcrumb_content %}{{ drawn("breadcrumb") }}{% endblock %}
{% block content_action %}{{ drawn("content_action") }}{% endblock %}
{% block page_primary_action %}{{ drawn("page_primary_action") }}{% endblock %}
{% block primary_content_inner %}<h1>Isi</h1>{% endblock %}
{% block secondary %}{{ drawn("secondary") }}{% endblock %}
"""


@pytest.mark.parametrize("empty", [(), ("breadcrumb", "content_action",
                                        "page_primary_action", "secondary")])
def test_each_part_of_a_page_is_drawn_once(app, empty, tmp_path, monkeypatch):
    (tmp_path / "parts.html").write_text(PAGE_PARTS)
    loader = app.flask_app.jinja_env.loader
    monkeypatch.setattr(loader, "searchpath", [str(tmp_path), *loader.searchpath])
    counter: collections.Counter[str] = collections.Counter()

    def drawn(part: str) -> Markup:
        counter[part] += 1
        return Markup("" if part in empty else f"<span>{part}</span>")

    # CKAN's language is set by its middleware, around Flask's app
    language = {"CKAN_LANG": "id", "CKAN_LANG_IS_DEFAULT": True}
    with app.flask_app.test_request_context("/", environ_base=language):
        app.flask_app.preprocess_request()
        page = flask.render_template("parts.html", drawn=drawn)
    assert counter == {"breadcrumb": 1, "content_action": 1,
                       "page_primary_action": 1, "secondary": 1}
    # CKAN's wrappers, only around a part that is not empty
    wrappers = ['<ol class="breadcrumb">', '<div class="content_action">',
                '<div class="page_primary_action">']
    for wrapper in wrappers:
        assert (wrapper in page) is not bool(empty), wrapper
    assert ("no-nav" in _row(page)) is bool(empty)
    for part in counter:
        assert (f"<span>{part}</span>" in page) is not bool(empty), part
