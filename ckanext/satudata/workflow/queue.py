""""Tugas saya": the datasets waiting for a user's action.

A dataset waits for a user when it is in a step with a transition the
engine leaves open to them (:func:`engine.awaiting`: their role in the
dataset's OPD or regency-wide, separation of duties; the conformance gate
is not evaluated, so a draft whose data does not conform yet still waits
for its producer). The candidates come from one search (the state is
indexed) narrowed to the states and OPDs where the user acts; the rules
are then asked with a fixed number of queries, so the header can show the
count on every page.

Tugas saya also lists the template work of the Daftar Data rows
(:mod:`ckanext.satudata.table_template.tasks`): rows without a template and
templates not announced yet for the Walidata, announced templates for the
row's Produsen Data and Admin Portal OPD. The header counts both.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata import request_memo, shared_memo
from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.model import utcnow
from ckanext.satudata.table_template import tasks as template_tasks

from . import engine, timing
from . import state as wf_state
from .definition import Definition, Transition, configured
from .service import facts

__all__ = ["count", "tasks"]


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


def _candidates(
    definition: Definition, user: model.User, fields: str | None = None
) -> list[dict[str, Any]]:
    """Search results of the datasets in a step the user acts in, oldest
    change first; ``fields`` narrows each result (``"id"`` for a count)."""
    clauses = _search_clauses(definition, user)
    if not clauses:
        return []
    search = {
        # CKAN prepends "+permission_labels:(...)" to fq: without the
        # "+( )" our clauses would only be optional next to that one.
        "fq": "+(" + " OR ".join(clauses) + ")",
        "include_private": True,
        "rows": 1000,
        "sort": "metadata_modified asc",
    }
    if fields:
        search["fl"] = fields
    return tk.get_action("package_search")({"user": user.name}, search)["results"]


def _waiting(
    definition: Definition, user: model.User, package_ids: list[str]
) -> list[tuple[model.Package, wf_state.Current, list[Transition]]]:
    """The candidates that wait for the user, with their state and the
    transitions open to them; a fixed number of queries however many."""
    by_id = {
        pkg.id: pkg for pkg in model.Session.query(model.Package)
        .filter(model.Package.id.in_(package_ids))
    }
    packages = [by_id[i] for i in package_ids if i in by_id]
    states = wf_state.current_many(packages, definition)
    submissions = wf_state.submissions_many(by_id, definition)
    roles_in: dict[str | None, frozenset[str]] = {}
    waiting = []
    for pkg in packages:
        if pkg.owner_org not in roles_in:
            roles_in[pkg.owner_org] = satudata_roles.user_roles(user, pkg.owner_org)
        current = states[pkg.id]
        open_ = engine.awaiting(
            definition, current.state, roles_in[pkg.owner_org],
            facts(pkg, user, definition, submission=submissions[pkg.id]),
        )
        if open_:
            waiting.append((pkg, current, open_))
    return waiting


def _count_key(user: model.User) -> tuple[str, str]:
    return ("satudata.queue_count", user.id)


def count(user: model.User) -> int:
    """How many tasks wait for the user: the ``count`` of :func:`tasks`,
    for the header's "Tugas saya" on every page. Kept until the database
    next changes (the template tasks also depend on the year), and once a
    request (the "Tugas saya" page has it from :func:`tasks` already)."""
    def work_out() -> int:
        definition = configured()
        found = _candidates(definition, user, fields="id")
        return len(_waiting(definition, user, [d["id"] for d in found])) + len(
            template_tasks.for_user(definition, user))

    workflow = tk.config.get("ckanext.satudata.workflow")
    shared_key = f"queue_count:{workflow}:{utcnow().year}:{user.id}"
    return request_memo.remembered(
        _count_key(user), lambda: shared_memo.kept(shared_key, work_out))


def tasks(user: model.User, overdue_only: bool = False) -> dict[str, Any]:
    """``count`` (of both lists), ``results`` (datasets) and
    ``template_tasks``, each overdue first, then the longest waiting."""
    definition = configured()
    shown = {d["id"]: d for d in _candidates(definition, user)}
    now = utcnow()
    results = []
    waiting = _waiting(definition, user, list(shown))
    templates = template_tasks.for_user(definition, user)
    request_memo.remember(_count_key(user), len(waiting) + len(templates))
    if overdue_only:
        templates = [t for t in templates if t["overdue"]]
    for pkg, current, open_ in waiting:
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
    return {"count": len(results) + len(templates), "results": results,
            "template_tasks": templates}
