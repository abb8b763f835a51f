"""Free-text search the way CKAN's package_search sends it."""

from __future__ import annotations

from typing import Any

import pytest

from solr_standin.dismax import min_should_match, parse_qf
from solr_standin.server import SolrStandin

from .conftest import add, dataset, ids, select_error

CKAN = {
    "defType": "dismax",
    "qf": "name^4 title^4 tags^2 groups^2 text",
    "mm": "2<-1 5<80%",
    "tie": "0.1",
    "q.op": "AND",
    "df": "text",
}


@pytest.mark.parametrize(
    ("optional", "spec", "expected"),
    [
        (1, "2<-1 5<80%", 1),
        (2, "2<-1 5<80%", 2),
        (3, "2<-1 5<80%", 2),
        (5, "2<-1 5<80%", 4),
        (6, "2<-1 5<80%", 4),
        (10, "2<-1 5<80%", 8),
        (4, "100%", 4),
        (4, "0%", 0),
        (4, "-1", 3),
        (4, "75%", 3),
        (4, "-25%", 3),
        (3, "5", 3),
    ],
)
def test_min_should_match(optional: int, spec: str, expected: int) -> None:
    assert min_should_match(optional, spec) == expected


def test_parse_qf() -> None:
    assert parse_qf("name^4 title^4 text") == [
        ("name", 4.0),
        ("title", 4.0),
        ("text", 1.0),
    ]


@pytest.fixture
def app(app: SolrStandin) -> SolrStandin:
    add(
        app,
        dataset("verycomplexnameoffirstdataset", title="first"),
        dataset("first-record", title="Government Expenditure", tags=["split todo"]),
        dataset(
            "second-record", title="Government Extra Expenditure", tags=["capitals"]
        ),
        dataset(
            "third", title="Bees report", tags=["Flexible \u30a1"], notes="Números"
        ),
        dataset(
            "council-owned-litter-bins",
            extras_spatial_reference_system="test-spatial",
            title="Litter bins",
        ),
    )
    return app


def search(app: SolrStandin, q: str, **extra: Any) -> list[str]:
    return ids(app, q, **{**CKAN, **extra})


def test_single_words(app: SolrStandin) -> None:
    assert search(app, "verycomplexnameoffirstdataset") == [
        "verycomplexnameoffirstdataset"
    ]
    assert sorted(search(app, "record")) == ["first-record", "second-record"]
    assert search(app, "CAPITALS") == ["second-record"]
    assert search(app, "spatial") == ["council-owned-litter-bins"]
    assert search(app, "numeros") == ["third"]


def test_phrases_keep_word_order(app: SolrStandin) -> None:
    assert search(app, '"Government Expenditure"') == ["first-record"]
    assert search(app, '"Expenditure Government"') == []


def test_every_clause_of_a_short_query_must_match(app: SolrStandin) -> None:
    assert search(app, "todo split") == ["first-record"]
    assert search(app, "Flexible \u30a1") == ["third"]
    assert search(app, "bees government") == []


def test_mm_relaxes_longer_queries(app: SolrStandin) -> None:
    # Three optional clauses with mm "2<-1": two of three suffice.
    assert search(app, "government expenditure unicorns") == [
        "first-record",
        "second-record",
    ]
    assert search(app, "government unicorns dragons") == []


def test_plus_minus_and_not(app: SolrStandin) -> None:
    assert search(app, "government -extra") == ["first-record"]
    assert search(app, "government NOT extra") == ["first-record"]
    assert search(app, "+government +extra") == ["second-record"]


def test_scores_prefer_boosted_fields(app: SolrStandin) -> None:
    add(app, dataset("notes-only", notes="first"))
    ranked = search(app, "first", sort="score desc")
    assert ranked[0] == "verycomplexnameoffirstdataset"
    assert set(ranked) == {
        "verycomplexnameoffirstdataset",
        "first-record",
        "notes-only",
    }


def test_dismax_treats_wildcards_as_text(app: SolrStandin) -> None:
    assert search(app, "gov*") == []


def test_dismax_strips_stray_operators_like_solr(app: SolrStandin) -> None:
    assert search(app, "bees - -") == ["third"]
    assert search(app, "bees +- report") == ["third"]
    for q in ("--included", "- bees"):
        status, msg = select_error(app, q=q, **CKAN)
        assert status == 400
        assert "Cannot parse" in msg
    # Edismax retries a query it cannot parse instead of failing.
    assert "third" not in search(app, "--bees", defType="edismax")


def test_edismax_understands_fields_and_falls_back_on_errors(app: SolrStandin) -> None:
    assert search(app, "title:bees", defType="edismax") == ["third"]
    assert search(app, "government title:extra", defType="edismax") == ["second-record"]
    assert search(app, "gov*", defType="edismax", sort="name asc") == [
        "first-record",
        "second-record",
    ]
    assert search(app, "bees (", defType="edismax", mm="1") == ["third"]
