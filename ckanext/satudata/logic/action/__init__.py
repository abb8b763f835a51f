"""Every satudata action, one module per domain."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.satudata.logic import public_functions

from . import daftar_data, report, roles, template, validation, workflow


def get_actions() -> dict[str, Callable[..., Any]]:
    return public_functions(
        daftar_data, report, roles, template, validation, workflow
    )
