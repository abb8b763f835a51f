from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def template_create_schema(
    not_missing: Validator,
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    name_validator: Validator,
    strip_value: Validator,
) -> Schema:
    # table_schema, dialect and options are objects (or their JSON text);
    # cleaning.clean checks them as a whole.
    return {
        "name": [not_missing, not_empty, unicode_safe, strip_value, name_validator],
        "title": [not_missing, not_empty, unicode_safe, strip_value],
        "description": [ignore_missing, unicode_safe],
        "table_schema": [not_missing, not_empty],
        "dialect": [ignore_missing],
        "options": [ignore_missing],
        "note": [ignore_missing, unicode_safe],
    }


@validator_args
def template_update_schema(
    not_missing: Validator,
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    strip_value: Validator,
) -> Schema:
    return {
        "id": [not_missing, not_empty, unicode_safe],
        "title": [ignore_missing, not_empty, unicode_safe, strip_value],
        "description": [ignore_missing, unicode_safe],
        "table_schema": [ignore_missing, not_empty],
        "dialect": [ignore_missing],
        "options": [ignore_missing],
        "note": [ignore_missing, unicode_safe],
    }


@validator_args
def template_show_schema(
    not_missing: Validator,
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    natural_number_validator: Validator,
    int_validator: Validator,
) -> Schema:
    return {
        "id": [not_missing, not_empty, unicode_safe],
        "version": [ignore_missing, int_validator, natural_number_validator],
    }


@validator_args
def template_list_schema(
    ignore_missing: Validator,
    unicode_safe: Validator,
    natural_number_validator: Validator,
    int_validator: Validator,
    satudata_list_position: Validator,
) -> Schema:
    return {
        "q": [ignore_missing, unicode_safe],
        "limit": [ignore_missing, int_validator, natural_number_validator],
        "offset": [ignore_missing, int_validator, natural_number_validator,
                   satudata_list_position],
    }


@validator_args
def template_check_schema(
    not_missing: Validator,
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    natural_number_validator: Validator,
    int_validator: Validator,
) -> Schema:
    return {
        "id": [not_missing, not_empty, unicode_safe],
        "version": [ignore_missing, int_validator, natural_number_validator],
        # The upload itself (a FileStorage) is checked by the action.
        "upload": [not_missing],
    }


@validator_args
def template_infer_schema(not_missing: Validator) -> Schema:
    return {"upload": [not_missing]}


@validator_args
def validation_run_schema(
    not_missing: Validator, not_empty: Validator, unicode_safe: Validator
) -> Schema:
    return {"resource_id": [not_missing, not_empty, unicode_safe]}


@validator_args
def validation_gate_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def validation_show_schema(
    ignore_missing: Validator, unicode_safe: Validator
) -> Schema:
    return {
        "resource_id": [ignore_missing, unicode_safe],
        "id": [ignore_missing, unicode_safe],
    }


@validator_args
def table_preview_schema(
    not_missing: Validator, not_empty: Validator, unicode_safe: Validator,
    ignore_missing: Validator, is_positive_integer: Validator,
) -> Schema:
    return {
        "resource_id": [not_missing, not_empty, unicode_safe],
        "page": [ignore_missing, is_positive_integer],
    }


@validator_args
def template_announce_schema(
    not_missing: Validator,
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
) -> Schema:
    return {
        "id": [not_missing, not_empty, unicode_safe],
        "daftar_data_id": [ignore_missing, unicode_safe],
    }
