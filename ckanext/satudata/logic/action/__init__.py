"""Every satudata action, one module per domain."""
from __future__ import annotations

from typing import Any, Callable

from ckanext.satudata.logic import public_functions

from . import daftar_data, roles


def get_actions() -> dict[str, Callable[..., Any]]:
    return public_functions(daftar_data, roles)
