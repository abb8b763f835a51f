"""Search facets over the SDI metadata of datasets.

Scheming fields are indexed as plain Solr string fields under their own names,
so the facets are the field names. Solr returns the stored values; the search
page shows the vocabulary labels through ``label_function``.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib import helpers as ckan_helpers

from ckanext.satudata import request_memo, vocabularies

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


def label_function(name: str) -> Callable[[Any], str] | None:
    """A facet item's vocabulary label, for the facets that have a vocabulary."""
    vocabulary = _FACETS.get(name, ("", None))[1]
    if vocabulary is None:
        return None

    def label(item: Any) -> str:
        return tk._(vocabulary.get(item["name"], item["display_name"]))

    return label


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
