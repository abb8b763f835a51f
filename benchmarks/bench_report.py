"""Server time of the monitoring board's figures (target: under 300 ms).

Run from the repository root against a migrated development or test
database (the CKAN_* environment overrides apply as usual):

    python benchmarks/bench_report.py [--config test.ini] [--rows 2000]
        [--opds 40] [--datasets 5000]

It writes a regency straight to the tables (organizations ``bench-report-
opd-*``, established Daftar Data rows of 2098, datasets linked to them with
their workflow events and states, see ckanext/satudata/tests/report/bulk.py),
then times, best of five: one full scan of the event table (the baseline),
``satudata_report_summary`` for every OPD and for one, a drill-down
(``satudata_report_rows``, late rows) and the XLSX and PDF exports. Each
figure is also given as a ratio to the baseline measured in the same run. It
deletes what it wrote at the end. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

YEAR = 2098
PREFIX = "bench-report"


def best_of(func: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default="test.ini", help="CKAN config file")
    parser.add_argument("--rows", type=int, default=2000, help="Daftar Data rows")
    parser.add_argument("--opds", type=int, default=40, help="organizations")
    parser.add_argument("--datasets", type=int, default=5000, help="datasets")
    args = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.config))
    with app._wsgi_app.test_request_context():  # type: ignore[attr-defined]
        run(args.rows, args.opds, args.datasets)


def run(rows: int, opds: int, datasets: int) -> None:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import sqlalchemy as sa

    from ckanext.satudata.report import exports, pdf
    from ckanext.satudata.tests.report import bulk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

    def action(name: str, **data: Any) -> Any:
        return tk.get_action(name)({"user": site_user}, {"tahun": YEAR, **data})

    bulk.remove(PREFIX)
    built = bulk.build(YEAR, opds=opds, rows=rows, datasets=datasets,
                       prefix=PREFIX)
    # As after any bulk load: the planner needs the new tables' statistics.
    for table in ("package", "package_extra", "satudata_daftar_data",
                  "satudata_workflow_event", "satudata_workflow_state"):
        if table != "package_extra" or "extras" not in model.package_table.c:
            model.Session.execute(sa.text(f"ANALYZE {table}"))
    model.Session.commit()
    print(f"Monitoring board, {rows} rows, {opds} OPDs, {datasets} datasets,"
          f" {built['events']} events (target: < 300 ms)\n")
    print(f"{'step':<38}{'ms':>9}{'x scan':>9}")
    try:
        report = action("satudata_report_summary")
        baseline = best_of(lambda: model.Session.execute(
            sa.text("SELECT count(*), max(created) FROM satudata_workflow_event")
        ).all())
        steps = [
            ("event table scan (baseline)", baseline),
            ("report_summary, every OPD", best_of(
                lambda: action("satudata_report_summary"))),
            ("report_summary, one OPD", best_of(
                lambda: action("satudata_report_summary",
                               organization=f"{PREFIX}-opd-00"))),
            ("report_rows, late rows", best_of(
                lambda: action("satudata_report_rows", ukuran="terlambat"))),
            ("XLSX export (from the figures)", best_of(
                lambda: exports.xlsx_bytes(report), runs=2)),
            ("PDF export (from the figures)", best_of(
                lambda: pdf.pdf_bytes(report), runs=2)),
        ]
        for label, seconds in steps:
            print(f"{label:<38}{seconds * 1000:>9.1f}{seconds / baseline:>9.1f}")
    finally:
        model.Session.rollback()
        bulk.remove(PREFIX)


if __name__ == "__main__":
    main()
