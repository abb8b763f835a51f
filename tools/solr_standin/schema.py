"""Field semantics read from a Solr ``schema.xml``.

Only what changes query results is kept: each field's kind (exact string,
analysed text, boolean, integer, float, date), whether it is indexed, stored
and multi-valued, dynamic field patterns, copyField rules and the uniqueKey.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import Analyzer, build_analyzer
from .dates import format_date, parse_date
from .errors import SolrError

log = logging.getLogger(__name__)

STRING, TEXT, BOOL, INT, FLOAT, DATE, BINARY = (
    "string",
    "text",
    "bool",
    "int",
    "float",
    "date",
    "binary",
)

_KINDS = {
    "StrField": STRING,
    "UUIDField": STRING,
    "TextField": TEXT,
    "SortableTextField": TEXT,
    "BoolField": BOOL,
    "IntPointField": INT,
    "LongPointField": INT,
    "TrieIntField": INT,
    "TrieLongField": INT,
    "FloatPointField": FLOAT,
    "DoublePointField": FLOAT,
    "TrieFloatField": FLOAT,
    "TrieDoubleField": FLOAT,
    "DatePointField": DATE,
    "TrieDateField": DATE,
    "BinaryField": BINARY,
}


@dataclass(frozen=True)
class FieldType:
    name: str
    kind: str
    index_analyzer: Analyzer | None = None
    query_analyzer: Analyzer | None = None
    position_increment_gap: int = 0

    def to_value(self, raw: Any, now_ms: int) -> Any:
        """Convert an incoming value to its typed form; ValueError if invalid."""
        if self.kind in (STRING, TEXT, BINARY):
            if isinstance(raw, bool):
                return "true" if raw else "false"
            return str(raw)
        if self.kind == BOOL:
            if isinstance(raw, bool):
                return raw
            text = str(raw)
            return bool(text) and text[0] in "1tT"
        if isinstance(raw, bool):
            raise ValueError(f"not a number: {raw}")
        if self.kind == INT:
            if isinstance(raw, (int, float)):
                return int(raw)
            text = str(raw).strip()
            try:
                return int(text)
            except ValueError:
                return int(float(text))
        if self.kind == FLOAT:
            return float(raw)
        try:
            return parse_date(str(raw), now_ms)
        except SolrError as e:
            raise ValueError(e.message) from None

    def term(self, value: Any) -> str:
        """The indexed term of a typed value (what facets count and terms match)."""
        if self.kind == BOOL:
            return "true" if value else "false"
        if self.kind == DATE:
            return format_date(value)
        return str(value)

    def output(self, value: Any) -> Any:
        """The JSON form Solr returns for a stored value."""
        if self.kind == DATE:
            return format_date(value)
        return value


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: FieldType
    indexed: bool = True
    stored: bool = True
    multi_valued: bool = False
    required: bool = False
    default: str | None = None


def _bool_attr(attrs: dict[str, str], name: str, default: bool) -> bool:
    value = attrs.get(name)
    return default if value is None else value.strip().lower() == "true"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _glob_match(pattern: str, name: str) -> str | None:
    """Return the part of name matched by '*' in pattern, or None."""
    if pattern == "*":
        return name
    if pattern.startswith("*"):
        return name[: -len(pattern) + 1] if name.endswith(pattern[1:]) else None
    if pattern.endswith("*"):
        return name[len(pattern) - 1 :] if name.startswith(pattern[:-1]) else None
    return "" if name == pattern else None


class Schema:
    def __init__(self, xml: bytes) -> None:
        self.xml = xml
        root = ET.fromstring(xml)
        self.name = root.get("name", "")
        self.version = root.get("version", "")
        types: dict[str, FieldType] = {}
        type_attrs: dict[str, dict[str, str]] = {}
        self.fields: dict[str, FieldDef] = {}
        self._dynamic: list[tuple[str, FieldDef]] = []
        self._copy_fields: list[tuple[str, str]] = []
        unique_key = ""
        for el in root.iter():
            tag = _local(el.tag)
            if tag == "fieldtype":
                attrs = dict(el.attrib)
                types[attrs["name"]] = _field_type(el)
                type_attrs[attrs["name"]] = attrs
            elif tag == "uniquekey":
                unique_key = (el.text or "").strip()
        for el in root.iter():
            tag = _local(el.tag)
            if tag in ("field", "dynamicfield"):
                attrs = dict(el.attrib)
                ftype = types.get(attrs["type"])
                if ftype is None:
                    raise ValueError(
                        f"field {attrs['name']} has unknown type {attrs['type']}"
                    )
                defaults = type_attrs[attrs["type"]]
                fdef = FieldDef(
                    name=attrs["name"],
                    type=ftype,
                    indexed=_bool_attr(
                        attrs, "indexed", _bool_attr(defaults, "indexed", True)
                    ),
                    stored=_bool_attr(
                        attrs, "stored", _bool_attr(defaults, "stored", True)
                    ),
                    multi_valued=_bool_attr(
                        attrs, "multiValued", _bool_attr(defaults, "multiValued", False)
                    ),
                    required=_bool_attr(attrs, "required", False),
                    default=attrs.get("default"),
                )
                if tag == "field":
                    self.fields[fdef.name] = fdef
                else:
                    self._dynamic.append((fdef.name, fdef))
            elif tag == "copyfield":
                self._copy_fields.append((el.attrib["source"], el.attrib["dest"]))
        # Solr tries dynamic patterns longest first, so "res_extras_*" beats "*_date".
        self._dynamic.sort(key=lambda item: len(item[0]), reverse=True)
        self.unique_key = unique_key
        self._resolved: dict[str, FieldDef | None] = {}
        self._copies: dict[str, list[str]] = {}

    @classmethod
    def from_file(cls, path: str | Path) -> Schema:
        return cls(Path(path).read_bytes())

    def field(self, name: str) -> FieldDef | None:
        if name in self._resolved:
            return self._resolved[name]
        fdef = self.fields.get(name)
        if fdef is None:
            for pattern, template in self._dynamic:
                if _glob_match(pattern, name) is not None:
                    fdef = FieldDef(
                        name,
                        template.type,
                        template.indexed,
                        template.stored,
                        template.multi_valued,
                        template.required,
                        template.default,
                    )
                    break
        self._resolved[name] = fdef
        return fdef

    def required_field(self, name: str) -> FieldDef:
        fdef = self.field(name)
        if fdef is None:
            raise SolrError(400, f"undefined field {name}")
        return fdef

    def copy_targets(self, name: str) -> list[str]:
        if name in self._copies:
            return self._copies[name]
        targets: list[str] = []
        for source, dest in self._copy_fields:
            matched = _glob_match(source, name)
            if matched is None:
                continue
            target = dest.replace("*", matched) if "*" in dest else dest
            # Copying a field into itself would only double its term counts.
            if target != name and target not in targets:
                targets.append(target)
        self._copies[name] = targets
        return targets

    def fields_with_defaults(self) -> list[FieldDef]:
        return [f for f in self.fields.values() if f.default is not None]


def _field_type(el: ET.Element) -> FieldType:
    name = el.attrib["name"]
    short = el.attrib.get("class", "").rsplit(".", 1)[-1]
    kind = _KINDS.get(short)
    if kind is None:
        log.warning("field type %s (%s) is treated as an exact string", name, short)
        kind = STRING
    index_analyzer = query_analyzer = None
    if kind == TEXT:
        for analyzer_el in el:
            if _local(analyzer_el.tag) != "analyzer":
                continue
            analyzer = _analyzer(analyzer_el)
            purpose = analyzer_el.get("type", "")
            if purpose in ("", "index"):
                index_analyzer = analyzer
            if purpose in ("", "query"):
                query_analyzer = analyzer
        if index_analyzer is None:
            index_analyzer = build_analyzer(("solr.WhitespaceTokenizerFactory", {}), [])
        if query_analyzer is None:
            query_analyzer = index_analyzer
    return FieldType(
        name=name,
        kind=kind,
        index_analyzer=index_analyzer,
        query_analyzer=query_analyzer,
        position_increment_gap=int(el.attrib.get("positionIncrementGap", "0")),
    )


def _analyzer(el: ET.Element) -> Analyzer:
    if "class" in el.attrib:
        # A prebuilt Lucene analyzer: the closest thing is standard + lowercase.
        return build_analyzer(
            ("solr.StandardTokenizerFactory", {}), [("solr.LowerCaseFilterFactory", {})]
        )
    tokenizer = ("solr.WhitespaceTokenizerFactory", {})
    filters: list[tuple[str, dict[str, str]]] = []
    for child in el:
        tag = _local(child.tag)
        if tag == "tokenizer":
            tokenizer = (child.attrib.get("class", ""), dict(child.attrib))
        elif tag == "filter":
            filters.append((child.attrib.get("class", ""), dict(child.attrib)))
    return build_analyzer(tokenizer, filters)
