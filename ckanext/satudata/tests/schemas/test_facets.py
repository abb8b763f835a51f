"""Search facets over the SDI metadata.

New datasets stay private until the workflow publishes them, so these searches
are made by a sysadmin, who sees every dataset.
"""

from __future__ import annotations

import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import helpers as ckan_helpers
from ckan.tests import factories, helpers

from ckanext.satudata import facets, shared_memo

from .factories import sdi_dataset

FACETS = [
    "jenis_data",
    "frekuensi",
    "klasifikasi_akses",
    "tingkat_penyajian",
    "tahun_akhir",
]


@pytest.fixture
def admin(opd):
    # After `opd`, whose clean database would otherwise drop this user.
    return factories.SysadminWithToken()


def _search(admin, **params):
    return helpers.call_action(
        "package_search",
        context={"user": admin["name"]},
        include_private=True,
        **params,
    )


def _page(app, admin, url):
    return app.get(url, headers={"Authorization": admin["token"]}).body


@pytest.fixture
def datasets(opd, clean_index):
    sdi_dataset(owner_org=opd["id"])
    sdi_dataset(owner_org=opd["id"], frekuensi="bulanan", tingkat_penyajian="desa")
    sdi_dataset(
        owner_org=opd["id"],
        jenis_data="geospasial",
        klasifikasi_akses="terbatas",
        tahun_awal=2023,
        tahun_akhir=2024,
    )


def _facet_heading(title):
    return re.compile(
        r'<h2 class="module-heading">\s*<i class="fa fa-filter"></i>\s*'
        + re.escape(title)
        + r"\s*</h2>"
    )


def _counts(result, field):
    return {i["name"]: i["count"] for i in result["search_facets"][field]["items"]}


def test_package_search_counts_the_metadata(admin, datasets):
    result = _search(admin, **{"facet.field": json.dumps(FACETS)})
    assert result["count"] == 3
    assert _counts(result, "jenis_data") == {"statistik": 2, "geospasial": 1}
    assert _counts(result, "frekuensi") == {"tahunan": 2, "bulanan": 1}
    assert _counts(result, "klasifikasi_akses") == {"terbuka": 2, "terbatas": 1}
    assert _counts(result, "tingkat_penyajian") == {"kecamatan": 2, "desa": 1}
    assert _counts(result, "tahun_akhir") == {"2024": 3}


def test_package_search_names_the_items_by_their_labels(admin, datasets):
    result = _search(admin, **{"facet.field": json.dumps(FACETS)})
    names = {
        field: {i["name"]: i["display_name"]
                for i in result["search_facets"][field]["items"]}
        for field in FACETS
    }
    assert names == {
        "jenis_data": {"statistik": "Statistik", "geospasial": "Geospasial"},
        "frekuensi": {"tahunan": "Tahunan", "bulanan": "Bulanan"},
        "klasifikasi_akses": {"terbuka": "Terbuka", "terbatas": "Terbatas"},
        "tingkat_penyajian": {"kecamatan": "Kecamatan", "desa": "Desa/Kelurahan"},
        "tahun_akhir": {"2024": "2024"},
    }
    # The stored values stay the facets' names, and what a filter asks for.
    assert result["facets"]["frekuensi"] == {"tahunan": 2, "bulanan": 1}


def test_filters_by_a_facet(admin, datasets):
    result = _search(admin, fq='frekuensi:"bulanan"')
    assert result["count"] == 1
    assert result["results"][0]["tingkat_penyajian"] == "desa"


def test_search_page_shows_indonesian_titles_and_labels(app, admin, datasets):
    page = _page(app, admin, tk.h.url_for("dataset.search"))
    for title in (
        "Jenis Data",
        "Frekuensi",
        "Klasifikasi Akses",
        "Tingkat Penyajian",
        "Tahun Data",
    ):
        assert _facet_heading(title).search(page), title
    # Vocabulary labels, not the stored values, on the facet items.
    for label in ("Desa/Kelurahan", "Geospasial", "Bulanan", "Terbatas", "2024"):
        assert f'<span class="item-label">{label}</span>' in page, label
    assert '<span class="item-label">desa</span>' not in page
    assert 'href="/dataset/?jenis_data=geospasial"' in page


def test_a_filters_pill_names_the_value_by_its_label(app, admin, datasets):
    page = _page(app, admin, tk.h.url_for(
        "dataset.search", tingkat_penyajian="desa", frekuensi="bulanan"))
    for label in ("Desa/Kelurahan", "Bulanan"):
        pill = rf'class="filtered pill">\s*{re.escape(label)}\s*<'
        assert re.search(pill, page), label
    assert not re.search(r'class="filtered pill">\s*(desa|bulanan)\s*<', page)


def test_organization_page_has_the_facets_too(app, admin, opd, datasets):
    page = _page(app, admin, tk.h.url_for("organization.read", id=opd["name"]))
    assert _facet_heading("Klasifikasi Akses").search(page)
    assert '<span class="item-label">Terbatas</span>' in page


# Facet links: CKAN's, on an address routed once per page ----------------------

# (page, extras as the page's facet_list snippets pass them)
PAGES = [
    ("/dataset/", None),
    ("/dataset/?q=air+bersih&page=3&tags=a&tags=b%20c&frekuensi=bulanan", None),
    ("/dataset/?q=%C3%A4%20%E2%82%AC&_tags_limit=0", None),
    ("/organization/dinkes?q=x&page=2&jenis_data=statistik", {"id": "dinkes"}),
    ("/organization/dinkes?q=x", None),
    ("/group/kesehatan?tags=a", {"id": "kesehatan"}),
]


@pytest.mark.parametrize(("page", "extras"), PAGES)
def test_facet_links_are_ckans(app, page, extras):
    added = ({"frekuensi": "bulanan"}, {"tahun_akhir": 2024}, {"q": "ä & ü"}, None)
    removed: list[dict[str, Any]] = [
        {"key": "tags"}, {"key": ["tags", "q"]}, {"key": "_tags_limit", "replace": 0},
        {"key": "page", "replace": "1"},
    ]
    with app.flask_app.test_request_context(page):
        for params in added:
            for how in ({"extras": extras}, {"alternative_url": "/dataset/lain"},
                        {"controller": "dataset", "action": "search"}):
                assert tk.h.add_url_param(new_params=params, **how) == (
                    ckan_helpers.add_url_param(new_params=params, **how)
                ), (params, how)
        for args in removed:
            for how in ({"extras": extras}, {"alternative_url": "/dataset/lain"}):
                assert tk.h.remove_url_param(**args, **how) == (
                    ckan_helpers.remove_url_param(**args, **how)
                ), (args, how)
        if "tags=a" in page:
            assert tk.h.remove_url_param("tags", "a", extras=extras) == (
                ckan_helpers.remove_url_param("tags", "a", extras=extras)
            )


def test_a_page_routes_its_own_address_once(app, monkeypatch):
    routed: list[str] = []
    route = ckan_helpers.url_for

    def counted(*args: Any, **kwargs: Any) -> str:
        routed.append(args[0])
        return route(*args, **kwargs)

    monkeypatch.setattr(ckan_helpers, "url_for", counted)
    for _request in range(2):
        with app.flask_app.test_request_context("/dataset/?tags=a"):
            links = {tk.h.add_url_param(new_params={"frekuensi": value})
                     for value in ("bulanan", "tahunan", "triwulanan")}
            links.add(tk.h.remove_url_param("tags", "a"))
            links.add(tk.h.remove_url_param("_tags_limit", replace=0))
            assert len(links) == 5
    # Once per request, never kept for the next one.
    assert routed == ["dataset.search", "dataset.search"]


# The facet lists, drawn once for the same inputs (facets.lists) ----------------

LIST_PAGES = [
    "/dataset/",
    "/dataset/?frekuensi=bulanan",
    "/dataset/?frekuensi=bulanan&jenis_data=statistik",
    "/dataset/?_frekuensi_limit=0",
    "/dataset/?q=penduduk",
    "/en/dataset/",
    "/organization/{opd}",
]


@pytest.fixture
def drawings(monkeypatch):
    """The names of the facet lists drawn, each time one is; and an empty
    store of kept lists for the test."""
    drawn: list[str] = []
    render = tk.render_snippet

    def counted(name: str, data: dict[str, Any] | None = None) -> str:
        if name == LISTS_SNIPPET:
            drawn.append(name)
        return render(name, data)

    monkeypatch.setattr(tk, "render_snippet", counted)
    monkeypatch.setattr(facets, "_drawn", shared_memo.InProcess(256))
    return drawn


LISTS_SNIPPET = "satudata/snippets/facet_lists.html"


def _lists(page: str) -> str:
    return page[page.index('id="search-facets"'):page.index("hide-filters")]


def test_kept_lists_are_the_lists_drawn_afresh(app, admin, opd, datasets,
                                               drawings, monkeypatch):
    pages = [page.format(opd=opd["name"]) for page in LIST_PAGES]
    afresh = {}
    for page in pages:
        monkeypatch.setattr(facets, "_drawn", shared_memo.InProcess(256))
        afresh[page] = _lists(_page(app, admin, page))
    # Every address, filter, limit and language has lists of its own.
    assert len(set(afresh.values())) == len(pages)
    assert '<span class="item-label">Bulanan</span>' in afresh["/dataset/"]
    drawn_afresh = len(drawings)
    assert drawn_afresh == len(pages)
    monkeypatch.setattr(facets, "_drawn", shared_memo.InProcess(256))
    for _round in range(2):
        for page in pages:
            assert _lists(_page(app, admin, page)) == afresh[page], page
    # The first round drew each page's lists once more, the second none.
    assert len(drawings) == drawn_afresh + len(pages)


def test_a_changed_catalogue_draws_its_lists_anew(app, admin, opd, datasets,
                                                  drawings):
    before = _lists(_page(app, admin, "/dataset/"))
    assert '<span class="item-label">Triwulanan</span>' not in before
    sdi_dataset(owner_org=opd["id"], frekuensi="triwulanan")
    after = _lists(_page(app, admin, "/dataset/"))
    assert '<span class="item-label">Triwulanan</span>' in after
    assert len(drawings) == 2


def test_the_lists_of_anonymous_and_logged_in_visitors_are_their_own(
        app, admin, opd, datasets, drawings):
    # The datasets are unpublished: the public's catalogue has no facet items.
    public = _lists(app.get("/dataset/").body)
    assert '<span class="item-label">Bulanan</span>' not in public
    assert '<span class="item-label">Bulanan</span>' in _lists(
        _page(app, admin, "/dataset/"))
    assert _lists(app.get("/dataset/").body) == public


def test_debug_draws_the_lists_each_time(app, admin, datasets, drawings,
                                          monkeypatch):
    monkeypatch.setitem(tk.config, "debug", True)
    for _page_view in range(2):
        _page(app, admin, "/dataset/")
    assert len(drawings) == 2
