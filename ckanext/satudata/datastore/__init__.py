"""Published tables as data: CKAN's DataStore, typed from the template.

When a dataset enters its preset's public state, every data resource whose
file passed the conformance check is loaded into CKAN's DataStore (the
``datastore`` plugin, imported as ``ckanext.datastore``) by a background job
(:mod:`.jobs`): columns typed by the template version the file was checked
against, values read exactly as the check reads them (:mod:`.loader`), the
template's labels, definitions, units and reference codes as the data
dictionary (:mod:`.dictionary`), and a ``datatables_view``. When the dataset
leaves the public state its tables and views are removed. A portal that does
not enable ``datastore`` keeps serving files only: everything here is then a
no-op.
"""
from __future__ import annotations

from types import ModuleType

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context


def enabled() -> bool:
    """Whether the portal runs CKAN's DataStore."""
    return p.plugin_loaded("datastore")


def views_enabled() -> bool:
    """Whether CKAN's table view of DataStore resources is available."""
    return p.plugin_loaded("datatables_view")


def when_enabled(*modules: ModuleType) -> tuple[ModuleType, ...]:
    """``modules`` if the DataStore is enabled, else nothing: the chained
    DataStore actions and auth functions exist only beside CKAN's own."""
    return modules if enabled() else ()


def site_context() -> Context:
    """The portal's own user, for the DataStore and view actions the loader
    calls: CKAN records who changed a resource or view (activity), and 2.12's
    ``datastore_create`` patches the resource."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}
