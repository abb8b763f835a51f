"""Every satudata action, one module per domain."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.satudata import datastore as satudata_datastore
from ckanext.satudata.logic import public_functions, refusing_unstorable_text

from . import (
    activity,
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


def get_actions() -> dict[str, Callable[..., Any]]:
    actions = public_functions(
        activity, berita_acara, calendar, daftar_data, report, revision, roles,
        template, validation, workflow, *satudata_datastore.when_enabled(datastore),
    )
    # Our own actions only: the chained core ones keep CKAN's behaviour.
    return {
        name: refusing_unstorable_text(action) if name.startswith("satudata_")
        else action
        for name, action in actions.items()
    }

