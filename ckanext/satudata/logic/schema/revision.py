"""Schemas of the revision and version actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def revision_package(not_empty: Validator, unicode_safe: Validator) -> Schema:
    """``satudata_revision_start``, ``_abandon`` and ``_show``: the live
    dataset (or, for abandon and show, its revision draft)."""
    return {"id": [not_empty, unicode_safe]}


@validator_args
def version_list(not_empty: Validator, unicode_safe: Validator) -> Schema:
    """``satudata_version_list``."""
    return {"id": [not_empty, unicode_safe]}


@validator_args
def version_show(
    not_empty: Validator, unicode_safe: Validator, int_validator: Validator,
    is_positive_integer: Validator,
) -> Schema:
    """``satudata_version_show``."""
    return {
        "id": [not_empty, unicode_safe],
        "number": [not_empty, int_validator, is_positive_integer],
    }
