"""The DCAT output of a published dataset against the DCAT-AP 3.0.0 SHACL
shapes (vendored in tests/data/dcat_ap with their licence), and the DCAT-AP
terms the ``satudata`` profile writes from the SDI fields: licence, region,
update frequency and data years.

The dataset is published once for the module, through the real workflow,
and read anonymously from ``/dataset/<id>.ttl``; the variants of each field
are serialized from dataset dicts without the database.
"""
from __future__ import annotations

import pathlib
from typing import Any

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, SKOS, XSD

from ckanext.dcat.processors import RDFSerializer
from ckanext.satudata.vocabularies import FREKUENSI

pytestmark = [
    pytest.mark.ckan_config(
        "ckan.plugins",
        "satudata scheming_datasets scheming_organizations activity dcat"),
    pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "euro_dcat_ap_3 satudata"),
]

SHAPES = (pathlib.Path(__file__).parent.parent / "data" / "dcat_ap"
          / "dcat-ap-3.0.0-SHACL.jsonld")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
CC_BY = URIRef("http://www.opendefinition.org/licenses/cc-by")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="json-ld")


def violations(data: Graph, shapes: Graph) -> set[tuple[Any, Any]]:
    """(focus node, path) of every violation; empty when the graph conforms."""
    conforms, report, text = validate(data, shacl_graph=shapes,
                                      inference="none")
    found = {(report.value(r, SH.focusNode), report.value(r, SH.resultPath))
             for r in report.subjects(RDF.type, SH.ValidationResult)}
    assert conforms == (not found), text
    return found


_PUBLISHED: dict[str, Any] = {}


@pytest.fixture
def published(request, _schema) -> dict[str, Any]:
    """A dataset published through the workflow and its anonymous Turtle,
    built by the first test that asks (the database is emptied after each
    test, the Turtle is kept). The database's session fixture is named so
    that it is set up before the plugins are loaded, as for any test that
    asks for ``clean_db`` itself."""
    if not _PUBLISHED:
        world = request.getfixturevalue("mojokerto")
        app = request.getfixturevalue("app")
        dataset = world.dataset("terbit", kode_wilayah="35.16.08",
                                frekuensi="semesteran", tahun_awal=2022,
                                tahun_akhir=2024)
        response = app.get(f"/dataset/{dataset['id']}.ttl", status=200)
        _PUBLISHED.update(dataset=dataset, turtle=response.data)
    return _PUBLISHED


def published_graph(published: dict[str, Any]) -> tuple[Graph, URIRef]:
    g = Graph().parse(data=published["turtle"], format="turtle")
    (ref,) = g.subjects(RDF.type, DCAT.Dataset)
    assert isinstance(ref, URIRef)
    return g, ref


def test_published_dataset_conforms_to_dcat_ap_3(published, shapes):
    g, ref = published_graph(published)
    assert violations(g, shapes) == set()
    dataset = published["dataset"]

    (licence,) = g.objects(ref, DCTERMS.license)
    assert licence == CC_BY
    assert (licence, RDF.type, DCTERMS.LicenseDocument) in g
    (distribution,) = g.objects(ref, DCAT.distribution)
    assert set(g.objects(distribution, DCTERMS.license)) == {CC_BY}
    assert (set(g.objects(distribution, DCTERMS["format"])),
            set(g.objects(distribution, DCAT.mediaType))) == (
        {URIRef("http://publications.europa.eu/resource/authority/file-type/CSV")},
        {URIRef("https://www.iana.org/assignments/media-types/text/csv")})

    (location,) = g.objects(ref, DCTERMS.spatial)
    assert (set(g.objects(location, DCTERMS.identifier)),
            set(g.objects(location, SKOS.prefLabel))) == (
        {Literal("35.16.08")}, {Literal("Mojosari")})

    assert set(g.objects(ref, DCTERMS.accrualPeriodicity)) == {FREQUENCY.ANNUAL_2}

    (period,) = g.objects(ref, DCTERMS.temporal)
    assert (set(g.objects(period, DCAT.startDate)),
            set(g.objects(period, DCAT.endDate))) == (
        {Literal("2022", datatype=XSD.gYear)}, {Literal("2024", datatype=XSD.gYear)})

    # Dated by the publication, not by the draft's creation.
    assert set(g.objects(ref, DCTERMS.issued)) == {
        Literal(dataset["satudata_first_published"], datatype=XSD.dateTime)}
    assert set(g.objects(ref, DCTERMS.modified)) == {
        Literal(dataset["satudata_published"], datatype=XSD.dateTime)}
    assert dataset["satudata_first_published"] != dataset["metadata_created"]


def test_hand_broken_graph_fails_dcat_ap_3(published, shapes):
    g, ref = published_graph(published)
    (distribution,) = g.objects(ref, DCAT.distribution)
    g.remove((ref, DCTERMS.description, None))              # mandatory
    g.add((ref, DCTERMS.modified, Literal("2026-12-06")))   # at most one
    g.remove((ref, DCTERMS.spatial, None))
    g.add((ref, DCTERMS.spatial, Literal("35.16.08")))      # not a Location
    g.remove((distribution, DCAT.accessURL, None))          # mandatory
    assert violations(g, shapes) >= {
        (ref, DCTERMS.description), (ref, DCTERMS.modified),
        (ref, DCTERMS.spatial), (distribution, DCAT.accessURL),
    }


def graph(**fields: Any) -> tuple[Graph, URIRef]:
    dataset = {
        "id": "3f2c", "name": "jumlah-penduduk", "title": "Jumlah Penduduk",
        "notes": "Jumlah penduduk per kecamatan.",
        "metadata_created": "2026-09-30T01:00:00",
        "metadata_modified": "2026-12-05T07:00:00",
        "license_id": "cc-by", "license_url": str(CC_BY),
        "license_title": "Creative Commons Attribution",
        "frekuensi": "tahunan", "tahun_awal": 2024,
        "resources": [{"id": "r1", "name": "Tabel",
                       "url": "http://test.ckan.net/r1.csv"}],
        "tags": [], "extras": [],
        **fields,
    }
    serializer = RDFSerializer(profiles=["euro_dcat_ap_3", "satudata"])
    ref = URIRef(serializer.graph_from_dataset(dataset))
    return serializer.g, ref


# Written out here, not read from the profile, so that a changed mapping
# and a frekuensi added without one both fail.
EXPECTED_FREQUENCY = {
    "harian": "DAILY", "mingguan": "WEEKLY", "bulanan": "MONTHLY",
    "triwulanan": "QUARTERLY", "empat_bulanan": "ANNUAL_3",
    "semesteran": "ANNUAL_2", "tahunan": "ANNUAL", "dua_tahunan": "BIENNIAL",
    "insidental": "IRREG",
}


@pytest.mark.parametrize("frekuensi", list(FREKUENSI))
def test_every_frekuensi_is_an_eu_frequency(frekuensi, shapes):
    g, ref = graph(frekuensi=frekuensi)
    (frequency,) = g.objects(ref, DCTERMS.accrualPeriodicity)
    assert frequency == FREQUENCY[EXPECTED_FREQUENCY[frekuensi]]
    assert (frequency, RDF.type, DCTERMS.Frequency) in g
    assert violations(g, shapes) == set()


def test_licence_without_url_is_a_titled_licence_document(shapes):
    g, ref = graph(license_id="other-open", license_url="",
                   license_title="Other (Open)")
    (licence,) = g.objects(ref, DCTERMS.license)
    assert isinstance(licence, BNode)
    assert set(g.objects(licence, DCTERMS.title)) == {Literal("Other (Open)")}
    (distribution,) = g.objects(ref, DCAT.distribution)
    assert set(g.objects(distribution, DCTERMS.license)) == {licence}
    assert violations(g, shapes) == set()


@pytest.mark.parametrize("license_id", ["notspecified", ""])
def test_no_licence_no_dct_license(license_id):
    g, ref = graph(license_id=license_id, license_url="",
                   license_title="License not specified")
    assert (None, DCTERMS.license, None) not in g


@pytest.mark.parametrize("fields, code, name", [
    # empty: the whole regency (ckanext.satudata.kode_wilayah, 35.16)
    ({}, "35.16", "Kab. Mojokerto"),
    ({"kode_wilayah": "35.16.14"}, "35.16.14", "Gedeg"),
    # the reference table has no desa: the dataset's cakupan names it
    ({"kode_wilayah": "35.16.08.2001", "cakupan_wilayah": "Desa Awang-Awang"},
     "35.16.08.2001", "Desa Awang-Awang"),
])
def test_spatial_is_the_kemendagri_code_and_name(fields, code, name, shapes):
    g, ref = graph(**fields)
    (location,) = g.objects(ref, DCTERMS.spatial)
    assert (location, RDF.type, DCTERMS.Location) in g
    assert set(g.objects(location, DCTERMS.identifier)) == {Literal(code)}
    assert set(g.objects(location, SKOS.prefLabel)) == {Literal(name)}
    assert violations(g, shapes) == set()


def test_format_outside_the_file_type_table_stays_as_written():
    g, ref = graph(resources=[{"id": "r1", "url": "http://test.ckan.net/r1",
                               "format": "Excel 2007", "mimetype": "unknown"}])
    (distribution,) = g.objects(ref, DCAT.distribution)
    assert (set(g.objects(distribution, DCTERMS["format"])),
            set(g.objects(distribution, DCAT.mediaType))) == (
        {Literal("Excel 2007")}, {Literal("unknown")})


def test_single_year_is_a_period_of_that_year():
    g, ref = graph(tahun_awal=2024, tahun_akhir=None)
    (period,) = g.objects(ref, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in g
    year = Literal("2024", datatype=XSD.gYear)
    assert (set(g.objects(period, DCAT.startDate)),
            set(g.objects(period, DCAT.endDate))) == ({year}, {year})
