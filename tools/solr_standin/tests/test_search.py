"""The /select handler: sorting, paging, field lists, facets, local params."""

from __future__ import annotations

import pytest

from solr_standin.server import SolrStandin

from .conftest import add, dataset, ids, select, select_error


@pytest.fixture
def app(app: SolrStandin) -> SolrStandin:
    add(
        app,
        dataset(
            "b",
            title="Beta",
            title_string="Beta",
            organization="org1",
            tags=["x", "y"],
            res_format=["CSV", "PDF"],
            views_recent=5,
            metadata_modified="2021-01-01T00:00:00Z",
        ),
        dataset(
            "a",
            title="alpha",
            title_string="alpha",
            organization="org2",
            tags=["x"],
            res_format=["CSV"],
            views_recent=9,
            metadata_modified="2022-01-01T00:00:00Z",
        ),
        dataset(
            "c",
            title="Gamma bees",
            title_string="Gamma",
            organization="org1",
            tags=["y", "z"],
            metadata_modified="2021-01-01T00:00:00Z",
        ),
        dataset(
            "d",
            title="Delta bees bees",
            title_string="Delta",
            metadata_modified="2020-01-01T00:00:00Z",
        ),
    )
    return app


def test_sort_keys(app: SolrStandin) -> None:
    assert ids(app, "*:*", sort="title_string asc") == ["b", "d", "c", "a"]
    assert ids(app, "*:*", sort="name desc") == ["d", "c", "b", "a"]
    # Ties keep index order; missing values sort last either way.
    assert ids(app, "*:*", sort="metadata_modified desc") == ["a", "b", "c", "d"]
    assert ids(app, "*:*", sort="views_recent desc") == ["a", "b", "c", "d"]
    assert ids(app, "*:*", sort="views_recent asc") == ["b", "a", "c", "d"]
    assert ids(app, "*:*", sort="metadata_modified desc, title_string desc") == [
        "a",
        "c",
        "b",
        "d",
    ]
    assert ids(app, "title:bees", sort="score desc, metadata_modified desc") == [
        "d",
        "c",
    ]
    assert ids(app, "title:bees", sort="score asc") == ["c", "d"]


@pytest.mark.parametrize(
    ("sort", "message"),
    [
        ("title_string", "Can't determine a Sort Order"),
        ("title_string sideways", "Can't determine a Sort Order"),
        ("tags asc", "can not sort on multivalued field: tags"),
        ("title asc", "can not sort on a tokenized text field"),
        ("data_dict asc", "can not sort on unindexed field"),
    ],
)
def test_bad_sorts(app: SolrStandin, sort: str, message: str) -> None:
    status, msg = select_error(app, q="*:*", sort=sort)
    assert status == 400
    assert message in msg


def test_paging(app: SolrStandin) -> None:
    page = select(app, q="*:*", sort="name asc", start=1, rows=2, fl="id")["response"]
    assert page["numFound"] == 4
    assert page["start"] == 1
    assert [d["id"] for d in page["docs"]] == ["b", "c"]
    assert select(app, q="*:*", rows=0)["response"]["docs"] == []


@pytest.mark.parametrize(
    ("fl", "keys"),
    [
        ("id name", {"id", "name"}),
        ("id,name", {"id", "name"}),
        ("id, score", {"id", "score"}),
        ("score", {"score"}),
        ("metadata_*", {"metadata_created", "metadata_modified"}),
    ],
)
def test_field_lists(app: SolrStandin, fl: str, keys: set[str]) -> None:
    doc = select(app, q="name:a", fl=fl)["response"]["docs"][0]
    assert set(doc) == keys


def test_default_field_list_is_every_stored_field(app: SolrStandin) -> None:
    for params in ({}, {"fl": "*"}, {"fl": "* score"}):
        doc = select(app, q="name:a", **params)["response"]["docs"][0]
        assert {"id", "name", "title", "tags", "organization"} <= set(doc)
        assert "views_recent" not in doc
        assert ("score" in doc) == ("score" in params.get("fl", ""))


def test_facets(app: SolrStandin) -> None:
    result = select(
        app,
        q="*:*",
        rows=0,
        facet="true",
        **{
            "facet.field": ["tags", "organization", "res_format", "license_id"],
            "facet.mincount": 1,
            "facet.limit": -1,
        },
    )
    fields = result["facet_counts"]["facet_fields"]
    assert fields == {
        "tags": ["x", 2, "y", 2, "z", 1],
        "organization": ["org1", 2, "org2", 1],
        "res_format": ["CSV", 2, "PDF", 1],
        "license_id": [],
    }
    assert result["facet_counts"]["facet_queries"] == {}


def test_facet_limit_sort_and_filters(app: SolrStandin) -> None:
    def tags(**params: object) -> list:
        result = select(app, q="*:*", facet="true", **{"facet.field": "tags", **params})
        return result["facet_counts"]["facet_fields"]["tags"]

    assert tags(**{"facet.limit": 1}) == ["x", 2]
    assert tags(**{"facet.sort": "index", "facet.limit": 2}) == ["x", 2, "y", 2]
    assert tags(fq="organization:org1") == ["y", 2, "x", 1, "z", 1]
    # Solr's default mincount is 0: terms of unmatched documents show up with 0.
    assert tags(fq="name:a") == ["x", 1, "y", 0, "z", 0]
    assert tags(fq="name:a", **{"facet.mincount": 1}) == ["x", 1]
    assert tags(**{"f.tags.facet.limit": 1, "facet.limit": 5}) == ["x", 2]


def test_bad_facet_parameters_are_400(app: SolrStandin) -> None:
    status, msg = select_error(
        app, q="*:*", facet="true", **{"facet.field": "tags", "facet.limit": "lots"}
    )
    assert status == 400
    assert "facet.limit" in msg


def test_no_facet_counts_unless_asked(app: SolrStandin) -> None:
    assert "facet_counts" not in select(app, q="*:*", **{"facet.field": "tags"})
    assert "facet_counts" not in select(
        app, q="*:*", facet="false", **{"facet.field": "tags"}
    )


def test_params_are_echoed(app: SolrStandin) -> None:
    header = select(app, q="*:*", fq=["a:b", "c:d"], rows=1)["responseHeader"]
    assert header["status"] == 0
    assert header["params"] == {"q": "*:*", "fq": ["a:b", "c:d"], "rows": "1"}


def test_local_params(app: SolrStandin) -> None:
    base = {"df": "text", "defType": "lucene", "sort": "name asc"}
    assert ids(app, "{!bool must=bees}", **base) == ["c", "d"]
    assert ids(app, "{!type=bool must=bees must_not=gamma}", **base) == ["d"]
    assert ids(app, "{!bool should=alpha should=beta}", **base) == ["a", "b"]
    assert ids(app, "*:*", fq="{!lucene q.op=AND}bees gamma", **base) == ["c"]
    assert ids(app, "*:*", fq="{!lucene q.op=OR}bees gamma", **base) == ["c", "d"]
    assert ids(app, "{!term f=tags}x", **base) == ["a", "b"]
    assert ids(app, "{!terms f=tags}x,z", **base) == ["a", "b", "c"]
    assert ids(app, "{!field f=title}Delta bees", **base) == ["d"]
    assert ids(app, "{!lucene v=$qq}", qq="name:c", **base) == ["c"]
    assert ids(app, "{!dismax qf=title}bees", **base) == ["c", "d"]


def test_local_params_in_q_need_the_lucene_parser(app: SolrStandin) -> None:
    # As in Solr 7.2+, with defType=dismax "{!...}" is just text.
    assert ids(app, "{!term f=name}a", defType="lucene") == ["a"]
    assert ids(app, "{!term f=name}a", defType="dismax", qf="title") == []


def test_unknown_parser_is_an_error(app: SolrStandin) -> None:
    status, msg = select_error(app, q="*:*", fq="{!geofilt sfield=x}")
    assert status == 400
    assert "Unknown query parser 'geofilt'" in msg
