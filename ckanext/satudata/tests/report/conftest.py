"""A regency whose figures were computed by hand (see EXPECTED in
test_figures.py).

Mojokerto SOP (time standards: draf 2 h, diajukan 30 min). Year 2024.

OPD A (dispendukcapil):
  A1 tahunan    established, dataset d1 walked to terbit for real
  A2 bulanan    established, dataset d2 returned for real (tidak_sesuai) - late
  A3 harian     established, no dataset - late
  A4 bulanan    usulan (proposed), no dataset
  A5 insidental established, no dataset - never late
  and one 2025 row, outside the year
OPD B (dinkes):
  B1 semesteran established, dataset d3 in draf - late
  B2 tahunan    established, no dataset - late (2024's year has passed)
  B3 triwulanan established, dataset d4 with events written in March 2025:
                created 08:00, ajukan 09:00 (draf 1 h, within), tidak_sesuai
                10:00 (diajukan 1 h, over) - late
  B4 bulanan    established, dataset d5 with events in March 2025: created
                08:00, ajukan 13:00 (draf 5 h, over), sesuai 13:20 (diajukan
                20 min, within) - late
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.tests import helpers

from ckanext.satudata.model.workflow import WorkflowEvent, WorkflowState
from ckanext.satudata.tests.database import restored
from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata
from ckanext.satudata.tests.workflow.conftest import GOOD_CSV, World, act, make_world

RETURN_NOTE = "Kolom jumlah kosong di dua kecamatan."


@dataclasses.dataclass
class Regency:
    world: World
    rows: dict[str, Any]
    datasets: dict[str, dict[str, Any]]

    @property
    def opd_a(self) -> dict[str, Any]:
        return self.world.opd

    @property
    def opd_b(self) -> dict[str, Any]:
        return self.world.other_opd


def _dataset(
    world: World, opd: dict[str, Any], row_id: str, upload: bool
) -> dict[str, Any]:
    producer = world.users["produsen" if opd is world.opd else "other_opd"]
    dataset = act(
        "package_create", producer,
        name=f"data-{model.types.make_uuid()[:8]}",
        title=f"Dataset baris {row_id[:6]}",
        owner_org=opd["id"],
        **sdi_metadata(row_id),
    )
    if upload:
        world.upload(GOOD_CSV, "penduduk.csv",
                     context={"user": producer, "ignore_auth": False},
                     package_id=dataset["id"], name="Tabel", format="CSV")
    return dataset


def _written_history(
    dataset: dict[str, Any], user_id: str,
    created: datetime.datetime, steps: list[tuple[str, str, str, datetime.datetime]],
) -> None:
    """Events with chosen timestamps, and the state they leave."""
    session = model.Session
    session.execute(
        sa.update(model.package_table)
        .where(model.package_table.c.id == dataset["id"])
        .values(metadata_created=created)
    )
    for version, (transition, source, target, when) in enumerate(steps, start=1):
        session.add(WorkflowEvent(
            package_id=dataset["id"], version=version, workflow="mojokerto",
            transition=transition, from_state=source, to_state=target,
            user_id=user_id, role="admin_opd" if version > 1 else "produsen",
            note=RETURN_NOTE if transition == "tidak_sesuai" else None,
            report_ids=[], created=when,
        ))
    session.add(WorkflowState(package_id=dataset["id"], state=steps[-1][2],
                              version=len(steps), entered=steps[-1][3]))
    session.commit()


def build_regency(world: World) -> Regency:
    a, b = world.opd, world.other_opd
    template = world.template["id"]

    def row(org: dict[str, Any], jadwal: str, status: str = "ditetapkan",
            tahun: int = 2024) -> Any:
        return daftar_data_row(org["id"], tahun=tahun, status=status,
                               jadwal_pemutakhiran=jadwal, template_id=template)

    rows = {
        "A1": row(a, "tahunan"), "A2": row(a, "bulanan"), "A3": row(a, "harian"),
        "A4": row(a, "bulanan", status="usulan"), "A5": row(a, "insidental"),
        "A-2025": row(a, "tahunan", tahun=2025),
        "B1": row(b, "semesteran"), "B2": row(b, "tahunan"),
        "B3": row(b, "triwulanan"), "B4": row(b, "bulanan"),
    }
    datasets = {
        "d1": _dataset(world, a, rows["A1"].id, upload=True),
        "d2": _dataset(world, a, rows["A2"].id, upload=True),
        "d3": _dataset(world, b, rows["B1"].id, upload=False),
        "d4": _dataset(world, b, rows["B3"].id, upload=False),
        "d5": _dataset(world, b, rows["B4"].id, upload=False),
    }
    world.walk(datasets["d1"]["id"], "terbit")
    world.walk(datasets["d2"]["id"], "dikembalikan")

    b_staff = world.user_obj("other_opd").id
    march = datetime.datetime(2025, 3, 3, 8, 0)
    _written_history(datasets["d4"], b_staff, march, [
        ("ajukan", "draf", "diajukan", march + datetime.timedelta(hours=1)),
        ("tidak_sesuai", "diajukan", "dikembalikan",
         march + datetime.timedelta(hours=2)),
    ])
    later = datetime.datetime(2025, 3, 10, 8, 0)
    _written_history(datasets["d5"], b_staff, later, [
        ("ajukan", "draf", "diajukan", later + datetime.timedelta(hours=5)),
        ("sesuai", "diajukan", "menunggu_persetujuan",
         later + datetime.timedelta(hours=5, minutes=20)),
    ])
    datasets = {k: helpers.call_action("package_show", id=v["id"])
                for k, v in datasets.items()}
    return Regency(world, rows, datasets)


@pytest.fixture
def regency(clean_db, clean_index, create_with_upload) -> Regency:
    built = restored("report.regency", lambda: build_regency(
        make_world("mojokerto", create_with_upload)))
    return dataclasses.replace(
        built, world=dataclasses.replace(built.world, upload=create_with_upload))
