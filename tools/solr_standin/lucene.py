"""Turn Lucene query syntax (parsed by luqum) into executable queries.

luqum builds a precedence tree (AND binds tighter than OR), but Lucene's
classic parser, which Solr uses, has no precedence: it reads a flat clause
list and lets each AND/OR conjunction adjust the clause before it. To get
Solr's answers the tree is flattened back into that clause list and Lucene's
``addClause`` rules are replayed on it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from luqum import tree as lt
from luqum.exceptions import ParseError
from luqum.parser import parser as _luqum_parser

from .errors import QuerySyntaxError, SolrError
from .queries import (
    MUST,
    MUST_NOT,
    SHOULD,
    BooleanQuery,
    ExistsQuery,
    MatchAll,
    PhraseQuery,
    Query,
    TermQuery,
    TermSetQuery,
    ValueRangeQuery,
    edit_distance_at_most,
    regex_predicate,
)
from .schema import BINARY, FLOAT, INT, STRING, TEXT, FieldDef, Schema

# Conjunctions and modifiers, as in Lucene's QueryParserBase.
CONJ_NONE, CONJ_AND, CONJ_OR = 0, 1, 2
MOD_NONE, MOD_REQ, MOD_NOT = 0, 1, 2

# ply parsers keep state in the parser object, so parses must not overlap.
_PARSE_LOCK = threading.Lock()
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def parse_lucene(text: str) -> lt.Item:
    with _PARSE_LOCK:
        try:
            return _luqum_parser.parse(text)
        except ParseError as e:
            raise QuerySyntaxError(text, str(e)) from None


def unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def flatten(node: lt.Item) -> list[tuple[int, lt.Item]]:
    """The (conjunction, operand) sequence of a run of boolean operations."""
    if isinstance(node, (lt.AndOperation, lt.OrOperation, lt.UnknownOperation)):
        if isinstance(node, lt.AndOperation):
            conj = CONJ_AND
        elif isinstance(node, lt.OrOperation):
            conj = CONJ_OR
        else:
            conj = CONJ_NONE
        out: list[tuple[int, lt.Item]] = []
        for i, operand in enumerate(node.operands):
            sub = flatten(operand)
            if i:
                sub[0] = (conj, sub[0][1])
            out.extend(sub)
        return out
    return [(CONJ_NONE, node)]


def has_explicit_operators(tree: lt.Item) -> bool:
    return any(
        conj != CONJ_NONE or (isinstance(item, lt.Word) and item.value in ("&&", "||"))
        for conj, item in flatten(tree)
    )


def add_clause(
    clauses: list[tuple[str, Query]],
    conj: int,
    mods: int,
    query: Query | None,
    default_and: bool,
) -> None:
    """Lucene's QueryParserBase.addClause."""
    if clauses and conj == CONJ_AND and clauses[-1][0] != MUST_NOT:
        clauses[-1] = (MUST, clauses[-1][1])
    if clauses and default_and and conj == CONJ_OR and clauses[-1][0] != MUST_NOT:
        clauses[-1] = (SHOULD, clauses[-1][1])
    if query is None:
        return
    prohibited = mods == MOD_NOT
    if default_and:
        required = not prohibited and conj != CONJ_OR
    else:
        required = mods == MOD_REQ or (conj == CONJ_AND and not prohibited)
    clauses.append((MUST_NOT if prohibited else MUST if required else SHOULD, query))


def combine(
    clauses: list[tuple[str, Query]], min_should_match: int = 0
) -> Query | None:
    if not clauses:
        return None
    if len(clauses) == 1 and clauses[0][0] != MUST_NOT:
        return clauses[0][1]
    return BooleanQuery(clauses, min_should_match)


def _wildcard_regex(raw: str, normalize: Callable[[str], str]) -> str | None:
    """A regex for an unescaped-wildcard term, or None when it has no wildcard."""
    parts: list[str] = []
    wild = False
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            parts.append(re.escape(normalize(raw[i + 1])))
            i += 2
            continue
        if c == "*":
            parts.append(".*")
            wild = True
        elif c == "?":
            parts.append(".")
            wild = True
        else:
            parts.append(re.escape(normalize(c)))
        i += 1
    return "".join(parts) if wild else None


@dataclass
class QueryBuilder:
    schema: Schema
    default_field: str | None
    # q.op: whether implicit operators mean AND.
    default_and: bool
    now_ms: int
    # How the words of one term that analyses to several tokens combine.
    multi_token_and: bool = True
    # Builds unfielded clauses (edismax spreads them over qf); None uses df.
    unfielded: Callable[[lt.Item], Query | None] | None = None

    def parse(self, text: str) -> Query | None:
        return self.build(parse_lucene(text), None)

    def build(self, node: lt.Item, field: str | None) -> Query | None:
        if isinstance(
            node,
            (
                lt.AndOperation,
                lt.OrOperation,
                lt.UnknownOperation,
                lt.Plus,
                lt.Prohibit,
                lt.Not,
            ),
        ):
            return self._clauses(node, field)
        if isinstance(node, (lt.Group, lt.FieldGroup)):
            return self.build(node.expr, field)
        if isinstance(node, lt.SearchField):
            return self._search_field(node)
        if isinstance(node, lt.Boost):
            query = self.build(node.expr, field)
            if query is not None:
                query.boost *= float(node.force if node.force is not None else 1)
            return query
        if field is None:
            if self.unfielded is not None:
                return self.unfielded(node)
            if not self.default_field:
                raise SolrError(
                    400,
                    "no field name specified in query and no default specified "
                    "via 'df' param",
                )
            field = self.default_field
        return self.field_query(node, field)

    def _search_field(self, node: lt.SearchField) -> Query | None:
        name = unescape(node.name)
        if isinstance(node.expr, lt.SearchField):
            raise QuerySyntaxError(str(node))
        if name == "*":
            if isinstance(node.expr, lt.Word) and node.expr.value == "*":
                return MatchAll()
            raise SolrError(400, "undefined field *")
        return self.build(node.expr, name)

    def _clauses(self, node: lt.Item, field: str | None) -> Query | None:
        clauses: list[tuple[str, Query]] = []
        pending = CONJ_NONE
        for conj, item in flatten(node):
            if isinstance(item, lt.Word) and item.value in ("&&", "||"):
                pending = CONJ_AND if item.value == "&&" else CONJ_OR
                continue
            conj = conj or pending
            pending = CONJ_NONE
            mods = MOD_NONE
            if isinstance(item, (lt.Plus, lt.Prohibit, lt.Not)):
                mods = MOD_REQ if isinstance(item, lt.Plus) else MOD_NOT
                item = item.a
                # Lucene allows one modifier per clause; luqum accepts "--a".
                if isinstance(item, (lt.Plus, lt.Prohibit, lt.Not)):
                    raise QuerySyntaxError(str(node))
            if (
                isinstance(item, lt.Word)
                and item.value.startswith("!")
                and len(item.value) > 1
            ):
                mods = MOD_NOT
                item = lt.Word(item.value[1:])
            add_clause(clauses, conj, mods, self.build(item, field), self.default_and)
        return combine(clauses)

    def field_query(self, node: lt.Item, field: str) -> Query | None:
        fdef = self.schema.required_field(field)
        if isinstance(node, lt.Word):
            return self._word(fdef, node.value)
        if isinstance(node, lt.Phrase):
            return self.term_query(fdef, unescape(node.value[1:-1]), phrase=True)
        if isinstance(node, lt.Proximity) and isinstance(node.term, lt.Phrase):
            slop = int(node.degree) if node.degree is not None else 0
            return self.term_query(
                fdef, unescape(node.term.value[1:-1]), phrase=True, slop=slop
            )
        if isinstance(node, lt.Fuzzy) and isinstance(node.term, lt.Word):
            return self._fuzzy(fdef, node)
        if isinstance(node, lt.Regex):
            return self._regex(fdef, node.value[1:-1])
        if isinstance(node, lt.Range):
            return self._range(fdef, node)
        raise QuerySyntaxError(str(node), "syntax not supported by the Solr stand-in")

    def _multiterm_normalizer(self, fdef: FieldDef) -> Callable[[str], str]:
        analyzer = fdef.type.query_analyzer
        return analyzer.normalize if analyzer is not None else str

    def _require_string_like(self, fdef: FieldDef, what: str) -> None:
        if fdef.type.kind not in (STRING, TEXT):
            raise SolrError(
                400,
                f"Can't run {what} queries on field {fdef.name} "
                f"of type {fdef.type.name}",
            )

    def _word(self, fdef: FieldDef, raw: str) -> Query | None:
        if raw == "*":
            return ExistsQuery(fdef.name)
        regex = _wildcard_regex(raw, self._multiterm_normalizer(fdef))
        if regex is not None:
            self._require_string_like(fdef, "wildcard")
            return TermSetQuery(fdef.name, regex_predicate(regex))
        return self.term_query(fdef, unescape(raw), phrase=False)

    def typed(self, fdef: FieldDef, text: str) -> object:
        try:
            return fdef.type.to_value(text, self.now_ms)
        except ValueError as e:
            message = (
                f"Invalid Number: {text}" if fdef.type.kind in (INT, FLOAT) else str(e)
            )
            raise SolrError(400, message) from None

    def term_query(
        self, fdef: FieldDef, text: str, phrase: bool, slop: int = 0
    ) -> Query | None:
        kind = fdef.type.kind
        if kind == TEXT:
            return self._text_query(fdef, text, phrase, slop)
        if kind in (STRING, BINARY):
            return TermQuery(fdef.name, text)
        return TermQuery(fdef.name, fdef.type.term(self.typed(fdef, text)))

    def _text_query(
        self, fdef: FieldDef, text: str, phrase: bool, slop: int
    ) -> Query | None:
        analyzer = fdef.type.query_analyzer
        index_analyzer = fdef.type.index_analyzer
        assert analyzer is not None and index_analyzer is not None
        ngram = index_analyzer.ngram
        tokens = analyzer.analyze(text)
        if not tokens:
            return None
        by_position: dict[int, list[str]] = {}
        for term, pos in tokens:
            terms = by_position.setdefault(pos, [])
            if term not in terms:
                terms.append(term)
        if phrase and ngram is None and len(by_position) > 1:
            start = tokens[0][1]
            return PhraseQuery(fdef.name, [(t, p - start) for t, p in tokens], slop)
        groups: list[Query] = []
        for terms in by_position.values():
            queries: list[Query] = [TermQuery(fdef.name, t, ngram) for t in terms]
            groups.append(
                queries[0]
                if len(queries) == 1
                else BooleanQuery([(SHOULD, q) for q in queries])
            )
        occur = MUST if phrase or self.multi_token_and else SHOULD
        return combine([(occur, q) for q in groups])

    def _fuzzy(self, fdef: FieldDef, node: lt.Fuzzy) -> Query:
        self._require_string_like(fdef, "fuzzy")
        text = self._multiterm_normalizer(fdef)(unescape(node.term.value))
        degree = float(node.degree) if node.degree is not None else 2.0
        # Lucene caps edits at 2; luqum reports a bare "~" as 0.5, which in
        # Lucene's legacy similarity notation also means the maximum.
        edits = min(2, int(degree)) if degree >= 1 else 2
        return TermSetQuery(
            fdef.name, lambda term: edit_distance_at_most(term, text, edits)
        )

    def _regex(self, fdef: FieldDef, pattern: str) -> Query:
        self._require_string_like(fdef, "regex")
        try:
            return TermSetQuery(fdef.name, regex_predicate(pattern))
        except re.error as e:
            raise SolrError(
                400, f"Invalid regular expression /{pattern}/: {e}"
            ) from None

    def _range(self, fdef: FieldDef, node: lt.Range) -> Query:
        def bound(item: lt.Item) -> str | None:
            if isinstance(item, lt.Word) and item.value == "*":
                return None
            if isinstance(item, lt.Phrase):
                return unescape(item.value[1:-1])
            return unescape(str(item.value))

        low, high = bound(node.low), bound(node.high)
        inc_low, inc_high = bool(node.include_low), bool(node.include_high)
        kind = fdef.type.kind
        if kind == TEXT:
            normalize = self._multiterm_normalizer(fdef)
            lo = normalize(low) if low is not None else None
            hi = normalize(high) if high is not None else None

            def accept(term: str) -> bool:
                if lo is not None and (term < lo or (term == lo and not inc_low)):
                    return False
                return hi is None or term < hi or (term == hi and inc_high)

            return TermSetQuery(fdef.name, accept)
        if kind in (STRING, BINARY):
            return ValueRangeQuery(fdef.name, low, high, inc_low, inc_high)
        return ValueRangeQuery(
            fdef.name,
            self.typed(fdef, low) if low is not None else None,
            self.typed(fdef, high) if high is not None else None,
            inc_low,
            inc_high,
        )
