"""What the plugin's interfaces delegate to for the DataStore."""
from __future__ import annotations

from typing import Any

from ckanext.satudata import shown as dataset_shown

from . import enabled, jobs, status


def transition_applied(package_id: str, *, public: bool, was_public: bool,
                       **_: Any) -> None:
    """A dataset entering the public state is loaded, and again when a
    revision of it is published (public before and after); leaving it,
    unloaded."""
    if public:
        jobs.publish(package_id)
    elif was_public and not public:
        jobs.withdraw(package_id)


def show_resource(resource_dict: dict[str, Any]) -> None:
    """The load status as the resource's ``satudata_datastore`` field.

    Set or removed each time: package_show may start from the dict the
    search index holds, with the status it had when indexed."""
    package_id = resource_dict.get("package_id")
    shown = None
    if enabled() and resource_dict.get("id") and package_id:
        # Read with the rest of what package_show adds, in one query for
        # all of the dataset's resources.
        found = dataset_shown.read_one(package_id)
        row = found.loads.get(resource_dict["id"]) if found else None
        shown = status.shown(row) if row else None
    if shown is None:
        resource_dict.pop("satudata_datastore", None)
    else:
        resource_dict["satudata_datastore"] = shown
