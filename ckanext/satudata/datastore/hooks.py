"""What the plugin's interfaces delegate to for the DataStore."""
from __future__ import annotations

from typing import Any

from . import enabled, jobs, status


def transition_applied(package_id: str, *, public: bool, was_public: bool,
                       **_: Any) -> None:
    """A dataset entering the public state is loaded; leaving it, unloaded."""
    if public and not was_public:
        jobs.publish(package_id)
    elif was_public and not public:
        jobs.withdraw(package_id)


def show_resource(resource_dict: dict[str, Any]) -> None:
    """The load status as the resource's ``satudata_datastore`` field."""
    if not enabled() or not resource_dict.get("id"):
        return
    shown = status.show(resource_dict["id"])
    if shown is not None:
        resource_dict["satudata_datastore"] = shown
