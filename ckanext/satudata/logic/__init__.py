from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any


def public_functions(*modules: ModuleType) -> dict[str, Callable[..., Any]]:
    """The functions each module defines itself and does not mark private.

    The registries (actions, auth functions, validators, helpers) are split
    into one module per domain; this gathers them the way a CKAN blanket
    gathers a single module, so a function's name is its registered name.
    """
    return {
        name: func
        for module in modules
        for name, func in inspect.getmembers(module, inspect.isfunction)
        if func.__module__ == module.__name__ and not name.startswith("_")
    }
