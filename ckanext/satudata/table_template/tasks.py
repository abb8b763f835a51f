"""The template work in "Tugas saya" (Mojokerto SOP steps 2-3).

For the Walidata: each established Daftar Data row of the current year
without a template (step 2: make or pick one), and each such row whose
template's current version was not announced yet (step 3: «Informasikan»,
against its time standard from the later of the link and the version).

For a row's Produsen Data and Admin Portal OPD: the latest announcement of
the row's current template, "Template tabel baru untuk <row>: unduh", until
the OPD acts on it, that is until a dataset is linked to the row (their
step 4 has begun). Reading the email or downloading the file does not clear
it: the entry is a task, not a notification.

A fixed number of queries whatever the number of rows, so that the header
can count these on every page.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.model import utcnow
from ckanext.satudata.model.daftar_data import DITETAPKAN, DaftarData
from ckanext.satudata.model.template import (
    Template,
    TemplateAnnouncement,
    TemplateVersion,
)
from ckanext.satudata.report.figures import link_join
from ckanext.satudata.workflow.definition import Definition

from .announcement import RECIPIENT_ROLES

__all__ = ["MISSING", "UNANNOUNCED", "ANNOUNCED", "for_user"]

MISSING = "template_belum_ada"
UNANNOUNCED = "template_belum_diinformasikan"
ANNOUNCED = "template_baru"


def _row(row: DaftarData) -> dict[str, Any]:
    return {"id": row.id, "kode": row.kode, "tahun": row.tahun,
            "nama_data": row.nama_data}


def _item(kind: str, row: DaftarData, template: Template | None,
          since: datetime.datetime, standard: datetime.timedelta | None,
          now: datetime.datetime, version: int | None = None) -> dict[str, Any]:
    spent = now - since
    return {
        "kind": kind,
        "daftar_data": _row(row),
        "owner_org": row.owner_org,
        "template": None if template is None else {
            "id": template.id, "name": template.name, "title": template.title,
            "version": version or template.current_version},
        "since": since.isoformat(),
        "waiting_seconds": int(spent.total_seconds()),
        "time_standard_seconds": (
            int(standard.total_seconds()) if standard else None),
        "overdue": standard is not None and spent > standard,
    }


def _walidata(definition: Definition, now: datetime.datetime) -> list[dict[str, Any]]:
    told = (
        sa.select(TemplateAnnouncement.id)
        .where(TemplateAnnouncement.daftar_data_id == DaftarData.id,
               TemplateAnnouncement.template_id == Template.id,
               TemplateAnnouncement.template_version == Template.current_version)
        .exists()
    )
    found = model.Session.execute(
        sa.select(DaftarData, Template, TemplateVersion.created)
        .outerjoin(Template, Template.id == DaftarData.template_id)
        .outerjoin(TemplateVersion, sa.and_(
            TemplateVersion.template_id == Template.id,
            TemplateVersion.version == Template.current_version))
        .where(DaftarData.status == DITETAPKAN,
               DaftarData.tahun == now.year,
               sa.or_(Template.id.is_(None), ~told))
        .order_by(DaftarData.kode)
    ).all()
    step = definition.template_announcement
    items = []
    for row, template, version_created in found:
        if template is None:
            since = row.tanggal_sk and datetime.datetime.combine(
                row.tanggal_sk, datetime.time())
            items.append(_item(MISSING, row, None, since or row.created, None, now))
        else:
            since = max(row.template_linked or version_created, version_created)
            items.append(_item(UNANNOUNCED, row, template, since,
                               step.time_standard if step else None, now))
    return items


def _with_datasets(row_ids: list[str]) -> set[str]:
    if not row_ids:
        return set()
    sql = f"""
WITH dd AS (SELECT id FROM satudata_daftar_data WHERE id = ANY(:ids))
SELECT DISTINCT dd.id FROM package p {link_join()}
WHERE p.state = 'active' AND p.type = 'dataset'
"""
    return {r[0] for r in model.Session.execute(sa.text(sql), {"ids": row_ids})}


def _opd(user: model.User, now: datetime.datetime) -> list[dict[str, Any]]:
    orgs = sorted({org for role in RECIPIENT_ROLES
                   for org in satudata_roles.organizations_for_role(user, role)})
    if not orgs:
        return []
    newest = (
        sa.select(TemplateAnnouncement.daftar_data_id,
                  sa.func.max(TemplateAnnouncement.template_version)
                  .label("version"))
        .join(DaftarData, DaftarData.id == TemplateAnnouncement.daftar_data_id)
        .where(TemplateAnnouncement.template_id == DaftarData.template_id)
        .group_by(TemplateAnnouncement.daftar_data_id)
        .subquery()
    )
    found = model.Session.execute(
        sa.select(TemplateAnnouncement, DaftarData, Template)
        .join(newest, sa.and_(
            newest.c.daftar_data_id == TemplateAnnouncement.daftar_data_id,
            newest.c.version == TemplateAnnouncement.template_version))
        .join(DaftarData, DaftarData.id == TemplateAnnouncement.daftar_data_id)
        .join(Template, sa.and_(Template.id == TemplateAnnouncement.template_id,
                                Template.id == DaftarData.template_id))
        .where(DaftarData.owner_org.in_(orgs), DaftarData.status == DITETAPKAN)
        .order_by(TemplateAnnouncement.created.desc())
    ).all()
    acted = _with_datasets([row.id for _a, row, _t in found])
    return [
        _item(ANNOUNCED, row, template, a.created, None, now, a.template_version)
        for a, row, template in found if row.id not in acted
    ]


def for_user(definition: Definition, user: model.User) -> list[dict[str, Any]]:
    """The template tasks of ``user``, overdue first, then the oldest."""
    now = utcnow()
    items = []
    if "walidata" in satudata_roles.user_roles(user):
        items += _walidata(definition, now)
    items += _opd(user, now)
    items.sort(key=lambda i: (not i["overdue"], -i["waiting_seconds"]))
    for item in items:
        item["label"] = label(item)
    return items


def label(item: dict[str, Any]) -> str:
    row = "{} {}".format(item["daftar_data"]["kode"], item["daftar_data"]["nama_data"])
    if item["kind"] == MISSING:
        return tk._("Buat atau pilih template untuk {row}").format(row=row)
    if item["kind"] == UNANNOUNCED:
        return tk._("Informasikan template «{title}» untuk {row}").format(
            title=item["template"]["title"], row=row)
    return tk._("Template tabel baru untuk {row}: unduh").format(row=row)
