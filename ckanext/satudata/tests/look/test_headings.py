"""One h1 a page, also on a portal without a logo: CKAN then writes the
site's name in the header as an h1 (and its description as an h2). The
crawl (test_crawl_browser.py) counts the h1 of every page of the demo,
which has a logo."""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
import pytest


@pytest.mark.ckan_config("ckan.site_logo", "")
@pytest.mark.ckan_config("ckan.site_description", "Data sektoral kabupaten")
@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("path", ["/", "/dataset/", "/organization/", "/group/",
                                  "/user/login"])
def test_without_a_logo_the_site_name_is_not_a_heading(app, path):
    body = app.get(path).body
    header = body.split("<header", 1)[1].split("</header>", 1)[0]
    assert f">{tk.config['ckan.site_title']}</a>" in header
    assert "Data sektoral kabupaten" in header
    assert not re.search(r"<h[1-6][\s>]", header)
    assert len(re.findall(r"<h1[\s>]", body)) == 1
