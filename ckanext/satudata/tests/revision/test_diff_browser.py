"""The diff snippet in a real browser: readable on a desktop and on a phone.

The snippet is rendered by CKAN and laid out by chromium with CKAN's own
stylesheet and the extension's: the page never scrolls sideways, a wide
table scrolls inside its own box instead.
"""
from __future__ import annotations

import os
import pathlib

import ckan
import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.revision.table_diff import Row, TableDiff
from ckanext.satudata.tests.revision.test_diff import EXPECTED, TABLE

CSS = (
    os.path.join(os.path.dirname(ckan.__file__), "public", "base", "css", "main.css"),
    os.path.join(os.path.dirname(__file__), "..", "..", "assets", "satudata.css"),
)
COLUMNS = ("kode_wilayah", "kecamatan", "laki_laki", "perempuan", "jumlah",
           "rasio_jenis_kelamin", "tahun")
WIDE = TableDiff(
    columns=COLUMNS, key=("kode_wilayah", "tahun"),
    added=tuple(Row(n, (f"35.16.{n:02d}", "2024"), (
        f"35.16.{n:02d}", "Kecamatan Prajurit Kulon", "36.102", "35.877",
        "71.979", "100,63", "2024")) for n in range(5, 9)),
    changed=TABLE.changed, added_count=4, changed_count=1, unchanged_count=14,
)


def page_html(app) -> str:
    with app.flask_app.test_request_context("/"):
        body = tk.render_snippet("satudata/revision/snippets/diff.html",
                                 {"diff": EXPECTED, "tables": {"d1": WIDE}})
    styles = "".join(pathlib.Path(path).read_text(encoding="utf-8")
                     for path in CSS)
    return (f"<!doctype html><html lang='id'><head><meta name='viewport' "
            f"content='width=device-width, initial-scale=1'><style>{styles}"
            f"</style></head><body><div class='container'>{body}</div></body></html>")


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_diff_fits_the_screen_and_wide_tables_scroll_in_their_box(
        app, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.set_content(page_html(app))
        page.screenshot(path=f"/tmp/satudata-diff-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        rows = page.locator(".satudata-diff-rows").first
        box = page.locator(".satudata-diff-scroll", has=rows)
        assert rows.is_visible()
        scrolls = box.evaluate("e => e.scrollWidth > e.clientWidth")
        # On a phone the seven columns are wider than the screen: the box
        # scrolls; on a desktop they fit.
        assert scrolls is (width < 600)
        if scrolls:
            box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
            assert box.evaluate("e => e.scrollLeft") > 0
        assert page.get_by_text("Perubahan terhadap versi terbit").is_visible()
    finally:
        page.close()
