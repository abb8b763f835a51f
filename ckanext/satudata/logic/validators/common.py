"""Validators every domain shares: the shapes that JSON clients get wrong."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.types import Context

_TRUE = ("true", "yes", "ya", "y", "t", "1")
# PostgreSQL's integer: a larger offset or page number is a crafted request.
_POSITION_MAX = 2**31 - 1


def satudata_boolean(value: Any, context: Context) -> Any:
    """``boolean_validator`` that refuses a list, an object or a number other
    than 0 and 1 (CKAN's fails on them with an AttributeError)."""
    if value is missing or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if not isinstance(value, str):
        raise tk.Invalid(tk._("Isi true atau false."))
    return value.strip().lower() in _TRUE


def satudata_list_position(value: Any, context: Context) -> Any:
    """An offset or page number a database can take (after an integer
    validator)."""
    if isinstance(value, int) and value > _POSITION_MAX:
        raise tk.Invalid(tk._("Angka terlalu besar; paling besar {limit}.").format(
            limit=_POSITION_MAX))
    return value


def satudata_calendar_month(value: Any, context: Context) -> Any:
    """A month number, 1 to 12; empty means every month."""
    if value is missing or value is None or value == "":
        return None
    try:
        month = int(str(value).strip())
    except (TypeError, ValueError):
        raise tk.Invalid(tk._("Bulan harus berupa angka 1 sampai 12.")) from None
    if not 1 <= month <= 12:
        raise tk.Invalid(tk._("Bulan harus berupa angka 1 sampai 12."))
    return month
