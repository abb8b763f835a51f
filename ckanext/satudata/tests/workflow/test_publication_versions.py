"""Each publication is a version: DCAT's issued, modified and version, and
the flat provenance fields they come from, from hand-built event sequences
and from a dataset published, withdrawn and published again."""
from __future__ import annotations

import datetime

import pytest
from ckan.tests import helpers
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, XSD

from ckanext.dcat.processors import RDFSerializer
from ckanext.satudata.model.workflow import WorkflowEvent
from ckanext.satudata.workflow import provenance
from ckanext.satudata.workflow.definition import load

SATUDATA = "https://github.com/satudata/ckanext-satudata/ns#"
T = datetime.datetime


def events(*steps: tuple[str, str, str, T]) -> list[WorkflowEvent]:
    return [
        WorkflowEvent(package_id="p", version=n, workflow="mojokerto",
                      transition=transition, from_state=src, to_state=dst,
                      user_id="u", role="admin_opd", created=at,
                      template_id="tpl" if transition == "sesuai" else None,
                      template_version=3 if transition == "sesuai" else None,
                      report_ids=[])
        for n, (transition, src, dst, at) in enumerate(steps, start=1)
    ]


FIRST = [
    ("ajukan", "draf", "diajukan", T(2026, 10, 1, 2)),
    ("sesuai", "diajukan", "menunggu_persetujuan", T(2026, 10, 1, 3)),
    ("setujui", "menunggu_persetujuan", "disetujui", T(2026, 10, 2, 4)),
    ("terbitkan", "disetujui", "terbit", T(2026, 10, 2, 5, 30)),
]
AGAIN = [
    ("tarik", "terbit", "ditarik", T(2026, 11, 3, 1)),
    ("ajukan", "ditarik", "diajukan", T(2026, 11, 4, 1)),
    ("sesuai", "diajukan", "menunggu_persetujuan", T(2026, 11, 4, 2)),
    ("setujui", "menunggu_persetujuan", "disetujui", T(2026, 11, 4, 3)),
    ("terbitkan", "disetujui", "terbit", T(2026, 11, 5, 8, 15)),
]


@pytest.fixture
def mojokerto_definition():
    return load("mojokerto")


def test_one_publication_is_version_one(mojokerto_definition):
    fields = provenance.compute(events(*FIRST), mojokerto_definition, "Dinas X")
    assert {f: fields[f] for f in (provenance.FIRST_PUBLISHED,
                                   provenance.PUBLISHED, provenance.VERSION)} == {
        "satudata_first_published": "2026-10-02T05:30:00",
        "satudata_published": "2026-10-02T05:30:00",
        "satudata_version": "1",
    }


def test_publishing_again_after_a_withdrawal_is_the_next_version(
        mojokerto_definition):
    fields = provenance.compute(events(*FIRST, *AGAIN), mojokerto_definition,
                                "Dinas X")
    assert fields == {
        "satudata_published": "2026-11-05T08:15:00",
        "satudata_first_published": "2026-10-02T05:30:00",
        "satudata_version": "2",
        "satudata_approval_role": "admin_opd",
        "satudata_approval_date": "2026-11-04T03:00:00",
        "satudata_approval_opd": "Dinas X",
        "satudata_template_id": "tpl",
        "satudata_template_version": "3",
    }


def test_each_event_into_the_public_state_counts(mojokerto_definition):
    # A published revision appends an event into the public state on the
    # live dataset's stream, whatever it left from.
    revision = [("terbitkan", "terbit", "terbit", T(2026, 12, 1, 9))]
    fields = provenance.compute(events(*FIRST, *revision, *revision),
                                mojokerto_definition, None)
    assert fields[provenance.VERSION] == "3"
    assert fields[provenance.FIRST_PUBLISHED] == "2026-10-02T05:30:00"
    assert fields[provenance.PUBLISHED] == "2026-12-01T09:00:00"


def test_a_dataset_never_published_has_no_version(mojokerto_definition):
    assert provenance.compute(events(*FIRST[:3]), mojokerto_definition, None) == {}


def graph(dataset: dict, profiles: list[str]):
    serializer = RDFSerializer(profiles=profiles)
    ref = serializer.graph_from_dataset(dataset)
    return serializer.g, URIRef(ref)


def dataset_dict(fields: dict[str, str]) -> dict:
    return {
        "id": "3f2c", "name": "jumlah-penduduk", "title": "Jumlah Penduduk",
        "metadata_created": "2026-09-30T01:00:00",
        "metadata_modified": "2026-12-05T07:00:00",
        "satudata_status": "terbit", "resources": [], "tags": [], "extras": [],
        **fields,
    }


def objects(g, ref, predicate) -> set:
    return set(g.objects(ref, predicate))


@pytest.mark.usefixtures("with_plugins")
def test_dcat_dates_and_version_are_the_publications(mojokerto_definition):
    fields = provenance.compute(events(*FIRST, *AGAIN), mojokerto_definition, None)
    g, ref = graph(dataset_dict(fields), ["euro_dcat_ap_3", "satudata"])
    assert objects(g, ref, DCTERMS.issued) == {
        Literal("2026-10-02T05:30:00", datatype=XSD.dateTime)}
    assert objects(g, ref, DCTERMS.modified) == {
        Literal("2026-11-05T08:15:00", datatype=XSD.dateTime)}
    assert objects(g, ref, DCAT.version) == {Literal("2")}
    assert objects(g, ref, OWL.versionInfo) == set()
    assert objects(g, ref, URIRef(SATUDATA + "version")) == {
        Literal(2, datatype=XSD.integer)}
    assert objects(g, ref, URIRef(SATUDATA + "first_published")) == {
        Literal("2026-10-02T05:30:00", datatype=XSD.dateTime)}


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "euro_dcat_ap_2 satudata")
def test_dcat_ap_2_has_the_version_as_owl_version_info(mojokerto_definition):
    fields = provenance.compute(events(*FIRST), mojokerto_definition, None)
    g, ref = graph(dataset_dict(fields), ["euro_dcat_ap_2", "satudata"])
    assert objects(g, ref, OWL.versionInfo) == {Literal("1")}
    assert objects(g, ref, DCAT.version) == set()
    assert objects(g, ref, DCTERMS.issued) == objects(g, ref, DCTERMS.modified) == {
        Literal("2026-10-02T05:30:00", datatype=XSD.dateTime)}


@pytest.mark.usefixtures("with_plugins")
def test_dataset_public_before_the_extension_keeps_ckan_dates():
    g, ref = graph(dataset_dict({}), ["euro_dcat_ap_3", "satudata"])
    assert objects(g, ref, DCTERMS.issued) == {
        Literal("2026-09-30T01:00:00", datatype=XSD.dateTime)}
    assert objects(g, ref, DCAT.version) == set()


def test_republished_dataset_shows_its_versions_everywhere(mojokerto):
    world = mojokerto
    dataset = world.dataset("ditarik")
    for transition in ("ajukan", "sesuai", "setujui", "terbitkan"):
        world.take(dataset["id"], transition)
    history = helpers.call_action("satudata_workflow_history", id=dataset["id"])
    published = [e["created"] for e in history if e["to_state"] == "terbit"]
    assert len(published) == 2
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert (shown[provenance.FIRST_PUBLISHED], shown[provenance.PUBLISHED],
            shown[provenance.VERSION]) == (published[0], published[1], "2")
    # What ckanapi and a CKAN harvester read: the search results and extras.
    (hit,) = helpers.call_action("package_search", fq=f"id:{dataset['id']}")[
        "results"]
    extras = {e["key"]: e["value"] for e in hit["extras"]}
    for source in (hit, extras):
        assert (source[provenance.FIRST_PUBLISHED], source[provenance.VERSION]) == (
            published[0], "2")
    g, ref = graph(shown, ["euro_dcat_ap_3", "satudata"])
    assert objects(g, ref, DCTERMS.issued) == {
        Literal(published[0], datatype=XSD.dateTime)}
    assert objects(g, ref, DCTERMS.modified) == {
        Literal(published[1], datatype=XSD.dateTime)}
    assert objects(g, ref, DCAT.version) == {Literal("2")}
