"""The dismax and edismax query parsers: free text spread over ``qf`` fields.

Each user clause becomes a disjunction over the query fields (best field
score plus ``tie`` times the others), and ``mm`` decides how many optional
clauses must match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from luqum import tree as lt

from .errors import QuerySyntaxError, SolrError
from .lucene import (
    CONJ_AND,
    CONJ_NONE,
    CONJ_OR,
    MOD_NONE,
    MOD_NOT,
    MOD_REQ,
    QueryBuilder,
    add_clause,
    combine,
    has_explicit_operators,
    parse_lucene,
)
from .queries import SHOULD, BooleanQuery, DisMaxQuery, Query

_CLAUSE = re.compile(r'([+-]?)(?:"([^"]*)"|(\S+))')
# Solr's SolrPluginUtils.stripIllegalOperators; operators these leave in
# place (at the very start, say) still reach the Lucene parser and fail it.
_CONSECUTIVE_OPS = re.compile(r"\s+[+-](?:\s*[+-]+)+")
_DANGLING_OPS = re.compile(r"\s+[-+\s]+$")
_MM_CONDITION = re.compile(r"\s*<\s*")


def min_should_match(optional: int, spec: str) -> int:
    """Solr's SolrPluginUtils.calculateMinShouldMatch."""
    spec = spec.strip()
    try:
        if "<" in spec:
            result = optional
            for part in _MM_CONDITION.sub("<", spec).split():
                upper, _, value = part.partition("<")
                if optional <= int(upper):
                    return result
                result = min_should_match(optional, value)
            return result
        if spec.endswith("%"):
            calc = int(optional * int(spec[:-1]) / 100)
            result = optional + calc if calc < 0 else calc
        else:
            calc = int(spec)
            result = optional + calc if calc < 0 else calc
    except ValueError:
        raise SolrError(400, f"Invalid 'mm' parameter: {spec}") from None
    return max(0, min(result, optional))


def parse_qf(qf: str) -> list[tuple[str, float]]:
    fields: list[tuple[str, float]] = []
    for item in qf.replace(",", " ").split():
        name, _, boost = item.partition("^")
        try:
            fields.append((name, float(boost) if boost else 1.0))
        except ValueError:
            raise SolrError(400, f"Invalid boost in qf: {item}") from None
    return fields


@dataclass
class DisMaxSettings:
    qf: list[tuple[str, float]]
    mm: str
    tie: float


def _disjunction(
    builder: QueryBuilder, settings: DisMaxSettings, node: lt.Item
) -> Query | None:
    disjuncts: list[Query] = []
    for name, boost in settings.qf:
        try:
            query = builder.field_query(node, name)
        except SolrError:
            # A clause that is no valid value for a typed field (text against
            # a date field, say) just does not search that field.
            continue
        if query is not None:
            query.boost *= boost
            disjuncts.append(query)
    if not disjuncts:
        return None
    return disjuncts[0] if len(disjuncts) == 1 else DisMaxQuery(disjuncts, settings.tie)


def _apply_mm(query: Query | None, spec: str) -> Query | None:
    if isinstance(query, BooleanQuery):
        optional = sum(1 for occur, _ in query.clauses if occur == SHOULD)
        query.min_should_match = min_should_match(optional, spec)
    return query


def dismax_query(
    builder: QueryBuilder, text: str, settings: DisMaxSettings, lenient: bool = False
) -> Query | None:
    """Dismax keeps only quotes, +/- and AND/OR/NOT of the Lucene syntax.

    A misplaced operator ("--x") is a syntax error, as in Solr, unless
    lenient (edismax's retry) treats it as text.
    """
    if text.count('"') % 2:
        text = text.replace('"', " ")
    if not lenient:
        text = _DANGLING_OPS.sub("", _CONSECUTIVE_OPS.sub(" ", text))
    clauses: list[tuple[str, Query]] = []
    conj, mods = CONJ_NONE, MOD_NONE
    for match in _CLAUSE.finditer(text):
        sign, phrase, word = match.groups()
        if phrase is None and not sign and word in ("AND", "OR", "&&", "||"):
            conj = CONJ_AND if word in ("AND", "&&") else CONJ_OR
            continue
        if phrase is None and not sign and word == "NOT":
            mods = MOD_NOT
            continue
        if not lenient and word is not None and word[0] in "+-":
            raise QuerySyntaxError(text)
        if sign:
            mods = MOD_REQ if sign == "+" else MOD_NOT
        node: lt.Item = (
            lt.Phrase(f'"{phrase}"') if phrase is not None else lt.Word(_escape(word))
        )
        add_clause(
            clauses,
            conj,
            mods,
            _disjunction(builder, settings, node),
            default_and=False,
        )
        conj, mods = CONJ_NONE, MOD_NONE
    return _apply_mm(combine(clauses), settings.mm)


def _escape(word: str) -> str:
    # Dismax treats everything but quotes and +/- literally.
    return re.sub(r'([\\+\-!():^\[\]"{}~*?|&/])', r"\\\1", word)


def edismax_query(
    builder: QueryBuilder, text: str, settings: DisMaxSettings
) -> Query | None:
    """Full Lucene syntax with unfielded clauses spread over qf; on a syntax
    error edismax, like Solr's, falls back to treating the input as text."""
    edismax = replace(
        builder,
        default_and=False,
        unfielded=lambda node: _disjunction(builder, settings, node),
    )
    try:
        tree = parse_lucene(text)
        query = edismax.build(tree, None)
    except QuerySyntaxError:
        return dismax_query(builder, text, settings, lenient=True)
    if has_explicit_operators(tree):
        return query
    return _apply_mm(query, settings.mm)
