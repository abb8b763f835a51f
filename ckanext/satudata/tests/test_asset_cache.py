"""Browsers keep the hashed script and stylesheet bundles for a year, and
CKAN's own images, fonts and JavaScript translations for a day; everything
else keeps CKAN's caching headers."""
from __future__ import annotations

import re

import pytest
from ckan.tests import factories

from ckanext.satudata.asset_cache import BUNDLE, CORE_FILE


def kept_for(response) -> str:
    """What the answer's Cache-Control keeps it for; an answer that sets a
    cookie (CKAN 2.12 refreshes its session cookie on every answer) is for
    this browser alone, never for a shared cache."""
    scope, _, kept = response.headers["Cache-Control"].partition(", ")
    assert scope == ("private" if "Set-Cookie" in response.headers else "public")
    return kept


@pytest.fixture
def page(app) -> str:
    return app.get("/").body


def test_every_bundle_of_a_page_is_kept_for_a_year(app, page):
    bundles = re.findall(r'(?:src|href)="(/webassets/[^"]+)"', page)
    assert any(u.endswith(".js") for u in bundles)
    assert any(u.endswith(".css") for u in bundles)
    for url in bundles:
        response = app.get(url)
        assert kept_for(response) == BUNDLE, url
        assert "Vary" not in response.headers, url


def test_ckans_images_fonts_and_translations_are_kept_for_a_day(app, page):
    files = set(re.findall(r'(?:src|href)="(/base/[^"]+)"', page))
    files.add("/base/vendor/fontawesome-free/webfonts/fa-solid-900.woff2")
    files.add("/api/i18n/id")
    assert any(u.endswith(".png") for u in files)
    for url in files:
        response = app.get(url)
        assert kept_for(response) == CORE_FILE, url


@pytest.mark.usefixtures("clean_db")
def test_a_logged_in_browser_keeps_them_too(app, page):
    bundle = re.findall(r'src="(/webassets/[^"]+)"', page)[0]
    token = factories.APIToken(user=factories.User()["name"])["token"]
    response = app.get(bundle, headers={"Authorization": token})
    assert kept_for(response) == BUNDLE


@pytest.mark.parametrize("url", [
    "/webassets/vendor/jquery.js",  # not a hashed bundle's name
    "/webassets/vendor/00000000_hilang.js",  # no such bundle: a 404
    "/base/tidak-ada.png",
    "/",
    "/dataset/",
    "/api/i18n/xx",  # no such language: an error
    "/api/3/action/package_search",
])
def test_other_answers_keep_ckans_headers(app, url):
    response = app.get(url, status=None)
    cache_control = response.headers.get("Cache-Control", "")
    assert BUNDLE not in cache_control and CORE_FILE not in cache_control
