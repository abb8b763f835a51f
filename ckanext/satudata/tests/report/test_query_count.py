"""The board's figures take a fixed number of SQL queries, however large
the regency."""
from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.tests.database import counted_statements

from . import bulk


def figures_queries(user: str, **data) -> tuple[int, dict]:
    with counted_statements() as statements:
        report = helpers.call_action(
            "satudata_report_summary", context={"user": user, "ignore_auth": False},
            tahun=2030, **data,
        )
    return len(statements), report


@pytest.mark.usefixtures("clean_db")
def test_queries_do_not_grow_with_the_regency():
    walidata = factories.Sysadmin()["name"]
    bulk.build(2030, opds=2, rows=10, datasets=20, prefix="kecil")
    small, small_report = figures_queries(walidata)
    assert small_report["ringkasan"]["ditetapkan"] == 10

    bulk.build(2030, opds=40, rows=2000, datasets=5000, prefix="besar")
    large, large_report = figures_queries(walidata)
    assert large_report["ringkasan"]["ditetapkan"] == 2010
    assert large_report["ringkasan"]["dataset"] == 5020
    assert large_report["ringkasan"]["opd"] == 42
    assert large_report["ringkasan"]["langkah_diukur"] > 5000
    assert large == small
    # The figure queries (the board's, the availability checks', the
    # default period's bounds, the template announcements'), plus the few
    # that look up the caller.
    assert 10 <= small <= 16

    rows_small, _ = figures_queries(walidata, organization="kecil-opd-00")
    rows_large, _ = figures_queries(walidata, organization="besar-opd-00")
    assert rows_small == rows_large
