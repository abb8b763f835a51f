from __future__ import annotations

import json

import pytest

from solr_standin.errors import SolrError
from solr_standin.schema import Schema
from solr_standin.server import SolrStandin

from .conftest import add, dataset, ids, select


def test_schema_field_semantics(schema: Schema) -> None:
    assert schema.unique_key == "index_id"
    assert schema.required_field("tags").multi_valued
    assert schema.required_field("title").type.kind == "text"
    # Longest dynamic pattern wins: res_extras_* over *_date.
    assert schema.required_field("res_extras_start_date").type.kind == "text"
    assert schema.required_field("publication_date").type.kind == "date"
    catch_all = schema.required_field("approval_status")
    assert catch_all.type.kind == "string"
    assert not catch_all.stored
    assert schema.copy_targets("extras_theme") == ["text"]
    assert schema.copy_targets("title") == ["title_ngram", "text"]
    assert schema.copy_targets("text") == []


def test_stored_values_come_back_typed_and_normalised(app: SolrStandin) -> None:
    add(
        app,
        dataset(
            "a",
            title="A title",
            tags="single",
            metadata_modified="2014-06-10T08:24:12.782257Z",
            score_value="2.5",
            is_featured="true",
            private=False,
            views_recent=7,
            data_dict=json.dumps({"x": 1}),
        ),
    )
    doc = select(app, q="*:*")["response"]["docs"][0]
    assert doc["tags"] == ["single"]
    assert doc["metadata_modified"] == "2014-06-10T08:24:12.782Z"
    assert doc["score_value"] == 2.5
    assert doc["is_featured"] is True
    assert doc["data_dict"] == '{"x": 1}'
    assert doc["title_ngram"] == "A title"
    # stored="false": searchable but never returned.
    for hidden in ("private", "views_recent", "text", "title_string"):
        assert hidden not in doc
    assert doc["indexed_ts"].endswith("Z")
    assert ids(app, "private:false") == ["a"]
    assert ids(app, "views_recent:7") == ["a"]


def test_same_unique_key_replaces_the_document(app: SolrStandin) -> None:
    add(app, dataset("a", title="old words"))
    add(app, dataset("a", title="new words"))
    assert select(app, q="*:*")["response"]["numFound"] == 1
    assert ids(app, "title:old") == []
    assert ids(app, "title:new") == ["a"]


def test_documents_sharing_an_id_with_different_keys_coexist(app: SolrStandin) -> None:
    add(app, dataset("a", index_id="1", site_id="site1"), dataset("a", index_id="2"))
    assert ids(app, "id:a") == ["a", "a"]
    assert ids(app, "id:a", fq='+site_id:"default"') == ["a"]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (dataset("a", organization=["x", "y"]), "multiple values encountered"),
        (dataset("a", metadata_created="yesterday"), "Invalid Date String"),
        (dataset("a", views_recent="many"), "Error adding field 'views_recent'"),
        (dataset("a", site_id=None), "missing required field: site_id"),
        (dataset("a", spatial={"type": "Point"}), "not supported"),
        ({"id": "a", "site_id": "s"}, "missing mandatory uniqueKey"),
    ],
)
def test_invalid_documents_are_rejected(
    app: SolrStandin, doc: dict, message: str
) -> None:
    status, _, body = app.handle(
        "POST", "/solr/ckan/update/", "", json.dumps([doc]).encode(), "application/json"
    )
    assert status == 400
    assert message in json.loads(body)["error"]["msg"]
    assert select(app, q="*:*")["response"]["numFound"] == 0


def test_unknown_field_without_catch_all(tmp_path) -> None:
    xml = tmp_path / "s.xml"
    xml.write_text(
        '<schema name="x"><fieldType name="string" class="solr.StrField"/>'
        '<field name="id" type="string"/><uniqueKey>id</uniqueKey></schema>'
    )
    app = SolrStandin(Schema.from_file(xml))
    with pytest.raises(SolrError, match="unknown field 'other'"):
        app.index.add({"id": "1", "other": "x"}, 0)


def test_copy_fields_feed_the_catch_all_text(app: SolrStandin) -> None:
    add(
        app,
        dataset(
            "a", tags=["Climate Change"], extras_theme="Forestry", author="Ann Lee"
        ),
    )
    for word in ("climate", "forestry", "lee", "a"):
        assert ids(app, f"text:{word}") == ["a"]


def test_delete_and_reindex_keep_indexes_consistent(app: SolrStandin) -> None:
    add(app, dataset("a", title="river data", tags=["water"]))
    add(app, dataset("b", title="river maps", tags=["water"]))
    app.index.delete_keys(["idx-a"])
    assert ids(app, "title:river") == ["b"]
    assert "data" not in app.index.field_index("title").postings
    facets = select(app, q="*:*", facet="true", **{"facet.field": "tags"})
    assert facets["facet_counts"]["facet_fields"]["tags"] == ["water", 1]
