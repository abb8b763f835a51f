"""Who may see and who may edit a dataset in a given workflow state.

Visibility (IPermissionLabels). A published dataset (public state, CKAN
``private`` false, active) carries the label ``public``; both conditions are
read, so a dataset is never indexed as public inside a transaction that the
database then refuses (CKAN indexes before it commits). Any other dataset of an OPD
carries ``satudata-opd-<org id>`` and ``satudata-regency``. A user gets
``satudata-opd-<org id>`` for every OPD where they hold an OPD role
(produsen, admin_opd, kepala_opd; explicit or implicit) and
``satudata-regency`` if they hold a regency-wide role (walidata, forum,
pembina). A CKAN member of the OPD without a Satu Data role there sees
nothing unpublished, nor do anonymous users or another OPD's staff. Since
CKAN 2.11 ``package_show`` (hence ``resource_show``, resource downloads, the
dataset pages and ``package_activity_list``), ``package_search`` and the
activity stream all decide by these labels. Regency-wide roles are read-only
because they are not CKAN members of the OPD, so CKAN's own update checks
refuse them. Datasets without an organization keep CKAN's default labels.

Editing (metadata and resources). The current state's ``editable_by`` in
the definition lists the roles (in the dataset's OPD) that may edit; in both
presets that is produsen and admin_opd in ``draf``, ``dikembalikan`` and
``ditarik`` and nobody in ``diajukan``, ``menunggu_persetujuan``,
``disetujui`` and ``terbit``: data under review, approved or published is
locked; a published dataset is changed through a revision
(:mod:`ckanext.satudata.revision`), a private draft copy that runs the
workflow while the published version stays up, and is withdrawn (``tarik``)
only when the data must come down. A revision's draft never moves to
another OPD. Deleting follows the same rule. Sysadmins (and the site user that
background jobs such as harvesting or xloader run as) keep every right CKAN
gives them over metadata and resources; nobody, sysadmins included, changes
``private`` or the workflow state except through a transition.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata import shown
from ckanext.satudata.model.revision import Revision

from . import state as wf_state
from .definition import Definition, configured

__all__ = [
    "bulk_refusal",
    "dataset_labels",
    "edit_lock_reason",
    "move_refusal",
    "revision_draft",
    "user_labels",
    "visibility_refusal",
]

PUBLIC = "public"
REGENCY_LABEL = "satudata-regency"


def opd_label(organization_id: str) -> str:
    return f"satudata-opd-{organization_id}"


def dataset_labels(pkg: model.Package) -> list[str] | None:
    """The dataset's labels, or ``None`` to keep CKAN's default ones."""
    if not pkg.owner_org:
        return None
    if pkg.state == "active" and not pkg.private:
        # read with the rest of what package_show adds: one statement
        found = shown.read_one(pkg.id)
        if found is not None and found.public:
            return [PUBLIC]
    return [opd_label(pkg.owner_org), REGENCY_LABEL]


def user_labels(user_obj: model.User | None) -> list[str]:
    labels = [PUBLIC]
    # Some CKAN views pass g.userobj, an empty string for anonymous users.
    if not user_obj or user_obj.is_anonymous:
        return labels
    labels.append(f"creator-{user_obj.id}")
    if satudata_roles.holds_regency_role(user_obj):
        labels.append(REGENCY_LABEL)
    labels.extend(
        opd_label(org) for org in satudata_roles.opd_organizations(user_obj)
    )
    return labels


def editors(definition: Definition, state: str) -> frozenset[str]:
    """The Satu Data roles that edit a dataset in ``state``."""
    found = definition.states.get(state)
    return found.editable_by if found else frozenset()


def edits_in(
    definition: Definition, state: str, user: str | None, organization_id: str
) -> bool:
    """Whether ``user`` edits the OPD's datasets in ``state``."""
    return bool(editors(definition, state)
                & satudata_roles.user_roles(user, organization_id))


def edit_lock_reason(
    user: str | None, pkg: model.Package, definition: Definition | None = None
) -> str | None:
    """Why ``user`` may not edit the dataset now, or ``None`` if they may.

    Only the workflow's rule is checked here; CKAN's own membership checks
    run before it. Sysadmins never reach this (CKAN skips auth functions
    for them).
    """
    if not pkg.owner_org:
        return None
    definition = definition or configured()
    current = wf_state.current(pkg, definition).state
    editable_by = editors(definition, current)
    if edits_in(definition, current, user, pkg.owner_org):
        return None
    label = definition.state_label(current)
    if not editable_by:
        return tk._(
            "Dataset berstatus «{state}» terkunci: metadata dan sumber datanya"
            " tidak dapat diubah atau dihapus. Dataset yang sudah terbit"
            " diperbarui lewat «Mutakhirkan»: revisinya diperiksa dan disetujui"
            " sementara versi yang terbit tetap tampil."
        ).format(state=label)
    return tk._(
        "Dataset berstatus «{state}» hanya dapat diubah oleh {roles} dari"
        " organisasi pemilik dataset ini."
    ).format(
        state=label,
        roles=" / ".join(tk._(r) for r in satudata_roles.role_labels(editable_by)),
    )


def revision_draft(package_id: str) -> bool:
    """Whether the dataset is the draft copy of a revision."""
    return model.Session.execute(
        sa.select(Revision.id).where(Revision.draft_package_id == package_id)
    ).first() is not None


def visibility_refusal() -> str:
    return tk._(
        "Visibilitas dataset hanya berubah melalui alur kerja: dataset menjadi"
        " publik saat diterbitkan dan privat lagi saat ditarik."
    )


def move_refusal(
    pkg: model.Package, definition: Definition | None = None
) -> str | None:
    """Why the dataset may not move to another OPD now, or ``None``.

    The owning OPD is who checks, approves and answers for the data, so a
    dataset moves only while it is editable at all (``draf``,
    ``dikembalikan``, ``ditarik`` in both presets), whoever asks: a
    sysadmin too, because the approval history names the OPD.
    """
    if not pkg.owner_org:
        return None
    if revision_draft(pkg.id):
        return tk._(
            "Salinan revisi tidak dapat dipindahkan ke OPD lain: revisi"
            " menggantikan dataset OPD pemiliknya."
        )
    definition = definition or configured()
    current = wf_state.current(pkg, definition).state
    state = definition.states.get(current)
    if state and state.editable_by:
        return None
    return tk._(
        "Dataset berstatus «{state}» tidak dapat dipindahkan ke OPD lain."
        " Pemindahan hanya dapat dilakukan selama dataset masih dapat disunting;"
        " dataset yang sudah terbit harus ditarik dulu oleh Walidata."
    ).format(state=definition.state_label(current))


def bulk_refusal(
    user: str | None, action: str, organization_id: str, dataset_ids: list[str]
) -> str | None:
    """Why the organization's bulk ``action`` (``public``, ``private`` or
    ``delete``) on these datasets is refused, or ``None``.

    Making datasets public or private is refused whenever it would change
    one; deleting follows the edit lock (sysadmins may delete).
    """
    if not dataset_ids:
        return None
    packages = (
        model.Session.query(model.Package)
        .filter(
            model.Package.id.in_(dataset_ids),
            model.Package.owner_org == organization_id,
        )
        .all()
    )
    if action in ("public", "private"):
        private = action == "private"
        changing = sorted(p.name for p in packages if p.private != private)
        if not changing:
            return None
        return visibility_refusal() + " " + tk._(
            "Dataset yang akan berubah: {names}."
        ).format(names=", ".join(changing))
    if action == "delete" and not authz.is_sysadmin(user):
        definition = configured()
        for pkg in packages:
            reason = edit_lock_reason(user, pkg, definition)
            if reason:
                return f"{pkg.name}: {reason}"
    return None
