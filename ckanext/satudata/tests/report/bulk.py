"""A large regency written straight to the tables (SQL, no actions): for
the query-count test and benchmarks/bench_report.py.

``opds`` organizations ``bulk-opd-NN``, ``rows`` established Daftar Data
rows spread over them, ``datasets`` datasets linked to those rows, each
walked along the SOP with events one to three hours apart (a sixth of them
returned once, a third published).
"""
from __future__ import annotations

import datetime
import itertools
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from ckan.model.types import make_uuid

from ckanext.satudata.model.daftar_data import DaftarData
from ckanext.satudata.model.workflow import WorkflowEvent, WorkflowState
from ckanext.satudata.tests.database import events_deletable

SCHEDULES = ("tahunan", "semesteran", "triwulanan", "bulanan", "insidental")

# (transition, from, to) of the paths the datasets take.
_PUBLISHED = [("ajukan", "draf", "diajukan"),
              ("sesuai", "diajukan", "menunggu_persetujuan"),
              ("setujui", "menunggu_persetujuan", "disetujui"),
              ("terbitkan", "disetujui", "terbit")]
_RETURNED = [("ajukan", "draf", "diajukan"),
             ("tidak_sesuai", "diajukan", "dikembalikan"),
             ("ajukan", "dikembalikan", "diajukan")]
_WAITING = [("ajukan", "draf", "diajukan")]


def _path(n: int) -> list[tuple[str, str, str]]:
    if n % 3 == 0:
        return _PUBLISHED
    if n % 6 == 1:
        return _RETURNED
    if n % 6 == 2:
        return _WAITING
    return []


def build(tahun: int, opds: int, rows: int, datasets: int, prefix: str = "bulk",
          user_id: str = "bulk-user") -> dict[str, Any]:
    """Write the regency and commit; returns the organization ids."""
    session = model.Session
    org_ids = [make_uuid() for _ in range(opds)]
    now = datetime.datetime(tahun, 2, 1)
    session.execute(sa.insert(model.group_table), [
        {"id": org_id, "name": f"{prefix}-opd-{i:02d}",
         "title": f"Dinas Uji {prefix} {i:02d}", "type": "organization",
         "is_organization": True, "state": "active",
         "approval_status": "approved", "created": now}
        for i, org_id in enumerate(org_ids)
    ])
    row_values = [
        {"id": make_uuid(), "kode": f"{prefix}-{tahun}-{n:05d}", "tahun": tahun,
         "nama_data": f"Data ke-{n}", "jenis_data": "statistik",
         "owner_org": org_ids[n % opds], "klasifikasi_akses": "terbuka",
         "jadwal_pemutakhiran": SCHEDULES[n % len(SCHEDULES)],
         "status": "ditetapkan", "data_prioritas": False,
         "tanggal_sk": datetime.date(tahun, 1, 15),
         "created": now, "modified": now}
        for n in range(rows)
    ]
    session.execute(sa.insert(DaftarData.__table__), row_values)

    extras_in_package = "extras" in model.package_table.c
    packages, extras, events, states = [], [], [], []
    for n in range(datasets):
        row = row_values[n % rows]
        package_id = make_uuid()
        created = now + datetime.timedelta(hours=n % 500)
        path = _path(n)
        package = {
            "id": package_id, "name": f"{prefix}-data-{n:05d}",
            "title": f"Dataset uji {n}", "type": "dataset",
            "owner_org": row["owner_org"], "state": "active",
            "private": not (path and path[-1][2] == "terbit"),
            "metadata_created": created, "metadata_modified": created,
        }
        if extras_in_package:
            package["extras"] = {"daftar_data_id": row["id"]}
        else:
            extras.append({"id": make_uuid(), "package_id": package_id,
                           "key": "daftar_data_id", "value": row["id"],
                           "state": "active"})
        packages.append(package)
        when = created
        for version, (transition, source, target) in enumerate(path, start=1):
            when = when + datetime.timedelta(hours=1 + (n + version) % 3)
            events.append({
                "id": make_uuid(), "package_id": package_id, "version": version,
                "workflow": "mojokerto", "transition": transition,
                "from_state": source, "to_state": target, "user_id": user_id,
                "role": "walidata",
                "note": "Perlu perbaikan." if transition == "tidak_sesuai" else None,
                "report_ids": [], "created": when,
            })
        if path:
            states.append({"package_id": package_id, "state": path[-1][2],
                           "version": len(path), "entered": when,
                           "public": path[-1][2] == "terbit"})
    for chunk in _chunks(packages):
        session.execute(sa.insert(model.package_table), chunk)
    if extras:
        for chunk in _chunks(extras):
            session.execute(sa.insert(model.package_extra_table), chunk)
    for chunk in _chunks(events):
        session.execute(sa.insert(WorkflowEvent.__table__), chunk)
    for chunk in _chunks(states):
        session.execute(sa.insert(WorkflowState.__table__), chunk)
    session.commit()
    return {"organizations": org_ids, "events": len(events)}


def _chunks(values: list[dict[str, Any]], size: int = 1000) -> Any:
    iterator = iter(values)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def remove(prefix: str = "bulk") -> None:
    """Delete what :func:`build` wrote with this prefix."""
    session = model.Session
    ids = sa.select(model.package_table.c.id).where(
        model.package_table.c.name.like(f"{prefix}-data-%")
    )
    # A public dataset may not lose its public workflow state (a trigger).
    session.execute(sa.update(model.package_table)
                    .where(model.package_table.c.id.in_(ids))
                    .values(private=True))
    session.execute(sa.delete(WorkflowState.__table__)
                    .where(WorkflowState.package_id.in_(ids)))
    if "extras" not in model.package_table.c:
        session.execute(sa.delete(model.package_extra_table)
                        .where(model.package_extra_table.c.package_id.in_(ids)))
    session.commit()
    # Events are append-only: only the table's owner lifts that, on purpose.
    with events_deletable():
        session.execute(sa.delete(WorkflowEvent.__table__)
                        .where(WorkflowEvent.package_id.in_(ids)))
        session.commit()
    session.execute(sa.delete(model.package_table)
                    .where(model.package_table.c.name.like(f"{prefix}-data-%")))
    session.execute(sa.delete(DaftarData.__table__)
                    .where(DaftarData.kode.like(f"{prefix}-%")))
    session.execute(sa.delete(model.group_table)
                    .where(model.group_table.c.name.like(f"{prefix}-opd-%")))
    session.commit()
