"""What the plugin's interfaces delegate to for the workflow."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultPermissionLabels

from . import policy, provenance
from . import state as wf_state
from .definition import configured

STATUS_FIELD = "satudata_status"

_default_labels = DefaultPermissionLabels()


def validate_definition() -> None:
    """Load the configured definition so a broken one stops the start-up."""
    configured()


def add_status(pkg_dict: dict[str, Any]) -> None:
    """``satudata_status`` on package_show and in the search index."""
    pkg = model.Package.get(pkg_dict.get("id") or "")
    if pkg is None or not pkg.owner_org:
        return
    pkg_dict[STATUS_FIELD] = wf_state.current(pkg, configured()).state


def add_status_and_provenance(pkg_dict: dict[str, Any]) -> None:
    """package_show: the state, and the approval provenance if published."""
    pkg = model.Package.get(pkg_dict.get("id") or "")
    if pkg is None or not pkg.owner_org:
        provenance.mirror(pkg_dict)
        return
    provenance.add([pkg_dict], configured())


def add_status_to_results(search_results: dict[str, Any]) -> None:
    """``satudata_status`` and the provenance on search results (what a
    CKAN harvester imports): the validated dicts stored in the index went
    through the scheming schema, which drops these fields."""
    owned = [d for d in search_results.get("results", []) if d.get("owner_org")]
    if owned:
        provenance.add(owned, configured())


def show_status_labels(search_facets: dict[str, Any]) -> None:
    """The status facet's items named by their states' labels, as
    :func:`facets.show_labels` names the SDI facets' items."""
    definition = configured()
    for item in search_facets.get(STATUS_FIELD, {}).get("items", []):
        item["display_name"] = definition.state_label(item["name"])


def add_status_facet(facets_dict: dict[str, Any]) -> dict[str, Any]:
    """The status facet, for logged-in users only: anonymous users only
    ever see published datasets."""
    if tk.current_user.is_authenticated:
        facets_dict[STATUS_FIELD] = tk._("Status Alur Kerja")
    return facets_dict


def get_dataset_labels(pkg: model.Package) -> list[str]:
    labels = policy.dataset_labels(pkg)
    return _default_labels.get_dataset_labels(pkg) if labels is None else labels


def get_user_dataset_labels(user_obj: model.User | None) -> list[str]:
    return policy.user_labels(user_obj)
