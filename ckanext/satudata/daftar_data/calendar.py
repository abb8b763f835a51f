"""The Kalender rilis: the expected releases of a year's established Daftar
Data rows, with their status (the rules are in :mod:`.schedule`).

Only publications of datasets that are published now count: the calendar
is public, and a withdrawn or unpublished dataset must not show through it
(not even when it was published). Every publication of such a dataset does
count, revisions included: each one is an event into the public state.

The answer's keys are Indonesian, like the Daftar Data fields they sit
beside (README, "Kalender rilis").
"""
from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata.model import utcnow
from ckanext.satudata.model.daftar_data import DITETAPKAN, DaftarData
from ckanext.satudata.report.figures import link_join

from . import schedule

__all__ = ["Scope", "compute", "grace_days", "local_date", "publications"]


@dataclasses.dataclass(frozen=True)
class Scope:
    """Which releases a calendar lists."""

    tahun: int
    organization: str | None = None  # an organization id
    bulan: int | None = None  # 1-12: the month a release is expected in


def grace_days() -> int:
    return max(0, tk.config.get("ckanext.satudata.calendar.grace_days"))


def local_date(moment: datetime.datetime) -> datetime.date:
    """The portal's calendar day of a naive UTC timestamp."""
    aware = moment.replace(tzinfo=datetime.timezone.utc)
    return aware.astimezone(tk.h.get_display_timezone()).date()


def _rows(scope: Scope) -> list[DaftarData]:
    query = sa.select(DaftarData).where(
        DaftarData.tahun == scope.tahun, DaftarData.status == DITETAPKAN
    )
    if scope.organization:
        query = query.where(DaftarData.owner_org == scope.organization)
    return list(model.Session.scalars(query.order_by(DaftarData.kode)))


def publications(row_ids: list[str]) -> dict[str, list[datetime.datetime]]:
    """Row id -> the publication moments of its datasets that are published
    now (a dataset public since before the extension has no event: its
    creation counts, as on the board)."""
    if not row_ids:
        return {}
    sql = f"""
WITH dd AS (SELECT id FROM satudata_daftar_data WHERE id = ANY(:ids))
SELECT dd.id AS row_id, COALESCE(e.created, p.metadata_created) AS published
FROM package p
{link_join()}
JOIN satudata_workflow_state ws ON ws.package_id = p.id AND ws.public
LEFT JOIN satudata_workflow_event e
  ON e.package_id = p.id AND e.to_state = ws.state
WHERE p.state = 'active' AND p.type = 'dataset' AND NOT p.private
"""
    found: dict[str, list[datetime.datetime]] = defaultdict(list)
    for r in model.Session.execute(sa.text(sql), {"ids": row_ids}):
        found[r.row_id].append(r.published)
    return found


def _organizations(ids: set[str]) -> dict[str, dict[str, str]]:
    found = {
        g.id: {"id": g.id, "name": g.name, "title": g.title or g.name}
        for g in model.Session.scalars(
            sa.select(model.Group).where(model.Group.id.in_(ids))
        )
    }
    for missing in ids - set(found):
        # The register outlives organizations (no foreign key).
        found[missing] = {"id": missing, "name": missing, "title": missing}
    return found


def _month(release: schedule.Release) -> int | None:
    if release.period is not None:
        return release.period.end.month
    return release.published.month if release.published else None


def compute(scope: Scope, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The calendar as plain JSON-able data."""
    today = local_date(now or utcnow())
    grace = grace_days()
    rows = _rows(scope)
    published = publications([r.id for r in rows])
    organizations = _organizations({r.owner_org for r in rows})
    entries: list[dict[str, Any]] = []
    for row in rows:
        days = [local_date(m) for m in published.get(row.id, [])]
        for release in schedule.releases(
            row.jadwal_pemutakhiran, row.tahun, days, today, grace, row.tanggal_sk
        ):
            month = _month(release)
            if scope.bulan is not None and month != scope.bulan:
                continue
            period = release.period
            entries.append({
                "daftar_data_id": row.id,
                "kode": row.kode,
                "nama_data": row.nama_data,
                "organisasi": organizations[row.owner_org],
                "jadwal_pemutakhiran": row.jadwal_pemutakhiran
                or schedule.INSIDENTAL,
                "periode": period.number if period else None,
                "mulai": period.start.isoformat() if period else None,
                "selesai": period.end.isoformat() if period else None,
                "batas": release.due.isoformat() if release.due else None,
                "bulan": month,
                "status": release.status,
                "terbit_pada": (
                    release.published.isoformat() if release.published else None
                ),
            })
    entries.sort(key=lambda e: (
        e["selesai"] or e["terbit_pada"] or "", e["organisasi"]["title"].lower(),
        e["kode"],
    ))
    return {
        "tahun": scope.tahun,
        "hari_ini": today.isoformat(),
        "tenggang_hari": grace,
        "ringkasan": _counts(entries),
        "per_opd": [
            {"organisasi": org, **_counts(
                [e for e in entries if e["organisasi"]["id"] == org["id"]]
            )}
            for org in sorted(organizations.values(),
                              key=lambda o: o["title"].lower())
        ],
        "rilis": entries,
    }


def _counts(entries: list[dict[str, Any]]) -> dict[str, int]:
    counts = {status: 0 for status in schedule.STATUSES}
    for entry in entries:
        if entry["periode"] is not None:
            counts[entry["status"]] += 1
    counts["diharapkan"] = sum(counts.values())
    counts["insidental"] = sum(1 for e in entries if e["periode"] is None)
    return counts
