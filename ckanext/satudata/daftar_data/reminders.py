"""Reminders to the Produsen Data before a periodic update is due.

``ckan satudata remind`` (daily from cron) emails the Produsen Data of the
row's OPD when a period of an established row of this year has started, its
update is not published yet and its due date (:mod:`.schedule`) is at most
``ckanext.satudata.calendar.remind_days`` days away. Each period of each row
is reminded once: the reminder is recorded (``satudata_update_reminder``)
in the transaction that sends it, so a second run, even a concurrent one,
finds it and sends nothing. When every email of a reminder fails (the mail
server is down) nothing is recorded, and the next run tries again.
"""
from __future__ import annotations

import dataclasses
import datetime
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.model import utcnow
from ckanext.satudata.model.daftar_data import DITETAPKAN, DaftarData
from ckanext.satudata.model.reminder import UpdateReminder
from ckanext.satudata.vocabularies import FREKUENSI
from ckanext.satudata.workflow import notifications

from . import calendar, schedule

__all__ = ["Reminder", "lead_days", "send_update_reminders"]

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Reminder:
    """A reminder sent: the row, the period and who got it."""

    kode: str
    period: schedule.Period
    recipients: tuple[str, ...]  # user names


def lead_days() -> int:
    return max(0, tk.config.get("ckanext.satudata.calendar.remind_days"))


def _due_soon(
    row: DaftarData, published: list[datetime.date], today: datetime.date,
    grace: int, lead: int,
) -> list[schedule.Period]:
    return [
        release.period
        for release in schedule.releases(
            row.jadwal_pemutakhiran, row.tahun, published, today, grace,
            row.tanggal_sk,
        )
        if release.period is not None and release.due is not None
        and release.status == schedule.DIJADWALKAN
        and release.period.start <= today
        and (release.due - today).days <= lead
    ]


def _body(row: DaftarData, period: schedule.Period, due: datetime.date) -> str:
    org = model.Group.get(row.owner_org)
    opd = org.display_name if org else row.owner_org
    site = tk.config.get("ckan.site_url").rstrip("/")
    return "\n".join([
        tk._("Pemutakhiran data berikut jatuh tempo pada {tanggal} dan belum"
             " terbit:").format(tanggal=due.isoformat()),
        "",
        f"- {row.kode} {row.nama_data}",
        "  " + tk._("OPD: {opd}").format(opd=opd),
        "  " + tk._("Jadwal pemutakhiran: {jadwal}; periode {mulai} s.d. {selesai}.")
        .format(jadwal=FREKUENSI.get(row.jadwal_pemutakhiran or "", ""),
                mulai=period.start.isoformat(), selesai=period.end.isoformat()),
        "  " + f"{site}/daftar-data/{row.id}",
        "",
        tk._("Unggah dan ajukan datanya agar dapat diperiksa, disetujui dan"
             " terbit tepat waktu."),
        tk._("Kalender rilis: {url}").format(
            url=f"{site}/kalender-rilis?tahun={row.tahun}"),
        notifications.footer(),
    ])


def _claim(row: DaftarData, period: schedule.Period) -> bool:
    """Record the reminder in the current transaction; False when another
    run recorded it (a concurrent one waits here for that run's commit)."""
    claimed = model.Session.execute(
        insert(UpdateReminder.__table__)
        .values(id=model.types.make_uuid(), daftar_data_id=row.id,
                period_start=period.start, period_end=period.end,
                recipients=0, sent=utcnow())
        .on_conflict_do_nothing(constraint="satudata_update_reminder_period")
        .returning(UpdateReminder.__table__.c.id)
    ).scalar()
    return claimed is not None


def send_update_reminders(now: datetime.datetime | None = None) -> list[Reminder]:
    """Send the reminders due today; returns what was sent."""
    lead = lead_days()
    if not lead:
        return []
    today = calendar.local_date(now or utcnow())
    grace = calendar.grace_days()
    rows = list(model.Session.scalars(
        sa.select(DaftarData).where(
            DaftarData.tahun == today.year, DaftarData.status == DITETAPKAN
        ).order_by(DaftarData.kode)
    ))
    rows = [r for r in rows if schedule.is_scheduled(r.jadwal_pemutakhiran)]
    published = calendar.publications([r.id for r in rows])
    sent: list[Reminder] = []
    for row in rows:
        days = [calendar.local_date(m) for m in published.get(row.id, [])]
        for period in _due_soon(row, days, today, grace, lead):
            if not _claim(row, period):
                model.Session.rollback()
                continue
            due = period.due(grace)
            subject = tk._("[Satu Data] Pemutakhiran {kode} jatuh tempo {tanggal}")\
                .format(kode=row.kode, tanggal=due.isoformat())
            people = satudata_roles.users_with_role("produsen", row.owner_org)
            emailed = [u for u in people
                       if notifications.send_email(u, subject, _body(row, period, due))]
            if people and not emailed:
                # Nobody could be emailed: try again on the next run.
                log.warning("No update reminder could be sent for %s", row.kode)
                model.Session.rollback()
                continue
            model.Session.execute(
                sa.update(UpdateReminder.__table__)
                .where(UpdateReminder.__table__.c.daftar_data_id == row.id,
                       UpdateReminder.__table__.c.period_start == period.start)
                .values(recipients=len(emailed))
            )
            model.Session.commit()
            names = tuple(sorted(
                u.name for u in (model.User.get(i) for i in emailed) if u))
            sent.append(Reminder(row.kode, period, names))
    return sent
