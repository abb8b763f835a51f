"""Published tables in CKAN's DataStore: a regency with a typed template.

The modules here enable CKAN's ``datastore`` and ``datatables_view`` plugins
with the ``PLUGINS`` mark (the rest of the suite runs without them, as a
portal without the DataStore does). The load jobs are run in the test's
process with :func:`run_jobs`, as ``ckan jobs worker`` runs them.
"""
from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from ckan.lib import jobs
from ckan.tests import helpers

from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata
from ckanext.satudata.tests.workflow.conftest import PATHS, World, act, make_world

PLUGINS = pytest.mark.ckan_config(
    "ckan.plugins",
    "satudata scheming_datasets scheming_organizations activity"
    " datastore datatables_view",
)

TYPED_SCHEMA: dict[str, list[dict[str, Any]]] = {
    "fields": [
        {"name": "kode_wilayah", "title": "Kode Wilayah", "type": "string",
         "description": "Kode kecamatan menurut Kemendagri.",
         "constraints": {"required": True}},
        {"name": "kecamatan", "title": "Kecamatan", "type": "string"},
        {"name": "jumlah_penduduk", "title": "Jumlah Penduduk",
         "type": "integer", "unit": "jiwa",
         "description": "Penduduk yang terdaftar pada akhir tahun.",
         "constraints": {"minimum": 0}},
        {"name": "rasio_jenis_kelamin", "title": "Rasio Jenis Kelamin",
         "type": "number", "unit": "persen"},
        {"name": "tanggal", "title": "Tanggal Pendataan", "type": "date"},
        {"name": "tahun", "title": "Tahun", "type": "year"},
    ],
}
TYPED_OPTIONS = {"region_code_fields": ["kode_wilayah"]}
GOOD_CSV = (
    "kode_wilayah,kecamatan,jumlah_penduduk,rasio_jenis_kelamin,tanggal,tahun\n"
    "35.16.01,Jatirejo,43120,101.25,2024-12-31,2024\n"
    "35.16.02,Gondang,44015,99.5,2024-12-31,2024\n"
)
CSV_ROWS = [
    {"kode_wilayah": "35.16.01", "kecamatan": "Jatirejo",
     "jumlah_penduduk": 43120, "rasio_jenis_kelamin": 101.25,
     "tanggal": "2024-12-31", "tahun": 2024},
    {"kode_wilayah": "35.16.02", "kecamatan": "Gondang",
     "jumlah_penduduk": 44015, "rasio_jenis_kelamin": 99.5,
     "tanggal": "2024-12-31", "tahun": 2024},
]


def good_xlsx() -> bytes:
    """A workbook as Excel saves it: a title row, numbers as numbers, the
    region code as text and the date as a date."""
    import datetime

    workbook = openpyxl.Workbook()
    sheet: Any = workbook.active
    sheet.title = "Data"
    sheet.append(["Jumlah Penduduk menurut Kecamatan 2024"])
    sheet.append([f["name"] for f in TYPED_SCHEMA["fields"]])
    sheet.append(["35.16.03", "Pacet", 31002, 100.75,
                  datetime.datetime(2024, 12, 31), 2024])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def run_jobs() -> int:
    """Run the queued DataStore loads as a worker does (the transitions'
    emails stay queued); returns how many ran."""
    ran = 0
    for job in jobs.get_queue().jobs:
        if not job.func_name.endswith("datastore.jobs.load_resource"):
            continue
        job.perform()
        job.delete()
        ran += 1
    return ran


def datastore_tables() -> set[str]:
    """The resources' tables in the DataStore database (CKAN's own start
    with ``_``, e.g. 2.12's ``_table_stats``)."""
    from ckanext.datastore.backend.postgres import get_write_engine

    with get_write_engine().connect() as connection:
        return {row[0] for row in connection.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename NOT LIKE '\\_%'"))}


@pytest.fixture
def clean_datastore(clean_db, clean_queues):
    """No table left in the DataStore database by an earlier test."""
    from ckanext.datastore.backend.postgres import get_write_engine

    with get_write_engine().begin() as connection:
        for name in datastore_tables():
            connection.execute(sa.text(f'DROP TABLE "{name}" CASCADE'))


class Regency:
    """The workflow tests' regency, with a typed template."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.template = act(
            "satudata_template_create", world.sysadmin,
            name="penduduk-bertipe", title="Penduduk menurut Kecamatan",
            table_schema=TYPED_SCHEMA, options=TYPED_OPTIONS,
        )

    def dataset(self, files: list[tuple[bytes | str, str, str]],
                state: str = "draf") -> dict[str, Any]:
        """A dataset of the first OPD with ``files`` (content, file name,
        format), walked to ``state``."""
        world = self.world
        producer = world.users["produsen"]
        row = daftar_data_row(world.opd["id"], template_id=self.template["id"])
        dataset = act(
            "package_create", producer, name=f"penduduk-{len(files)}-{state}",
            title="Jumlah Penduduk menurut Kecamatan", owner_org=world.opd["id"],
            **sdi_metadata(row.id),
        )
        for content, name, fmt in files:
            world.upload(content, name,
                         context={"user": producer, "ignore_auth": False},
                         package_id=dataset["id"], name=name, format=fmt)
        for transition in PATHS[state]:
            world.take(dataset["id"], transition)
        return helpers.call_action("package_show", id=dataset["id"])


@pytest.fixture
def regency(clean_datastore, clean_index, create_with_upload) -> Regency:
    return Regency(make_world("mojokerto", create_with_upload))
