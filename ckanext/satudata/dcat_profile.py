"""The ``satudata`` RDF profile of ckanext-dcat: SDI metadata and the
approval provenance in /catalog.ttl, /catalog.jsonld and the dataset RDF.

Used after a DCAT-AP profile (``ckanext.dcat.rdf.profiles = euro_dcat_ap_3
satudata``), which maps the CKAN core fields. The SDI fields (Perpres
39/2019 metadata standar) have no DCAT term of their own, so each becomes
one literal in the ``satudata:`` namespace named like the API field, which
lets a national catalogue read them back one to one. Loaded by ckanext-dcat
only (entry point ``ckan.rdf.profiles``), so the extension itself does not
depend on it.

The DCAT-AP profile dates a dataset by CKAN's ``metadata_created`` and
``metadata_modified``, which move with every edit of a draft or a review.
For a catalogue a dataset changes when it is published, so this profile
replaces them: ``dct:issued`` is the first publication, ``dct:modified`` the
latest, and the version is the number of publications (``dcat:version``
under DCAT-AP 3, which has it, ``owl:versionInfo`` under the older
profiles).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, XSD

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
_DATES = {provenance.PUBLISHED, provenance.FIRST_PUBLISHED,
          provenance.APPROVAL_DATE}
_INTEGERS = {"tahun_awal", "tahun_akhir", provenance.TEMPLATE_VERSION,
             provenance.VERSION}


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
        self._publication(dataset_dict, dataset_ref)

    def _publication(self, dataset_dict: dict[str, Any],
                     dataset_ref: URIRef) -> None:
        """Date and number the dataset by its publications."""
        first = dataset_dict.get(provenance.FIRST_PUBLISHED)
        if not first:
            return  # public since before the extension: CKAN's dates stay
        for predicate, field in ((DCTERMS.issued, provenance.FIRST_PUBLISHED),
                                 (DCTERMS.modified, provenance.PUBLISHED)):
            self.g.remove((dataset_ref, predicate, None))
            self.g.add((dataset_ref, predicate,
                        Literal(dataset_dict[field], datatype=XSD.dateTime)))
        self.g.remove((dataset_ref, DCAT.version, None))
        self.g.remove((dataset_ref, OWL.versionInfo, None))
        self.g.add((dataset_ref, version_term(),
                    Literal(dataset_dict[provenance.VERSION])))


def version_term() -> URIRef:
    """``dcat:version`` where the DCAT-AP 3 profile is in use (DCAT 3 added
    the term and that profile writes it; ckanext-dcat's default), else
    ``owl:versionInfo``."""
    profiles = tk.config.get("ckanext.dcat.rdf.profiles") or "euro_dcat_ap_3"
    if isinstance(profiles, str):
        profiles = profiles.split()
    return DCAT.version if "euro_dcat_ap_3" in profiles else OWL.versionInfo
