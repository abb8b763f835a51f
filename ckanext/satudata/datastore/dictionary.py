"""A template version as DataStore columns and data dictionary (MS-Var).

Each template field becomes a column with the PostgreSQL type of its Table
Schema type; its ``info`` carries what the Walidata wrote in the template:
``label`` (the field title), ``notes`` (its definition, shown by CKAN as the
description), ``satuan`` (unit) and ``kode_referensi`` (the reference code
list its values come from). Region code columns are text whatever the
template says: ``35.16.01`` must keep its dots and leading zeros.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.checks.conformance import Spec

# Table Schema type -> DataStore (PostgreSQL) type; the rest are text.
_TYPES = {
    "integer": "int8",
    "number": "numeric",
    "date": "date",
    "year": "int4",
    "boolean": "bool",
    "datetime": "timestamp",
    "time": "time",
    "string": "text",
}


def column_type(field: dict[str, Any], spec: Spec) -> str:
    if field["name"] in (spec.options.get("region_code_fields") or []):
        return "text"
    return _TYPES.get(field.get("type") or "string", "text")


def reference_code(field: dict[str, Any], spec: Spec) -> str:
    """The reference code list a column's values are taken from, if any."""
    if field["name"] in (spec.options.get("region_code_fields") or []):
        return tk._("Kode wilayah Kemendagri")
    choices = (field.get("constraints") or {}).get("enum")
    if choices:
        return tk._("Pilihan: {choices}").format(
            choices=", ".join(map(str, choices)))
    return ""


def fields(spec: Spec) -> list[dict[str, Any]]:
    """The ``fields`` of ``datastore_create`` for a table of ``spec``."""
    return [
        {
            "id": field["name"],
            "type": column_type(field, spec),
            "info": {
                "label": field.get("title") or field["name"],
                "notes": field.get("description") or "",
                "satuan": field.get("unit") or "",
                "kode_referensi": reference_code(field, spec),
            },
        }
        for field in spec.fields
    ]
