"""Lucene syntax as CKAN sends it in q and fq."""

from __future__ import annotations

import pytest

from solr_standin.server import SolrStandin

from .conftest import add, dataset, ids, select, select_error


@pytest.fixture
def app(app: SolrStandin) -> SolrStandin:
    add(
        app,
        dataset(
            "a",
            title="Government Expenditure",
            tags=["russian", "Flexible \u30a1"],
            capacity="public",
            permission_labels=["public"],
            groups=["david", "roger"],
            metadata_modified="2024-01-10T00:00:00Z",
            views_recent=10,
        ),
        dataset(
            "b",
            name="first-record",
            title="Government Extra Expenditure",
            tags=["country-sweden", "surprise."],
            capacity="private",
            permission_labels=["member-org1"],
            groups=["david"],
            metadata_modified="2023-06-01T00:00:00Z",
            views_recent=3,
        ),
        dataset(
            "c",
            name="second-record",
            title="Bees and butterflies",
            state="draft",
            capacity="public",
            permission_labels=["public", "creator-u1"],
            notes="ds-1 is (escaped)",
            metadata_modified="2022-01-01T00:00:00Z",
        ),
    )
    return app


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("*:*", ["a", "b", "c"]),
        ("title:record", []),
        ("text:record", ["b", "c"]),
        ("name:first-record", ["b"]),
        ('tags:"Flexible \u30a1"', ["a"]),
        ("tags:flexible", []),
        ("tags:country-sweden", ["b"]),
        ('tags:"surprise."', ["b"]),
        ('title:"government expenditure"', ["a"]),
        ('title:"expenditure government"', []),
        ('title:"government expenditure"~1', ["a", "b"]),
        ("title:bee", ["c"]),
        ("title:BUTTERFLY", ["c"]),
        ("title:gov*", ["a", "b"]),
        ("name:*-record", ["b", "c"]),
        ("name:firs?-record", ["b"]),
        ("title:expenditur~1", ["a", "b"]),
        ("name:/sec.*/", ["c"]),
        ("notes:ds\\-1", ["c"]),
        ("notes:\\(escaped\\)", ["c"]),
        ("notes:*", ["c"]),
        ("-notes:*", ["a", "b"]),
        ("views_recent:[5 TO *]", ["a"]),
        ("views_recent:{3 TO 10]", ["a"]),
        ("metadata_modified:[2023-01-01T00:00:00Z TO NOW]", ["a", "b"]),
        ("metadata_modified:[* TO 2023-06-01T00:00:00Z}", ["c"]),
        ("metadata_modified:[NOW-100YEARS TO NOW/DAY+1DAY]", ["a", "b", "c"]),
        ('metadata_modified:"2022-01-01T00:00:00Z"', ["c"]),
        ("name:[a TO b]", ["a"]),
        ("groups:david AND NOT groups:roger", ["b"]),
        ("groups:david -groups:roger", ["b"]),
        ("+groups:david +capacity:private", ["b"]),
        ("state:(active OR draft) AND capacity:public", ["a", "c"]),
        # Lucene has no precedence: this is +capacity:private +state:draft.
        ("capacity:public OR capacity:private AND state:draft", []),
        ("capacity:public && state:draft", ["c"]),
        ("title:(bees OR government) -name:a", ["b", "c"]),
        ("(title:bees)^5 OR title:government", ["c", "a", "b"]),
        (
            '+entity_type:package AND +(id:"b" OR name:"b") AND +site_id:"default"',
            ["b"],
        ),
        ("_query_store:true", []),
        ("new_val_store name:test", []),
    ],
)
def test_lucene_queries(app: SolrStandin, q: str, expected: list[str]) -> None:
    sort = "score desc" if "^" in q else "id asc"
    assert ids(app, q, sort=sort, **{"q.op": "AND", "df": "text"}) == expected


def test_q_op_decides_implicit_operators(app: SolrStandin) -> None:
    assert ids(app, "bees government", df="text", sort="id asc") == ["a", "b", "c"]
    assert ids(app, "bees government", df="text", **{"q.op": "AND"}) == []
    assert ids(app, "butterflies bees", df="text", **{"q.op": "AND"}) == ["c"]


def test_lucene_conjunctions_adjust_the_previous_clause(app: SolrStandin) -> None:
    # With q.op=AND Lucene reads "a b OR c" as "+a b c".
    assert ids(app, "groups:roger groups:david OR state:draft", **{"q.op": "AND"}) == [
        "a"
    ]


def test_pure_negative_filters(app: SolrStandin) -> None:
    assert ids(app, "*:*", fq="-capacity:private", sort="id asc") == ["a", "c"]
    assert ids(app, "*:*", fq="NOT state:draft", sort="id asc") == ["a", "b"]


def test_ckan_permission_filters(app: SolrStandin) -> None:
    fq = [
        "+capacity:public  +state:(active)",
        '+site_id:"default"',
        '+permission_labels:("public" OR "creator-u1")',
    ]
    assert ids(app, "*:*", fq=fq) == ["a"]
    fq[0] = " +state:(active OR draft)"
    fq[2] = '+permission_labels:("member-org1" OR "creator-u1")'
    assert ids(app, "*:*", fq=fq, sort="id asc") == ["b", "c"]


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("title:(", "Cannot parse"),
        ('title:"open', "Cannot parse"),
        ("title:a:b", "Cannot parse"),
        ("--title:a", "Cannot parse"),
        ("NOT -title:a", "Cannot parse"),
        ("metadata_modified:yesterday", "Invalid Date String"),
        ("views_recent:many", "Invalid Number"),
        ("views_recent:1*", "Can't run wildcard queries"),
        ("plain words", "no field name specified"),
    ],
)
def test_errors_are_http_400(app: SolrStandin, q: str, message: str) -> None:
    status, msg = select_error(app, q=q)
    assert status == 400
    assert message in msg


def test_empty_and_missing_q_match_nothing(app: SolrStandin) -> None:
    assert ids(app, "   ") == []
    result = select(app, fl="id")
    assert result["response"] == {
        "numFound": 0,
        "start": 0,
        "numFoundExact": True,
        "docs": [],
    }


def test_ngram_field_matches_substrings(app: SolrStandin) -> None:
    assert ids(app, "title_ngram:xpend", sort="id asc") == ["a", "b"]
    assert ids(app, "title_ngram:ees") == ["c"]
    assert ids(app, "title_ngram:x") == []
