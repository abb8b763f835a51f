"""What a template version may contain, and its cleaning.

A version is a Frictionless Table Schema (a subset the checker and the
authoring page understand), CSV dialect hints and checking options.
:func:`clean` returns the normalised content or errors in Bahasa Indonesia,
keyed like a ``ValidationError``; the authoring page and the API share it.
"""
from __future__ import annotations

import copy
import re
from typing import Any

import ckan.plugins.toolkit as tk
import frictionless

from ckanext.satudata import region_codes
from ckanext.satudata.checks.reader import DELIMITERS

TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "time",
         "year", "yearmonth")
FORMATS = {"string": ("default", "email", "uri", "uuid")}
CONSTRAINTS = ("required", "unique", "minimum", "maximum", "exclusiveMinimum",
               "exclusiveMaximum", "minLength", "maxLength", "pattern", "enum")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_BOUNDED = ("integer", "number", "year", "date", "datetime", "time", "yearmonth")


def clean(
    table_schema: Any, dialect: Any, options: Any
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """``({"table_schema", "dialect", "options"}, errors)``."""
    errors: dict[str, list[str]] = {}
    schema = _clean_schema(table_schema, errors.setdefault("table_schema", []))
    clean_dialect = _clean_dialect(dialect, errors.setdefault("dialect", []))
    clean_options = _clean_options(options, schema,
                                   errors.setdefault("options", []))
    return (
        {"table_schema": schema, "dialect": clean_dialect,
         "options": clean_options},
        {k: v for k, v in errors.items() if v},
    )


def _clean_schema(value: Any, errors: list[str]) -> dict[str, Any]:
    _ = tk._
    if not isinstance(value, dict):
        errors.append(_("Skema tabel harus berupa objek JSON Table Schema."))
        return {"fields": []}
    fields = value.get("fields")
    if not isinstance(fields, list) or not fields:
        errors.append(_("Template harus memiliki paling sedikit satu kolom."))
        return {"fields": []}
    schema: dict[str, Any] = {"fields": []}
    names: list[str] = []
    for position, raw in enumerate(fields, start=1):
        field = _clean_field(position, raw, errors)
        if field is None:
            continue
        if field["name"] in names:
            errors.append(_("Nama kolom '{name}' dipakai lebih dari sekali.")
                          .format(name=field["name"]))
        names.append(field["name"])
        schema["fields"].append(field)

    key = value.get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else key
        if not isinstance(key, list) or not all(k in names for k in key):
            errors.append(_("Kunci utama harus terdiri dari nama kolom template."))
        else:
            schema["primaryKey"] = list(key)
    missing = value.get("missingValues")
    if missing is not None:
        if not isinstance(missing, list) or not all(
                isinstance(m, str) for m in missing):
            errors.append(_("Nilai kosong (missingValues) harus berupa daftar "
                            "teks, contoh [\"\", \"-\"]."))
        else:
            schema["missingValues"] = list(dict.fromkeys(missing))
    if not errors:
        _check_with_frictionless(schema, errors)
    return schema


def _clean_field(position: int, raw: Any, errors: list[str]) -> dict[str, Any] | None:
    _ = tk._
    if not isinstance(raw, dict):
        errors.append(_("Kolom ke-{n} harus berupa objek.").format(n=position))
        return None
    name = str(raw.get("name") or "").strip()
    if not NAME.match(name):
        errors.append(_(
            "Nama kolom ke-{n} ('{name}') harus diawali huruf kecil dan hanya "
            "berisi huruf kecil, angka dan garis bawah, contoh laki_laki."
        ).format(n=position, name=name))
        return None
    field: dict[str, Any] = {"name": name,
                             "type": raw.get("type") or "string"}
    if field["type"] not in TYPES:
        errors.append(_("Tipe kolom '{name}' tidak dikenal: {type}.").format(
            name=name, type=field["type"]))
        return None
    for key in ("title", "description", "unit"):
        text = raw.get(key)
        if text not in (None, ""):
            field[key] = str(text).strip()
    fmt = raw.get("format")
    if fmt not in (None, "", "default"):
        allowed = FORMATS.get(field["type"])
        if allowed is not None and fmt not in allowed:
            errors.append(_("Format kolom '{name}' harus salah satu dari: "
                            "{formats}.").format(name=name,
                                                 formats=", ".join(allowed)))
        field["format"] = str(fmt)
    constraints = raw.get("constraints") or {}
    if not isinstance(constraints, dict):
        errors.append(_("Batasan kolom '{name}' harus berupa objek.").format(
            name=name))
        return field
    cleaned: dict[str, Any] = {}
    for key, value in constraints.items():
        if key not in CONSTRAINTS:
            errors.append(_("Batasan '{key}' pada kolom '{name}' tidak dikenal.")
                          .format(key=key, name=name))
        elif value in (None, "", []):
            continue
        elif key in ("required", "unique"):
            if value is True:
                cleaned[key] = True
        elif key in ("minLength", "maxLength"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                errors.append(_("Batas panjang kolom '{name}' harus bilangan "
                                "bulat.").format(name=name))
            else:
                cleaned[key] = value
        elif key == "pattern":
            try:
                re.compile(str(value))
            except re.error:
                errors.append(_("Pola kolom '{name}' bukan ekspresi reguler "
                                "yang sah.").format(name=name))
            else:
                cleaned[key] = str(value)
        elif key == "enum":
            if not isinstance(value, list):
                errors.append(_("Pilihan kolom '{name}' harus berupa daftar.")
                              .format(name=name))
            else:
                cleaned[key] = list(dict.fromkeys(value))
        else:
            if field["type"] not in _BOUNDED:
                errors.append(_("Batas minimum/maksimum hanya untuk kolom angka, "
                                "tahun atau tanggal ('{name}').").format(name=name))
            else:
                cleaned[key] = value
    if cleaned:
        field["constraints"] = cleaned
    return field


def _check_with_frictionless(schema: dict[str, Any], errors: list[str]) -> None:
    """Let frictionless read the schema, and every enum value and bound with it."""
    _ = tk._
    try:
        parsed = frictionless.Schema.from_descriptor(_without_units(schema))
    except frictionless.FrictionlessException as e:
        errors.append(_("Skema tabel tidak sah: {detail}").format(
            detail=e.error.note or e.error.message))
        return
    for field in schema["fields"]:
        reader = parsed.get_field(field["name"]).create_value_reader()
        constraints = field.get("constraints") or {}
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if key in constraints and reader(constraints[key]) is None:
                errors.append(_("Batas {key} kolom '{name}' tidak sesuai tipe "
                                "kolom.").format(key=key, name=field["name"]))
        for value in constraints.get("enum", []):
            if reader(value) is None:
                errors.append(_("Pilihan '{value}' pada kolom '{name}' tidak "
                                "sesuai tipe kolom.").format(
                                    value=value, name=field["name"]))


def _without_units(schema: dict[str, Any]) -> dict[str, Any]:
    descriptor = copy.deepcopy(schema)
    for field in descriptor["fields"]:
        field.pop("unit", None)
    return descriptor


def _clean_dialect(value: Any, errors: list[str]) -> dict[str, Any]:
    value = value or {}
    if not isinstance(value, dict):
        errors.append(tk._("Dialek CSV harus berupa objek."))
        return {"delimiter": ","}
    delimiter = value.get("delimiter") or ","
    if delimiter not in DELIMITERS:
        errors.append(tk._("Pemisah kolom harus koma, titik koma, tab atau "
                           "garis tegak."))
        delimiter = ","
    return {"delimiter": delimiter}


def _clean_options(value: Any, schema: dict[str, Any],
                   errors: list[str]) -> dict[str, Any]:
    value = value or {}
    if not isinstance(value, dict):
        errors.append(tk._("Opsi template harus berupa objek."))
        return {}
    strings = {f["name"] for f in schema.get("fields", [])
               if f.get("type") == "string"}
    region = value.get("region_code_fields") or []
    if not isinstance(region, list) or not all(r in strings for r in region):
        errors.append(tk._("Kolom kode wilayah harus kolom bertipe teks yang ada "
                           "di template."))
        region = []
    options: dict[str, Any] = {"decimal_comma": bool(value.get("decimal_comma"))}
    if region:
        options["region_code_fields"] = list(dict.fromkeys(region))
    area = value.get("region_code_area")
    if isinstance(area, str):
        area = area.strip()
    if area:
        if area != "nasional" and not (
                isinstance(area, str) and region_codes.is_well_formed(area)
                and region_codes.exists(area)):
            errors.append(tk._("Cakupan kode wilayah harus kode Kemendagri yang "
                               "terdaftar (contoh 35 atau 35.16) atau "
                               "'nasional'."))
        else:
            options["region_code_area"] = area
    return options
