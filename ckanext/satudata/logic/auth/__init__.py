"""Every satudata auth function, one module per domain."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.satudata import datastore as satudata_datastore
from ckanext.satudata.logic import public_functions

from . import (
    berita_acara,
    calendar,
    daftar_data,
    datastore,
    report,
    revision,
    roles,
    template,
    validation,
    workflow,
)


def get_auth_functions() -> dict[str, Callable[..., Any]]:
    return public_functions(
        berita_acara, calendar, daftar_data, report, revision, roles, template,
        validation, workflow, *satudata_datastore.when_enabled(datastore),
    )

