"""Every satudata validator, one module per domain."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.satudata.logic import public_functions

from . import common, daftar_data, dataset, organization


def get_validators() -> dict[str, Callable[..., Any]]:
    return public_functions(common, daftar_data, dataset, organization)
