"""Executable query objects, the stand-in's equivalent of Lucene queries.

Every query evaluates to ``Scores``: the matching document ids mapped to a
relevance score. Scoring is BM25 (Lucene's default since Solr 7) with Lucene's
constants, so ``sort=score desc`` orders results the way Solr roughly would.
Filter queries need no scores; ``docs`` gives just the matching ids, which
for terms and boolean combinations of them is plain set algebra.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from typing import Any

from .index import FieldIndex, Index

Scores = dict[int, float]

MUST, SHOULD, MUST_NOT, FILTER = "MUST", "SHOULD", "MUST_NOT", "FILTER"

_K1 = 1.2
_B = 0.75


def _idf(doc_count: int, doc_freq: int) -> float:
    return math.log(1 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))


class _Norms:
    """BM25 length normalisation of one field: k1 * (1 - b + b * length / avg)."""

    def __init__(self, findex: FieldIndex) -> None:
        self.lengths = findex.lengths
        if self.lengths:
            avg = findex.length_total / len(self.lengths) or 1.0
            self.base = _K1 * (1 - _B)
            self.per_token = _K1 * _B / avg
        else:
            # Non-text fields omit norms: every document counts as average.
            self.base = _K1
            self.per_token = 0.0

    def tf(self, docid: int, freq: float) -> float:
        return freq / (freq + self.base + self.per_token * self.lengths.get(docid, 0))


@dataclass
class Query:
    boost: float = field(default=1.0, kw_only=True)

    def run(self, index: Index) -> Scores:
        raise NotImplementedError

    def docs(self, index: Index) -> Set[int]:
        return self.run(index).keys()


@dataclass
class MatchAll(Query):
    def run(self, index: Index) -> Scores:
        return dict.fromkeys(index.docs, self.boost)

    def docs(self, index: Index) -> Set[int]:
        return index.docs.keys()


@dataclass
class TermQuery(Query):
    field: str
    term: str
    # (min, max) gram sizes when the field is n-gram analysed.
    ngram: tuple[int, int] | None = None

    def run(self, index: Index) -> Scores:
        findex = index.field_index(self.field)
        if self.ngram is not None:
            return self._run_ngram(findex)
        per_doc = findex.postings.get(self.term)
        if not per_doc:
            return {}
        weight = self.boost * _idf(findex.doc_count(), len(per_doc))
        norms = _Norms(findex)
        return {d: weight * norms.tf(d, len(p)) for d, p in per_doc.items()}

    def docs(self, index: Index) -> Set[int]:
        if self.ngram is not None:
            return self.run(index).keys()
        per_doc = index.field_index(self.field).postings.get(self.term)
        return per_doc.keys() if per_doc else set()

    def _run_ngram(self, findex: FieldIndex) -> Scores:
        assert self.ngram is not None
        low, high = self.ngram
        if not low <= len(self.term) <= high:
            return {}
        freqs = {
            d: n
            for d, values in findex.ngram_sources.items()
            if (n := sum(v.count(self.term) for v in values))
        }
        weight = self.boost * _idf(findex.doc_count(), len(freqs))
        return {d: weight * n / (n + _K1) for d, n in freqs.items()}


@dataclass
class PhraseQuery(Query):
    field: str
    # (term, position relative to the phrase start)
    terms: list[tuple[str, int]]
    slop: int = 0

    def run(self, index: Index) -> Scores:
        findex = index.field_index(self.field)
        lists = [findex.postings.get(t) for t, _ in self.terms]
        if not all(lists):
            return {}
        postings = [p for p in lists if p is not None]
        candidates = set(min(postings, key=len))
        for p in postings:
            candidates.intersection_update(p)
        doc_count = findex.doc_count()
        weight = self.boost * sum(_idf(doc_count, len(p)) for p in postings)
        norms = _Norms(findex)
        scores: Scores = {}
        for d in candidates:
            freq = self._frequency([p[d] for p in postings])
            if freq:
                scores[d] = weight * norms.tf(d, freq)
        return scores

    def _frequency(self, positions: list[list[int]]) -> float:
        offsets = [rel for _, rel in self.terms]
        if self.slop == 0:
            rest = [set(p) for p in positions[1:]]
            return sum(
                1
                for start in positions[0]
                if all(
                    start - offsets[0] + offsets[i + 1] in rest[i]
                    for i in range(len(rest))
                )
            )
        # Sloppy match: some choice of one position per term whose distances
        # from where the phrase wants them differ by at most the slop.
        # Lucene weighs each match by 1/(distance+1); so do we.
        events = sorted(
            (pos - offsets[i], i) for i, plist in enumerate(positions) for pos in plist
        )
        need = len(positions)
        counts = [0] * need
        covered = 0
        best = 0.0
        left = 0
        for shift, term_no in events:
            if counts[term_no] == 0:
                covered += 1
            counts[term_no] += 1
            while covered == need:
                distance = shift - events[left][0]
                if distance <= self.slop:
                    best = max(best, 1.0 / (distance + 1))
                left_term = events[left][1]
                counts[left_term] -= 1
                if counts[left_term] == 0:
                    covered -= 1
                left += 1
        return best


@dataclass
class TermSetQuery(Query):
    """Matches documents holding any term the predicate accepts (wildcards,
    regexes, fuzzy terms, ranges over text); constant score like Lucene's
    rewritten multi-term queries."""

    field: str
    accept: Callable[[str], bool]

    def run(self, index: Index) -> Scores:
        return dict.fromkeys(self.docs(index), self.boost)

    def docs(self, index: Index) -> Set[int]:
        matched: set[int] = set()
        for term, per_doc in index.field_index(self.field).postings.items():
            if self.accept(term):
                matched.update(per_doc)
        return matched


@dataclass
class ValueRangeQuery(Query):
    """A range over the typed values of a non-text field (None = unbounded)."""

    field: str
    low: Any
    high: Any
    include_low: bool = True
    include_high: bool = True

    def run(self, index: Index) -> Scores:
        low, high = self.low, self.high
        inc_low, inc_high = self.include_low, self.include_high

        def inside(v: Any) -> bool:
            if low is not None and (v < low or (v == low and not inc_low)):
                return False
            if high is not None and (v > high or (v == high and not inc_high)):
                return False
            return True

        values = index.field_index(self.field).values
        return {d: self.boost for d, vs in values.items() if any(map(inside, vs))}


@dataclass
class ExistsQuery(Query):
    field: str

    def run(self, index: Index) -> Scores:
        return dict.fromkeys(self.docs(index), self.boost)

    def docs(self, index: Index) -> Set[int]:
        findex = index.field_index(self.field)
        if findex.lengths:
            return {d for d, n in findex.lengths.items() if n}
        if findex.ngram_sources:
            return {d for d, vs in findex.ngram_sources.items() if any(vs)}
        return findex.values.keys()


@dataclass
class BooleanQuery(Query):
    clauses: list[tuple[str, Query]]
    min_should_match: int = 0

    def run(self, index: Index) -> Scores:
        required = [(o, q.run(index)) for o, q in self.clauses if o in (MUST, FILTER)]
        optional = [q.run(index) for o, q in self.clauses if o == SHOULD]
        excluded = [q.run(index) for o, q in self.clauses if o == MUST_NOT]

        if required:
            required.sort(key=lambda item: len(item[1]))
            (first_occur, first), rest = required[0], required[1:]
            result: Scores = {}
            for d, s in first.items():
                total = s if first_occur == MUST else 0.0
                for occur, scores in rest:
                    v = scores.get(d)
                    if v is None:
                        break
                    if occur == MUST:
                        total += v
                else:
                    result[d] = total
            needed = self.min_should_match
        elif optional:
            result = {}
            for scores in optional:
                for d in scores:
                    result[d] = 0.0
            needed = max(1, self.min_should_match)
        else:
            # A purely negative clause list matches everything else, as Solr
            # makes such queries usable instead of matching nothing.
            result = dict.fromkeys(index.docs, 1.0)
            needed = 0

        if optional:
            counts = dict.fromkeys(result, 0)
            for scores in optional:
                for d, s in scores.items():
                    if d in result:
                        result[d] += s
                        counts[d] += 1
            if needed:
                result = {d: s for d, s in result.items() if counts[d] >= needed}
        for scores in excluded:
            for d in scores:
                result.pop(d, None)
        if self.boost != 1.0:
            result = {d: s * self.boost for d, s in result.items()}
        return result

    def docs(self, index: Index) -> Set[int]:
        if self.min_should_match > 1:
            return self.run(index).keys()
        required = [q.docs(index) for o, q in self.clauses if o in (MUST, FILTER)]
        optional = [q.docs(index) for o, q in self.clauses if o == SHOULD]
        excluded = [q.docs(index) for o, q in self.clauses if o == MUST_NOT]
        result: set[int]
        if required:
            required.sort(key=len)
            result = set(required[0])
            for other in required[1:]:
                result &= other
            if self.min_should_match and optional:
                result &= set().union(*optional)
        elif optional:
            result = set().union(*optional)
        else:
            result = set(index.docs)
        for other in excluded:
            result -= other
        return result


@dataclass
class DisMaxQuery(Query):
    disjuncts: list[Query]
    tie: float = 0.0

    def run(self, index: Index) -> Scores:
        best: Scores = {}
        total: Scores = {}
        for q in self.disjuncts:
            for d, s in q.run(index).items():
                total[d] = total.get(d, 0.0) + s
                if s > best.get(d, -1.0):
                    best[d] = s
        return {
            d: self.boost * (b + self.tie * (total[d] - b)) for d, b in best.items()
        }

    def docs(self, index: Index) -> Set[int]:
        return set().union(*(q.docs(index) for q in self.disjuncts))


def regex_predicate(pattern: str) -> Callable[[str], bool]:
    """A matcher accepting the terms the regular expression fully matches."""
    regex = re.compile(pattern, re.DOTALL)
    return lambda term: regex.fullmatch(term) is not None


def edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """Damerau (optimal string alignment) distance <= limit, as Lucene's FuzzyQuery."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit
