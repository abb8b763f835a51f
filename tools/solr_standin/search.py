"""The ``/select`` request handler: q, fq, sort, paging, fl and facets."""

from __future__ import annotations

import fnmatch
import re
import time
from typing import Any

from .dismax import DisMaxSettings, dismax_query, edismax_query, parse_qf
from .errors import SolrError
from .index import Index
from .localparams import parse_local_params
from .lucene import QueryBuilder, combine
from .params import Params
from .queries import (
    FILTER,
    MUST,
    MUST_NOT,
    SHOULD,
    BooleanQuery,
    Query,
    Scores,
    TermQuery,
)
from .schema import TEXT, Schema

_BOOL_CLAUSES = (
    ("must", MUST),
    ("should", SHOULD),
    ("must_not", MUST_NOT),
    ("filter", FILTER),
)
# Solr 7.2+ honours local params in q only for these defType values.
_LOCAL_PARAMS_IN_Q = ("lucene", "func")


def parse_query(
    text: str | None,
    params: Params,
    schema: Schema,
    now_ms: int,
    parser: str,
    allow_local_params: bool,
) -> Query | None:
    """Parse one q/fq value; None means the query matches nothing (or, for an
    fq, filters nothing out)."""
    if text is None:
        return None
    if allow_local_params:
        local = parse_local_params(text.lstrip(), params.data)
        if local is not None:
            params = params.overlay(local.params)
            parser = local.get("type") or "lucene"
            text = local.get("v") if "v" in local.params else local.rest
            assert text is not None
    df = params.get("df")
    default_and = (params.get("q.op") or "OR").upper() == "AND"
    builder = QueryBuilder(
        schema,
        default_field=df,
        default_and=default_and,
        now_ms=now_ms,
        multi_token_and=default_and,
    )
    if parser in ("lucene", "standard"):
        return builder.parse(text) if text.strip() else None
    if parser in ("dismax", "edismax"):
        if not text.strip():
            alt = params.get("q.alt")
            return builder.parse(alt) if alt else None
        qf = parse_qf(params.get("qf") or df or "")
        if not qf:
            raise SolrError(
                400, "neither qf nor df specified for the dismax query parser"
            )
        default_mm = "100%" if builder.default_and else "0%"
        settings = DisMaxSettings(
            qf, params.get("mm") or default_mm, params.get_float("tie", 0.0)
        )
        build = dismax_query if parser == "dismax" else edismax_query
        return build(builder, text, settings)
    if parser == "bool":
        clauses: list[tuple[str, Query]] = []
        for name, occur in _BOOL_CLAUSES:
            for value in params.getlist(name):
                sub = parse_query(value, params, schema, now_ms, "lucene", True)
                if sub is not None:
                    clauses.append((occur, sub))
        return BooleanQuery(clauses) if clauses else None
    if parser in ("term", "terms", "field"):
        return _field_parser(parser, text, params, builder)
    raise SolrError(400, f"Unknown query parser '{parser}'")


def _field_parser(
    parser: str, text: str, params: Params, builder: QueryBuilder
) -> Query | None:
    name = params.get("f")
    if not name:
        raise SolrError(
            400, f"Missing field name parameter 'f' for the {parser} query parser"
        )
    fdef = builder.schema.required_field(name)
    if parser == "field":
        return builder.term_query(fdef, text, phrase=True)

    def term(value: str) -> Query | None:
        # The term parsers skip analysis: the value is the indexed term.
        if fdef.type.kind == TEXT:
            return TermQuery(name, value)
        return builder.term_query(fdef, value, phrase=False)

    if parser == "term":
        return term(text)
    separator = params.get("separator") or ","
    queries = [q for v in text.split(separator) if (q := term(v.strip())) is not None]
    return combine([(SHOULD, q) for q in queries])


def _parse_sort(spec: str, schema: Schema) -> list[tuple[str, bool]]:
    """[(field or 'score', descending)]"""
    keys: list[tuple[str, bool]] = []
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        parts = item.split()
        if len(parts) != 2 or parts[1].lower() not in ("asc", "desc"):
            raise SolrError(
                400, f"Can't determine a Sort Order (asc or desc) in sort spec '{item}'"
            )
        name, descending = parts[0], parts[1].lower() == "desc"
        if name != "score":
            fdef = schema.field(name)
            if fdef is None:
                raise SolrError(400, f"sort param field can't be found: {name}")
            if not fdef.indexed:
                raise SolrError(400, f"can not sort on unindexed field: {name}")
            if fdef.multi_valued:
                raise SolrError(400, f"can not sort on multivalued field: {name}")
            if fdef.type.kind == TEXT:
                raise SolrError(400, f"can not sort on a tokenized text field: {name}")
        keys.append((name, descending))
    return keys


def _sorted_ids(
    index: Index, scores: Scores, keys: list[tuple[str, bool]]
) -> list[int]:
    # Ties fall back to index order, as in Lucene; sorting by the least
    # significant key first relies on Python's stable sort.
    order = sorted(scores)
    for name, descending in reversed(keys or [("score", True)]):
        if name == "score":
            order.sort(key=scores.__getitem__, reverse=descending)
            continue
        values = index.field_index(name).values
        present = [d for d in order if d in values]
        missing = [d for d in order if d not in values]
        present.sort(key=lambda d: values[d][0], reverse=descending)
        order = present + missing
    return order


def _field_list(fl: str | None) -> tuple[list[str], bool]:
    tokens = [t for t in re.split(r"[\s,]+", fl or "") if t]
    if not tokens:
        return ["*"], False
    return [t for t in tokens if t != "score"], "score" in tokens


def _facet_counts(index: Index, name: str, docs: set[int]) -> dict[str, int]:
    index.schema.required_field(name)
    counts: dict[str, int] = {}
    # One C-level set intersection per term beats visiting every document.
    for term, per_doc in index.field_index(name).postings.items():
        n = (
            len(docs.intersection(per_doc))
            if len(per_doc) < len(docs)
            else len(per_doc.keys() & docs)
        )
        if n:
            counts[term] = n
    return counts


def _facets(index: Index, params: Params, docs: set[int]) -> dict[str, Any]:
    fields: dict[str, list[Any]] = {}
    for spec in params.getlist("facet.field"):
        local = parse_local_params(spec, params.data)
        name = local.rest.strip() if local else spec.strip()
        key = (local.get("key") if local else None) or name
        limit = params.get_int("facet.limit", 100, field=name)
        mincount = params.get_int("facet.mincount", 0, field=name)
        offset = params.get_int("facet.offset", 0, field=name)
        prefix = params.field_param(name, "facet.prefix") or ""
        order = params.field_param(name, "facet.sort") or (
            "count" if limit > 0 else "index"
        )
        counts = _facet_counts(index, name, docs)
        if mincount <= 0:
            for term in index.field_index(name).postings:
                counts.setdefault(term, 0)
        items = [
            (t, c) for t, c in counts.items() if c >= mincount and t.startswith(prefix)
        ]
        if order in ("count", "true"):
            items.sort(key=lambda tc: (-tc[1], tc[0]))
        else:
            items.sort()
        items = items[offset:]
        if limit >= 0:
            items = items[:limit]
        fields[key] = [x for pair in items for x in pair]
    return {
        "facet_queries": {},
        "facet_fields": fields,
        "facet_ranges": {},
        "facet_intervals": {},
        "facet_heatmaps": {},
    }


def select(index: Index, params: Params, now_ms: int) -> dict[str, Any]:
    started = time.perf_counter()
    schema = index.schema
    def_type = params.get("defType") or "lucene"
    main = parse_query(
        params.get("q"),
        params,
        schema,
        now_ms,
        def_type,
        def_type in _LOCAL_PARAMS_IN_Q,
    )
    filters = [
        parse_query(fq, params, schema, now_ms, "lucene", True)
        for fq in params.getlist("fq")
        if fq.strip()
    ]
    sort_keys = _parse_sort(params.get("sort") or "", schema)
    start = params.get_int("start", 0)
    rows = params.get_int("rows", 10)
    if start < 0 or rows < 0:
        raise SolrError(400, "'start' and 'rows' must not be negative")
    patterns, want_score = _field_list(params.get("fl"))

    with index.lock:
        scores = main.run(index) if main is not None else {}
        for fq in filters:
            if fq is not None and scores:
                keep = fq.docs(index)
                scores = {d: scores[d] for d in scores.keys() & keep}
        page = (
            _sorted_ids(index, scores, sort_keys)[start : start + rows] if rows else []
        )
        docs = []
        for d in page:
            stored = index.docs[d].stored
            doc = {
                name: value
                for name, value in stored.items()
                if any(fnmatch.fnmatchcase(name, p) for p in patterns)
            }
            if want_score:
                doc["score"] = scores[d]
            docs.append(doc)
        facets = (
            _facets(index, params, set(scores)) if params.get_bool("facet") else None
        )

    response: dict[str, Any] = {
        "numFound": len(scores),
        "start": start,
        "numFoundExact": True,
        "docs": docs,
    }
    if want_score:
        response["maxScore"] = max(scores.values(), default=0.0)
    result: dict[str, Any] = {
        "responseHeader": {
            "status": 0,
            "QTime": int((time.perf_counter() - started) * 1000),
            "params": params.echo(),
        },
        "response": response,
    }
    if facets is not None:
        result["facet_counts"] = facets
    return result
