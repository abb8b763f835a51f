from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

# Importable as "solr_standin" without PYTHONPATH=tools.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from solr_standin.schema import Schema  # noqa: E402
from solr_standin.server import SolrStandin  # noqa: E402

SCHEMA_PATH = Path(__file__).parent / "data" / "schema.xml"


@pytest.fixture(scope="session")
def schema() -> Schema:
    return Schema.from_file(SCHEMA_PATH)


@pytest.fixture
def app(schema: Schema) -> SolrStandin:
    return SolrStandin(schema)


def dataset(ident: str, **fields: Any) -> dict[str, Any]:
    """A minimal CKAN-like index document."""
    doc: dict[str, Any] = {
        "index_id": f"idx-{ident}",
        "id": ident,
        "site_id": "default",
        "entity_type": "package",
        "state": "active",
        "name": ident,
        "metadata_created": "2020-01-01T00:00:00Z",
        "metadata_modified": "2020-01-01T00:00:00Z",
    }
    doc.update(fields)
    return doc


def add(app: SolrStandin, *docs: dict[str, Any]) -> None:
    status, _, body = app.handle(
        "POST",
        "/solr/ckan/update/",
        "commit=true",
        json.dumps(list(docs)).encode(),
        "application/json",
    )
    assert status == 200, body


def select(app: SolrStandin, **params: Any) -> dict[str, Any]:
    status, _, body = app.handle(
        "GET", "/solr/ckan/select/", urlencode(params, doseq=True), b"", ""
    )
    result = json.loads(body)
    assert status == 200, result
    return result


def select_error(app: SolrStandin, **params: Any) -> tuple[int, str]:
    status, _, body = app.handle(
        "GET", "/solr/ckan/select/", urlencode(params, doseq=True), b"", ""
    )
    assert status != 200
    return status, json.loads(body)["error"]["msg"]


def ids(app: SolrStandin, q: str, **params: Any) -> list[str]:
    params.setdefault("fl", "id")
    params.setdefault("rows", 1000)
    return [d["id"] for d in select(app, q=q, **params)["response"]["docs"]]
