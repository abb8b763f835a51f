"""Search facets over the SDI metadata of datasets.

Scheming fields are indexed as plain Solr string fields under their own names,
so the facets are the field names. Solr returns the stored values; the search
page shows the vocabulary labels through ``label_function``.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import vocabularies

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
