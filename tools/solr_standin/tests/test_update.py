"""Update messages in the forms pysolr and CKAN send them."""

from __future__ import annotations

import json

import pytest

from solr_standin.server import SolrStandin

from .conftest import dataset, ids


def post(app: SolrStandin, body: str | bytes, ctype: str, query: str = "") -> dict:
    data = body.encode() if isinstance(body, str) else body
    status, _, payload = app.handle("POST", "/solr/ckan/update/", query, data, ctype)
    result = json.loads(payload)
    assert status == 200, result
    return result


def test_json_add_and_ckan_delete_query(app: SolrStandin) -> None:
    docs = [dataset("a"), dataset("b", name="bee")]
    result = post(
        app, json.dumps(docs), "application/json; charset=utf-8", "commit=true"
    )
    assert result["responseHeader"]["status"] == 0
    assert ids(app, "*:*", sort="id asc") == ["a", "b"]
    delete = (
        '<delete><query>+entity_type:package AND +(id:"bee" OR name:"bee") '
        'AND +site_id:"default"</query></delete>'
    )
    post(app, delete, "text/xml; charset=utf-8", "commit=true")
    assert ids(app, "*:*") == ["a"]


def test_clear_index_then_commit(app: SolrStandin) -> None:
    post(app, json.dumps([dataset("a"), dataset("b")]), "application/json")
    post(app, '<delete><query>+site_id:"default"</query></delete>', "text/xml")
    post(app, "<commit />", "text/xml", "commit=true&waitSearcher=false")
    assert ids(app, "*:*") == []


def test_xml_add_and_delete_by_id(app: SolrStandin) -> None:
    xml = (
        "<add><doc>"
        '<field name="index_id">k1</field><field name="id">a</field>'
        '<field name="site_id">default</field><field name="tags">t1</field>'
        '<field name="tags">t2</field>'
        "</doc></add>"
    )
    post(app, xml, "text/xml")
    assert ids(app, "tags:t2") == ["a"]
    post(app, "<delete><id>k1</id></delete>", "text/xml")
    assert ids(app, "*:*") == []


def test_json_command_object(app: SolrStandin) -> None:
    message = {"add": {"doc": dataset("a")}, "commit": {}}
    post(app, json.dumps(message), "application/json")
    assert ids(app, "*:*") == ["a"]
    post(app, json.dumps({"delete": {"query": "*:*"}}), "application/json")
    assert ids(app, "*:*") == []


def test_updates_are_visible_before_a_commit(app: SolrStandin) -> None:
    post(app, json.dumps([dataset("a")]), "application/json")
    assert ids(app, "*:*") == ["a"]


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        ("[{", "application/json"),
        ("<add><doc>", "text/xml"),
        ("<rollback/>", "text/xml"),
        ('{"bogus": 1}', "application/json"),
        ("<delete><query>title:(</query></delete>", "text/xml"),
    ],
)
def test_bad_messages_are_400(app: SolrStandin, body: str, ctype: str) -> None:
    status, _, payload = app.handle(
        "POST", "/solr/ckan/update/", "", body.encode(), ctype
    )
    assert status == 400
    assert json.loads(payload)["error"]["code"] == 400


def test_a_failing_document_keeps_the_ones_before_it(app: SolrStandin) -> None:
    docs = [dataset("a"), dataset("b", metadata_created="never"), dataset("c")]
    status, _, _ = app.handle(
        "POST", "/solr/ckan/update/", "", json.dumps(docs).encode(), "application/json"
    )
    assert status == 400
    assert ids(app, "*:*") == ["a"]
