from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Collection
from types import ModuleType
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl import dictization_functions as df
from ckan.types import Context, DataDict
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage


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


def validated(
    data_dict: DataDict, schema: Any, context: Context,
    takes_list: Collection[str] = (),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``tk.navl_validate``, without its blind spot: navl hands an empty list
    past every validator of its key, unchanged, so an empty list is refused
    except for the keys in ``takes_list`` (a web form's unticked checklist
    is one)."""
    data, errors = tk.navl_validate(data_dict, schema, context)
    for key, validators in schema.items():
        if (isinstance(validators, list) and data_dict.get(key) == []
                and key not in errors and key not in takes_list):
            errors[key] = [tk._("Isi satu nilai, bukan daftar kosong.")]
    return data, errors


def flat_validator(
    schema: dict[str, list[Any]], context: Context,
) -> Callable[[DataDict], tuple[dict[str, Any], dict[str, Any]]]:
    """:func:`validated` for many dicts against one flat schema (every key a
    list of validators), as an import needs.

    navl flattens each dict, sorts the keys and rebuilds the full schema
    every time; for a flat schema that work is the same for every dict and
    costs more than the validators themselves. This does it once and runs
    the validators with navl's own ``convert``, so messages and values are
    navl's. A dict holding a list or a dict goes through :func:`validated`,
    whose handling of those is not repeated here.
    """
    keys = sorted(((key,) for key in schema), key=df.flattened_order_key)
    shared = Context(context, schema_keys=list(schema))

    def run(data_dict: DataDict) -> tuple[dict[str, Any], dict[str, Any]]:
        if any(isinstance(v, (list, dict)) for v in data_dict.values()):
            return validated(data_dict, schema, context)
        data = {key: data_dict.get(key[0], df.missing) for key in keys}
        errors: dict[Any, list[str]] = {key: [] for key in keys}
        for key in keys:
            for converter in schema[key[0]]:
                try:
                    df.convert(converter, key, data, errors, shared)
                except df.StopOnError:
                    break
        return ({key[0]: value for key, value in data.items()},
                {key[0]: messages for key, messages in errors.items() if messages})

    return run


def validate(
    data_dict: DataDict, schema: Any, context: Context,
    takes_list: Collection[str] = (),
) -> dict[str, Any]:
    """``data_dict`` through ``schema``, or a ValidationError."""
    data, errors = validated(data_dict, schema, context, takes_list)
    if errors:
        raise tk.ValidationError(errors)
    return data


# NUL cannot be stored by PostgreSQL, a lone surrogate cannot be encoded as
# UTF-8: either makes the database driver fail.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable_keys(data_dict: DataDict) -> list[str]:
    """The top-level keys whose value (at any depth) holds unstorable text."""
    found = []
    for key, value in data_dict.items():
        stack = [key, value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                if _UNSTORABLE.search(item):
                    found.append(str(key))
                    break
            elif isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, (list, tuple)):
                stack.extend(item)
            elif isinstance(item, FileStorage):
                stack.append(item.filename or "")
    return found


def refusing_unstorable_text(action: Callable[..., Any]) -> Callable[..., Any]:
    """``action``, refusing with a ValidationError any parameter that holds
    text the database cannot store, before anything reads it."""

    @functools.wraps(action)
    def wrapped(context: Context, data_dict: DataDict | None = None) -> Any:
        keys = _unstorable_keys(data_dict or {})
        if keys:
            message = tk._("Nilai ini memuat karakter NUL atau karakter Unicode "
                           "yang tidak sah.")
            raise tk.ValidationError({
                _UNSTORABLE.sub("?", key): [message] for key in keys})
        return action(context, data_dict)

    return wrapped


def commit(context: Context, field: str, taken: str) -> None:
    """Commit unless the caller defers it. A unique constraint the commit
    breaks (two people saving the same thing at once: the database decides)
    is a refusal of ``field`` with the message ``taken``."""
    if context.get("defer_commit"):
        return
    try:
        model.repo.commit()
    except IntegrityError:
        model.Session.rollback()
        raise tk.ValidationError({field: [taken]}) from None


def acting_user_id(context: Context) -> str | None:
    """The id of the user the action runs for, if any."""
    user = model.User.get(context.get("user") or "")
    return user.id if user else None
