"""The ``satudata`` RDF profile of ckanext-dcat: SDI metadata and the
approval provenance in /catalog.ttl, /catalog.jsonld and the dataset RDF.

Used after a DCAT-AP profile (``ckanext.dcat.rdf.profiles = euro_dcat_ap_3
satudata``), which maps the CKAN core fields. The SDI fields (Perpres
39/2019 metadata standar) have no DCAT term of their own, so each becomes
one literal in the ``satudata:`` namespace named like the API field, which
lets a national catalogue read them back one to one. Loaded by ckanext-dcat
only (entry point ``ckan.rdf.profiles``), so the extension itself does not
depend on it.
"""
from __future__ import annotations

from typing import Any

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import XSD

from ckanext.dcat.profiles import RDFProfile
from ckanext.satudata.workflow import provenance

SATUDATA = Namespace("https://github.com/satudata/ckanext-satudata/ns#")

SDI_FIELDS = (
    "daftar_data_id", "jenis_data", "indikator_variabel", "kode_indikator",
    "kode_standar_data", "konsep", "definisi", "klasifikasi_penyajian",
    "ukuran", "satuan", "tingkat_penyajian", "cakupan_wilayah", "kode_wilayah",
    "frekuensi", "tahun_awal", "tahun_akhir", "klasifikasi_akses",
    "sumber_data", "penanggung_jawab", "kontak_penanggung_jawab",
    "tautan_metadata",
)
_DATES = {provenance.PUBLISHED, provenance.APPROVAL_DATE}
_INTEGERS = {"tahun_awal", "tahun_akhir", provenance.TEMPLATE_VERSION}


def term(field: str) -> URIRef:
    """The predicate of an API field: ``satudata_`` prefixes are dropped."""
    return SATUDATA[field.removeprefix("satudata_")]


def _literal(field: str, value: Any) -> Literal:
    if field in _DATES:
        return Literal(value, datatype=XSD.dateTime)
    if field in _INTEGERS:
        return Literal(int(value), datatype=XSD.integer)
    return Literal(str(value))


class SatudataProfile(RDFProfile):
    def graph_from_dataset(self, dataset_dict: dict[str, Any],
                           dataset_ref: URIRef) -> None:
        self.g.bind("satudata", SATUDATA)
        fields = SDI_FIELDS + ("satudata_status",) + provenance.FIELDS
        for field in fields:
            value = dataset_dict.get(field)
            if value in (None, "", []):
                continue
            self.g.add((dataset_ref, term(field), _literal(field, value)))
