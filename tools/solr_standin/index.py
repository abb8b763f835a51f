"""The in-memory document store with inverted indexes.

Every update is visible to the next search at once (as with a Solr
configured for near-real-time soft commits); commits only matter for
persistence. Callers serialise access through ``Index.lock``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .dates import format_date, parse_date
from .errors import SolrError
from .schema import BINARY, DATE, TEXT, FieldDef, Schema


@dataclass
class Document:
    key: str
    # The field values as received (defaults filled in); what gets persisted.
    source: dict[str, list[Any]]
    stored: dict[str, Any]
    # Distinct terms per analysed text field, needed to unindex the document.
    text_terms: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class FieldIndex:
    """Everything indexed for one field across all documents."""

    postings: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    # Typed values of non-text fields, for ranges, sorting and facets.
    values: dict[int, list[Any]] = field(default_factory=dict)
    # Token counts of text fields, for BM25 length normalisation.
    lengths: dict[int, int] = field(default_factory=dict)
    length_total: int = 0
    # Whole normalised values of n-gram fields: an n-gram term matches a
    # document when it is a substring of one of them, which avoids indexing
    # every gram.
    ngram_sources: dict[int, list[str]] = field(default_factory=dict)

    def doc_count(self) -> int:
        return len(self.lengths) or len(self.values) or len(self.ngram_sources)


class Index:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.lock = threading.RLock()
        self.docs: dict[int, Document] = {}
        self.by_key: dict[str, int] = {}
        self.fields: dict[str, FieldIndex] = {}
        self._next_id = 0

    def field_index(self, name: str) -> FieldIndex:
        """The index of a field; empty (and not registered) when nothing has it yet."""
        return self.fields.get(name) or FieldIndex()

    def add(self, raw: Any, now_ms: int) -> None:
        source, doc_values = self._prepare(raw, now_ms)
        key_field = self.schema.required_field(self.schema.unique_key)
        key = key_field.type.term(doc_values[key_field.name][0][1])
        if key in self.by_key:
            self._unindex(self.by_key.pop(key))
        docid = self._next_id
        self._next_id += 1
        stored: dict[str, Any] = {}
        doc = Document(key, source, stored)
        for name, pairs in doc_values.items():
            fdef = self.schema.required_field(name)
            typed = [value for _, value in pairs]
            if fdef.stored:
                out = [fdef.type.output(v) for v in typed]
                stored[name] = out if fdef.multi_valued else out[0]
            if fdef.indexed and fdef.type.kind != BINARY:
                self._index_field(docid, doc, fdef, typed)
        self.docs[docid] = doc
        self.by_key[key] = docid

    def _prepare(
        self, raw: Any, now_ms: int
    ) -> tuple[dict[str, list[Any]], dict[str, list[tuple[Any, Any]]]]:
        """Validate a document.

        Returns its own field values (defaults filled in) and the (raw, typed)
        value pairs of every field, copyField targets included.
        """
        if not isinstance(raw, dict):
            raise SolrError(
                400, f"Expected a JSON object for a document, got: {raw!r}"[:300]
            )
        key = raw.get(self.schema.unique_key)
        label = f"[doc={key}] " if key is not None else ""
        incoming: dict[str, list[Any]] = {}
        for name, value in raw.items():
            values = value if isinstance(value, list) else [value]
            values = [v for v in values if v is not None]
            if any(isinstance(v, (dict, list)) for v in values):
                raise SolrError(
                    400,
                    f"ERROR: {label}Error adding field '{name}': nested documents and "
                    "atomic updates are not supported by the Solr stand-in",
                )
            if values:
                incoming[name] = values
        for fdef in self.schema.fields_with_defaults():
            if fdef.name not in incoming:
                default: Any = fdef.default
                if fdef.type.kind == DATE:
                    # NOW must persist as the instant it resolved to.
                    default = format_date(parse_date(default, now_ms))
                incoming[fdef.name] = [default]

        result: dict[str, list[tuple[Any, Any]]] = {}

        def put(name: str, values: list[Any]) -> None:
            fdef = self.schema.field(name)
            if fdef is None:
                raise SolrError(400, f"ERROR: {label}unknown field '{name}'")
            pairs = result.setdefault(name, [])
            for v in values:
                try:
                    pairs.append((v, fdef.type.to_value(v, now_ms)))
                except ValueError as e:
                    raise SolrError(
                        400, f"ERROR: {label}Error adding field '{name}'='{v}' msg={e}"
                    ) from None

        for name, values in incoming.items():
            put(name, values)
        for name, values in incoming.items():
            for target in self.schema.copy_targets(name):
                put(target, values)
        for name, pairs in result.items():
            fdef = self.schema.required_field(name)
            if len(pairs) > 1 and not fdef.multi_valued:
                shown = ", ".join(str(v) for v, _ in pairs)
                raise SolrError(
                    400,
                    f"ERROR: {label}multiple values encountered for non multiValued "
                    f"field {name}: [{shown}]",
                )
        if self.schema.unique_key not in result:
            raise SolrError(
                400,
                "Document is missing mandatory uniqueKey field: "
                + self.schema.unique_key,
            )
        for fdef in self.schema.fields.values():
            if fdef.required and fdef.name not in result:
                raise SolrError(
                    400, f"ERROR: {label}missing required field: {fdef.name}"
                )
        return incoming, result

    def _index_field(
        self, docid: int, doc: Document, fdef: FieldDef, typed: list[Any]
    ) -> None:
        findex = self.fields.setdefault(fdef.name, FieldIndex())
        ftype = fdef.type
        if ftype.kind != TEXT:
            findex.values[docid] = typed
            for i, value in enumerate(typed):
                findex.postings.setdefault(ftype.term(value), {}).setdefault(
                    docid, []
                ).append(i)
            return
        analyzer = ftype.index_analyzer
        assert analyzer is not None
        if analyzer.ngram is not None:
            findex.ngram_sources[docid] = [
                t for v in typed for t, _ in analyzer.analyze(v)
            ]
            return
        offset = 0
        length = 0
        terms: list[str] = []
        for value in typed:
            tokens = analyzer.analyze(value)
            last = -1
            for term, pos in tokens:
                per_doc = findex.postings.setdefault(term, {})
                positions = per_doc.get(docid)
                if positions is None:
                    per_doc[docid] = positions = []
                    terms.append(term)
                positions.append(offset + pos)
                last = max(last, pos)
            length += len(tokens)
            offset += last + 1 + ftype.position_increment_gap
        findex.lengths[docid] = length
        findex.length_total += length
        doc.text_terms[fdef.name] = terms

    def _unindex(self, docid: int) -> None:
        doc = self.docs.pop(docid)
        for name, findex in self.fields.items():
            values = findex.values.pop(docid, None)
            if values is not None:
                ftype = self.schema.required_field(name).type
                for value in values:
                    self._drop_posting(findex, ftype.term(value), docid)
            findex.ngram_sources.pop(docid, None)
            length = findex.lengths.pop(docid, None)
            if length is not None:
                findex.length_total -= length
        for name, terms in doc.text_terms.items():
            findex = self.fields[name]
            for term in terms:
                self._drop_posting(findex, term, docid)

    @staticmethod
    def _drop_posting(findex: FieldIndex, term: str, docid: int) -> None:
        per_doc = findex.postings.get(term)
        if per_doc is not None:
            per_doc.pop(docid, None)
            if not per_doc:
                del findex.postings[term]

    def delete_keys(self, keys: Iterable[str]) -> int:
        removed = 0
        for key in keys:
            docid = self.by_key.pop(key, None)
            if docid is not None:
                self._unindex(docid)
                removed += 1
        return removed

    def delete_docids(self, docids: Iterable[int]) -> int:
        keys = [self.docs[d].key for d in docids if d in self.docs]
        return self.delete_keys(keys)

    def sources(self) -> list[dict[str, Any]]:
        """The documents as they were added, in index order, for persistence."""
        return [dict(doc.source) for doc in self.docs.values()]
