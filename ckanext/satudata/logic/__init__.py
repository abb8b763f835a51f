from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict


def public_functions(*modules: ModuleType) -> dict[str, Callable[..., Any]]:
    """The functions each module defines itself and does not mark private.

    The registries (actions, auth functions, validators, helpers) are split
    into one module per domain; this gathers them the way a CKAN blanket
    gathers a single module, so a function's name is its registered name.
    """
    found: dict[str, Callable[..., Any]] = {}
    for module in modules:
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or name.startswith("_"):
                continue
            # One plugin registers one function per name; a second would
            # silently replace the first (a chained core action, say).
            if name in found:
                raise RuntimeError(
                    f"{name} is defined in {found[name].__module__} and"
                    f" {module.__name__}"
                )
            found[name] = func
    return found


def validate(data_dict: DataDict, schema: Any, context: Context) -> dict[str, Any]:
    """``data_dict`` through ``schema``, or a ValidationError."""
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def acting_user_id(context: Context) -> str | None:
    """The id of the user the action runs for, if any."""
    user = model.User.get(context.get("user") or "")
    return user.id if user else None
