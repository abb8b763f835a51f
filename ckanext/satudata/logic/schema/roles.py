"""Schemas of the role actions.

Presence and meaning (does the user exist, does the role need an
organization) are checked by the actions themselves, because the messages
depend on the other fields.
"""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def role_change(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    """``satudata_role_assign`` and ``satudata_role_revoke``."""
    return {
        "user": [ignore_missing, unicode_safe],
        "role": [ignore_missing, unicode_safe],
        "organization": [ignore_missing, unicode_safe],
    }


@validator_args
def role_list(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {
        "organization": [ignore_missing, unicode_safe],
        "user": [ignore_missing, unicode_safe],
        "role": [ignore_missing, unicode_safe],
    }
