"""«Informasikan»: the Walidata tells the OPD of a Daftar Data row about its
table template (Mojokerto SOP step 3).

An announcement covers one template version and one established row: it is
recorded (:class:`TemplateAnnouncement`, append-only: who, when, which
version, which row, to whom) and the row's Produsen Data and Admin Portal
OPD get an email with the template's downloads, sent by a background job
like the workflow's emails (:mod:`ckanext.satudata.workflow.notifications`).
Announcing a version already announced for a row is refused: the OPD has
it; a new version of the template is announced again.

The step's clock starts at the later of the template's link to the row
(``template_linked``) and the creation of the version announced: the Walidata
cannot announce before both exist.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

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
from ckanext.satudata.workflow import notifications

__all__ = ["RECIPIENT_ROLES", "announce", "enqueue_emails", "pending_rows",
           "send_emails"]

log = logging.getLogger(__name__)

#: Who hears of a row's template: those who fill it and check against it.
RECIPIENT_ROLES = ("produsen", "admin_opd")


def pending_rows(template: Template) -> list[DaftarData]:
    """The established rows using ``template`` whose OPD has not been told
    of its current version yet."""
    told = sa.select(TemplateAnnouncement.daftar_data_id).where(
        TemplateAnnouncement.template_id == template.id,
        TemplateAnnouncement.template_version == template.current_version,
    )
    return list(model.Session.scalars(
        sa.select(DaftarData)
        .where(DaftarData.template_id == template.id,
               DaftarData.status == DITETAPKAN,
               DaftarData.id.not_in(told))
        .order_by(DaftarData.tahun.desc(), DaftarData.kode)
    ))


def recipients(owner_org: str) -> list[str]:
    people: set[str] = set()
    for role in RECIPIENT_ROLES:
        people.update(satudata_roles.users_with_role(role, owner_org))
    return sorted(people)


def announce(
    template: Template, version: TemplateVersion, rows: Sequence[DaftarData],
    user_id: str,
) -> list[TemplateAnnouncement]:
    """Record one announcement per row (not committed)."""
    now = utcnow()
    made = []
    for row in rows:
        announcement = TemplateAnnouncement(
            template_id=template.id,
            template_version=version.version,
            daftar_data_id=row.id,
            owner_org=row.owner_org,
            user_id=user_id,
            clock_start=max(row.template_linked or version.created, version.created),
            created=now,
            recipients=recipients(row.owner_org),
        )
        model.Session.add(announcement)
        made.append(announcement)
    return made


def enqueue_emails(announcements: Sequence[TemplateAnnouncement]) -> None:
    tk.enqueue_job(
        send_emails,
        [[a.id for a in announcements]],
        title="satudata: email informasi template",
    )


def _download_url(template: Template, version: int, fmt: str) -> str:
    return "{site}/template/{name}/unduh/{fmt}?versi={v}".format(
        site=tk.config.get("ckan.site_url").rstrip("/"),
        name=template.name, fmt=fmt, v=version)


def send_emails(announcement_ids: list[str]) -> list[str]:
    """The background job: each recipient gets one email listing the rows
    announced to them. Returns the ids of the users emailed."""
    announcements = list(model.Session.scalars(
        sa.select(TemplateAnnouncement)
        .where(TemplateAnnouncement.id.in_(announcement_ids))
    ))
    per_user: dict[str, list[TemplateAnnouncement]] = {}
    for a in announcements:
        for user_id in a.recipients:
            per_user.setdefault(user_id, []).append(a)
    sent = []
    for user_id, theirs in sorted(per_user.items()):
        template = model.Session.get(Template, theirs[0].template_id)
        if template is None:
            continue
        version = theirs[0].template_version
        actor = model.User.get(theirs[0].user_id)
        lines = [
            tk._("{actor} (Walidata) menginformasikan format tabel dataset "
                 "«{title}» versi {version} untuk Daftar Data berikut:").format(
                actor=actor.display_name if actor else "Walidata",
                title=template.title, version=version),
            "",
        ]
        for a in theirs:
            row = model.Session.get(DaftarData, a.daftar_data_id)
            if row is not None:
                lines.append(f"- {row.kode} ({row.tahun}): {row.nama_data}")
        lines += [
            "",
            tk._("Isi data sesuai format ini. Unduh template:"),
            "  XLSX: " + _download_url(template, version, "xlsx"),
            "  CSV: " + _download_url(template, version, "csv"),
            "",
            tk._("Daftar tugas Anda: {url}").format(url=notifications.queue_url()),
            notifications.footer(),
        ]
        subject = tk._("[Satu Data] Template tabel baru: {title}").format(
            title=template.title)
        if notifications.send_email(user_id, subject, "\n".join(lines)):
            sent.append(user_id)
    return sent
