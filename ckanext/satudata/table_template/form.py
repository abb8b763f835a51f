"""The authoring page's column table to and from a template version.

The Walidata edits a template as a table, one row per column (name, title,
type, unit, bounds, choices, flags); :func:`rows` turns a version into those
rows, :func:`rows_from_request` reads them back from the posted form and
:func:`version_from_rows` makes the Table Schema, dialect and options that
:func:`ckanext.satudata.table_template.cleaning.clean` then checks.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["empty_row", "rows", "rows_from_request", "settings", "shaped",
           "version_from_rows"]

_FIELD_KEYS = ("name", "title", "description", "type", "format", "unit",
               "minimum", "maximum", "pattern", "enum")
_FLAGS = ("required", "unique", "primary_key", "region")


def empty_row() -> dict[str, Any]:
    """A blank row of the table, for adding a column."""
    return dict.fromkeys(_FIELD_KEYS, "") | {"type": "string"}


def rows(schema: dict[str, Any], options: dict[str, Any]) -> list[dict[str, Any]]:
    """The columns of a table schema as rows of the authoring form."""
    key = schema.get("primaryKey") or []
    region = options.get("region_code_fields") or []
    rows = []
    for field in schema.get("fields", []):
        constraints = field.get("constraints") or {}
        rows.append({
            "name": field.get("name", ""),
            "title": field.get("title", ""),
            "description": field.get("description", ""),
            "type": field.get("type", "string"),
            "format": field.get("format", ""),
            "unit": field.get("unit", ""),
            "minimum": _text(constraints.get("minimum")),
            "maximum": _text(constraints.get("maximum")),
            "pattern": constraints.get("pattern", ""),
            "enum": "; ".join(map(str, constraints.get("enum") or [])),
            "required": bool(constraints.get("required")),
            "unique": bool(constraints.get("unique")),
            "primary_key": field.get("name") in key,
            "region": field.get("name") in region,
        })
    return rows


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def rows_from_request(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The column rows as the page posted them (``fields-<i>-<key>``)."""
    indexes = sorted({int(k.split("-")[1]) for k in form
                      if k.startswith("fields-") and k.split("-")[1].isdigit()})
    rows = []
    for i in indexes:
        row: dict[str, Any] = {k: form.get(f"fields-{i}-{k}", "").strip()
                               for k in _FIELD_KEYS}
        row.update({k: f"fields-{i}-{k}" in form for k in _FLAGS})
        rows.append(row)
    return rows


def _typed(value: str, field_type: str) -> Any:
    """A bound or enum value typed in the form, as the schema stores it."""
    if field_type in ("integer", "year"):
        return int(value)
    if field_type == "number":
        return float(value.replace(",", ".")) if any(
            c in value for c in ".,eE") else int(value)
    return value


def version_from_rows(
    rows: list[dict[str, Any]], form: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], list[str]]:
    """``(table_schema, dialect, options, errors)`` from the form."""
    fields, key, region, errors = [], [], [], []
    for row in rows:
        if not row["name"] and not row["title"]:
            continue  # an empty row of the table
        field: dict[str, Any] = {k: row[k] for k in
                                 ("name", "title", "description", "type",
                                  "format", "unit") if row[k]}
        field.setdefault("name", "")
        constraints: dict[str, Any] = {}
        for flag in ("required", "unique"):
            if row[flag]:
                constraints[flag] = True
        try:
            for bound in ("minimum", "maximum"):
                if row[bound]:
                    constraints[bound] = _typed(row[bound], field.get("type", "string"))
            if row["enum"]:
                constraints["enum"] = [
                    _typed(v.strip(), field.get("type", "string"))
                    for v in row["enum"].split(";") if v.strip()]
        except ValueError:
            errors.append(tk._("Batas atau pilihan kolom '{name}' tidak sesuai "
                               "tipenya.").format(name=field["name"]))
        if row["pattern"]:
            constraints["pattern"] = row["pattern"]
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
        if row["primary_key"]:
            key.append(field["name"])
        if row["region"]:
            region.append(field["name"])
    schema: dict[str, Any] = {"fields": fields}
    if key:
        schema["primaryKey"] = key
    missing = [v.strip() for v in form.get("missing_values", "").split(";")]
    schema["missingValues"] = list(dict.fromkeys([""] + [m for m in missing if m]))
    dialect = {"delimiter": "\t" if form.get("delimiter") == "tab"
               else form.get("delimiter") or ","}
    options = {"decimal_comma": bool(form.get("decimal_comma")),
               "region_code_fields": region}
    area = form.get("region_code_area", "").strip()
    if area:
        options["region_code_area"] = area
    return schema, dialect, options, errors


def _kept(value: Any, kind: type, default: Any) -> Any:
    return value if isinstance(value, kind) else default


def shaped(draft: Any) -> dict[str, Any]:
    """An uploaded Table Schema (or a template as the API returns it) with
    only the parts of the shape the form reads; the Walidata checks the rest
    on the page, and saving cleans it (cleaning.clean)."""
    draft = _kept(draft, dict, {})
    draft = _kept(draft.get("version"), dict, draft)
    if "fields" in draft:
        draft = {"table_schema": draft}
    schema = _kept(draft.get("table_schema"), dict, {})
    fields = []
    for field in _kept(schema.get("fields"), list, []):
        if isinstance(field, dict):
            constraints = _kept(field.get("constraints"), dict, {})
            if not isinstance(constraints.get("enum", []), list):
                constraints = {k: v for k, v in constraints.items() if k != "enum"}
            fields.append({**field, "constraints": constraints})
    key = schema.get("primaryKey")
    options = _kept(draft.get("options"), dict, {})
    delimiter = _kept(draft.get("dialect"), dict, {}).get("delimiter")
    return {
        "table_schema": {
            "fields": fields,
            "primaryKey": [key] if isinstance(key, str) else [
                k for k in _kept(key, list, []) if isinstance(k, str)],
            "missingValues": [m for m in _kept(schema.get("missingValues"), list, [])
                              if isinstance(m, str)],
        },
        "dialect": {"delimiter": delimiter} if isinstance(delimiter, str) else {},
        "options": {
            "decimal_comma": bool(options.get("decimal_comma")),
            "region_code_fields": [f for f in _kept(
                options.get("region_code_fields"), list, []) if isinstance(f, str)],
            "region_code_area": _kept(options.get("region_code_area"), str, ""),
        },
    }


def settings(version: dict[str, Any]) -> dict[str, Any]:
    schema = version.get("table_schema") or {}
    missing = [m for m in schema.get("missingValues", []) if m]
    delimiter = (version.get("dialect") or {}).get("delimiter", ",")
    return {
        "delimiter": "tab" if delimiter == "\t" else delimiter,
        "decimal_comma": bool((version.get("options") or {}).get("decimal_comma")),
        "region_code_area": (version.get("options") or {}).get("region_code_area", ""),
        "missing_values": "; ".join(missing),
    }
