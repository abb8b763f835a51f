"""Schemas of the workflow actions.

Whether a note or a checklist is needed depends on the transition in the
definition, so the action checks those; the schema only cleans the input.
"""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def workflow_package(not_empty: Validator, unicode_safe: Validator) -> Schema:
    """``satudata_workflow_show`` and ``satudata_workflow_history``."""
    return {"id": [not_empty, unicode_safe]}


@validator_args
def workflow_transition(
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    strip_value: Validator,
) -> Schema:
    """``satudata_workflow_transition``; ``checklist`` is a mapping of item
    key to a boolean, or a list of the ticked keys (as a web form sends)."""
    return {
        "id": [not_empty, unicode_safe],
        "transition": [not_empty, unicode_safe],
        "note": [ignore_missing, unicode_safe, strip_value],
        "checklist": [ignore_missing],
    }


@validator_args
def workflow_queue(
    ignore_missing: Validator, satudata_boolean: Validator
) -> Schema:
    """``satudata_workflow_queue``."""
    return {"overdue_only": [ignore_missing, satudata_boolean]}
