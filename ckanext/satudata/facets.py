"""Search facets over the SDI metadata of datasets.

Scheming fields are indexed as plain Solr string fields under their own names,
so the facets are the field names. Solr returns the stored values;
:func:`show_labels` makes each item's ``display_name`` its vocabulary label,
as CKAN makes an organization's its title.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable
from typing import Any

import ckan.plugins.toolkit as tk
import flask
from ckan.lib import helpers as ckan_helpers
from markupsafe import Markup

from ckanext.satudata import request_memo, shared_memo, vocabularies

# Field name -> (facet title, vocabulary or None for the year).
_FACETS: dict[str, tuple[str, dict[str, str] | None]] = {
    "jenis_data": ("Jenis Data", vocabularies.JENIS_DATA),
    "klasifikasi_akses": ("Klasifikasi Akses", vocabularies.KLASIFIKASI_AKSES),
    "frekuensi": ("Frekuensi", vocabularies.FREKUENSI),
    "tingkat_penyajian": ("Tingkat Penyajian", vocabularies.TINGKAT_PENYAJIAN),
    # A dataset is faceted by its last data year: Solr's catch-all field is
    # single-valued, and "the 2024 data" is what people look for.
    "tahun_akhir": ("Tahun Data", None),
}


def add_facets(facets_dict: dict[str, Any]) -> dict[str, Any]:
    """Append the SDI facets, with Bahasa Indonesia titles, to CKAN's."""
    for field, (title, _vocabulary) in _FACETS.items():
        facets_dict[field] = tk._(title)
    return facets_dict


def show_labels(search_facets: dict[str, Any]) -> None:
    """Each SDI facet item's ``display_name`` becomes its vocabulary label, in
    the request's language: the facet lists and the filter pills of the
    search pages show it, and package_search gives it."""
    for field, (_title, vocabulary) in _FACETS.items():
        if vocabulary is None or field not in search_facets:
            continue
        for item in search_facets[field].get("items", []):
            label = vocabulary.get(item["name"])
            if label is not None:
                item["display_name"] = _translated(label)


def _translated(label: str) -> str:
    """``label`` in the request's language; as written (Bahasa Indonesia)
    outside a request, where there is no language to translate to."""
    return tk._(label) if flask.has_request_context() else label


def page_url(
    controller: str | None, action: str | None, extras: dict[str, Any] | None
) -> str:
    """The address, without query, that CKAN's ``add_url_param`` and
    ``remove_url_param`` put a facet link's parameters on, routed once per
    request.

    CKAN routes it anew for every link (``url_for`` is most of a link's
    cost) and the SDI facets double the links of a search page. The address
    is CKAN's own: its parameter-less ``_create_url_with_params``.
    """

    def route() -> str:
        url: str = ckan_helpers._create_url_with_params(
            controller=controller, action=action, extras=extras
        )
        return url

    key: Hashable = ("facets.page_url", controller, action,
                     tuple(sorted((extras or {}).items())))
    try:
        hash(key)
    except TypeError:  # an extras value that cannot be a key: route it
        return route()
    return request_memo.remembered(key, route)


# A search page's facet lists drawn lately, by a digest of what they are drawn
# from. The generation is never consulted: the lists follow from their key.
_drawn: shared_memo.InProcess[Markup] = shared_memo.InProcess(256)
_ANY_GENERATION = 0
# CKAN's settings that facet_list.html reads (how many items it shows)
_DRAWING_OPTIONS = ("search.facets.default", "search.facets.limit")


def lists(facet_titles: dict[str, str], search_facets: dict[str, Any]) -> Markup:
    """The facet lists of a search page (``facet_list.html`` for each facet),
    drawn once for the same facets, counts, address and language.

    Ten facets are about a tenth of a search page's time, and the page most
    asked for, the catalogue without a query, shows the same lists until a
    dataset changes. Everything the lists are drawn from is in the key: the
    titles, the items with their counts (so a changed dataset makes another
    key), the page's address with its query (active filters, "show more"),
    the language and CKAN's settings of how many items show. With ``debug``
    on, templates are read afresh, so the lists are too.
    """

    def draw() -> Markup:
        return Markup(tk.render_snippet(
            "satudata/snippets/facet_lists.html",
            {"facet_titles": facet_titles, "search_facets": search_facets},
        ))

    if tk.config.get("debug"):
        return draw()
    request = flask.request
    drawn_from = json.dumps(
        [tk.h.lang(), request.script_root, request.full_path,
         [tk.config.get(option) for option in _DRAWING_OPTIONS],
         facet_titles, search_facets],
        default=str,
    )
    key = hashlib.blake2b(drawn_from.encode(), digest_size=20).digest()
    found = _drawn.recalled(_ANY_GENERATION, key)
    if found is None:
        found = draw()
        _drawn.keep(_ANY_GENERATION, key, found)
    return found
