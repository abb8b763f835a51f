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

The SDI fields that DCAT-AP has a standard term for are also written with
that term, so a catalogue that knows only DCAT-AP still reads them: the
licence (``dct:license``), the region code (``dct:spatial``), the update
frequency (``dct:accrualPeriodicity``) and the data years
(``dct:temporal``). A distribution's format and media type, which the
DCAT-AP profile writes as the plain strings CKAN keeps, become the
controlled-vocabulary resources DCAT-AP asks for.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from ckanext.dcat.profiles import RDFProfile
from ckanext.satudata import region_codes
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

FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
# Each frekuensi (vocabularies.FREKUENSI) in the EU Publications Office's
# frequency table, the vocabulary DCAT-AP sets for dct:accrualPeriodicity.
ACCRUAL_PERIODICITY = {
    "harian": FREQUENCY.DAILY,
    "mingguan": FREQUENCY.WEEKLY,
    "bulanan": FREQUENCY.MONTHLY,
    "triwulanan": FREQUENCY.QUARTERLY,
    "empat_bulanan": FREQUENCY.ANNUAL_3,  # three times a year
    "semesteran": FREQUENCY.ANNUAL_2,
    "tahunan": FREQUENCY.ANNUAL,
    "dua_tahunan": FREQUENCY.BIENNIAL,
    # updated when an event calls for it: IRREG is in every version of the
    # table, unlike the newer AS_NEEDED
    "insidental": FREQUENCY.IRREG,
}

FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
# CKAN formats whose name is their code in the EU file-type table; any other
# stays the literal the DCAT-AP profile wrote.
FILE_TYPES = {"CSV", "XLSX", "XLS", "ODS", "JSON", "GEOJSON", "XML", "PDF",
              "ZIP", "SHP", "TXT", "HTML"}
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+$")


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
        self._license(dataset_dict, dataset_ref)
        self._spatial(dataset_dict, dataset_ref)
        self._accrual_periodicity(dataset_dict, dataset_ref)
        self._temporal(dataset_dict, dataset_ref)
        for distribution in self.g.objects(dataset_ref, DCAT.distribution):
            self._distribution_vocabularies(distribution)

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

    def _license(self, dataset_dict: dict[str, Any],
                 dataset_ref: URIRef) -> None:
        """The dataset's licence on the dataset and on every distribution
        without one of its own: DCAT-AP has it on the distribution, where
        harvesters (ckanext-dcat's among them) look for it."""
        license_id = dataset_dict.get("license_id")
        if not license_id or license_id == "notspecified":
            return
        url = dataset_dict.get("license_url")
        licence = URIRef(url) if url else BNode()
        self.g.add((licence, RDF.type, DCTERMS.LicenseDocument))
        self.g.add((licence, DCTERMS.title,
                    Literal(dataset_dict.get("license_title") or license_id)))
        for subject in (dataset_ref,
                        *self.g.objects(dataset_ref, DCAT.distribution)):
            if (subject, DCTERMS.license, None) not in self.g:
                self.g.add((subject, DCTERMS.license, licence))

    def _spatial(self, dataset_dict: dict[str, Any],
                 dataset_ref: URIRef) -> None:
        """The covered region as a GeoDCAT-AP location: the Kemendagri code
        and its name. An empty kode_wilayah means the whole regency."""
        code = (dataset_dict.get("kode_wilayah")
                or tk.config.get("ckanext.satudata.kode_wilayah"))
        if not code:
            return
        location = BNode()
        self.g.add((location, RDF.type, DCTERMS.Location))
        self.g.add((location, DCTERMS.identifier, Literal(code)))
        # The reference table stops at the kecamatan: a desa is named by
        # the dataset's own cakupan wilayah.
        name = region_codes.name(code) or dataset_dict.get("cakupan_wilayah")
        if name:
            self.g.add((location, SKOS.prefLabel, Literal(name)))
        self.g.add((dataset_ref, DCTERMS.spatial, location))

    def _accrual_periodicity(self, dataset_dict: dict[str, Any],
                             dataset_ref: URIRef) -> None:
        frequency = ACCRUAL_PERIODICITY.get(dataset_dict.get("frekuensi") or "")
        if frequency is None:
            return
        self.g.add((frequency, RDF.type, DCTERMS.Frequency))
        self.g.add((dataset_ref, DCTERMS.accrualPeriodicity, frequency))

    def _temporal(self, dataset_dict: dict[str, Any],
                  dataset_ref: URIRef) -> None:
        """The data years as a period of whole years (xsd:gYear); an empty
        tahun akhir means the data covers tahun awal only."""
        first = dataset_dict.get("tahun_awal")
        if not first:
            return
        last = dataset_dict.get("tahun_akhir") or first
        period = BNode()
        self.g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        for predicate, year in ((DCAT.startDate, first), (DCAT.endDate, last)):
            self.g.add((period, predicate,
                        Literal(str(int(year)), datatype=XSD.gYear)))
        self.g.add((dataset_ref, DCTERMS.temporal, period))

    def _distribution_vocabularies(self, distribution: Any) -> None:
        g = self.g
        for fmt in list(g.objects(distribution, DCTERMS["format"])):
            code = str(fmt).upper()
            if isinstance(fmt, Literal) and code in FILE_TYPES:
                g.remove((distribution, DCTERMS["format"], fmt))
                g.add((distribution, DCTERMS["format"], FILE_TYPE[code]))
                g.add((FILE_TYPE[code], RDF.type, DCTERMS.MediaTypeOrExtent))
        for mimetype in list(g.objects(distribution, DCAT.mediaType)):
            if isinstance(mimetype, Literal) and _MEDIA_TYPE.match(str(mimetype)):
                media_type = URIRef(IANA_MEDIA_TYPE + str(mimetype))
                g.remove((distribution, DCAT.mediaType, mimetype))
                g.add((distribution, DCAT.mediaType, media_type))
                g.add((media_type, RDF.type, DCTERMS.MediaType))
        # DCAT-AP's shapes ask the URLs to be typed as resources, which
        # the DCAT-AP profile does only for explicit access_url/download_url
        for predicate in (DCAT.accessURL, DCAT.downloadURL):
            for url in g.objects(distribution, predicate):
                g.add((url, RDF.type, RDFS.Resource))


def version_term() -> URIRef:
    """``dcat:version`` where the DCAT-AP 3 profile is in use (DCAT 3 added
    the term and that profile writes it; ckanext-dcat's default), else
    ``owl:versionInfo``."""
    profiles = tk.config.get("ckanext.dcat.rdf.profiles") or "euro_dcat_ap_3"
    if isinstance(profiles, str):
        profiles = profiles.split()
    return DCAT.version if "euro_dcat_ap_3" in profiles else OWL.versionInfo
