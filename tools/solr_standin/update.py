"""The ``/update`` handler: JSON and XML add, delete and commit messages."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from .errors import SolrError
from .index import Index
from .params import Params
from .search import parse_query

ADD, DELETE_ID, DELETE_QUERY, COMMIT = "add", "delete_id", "delete_query", "commit"


@dataclass
class Command:
    kind: str
    payload: Any = None


def _json_commands(body: bytes) -> list[Command]:
    try:
        message = json.loads(body)
    except ValueError as e:
        raise SolrError(400, f"Cannot parse provided JSON: {e}") from None
    if isinstance(message, list):
        return [Command(ADD, doc) for doc in message]
    if not isinstance(message, dict):
        raise SolrError(
            400, "Expected a JSON array of documents or an object of update commands"
        )
    commands: list[Command] = []
    for name, value in message.items():
        if name == "add":
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, dict) or "doc" not in item:
                    raise SolrError(400, "An 'add' command needs a 'doc'")
                commands.append(Command(ADD, item["doc"]))
        elif name == "delete":
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and "query" in item:
                    commands.append(Command(DELETE_QUERY, str(item["query"])))
                elif isinstance(item, dict) and "id" in item:
                    commands.append(Command(DELETE_ID, str(item["id"])))
                else:
                    commands.append(Command(DELETE_ID, str(item)))
        elif name in ("commit", "optimize"):
            commands.append(Command(COMMIT))
        else:
            raise SolrError(400, f"Unknown command '{name}'")
    return commands


def _xml_doc(el: ET.Element) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for field_el in el:
        if field_el.tag != "field":
            raise SolrError(
                400,
                f"Unexpected <{field_el.tag}> in <doc>: "
                "nested documents are not supported",
            )
        if "update" in field_el.attrib:
            raise SolrError(
                400, "Atomic updates are not supported by the Solr stand-in"
            )
        name = field_el.attrib.get("name")
        if not name:
            raise SolrError(400, "<field> without a name")
        value = field_el.text or ""
        existing = doc.get(name)
        if existing is None:
            doc[name] = value
        elif isinstance(existing, list):
            existing.append(value)
        else:
            doc[name] = [existing, value]
    return doc


def _xml_commands(body: bytes) -> list[Command]:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise SolrError(400, f"Cannot parse provided XML: {e}") from None
    # A message is one command, or several inside any wrapping element.
    elements = (
        [root]
        if root.tag in ("add", "delete", "commit", "optimize", "rollback")
        else list(root)
    )
    commands: list[Command] = []
    for el in elements:
        if el.tag == "add":
            commands.extend(
                Command(ADD, _xml_doc(doc)) for doc in el if doc.tag == "doc"
            )
        elif el.tag == "delete":
            for child in el:
                text = (child.text or "").strip()
                if child.tag == "id":
                    commands.append(Command(DELETE_ID, text))
                elif child.tag == "query":
                    commands.append(Command(DELETE_QUERY, text))
                else:
                    raise SolrError(400, f"Unexpected <{child.tag}> in <delete>")
        elif el.tag in ("commit", "optimize"):
            commands.append(Command(COMMIT))
        else:
            raise SolrError(400, f"Unsupported update command <{el.tag}>")
    return commands


def parse_update(body: bytes, content_type: str) -> list[Command]:
    if not body.strip():
        return []
    ctype = content_type.split(";")[0].strip().lower()
    if ctype.endswith("json") or (
        not ctype.endswith("xml") and body.lstrip()[:1] in (b"[", b"{")
    ):
        return _json_commands(body)
    return _xml_commands(body)


def apply_update(
    index: Index, commands: list[Command], params: Params, now_ms: int
) -> tuple[bool, bool]:
    """Run the commands in order, as Solr does (earlier ones stay applied
    when a later one fails). Returns (changed anything, committed)."""
    changed = False
    committed = (
        params.get_bool("commit")
        or params.get_bool("softCommit")
        or params.get_bool("optimize")
    )
    with index.lock:
        for command in commands:
            if command.kind == ADD:
                index.add(command.payload, now_ms)
                changed = True
            elif command.kind == DELETE_ID:
                changed = index.delete_keys([command.payload]) > 0 or changed
            elif command.kind == DELETE_QUERY:
                query = parse_query(
                    command.payload, params, index.schema, now_ms, "lucene", True
                )
                if query is not None:
                    changed = index.delete_docids(list(query.run(index))) > 0 or changed
            else:
                committed = True
    return changed, committed
