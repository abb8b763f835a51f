"""The CKAN write routes the workflow closes, with the reasons in Indonesian.

The publishing rule itself is held by the database (migration sd0005): a
dataset of an OPD is public exactly when its workflow state is the public
one, whatever route writes ``package``. The checks here run first so that
a caller learns why, in Bahasa Indonesia, instead of meeting the database's
refusal; :func:`invariant_kept` turns that refusal into the same message
when a route nobody thought of reaches it.

* dataset writes (``package_create``/``update``, hence ``package_patch``,
  ``package_revise``, the dataset form and CKAN 2.12's bulk updates):
  ``private`` may not change, judged by what CKAN's own validator will
  store; ``satudata_status``, the approval provenance and look-alike
  ``extras`` keys are refused; CKAN's ``state`` changes only by deleting,
  undeleting or finishing the form; moving to another OPD only while
  editable; the groups of a dataset under review stay as they are;
* ``package_owner_org_update`` called directly moves no OPD dataset;
* the organization bulk actions take only a list of dataset ids;
* group membership of an OPD's dataset changes only by that OPD's roles,
  the Walidata or a sysadmin, and never while the dataset is under review;
* ``dataset_purge`` keeps the workflow history and what the report needs.

These rules bind sysadmins and background jobs too.
"""
from __future__ import annotations

import contextlib
import logging
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz
from ckan.lib import search
from ckan.lib.navl.dictization_functions import missing
from ckan.types import Context, DataDict

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.model.workflow import PurgedDataset, WorkflowEvent

from . import policy, provenance
from . import state as wf_state
from .definition import Definition, configured

__all__ = [
    "INVARIANT_SQLSTATE",
    "check_bulk",
    "check_dataset_write",
    "check_group_membership",
    "check_group_packages",
    "check_owner_org_update",
    "invariant_kept",
    "record_purge",
]

log = logging.getLogger(__name__)

#: The SQLSTATE of the database's refusal (migration sd0005).
INVARIANT_SQLSTATE = "SD001"


def _refusal_status() -> str:
    return tk._(
        "Status alur kerja hanya dapat diubah dengan aksi alur kerja"
        " (satudata_workflow_transition), bukan dengan menyunting dataset."
    )


def _refusal_provenance() -> str:
    return tk._(
        "Riwayat persetujuan dataset dicatat oleh alur kerja dan tidak dapat"
        " diubah dengan menyunting dataset."
    )


def stored_private(value: Any) -> bool | None:
    """What CKAN's package schema stores for ``private``: ``True`` or
    ``False``, or ``None`` when it leaves the field alone (``ignore_missing``
    drops a missing or null value).

    Judged by CKAN's own ``boolean_validator``, which makes every string
    but true/yes/t/y/1 (any case) ``False``; CKAN 2.12's also reads numbers
    and makes any other shape ``False``, 2.11's crashes on them, so there
    such a value is refused here.
    """
    if value is None or value is missing:
        return None
    try:
        return bool(tk.get_validator("boolean_validator")(value, {}))
    except (AttributeError, TypeError):
        raise tk.ValidationError({"private": [tk._(
            "Nilai «private» harus true atau false."
        )]}) from None


def _reserved_key(key: Any) -> str | None:
    """The read-only field a key stands for once case, blanks, hyphens and
    look-alike characters are set aside, or ``None``."""
    if not isinstance(key, str):
        return None
    folded = unicodedata.normalize("NFKC", key).casefold().strip()
    folded = "_".join(folded.replace("-", " ").replace(".", " ").split())
    return folded if folded in provenance.MIRRORED else None


def _check_extras(data_dict: DataDict, errors: dict[str, list[str]]) -> None:
    extras = data_dict.get("extras")
    if not isinstance(extras, list):
        return
    lookalikes = sorted({
        str(e.get("key")) for e in extras
        if isinstance(e, dict) and _reserved_key(e.get("key"))
        and e.get("key") not in provenance.MIRRORED
    })
    if lookalikes:
        errors["extras"] = [tk._(
            "Kunci tambahan {keys} menyerupai kolom yang dicatat oleh alur kerja"
            " dan tidak boleh dipakai."
        ).format(keys=", ".join(f"«{k}»" for k in lookalikes))]


def _under_review(state: str, definition: Definition) -> bool:
    known = definition.states.get(state)
    return not definition.is_public(state) and not (known and known.editable_by)


def _group_ids(groups: Any) -> set[str] | None:
    """The group ids a ``groups`` value of a dataset write names, or
    ``None`` when it cannot be read (CKAN's validators answer then)."""
    if not isinstance(groups, list):
        return None
    ids = set()
    for group in groups:
        if not isinstance(group, dict):
            return None
        found = model.Group.get(str(group.get("id") or group.get("name") or ""))
        if found is not None:
            ids.add(found.id)
    return ids


def _check_groups(
    data_dict: DataDict, pkg: model.Package, state: str, definition: Definition,
    errors: dict[str, list[str]],
) -> None:
    if "groups" not in data_dict or not _under_review(state, definition):
        return
    wanted = _group_ids(data_dict["groups"])
    current = {g.id for g in pkg.get_groups("group")}
    if wanted is not None and wanted != current:
        errors["groups"] = [_group_refusal(state, definition)]


def _group_refusal(state: str, definition: Definition) -> str:
    return tk._(
        "Grup dataset berstatus «{state}» tidak dapat diubah selama dataset"
        " diperiksa atau menunggu persetujuan."
    ).format(state=definition.state_label(state))


def _check_ckan_state(
    pkg: model.Package, wanted: Any, errors: dict[str, list[str]]
) -> None:
    """CKAN's own ``state`` (active, draft, deleted) of an OPD dataset
    changes only as CKAN's flows change it: the dataset form finishing a
    draft, deleting, and undeleting; never to hide a dataset otherwise."""
    if wanted is None or wanted == pkg.state:
        return
    if wanted == "deleted":
        return
    if wanted == "active" and pkg.state in ("draft", "deleted"):
        return
    errors["state"] = [tk._(
        "Status CKAN dataset hanya berubah dengan menghapus dataset atau"
        " menyelesaikan formulir pembuatannya."
    )]


def _check_move(
    pkg: model.Package, target: Any, errors: dict[str, list[str]]
) -> None:
    group = model.Group.get(str(target)) if isinstance(target, str) and target else None
    if (group.id if group else target or None) == pkg.owner_org:
        return
    reason = policy.move_refusal(pkg)
    if reason is not None:
        errors["owner_org"] = [reason]


def check_dataset_write(data_dict: DataDict, pkg: model.Package | None) -> None:
    """Refuse a create (``pkg`` None) or update that would change
    ``private``, the state, the approval provenance or, under review, the
    groups; make a new OPD dataset private."""
    definition = configured()
    errors: dict[str, list[str]] = {}
    if pkg is not None:
        owned = bool(pkg.owner_org)
        now_state = wf_state.current(pkg, definition).state
        now_private = bool(pkg.private)
    else:
        owned = bool(data_dict.get("owner_org"))
        now_state = definition.initial_state
        now_private = True
    owner = data_dict.get("owner_org")
    if owner is not None and not isinstance(owner, str):
        # CKAN's owner_org_validator hands any shape to SQL.
        errors["owner_org"] = [tk._("«owner_org» harus berupa id atau nama OPD.")]
    if pkg is not None and owned:
        if isinstance(owner, str):
            _check_move(pkg, owner, errors)
        if "state" in data_dict:
            _check_ckan_state(pkg, data_dict["state"], errors)
        _check_groups(data_dict, pkg, now_state, definition, errors)
    mirrored = provenance.strip_extras(data_dict)
    _check_extras(data_dict, errors)
    sent = [data_dict.pop("satudata_status", None), mirrored.get("satudata_status")]
    if any(value not in (None, "", now_state) for value in sent):
        errors["satudata_status"] = [_refusal_status()]
    _check_provenance(data_dict, pkg, definition, errors, mirrored)
    if owned:
        wanted = stored_private(data_dict.get("private"))
        if wanted is None:
            if pkg is None:
                data_dict["private"] = True
        elif wanted != now_private:
            errors["private"] = [policy.visibility_refusal()]
    if errors:
        raise tk.ValidationError(errors)


def _check_provenance(
    data_dict: DataDict, pkg: model.Package | None, definition: Definition,
    errors: dict[str, list[str]], mirrored: dict[str, Any],
) -> None:
    sent = [(f, mirrored[f]) for f in provenance.FIELDS if f in mirrored]
    sent += [(f, data_dict.pop(f)) for f in provenance.FIELDS if f in data_dict]
    if not sent:
        return
    now: dict[str, str] = {}
    if pkg is not None and wf_state.current(pkg, definition).state == (
        definition.public_state
    ):
        now = provenance.states_and_provenance([pkg.id], definition)[pkg.id][1]
    for field, value in sent:
        if value not in (None, "") and str(value) != now.get(field):
            errors[field] = [_refusal_provenance()]


def check_owner_org_update(context: Context, data_dict: DataDict) -> None:
    """``package_owner_org_update`` called directly (package_create/update
    call it with ``ignore_auth`` after their own checks) would move an OPD's
    dataset past the check that its Daftar Data row belongs to the new OPD,
    so a move goes through package_update/patch instead."""
    pkg = model.Package.get(str(data_dict.get("id") or ""))
    if pkg is None or not pkg.owner_org or context.get("ignore_auth"):
        return
    target = data_dict.get("organization_id")
    group = model.Group.get(str(target)) if target else None
    if (group.id if group else None) != pkg.owner_org:
        raise tk.ValidationError({"organization_id": [
            policy.move_refusal(pkg) or tk._(
                "Pindahkan dataset ke OPD lain dengan menyunting datasetnya"
                " (owner_org bersama daftar_data_id milik OPD tujuan), agar"
                " baris Daftar Data-nya ikut diperiksa."
            )
        ]})


def check_bulk(context: Context, data_dict: DataDict, action: str) -> None:
    """The organization bulk ``action`` (``public``, ``private``,
    ``delete``): ``datasets`` must be a list of ids (CKAN 2.11 hands any
    iterable, a JSON object's keys too, to its SQL), then the rule of
    :func:`policy.bulk_refusal`."""
    ids = data_dict.get("datasets")
    org_id = data_dict.get("org_id")
    errors: dict[str, list[str]] = {}
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        errors["datasets"] = [tk._("«datasets» harus berupa daftar id dataset.")]
    if not isinstance(org_id, str) or not org_id:
        errors["org_id"] = [tk._("«org_id» harus berupa id organisasi.")]
    if errors:
        raise tk.ValidationError(errors)
    reason = policy.bulk_refusal(context.get("user"), action, org_id, ids)
    if reason:
        raise tk.NotAuthorized(reason)


def _membership_refusal(user: str | None, pkg: model.Package) -> str | None:
    """Why ``user`` may not put the OPD dataset ``pkg`` in a group or take
    it out, or ``None``."""
    definition = configured()
    state = wf_state.current(pkg, definition).state
    if _under_review(state, definition):
        return _group_refusal(state, definition)
    if authz.is_sysadmin(user):
        return None
    roles = satudata_roles.user_roles(user, pkg.owner_org)
    if roles & ({"walidata"} | set(satudata_roles.OPD_ROLES)):
        return None
    return tk._(
        "Grup dataset «{name}» hanya dapat diubah oleh pemegang peran Satu Data"
        " di OPD pemiliknya atau oleh Walidata."
    ).format(name=pkg.name)


def check_group_membership(context: Context, data_dict: DataDict) -> None:
    """``member_create``/``member_delete`` of a dataset in a group."""
    if data_dict.get("object_type") != "package":
        return
    pkg = model.Package.get(str(data_dict.get("object") or ""))
    if pkg is None or not pkg.owner_org:
        return
    reason = _membership_refusal(context.get("user"), pkg)
    if reason:
        raise tk.NotAuthorized(reason)


def check_group_packages(context: Context, data_dict: DataDict) -> None:
    """``group_update``/``group_patch`` with ``packages``: the datasets it
    adds or removes follow :func:`check_group_membership`'s rule."""
    packages = data_dict.get("packages")
    group = model.Group.get(str(data_dict.get("id") or data_dict.get("name") or ""))
    if packages is None or group is None or group.is_organization:
        return
    if not isinstance(packages, list):
        raise tk.ValidationError({"packages": [tk._(
            "«packages» harus berupa daftar dataset."
        )]})
    wanted = set()
    for entry in packages:
        name = entry.get("id") or entry.get("name") if isinstance(entry, dict) else None
        pkg = model.Package.get(str(name or ""))
        if pkg is not None:
            wanted.add(pkg.id)
    current = set(
        model.Session.execute(
            sa.select(model.Member.table_id).where(
                model.Member.group_id == group.id,
                model.Member.table_name == "package",
                model.Member.state == "active",
            )
        ).scalars()
    )
    for package_id in sorted(wanted ^ current):
        pkg = model.Package.get(package_id)
        if pkg is None or not pkg.owner_org:
            continue
        reason = _membership_refusal(context.get("user"), pkg)
        if reason:
            raise tk.NotAuthorized(reason)


def record_purge(context: Context, data_dict: DataDict) -> None:
    """Before ``dataset_purge``: a dataset with workflow history leaves a
    record of what the report and the history need (its events stay)."""
    pkg = model.Package.get(str(data_dict.get("id") or ""))
    if pkg is None:
        return
    has_history = model.Session.execute(
        sa.select(WorkflowEvent.id).where(WorkflowEvent.package_id == pkg.id).limit(1)
    ).first()
    if not has_history or model.Session.get(PurgedDataset, pkg.id) is not None:
        return
    user = model.User.get(context.get("user") or "")
    model.Session.add(PurgedDataset(
        package_id=pkg.id,
        name=pkg.name,
        title=pkg.title,
        owner_org=pkg.owner_org,
        daftar_data_id=pkg.extras.get("daftar_data_id"),
        metadata_created=pkg.metadata_created,
        purged_by=user.id if user else None,
    ))


def _violation(error: sa.exc.DBAPIError) -> bool:
    return getattr(error.orig, "pgcode", None) == INVARIANT_SQLSTATE


def _reindex(package_ids: Iterable[str]) -> None:
    """Bring the index back to what the database kept: CKAN indexes a
    dataset before its commit, which the database then refused."""
    index = search.PackageSearchIndex()
    for package_id in package_ids:
        try:
            if model.Package.get(package_id) is None:
                index.delete_package({"id": package_id})
            else:
                search.rebuild(package_id)
        except Exception:
            log.exception("Could not reindex dataset %s", package_id)


@contextlib.contextmanager
def invariant_kept(package_ids: Iterable[str] = ()) -> Iterator[None]:
    """Turn the database's refusal of a publishing-rule breach into the
    workflow's ValidationError, after rolling back and reindexing."""
    try:
        yield
    except sa.exc.DBAPIError as error:
        if not _violation(error):
            raise
        model.Session.rollback()
        detail = getattr(getattr(error.orig, "diag", None), "message_detail", None)
        _reindex({*package_ids, *([detail] if detail else [])})
        log.warning("The database refused a publishing-rule breach: %s", error.orig)
        raise tk.ValidationError({"private": [policy.visibility_refusal()]}) from None
