"""Transitions in the dataset's activity stream.

Each transition becomes a ``changed package`` activity (the activity plugin
only accepts the activity types it knows how to render) whose data carries
the usual snapshot of the dataset plus ``satudata_workflow``; the override
of ``snippets/activities/changed_package.html`` renders it as a workflow
step. The activity gets the dataset's permission labels as they are after
the transition, so a step before publication is seen only by those who may
see the unpublished dataset, and "Terbitkan" by everyone. When a dataset
leaves publication, its earlier activities (the public ones carry a full
snapshot of the dataset) take its private labels too: otherwise the
organization and site-wide streams would still hand a withdrawn dataset to
anonymous harvesters.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.plugins import get_permission_labels

from ckanext.activity.model import Activity

from .definition import Definition, Transition


def record(
    definition: Definition,
    pkg: model.Package,
    transition: Transition,
    event: Any,
    user: model.User,
) -> None:
    if not p.plugin_loaded("activity") or not tk.config.get(
        "ckan.activity_streams_enabled"
    ):
        return
    labels = get_permission_labels().get_dataset_labels(pkg)
    if definition.is_public(event.from_state):
        _relabel(pkg.id, labels)
    snapshot = tk.get_action("package_show")(
        {"ignore_auth": True, "for_view": False}, {"id": pkg.id}
    )
    tk.get_action("activity_create")(
        {"ignore_auth": True, "user": user.name},
        {
            "user_id": user.id,
            "object_id": pkg.id,
            "activity_type": "changed package",
            "data": {
                "package": snapshot,
                "actor": user.name,
                "satudata_workflow": {
                    "event_id": event.id,
                    "transition": transition.name,
                    "label": transition.label,
                    "from_state": event.from_state,
                    "from_label": definition.state_label(event.from_state),
                    "to_state": event.to_state,
                    "to_label": definition.state_label(event.to_state),
                    "role": event.role,
                    "note": event.note,
                },
            },
            "permission_labels": labels,
        },
    )


def _relabel(package_id: str, labels: list[str]) -> None:
    model.Session.execute(
        sa.update(Activity)
        .where(Activity.object_id == package_id)
        .values(permission_labels=labels)
    )
    model.Session.commit()
