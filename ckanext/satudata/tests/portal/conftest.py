"""A regency with this year's Daftar Data for the public pages: OPD A two
established rows (one with a published dataset) and a proposed one, OPD B
two established rows (one with a draft dataset)."""
from __future__ import annotations

import dataclasses
import datetime

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.lib import search

from ckanext.satudata.tests.daftar_data.test_calendar import _dataset, _history
from ckanext.satudata.tests.database import restored
from ckanext.satudata.tests.schemas.factories import daftar_data_row
from ckanext.satudata.tests.workflow.conftest import World, make_world

# What CKAN's own home and about pages say when nobody configured them.
PLACEHOLDERS = ("Welcome to CKAN", "420 x 220", "placeholder-420x220",
                "This is a featured section", "Popular tags",
                "This is a nice introductory paragraph", "CKAN is the world",
                "Comprehensive Knowledge Archive Network", "Tentang CKAN",
                "Asosiasi CKAN", "CKAN Association")

REGION = "Kabupaten Trenggalek"
ABOUT = "Portal ini dikelola Dinas Kominfo Trenggalek.\n\nParagraf kedua tentang data."
CONTACT = "Diskominfo Trenggalek, satudata@trenggalekkab.go.id"


def build_this_year(world: World) -> None:
    """See the module's docstring."""
    year = datetime.date.today().year
    a, b = world.opd, world.other_opd
    published = daftar_data_row(a["id"], tahun=year, kode="A-1",
                                jadwal_pemutakhiran="tahunan")
    daftar_data_row(a["id"], tahun=year, kode="A-2", jadwal_pemutakhiran="bulanan")
    daftar_data_row(a["id"], tahun=year, kode="A-3", status="usulan")
    daftar_data_row(b["id"], tahun=year, kode="B-1", jadwal_pemutakhiran="bulanan")
    dataset = _dataset(world, a, published.id, year)
    _history(world, dataset, [datetime.datetime(year, 1, 20, 3, 0)])
    draft = _dataset(world, b, daftar_data_row(b["id"], tahun=year, kode="B-2").id,
                     year)
    for pkg, title in ((dataset, "Data kelahiran terbit"),
                       (draft, "Draf rahasia Dinkes")):
        model.Session.execute(sa.update(model.package_table)
                              .where(model.package_table.c.id == pkg["id"])
                              .values(title=title))
    model.Session.commit()
    # The events were written behind CKAN's back: index what they left, not
    # the objects the session still holds from package_create (CKAN's
    # session does not expire them on commit).
    model.Session.expire_all()
    for pkg in (dataset, draft):
        search.rebuild(pkg["id"])


@pytest.fixture
def regency(clean_db, clean_index, create_with_upload) -> World:
    def build() -> World:
        world = make_world("mojokerto", create_with_upload)
        build_this_year(world)
        return world

    return dataclasses.replace(restored("portal.regency", build),
                               upload=create_with_upload)


