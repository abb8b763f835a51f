"""The table preview of an unpublished dataset: what it shows, and to whom.

The checker and the approver judge the values before publication, so the
people who may read the unpublished dataset and follow its workflow see a
page of its uploaded table, with the newest report's findings on the cells;
nobody else gets it through the action, the preview page or the dataset and
resource pages.
"""
from __future__ import annotations

import os

import ckan.lib.uploader as uploader
import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup

from .conftest import BAD_CSV, act
from .test_visibility import INSIDERS, OUTSIDERS, page_status


def _preview_url(dataset, resource_id=None, **params):
    return tk.h.url_for(
        "satudata_validation.table_preview", id=dataset["name"],
        resource_id=resource_id or dataset["resources"][0]["id"], **params)


def _page(app, world, who, url):
    response = app.get(url, headers=world.headers(who))
    return BeautifulSoup(response.body, "html.parser")


@pytest.mark.parametrize("state", ["draf", "diajukan", "menunggu_persetujuan"])
def test_insiders_see_the_table_and_outsiders_nothing(app, world, state):
    dataset = world.dataset(state)
    resource_id = dataset["resources"][0]["id"]
    url = _preview_url(dataset)
    read = tk.h.url_for("dataset.read", id=dataset["name"])
    resource_page = tk.h.url_for("resource.read", id=dataset["name"],
                                 resource_id=resource_id)
    for who in INSIDERS:
        result = act("satudata_table_preview", world.users[who],
                     resource_id=resource_id)
        assert [r["cells"][0]["value"] for r in result["rows"]] == [
            "Mojosari", "Bangsal"], who
        for page in (url, read, resource_page):
            soup = _page(app, world, who, page)
            table = soup.select_one("table.satudata-preview-table")
            assert table is not None, (who, page)
            assert "81234" in table.get_text(), (who, page)
    for who in OUTSIDERS:
        with pytest.raises(tk.NotAuthorized):
            act("satudata_table_preview", world.users[who],
                resource_id=resource_id)
        assert page_status(app, world, who, url) in (403, 404), who
        assert page_status(app, world, who, resource_page) in (403, 404), who


def test_header_labels_and_flagged_cell(app, mojokerto):
    world = mojokerto
    dataset = world.dataset("draf", csv=BAD_CSV, checker=True)
    soup = _page(app, world, "admin_opd", _preview_url(dataset))
    headers = soup.select("table.satudata-preview-table thead th")
    assert [h.select_one(".satudata-preview-title").get_text(strip=True)
            for h in headers[1:]] == ["Kecamatan", "Jumlah Penduduk"]
    assert [h.select_one(".satudata-preview-name").get_text(strip=True)
            for h in headers[1:]] == ["kecamatan", "jumlah"]
    row = soup.select("table.satudata-preview-table tbody tr")[0]
    assert row.th.get_text(strip=True) == "2"
    cells = row.select("td")
    assert "satudata-flagged" not in (cells[0].get("class") or [])
    flagged = cells[1]
    assert "satudata-flagged" in flagged["class"]
    assert "banyak" in flagged.get_text()
    # The finding is readable without colour: in the title and as text.
    assert "bilangan bulat" in flagged["title"]
    assert "Temuan" in flagged.select_one(".sr-only").get_text()
    assert soup.select_one(
        ".satudata-preview-meta a[href*='laporan-kesesuaian']") is not None


def test_pages(app, mojokerto):
    world = mojokerto
    rows = "".join(f"K{i},{i}\n" for i in range(1, 46))
    dataset = world.dataset("draf", csv="kecamatan,jumlah\n" + rows, checker=True)
    soup = _page(app, world, "kepala_opd", _preview_url(dataset, halaman=3))
    body = soup.select("table.satudata-preview-table tbody tr")
    assert [r.th.get_text(strip=True) for r in body] == [str(n) for n in range(42, 47)]
    pager = soup.select_one(".satudata-preview-pager").get_text()
    assert "Sebelumnya" in pager and "Berikutnya" not in pager
    first = _page(app, world, "kepala_opd", _preview_url(dataset))
    assert len(first.select("table.satudata-preview-table tbody tr")) == 20
    assert "Berikutnya" in first.select_one(".satudata-preview-pager").get_text()
    # The dataset page shows the first page without a pager.
    read = _page(app, world, "kepala_opd",
                 tk.h.url_for("dataset.read", id=dataset["name"]))
    assert len(read.select("table.satudata-preview-table tbody tr")) == 20
    assert read.select_one(".satudata-preview-pager") is None


@pytest.mark.parametrize("halaman", ["0", "x", "-1", "99999999999"])
def test_bad_page_number_is_a_400_in_words(app, mojokerto, halaman):
    dataset = mojokerto.dataset("draf")
    response = app.get(_preview_url(dataset, halaman=halaman),
                       headers=mojokerto.headers("admin_opd"), status=400)
    assert "halaman" in response.body


def test_page_past_the_limit_is_refused_in_words(app, mojokerto):
    dataset = mojokerto.dataset("draf")
    soup = _page(app, mojokerto, "admin_opd", _preview_url(dataset, halaman=10001))
    assert "paling banyak" in soup.select_one(".satudata-preview-problem").get_text()


def test_missing_file_is_a_message_not_a_500(app, mojokerto):
    world = mojokerto
    dataset = world.dataset("draf")
    resource = dataset["resources"][0]
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    os.remove(path)
    for url in (_preview_url(dataset),
                tk.h.url_for("dataset.read", id=dataset["name"]),
                tk.h.url_for("resource.read", id=dataset["name"],
                             resource_id=resource["id"])):
        soup = _page(app, world, "admin_opd", url)
        problem = soup.select_one(".satudata-preview-problem")
        assert problem is not None, url
        assert "tidak ditemukan" in problem.get_text(), url


def test_a_file_that_is_no_table_is_a_message(app, mojokerto):
    world = mojokerto
    dataset = world.dataset("draf")
    resource = dataset["resources"][0]
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4 bukan tabel")
    soup = _page(app, world, "admin_opd", _preview_url(dataset))
    assert "PDF" in soup.select_one(".satudata-preview-problem").get_text()


def test_link_resource_has_no_preview(app, mojokerto):
    world = mojokerto
    dataset = world.dataset("draf")
    link = act("resource_create", world.users["produsen"], package_id=dataset["id"],
               url="https://example.org/penduduk.csv", format="CSV", name="Tautan")
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_table_preview", world.users["admin_opd"], resource_id=link["id"])
    assert "diunggah" in str(e.value.error_dict)


def test_published_dataset_has_no_preview_for_the_public(app, mojokerto):
    world = mojokerto
    dataset = world.dataset("terbit")
    resource_id = dataset["resources"][0]["id"]
    for who in OUTSIDERS:
        with pytest.raises(tk.NotAuthorized):
            act("satudata_table_preview", world.users[who], resource_id=resource_id)
        assert page_status(app, world, who, _preview_url(dataset)) == 403, who
        body = app.get(tk.h.url_for("dataset.read", id=dataset["name"]),
                       headers=world.headers(who)).body
        assert "satudata-preview-table" not in body, who
