""""Tugas saya": the datasets waiting for a user's action.

A dataset waits for a user when it is in a step with a transition the
engine leaves open to them (:func:`engine.awaiting`: their role in the
dataset's OPD or regency-wide, separation of duties; the conformance gate
is not evaluated, so a draft whose data does not conform yet still waits
for its producer). The candidates come from one search (the state is
indexed) narrowed to the states and OPDs where the user acts.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.model import utcnow

from . import engine, timing
from . import state as wf_state
from .definition import Definition, configured
from .service import facts

__all__ = ["tasks"]


def _search_clauses(definition: Definition, user: model.User) -> list[str]:
    """Solr clauses for the datasets waiting in a step the user acts in."""
    regency = satudata_roles.user_roles(user) & set(satudata_roles.REGENCY_ROLES)
    orgs = {
        role: satudata_roles.organizations_for_role(user, role)
        for role in satudata_roles.OPD_ROLES
    }
    clauses = []
    for state in definition.states:
        if definition.is_public(state):
            continue
        acting = {t.role for t in definition.outgoing(state)}
        if acting & regency:
            clauses.append(f'satudata_status:"{state}"')
            continue
        in_orgs = sorted({o for role in acting if role in orgs for o in orgs[role]})
        if in_orgs:
            quoted = " OR ".join(f'"{o}"' for o in in_orgs)
            clauses.append(f'(satudata_status:"{state}" AND owner_org:({quoted}))')
    return clauses


def tasks(user: model.User, overdue_only: bool = False) -> dict[str, Any]:
    """``count`` and ``results``, overdue first, then the longest waiting."""
    definition = configured()
    clauses = _search_clauses(definition, user)
    if not clauses:
        return {"count": 0, "results": []}
    found = tk.get_action("package_search")(
        {"user": user.name},
        {
            # CKAN prepends "+permission_labels:(...)" to fq: without the
            # "+( )" our clauses would only be optional next to that one.
            "fq": "+(" + " OR ".join(clauses) + ")",
            "include_private": True,
            "rows": 1000,
            "sort": "metadata_modified asc",
        },
    )["results"]
    shown = {d["id"]: d for d in found}
    packages = [p for p in (model.Package.get(i) for i in shown) if p is not None]
    states = wf_state.current_many(packages, definition)
    now = utcnow()
    results = []
    for pkg in packages:
        current = states[pkg.id]
        open_ = engine.awaiting(
            definition, current.state,
            satudata_roles.user_roles(user, pkg.owner_org),
            facts(pkg, user, definition),
        )
        if not open_:
            continue
        step = timing.step(definition, current.state, current.entered, None, now)
        if overdue_only and not step["overdue"]:
            continue
        org = shown[pkg.id].get("organization") or {}
        results.append({
            "id": pkg.id,
            "name": pkg.name,
            "title": pkg.title or pkg.name,
            "organization": {
                "id": pkg.owner_org,
                "name": org.get("name"),
                "title": org.get("title"),
            },
            "state": current.state,
            "state_label": step["state_label"],
            "step": step["step"],
            "entered": step["entered"],
            "waiting_seconds": step["seconds"],
            "time_standard_seconds": step["time_standard_seconds"],
            "overdue": step["overdue"],
            "transitions": [{"name": t.name, "label": t.label} for t in open_],
        })
    results.sort(key=lambda r: (not r["overdue"], -r["waiting_seconds"]))
    return {"count": len(results), "results": results}
