"""Time to import a 2,000-row Daftar Data annex (target: under 10 s).

Run from the repository root against a migrated development or test
database (the CKAN_* environment overrides apply as usual):

    python benchmarks/bench_daftar_data_import.py [--config test.ini] [--rows 2000]

It writes an annex shaped like a real one (title rows, a numbering column,
40 OPDs named by short name) as XLSX and as a ``;``-separated Windows-1252
CSV, then times, for each: merely parsing the file (openpyxl / csv, the
baseline), reading it into a preview (``spreadsheet.read_rows``), the
dry run the preview page makes, the import itself, and a re-import of the
same file (all rows unchanged). Each figure is also given as a ratio to the
baseline measured in the same run. It creates organizations ``bench-opd-*``
if missing and deletes its rows (year 2099) at the end. It prints figures;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import time
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook

YEAR = 2099
OPDS = 40


def build_rows(count: int) -> list[list[Any]]:
    jenis = ["Statistik", "Geospasial", "Keuangan"]
    akses = ["Terbuka", "Terbatas", "Tertutup"]
    jadwal = ["Tahunan", "Semesteran", "Triwulanan", "Bulanan", "Insidental"]
    return [
        [
            n,
            f"DD-3516-{YEAR}-{n:04d}",
            f"Jumlah data ke-{n} menurut kecamatan dan jenis kelamin",
            jenis[n % 3],
            f"BENCH{n % OPDS:02d}",
            akses[n % 3],
            "Jiwa",
            jadwal[n % 5],
            "Ya" if n % 7 == 0 else "Tidak",
            f"Definisi operasional data ke-{n}.",
        ]
        for n in range(1, count + 1)
    ]


HEADER = ["No", "ID", "Nama Data", "Jenis Data", "Produsen Data",
          "Klasifikasi Akses", "Satuan", "Jadwal Pemutakhiran",
          "Data Prioritas", "Definisi"]


def build_xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["LAMPIRAN KEPUTUSAN BUPATI"])
    ws.append([f"DAFTAR DATA TAHUN {YEAR}"])
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([f"DAFTAR DATA TAHUN {YEAR}"])
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("cp1252")


def parse_only_xlsx(content: bytes) -> int:
    wb = load_workbook(io.BytesIO(content), data_only=True)
    return sum(1 for _ in wb.active.iter_rows(values_only=True))


def parse_only_csv(content: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(content.decode("cp1252")),
                                     delimiter=";"))


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default="test.ini", help="CKAN config file")
    parser.add_argument("--rows", type=int, default=2000, help="rows in the annex")
    args = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.config))
    with app._wsgi_app.test_request_context():  # type: ignore[attr-defined]
        run(args.rows)


def run(count: int) -> None:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import sqlalchemy as sa

    from ckanext.satudata.daftar_data import spreadsheet
    from ckanext.satudata.model.daftar_data import DaftarData

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

    def context() -> Any:
        return {"user": site_user}

    for n in range(OPDS):
        name = f"bench-opd-{n:02d}"
        if model.Group.get(name) is None:
            tk.get_action("organization_create")(context(), {
                "name": name, "title": f"OPD Bench {n:02d}",
                "singkatan": f"BENCH{n:02d}",
            })

    def clean() -> None:
        model.Session.execute(sa.delete(DaftarData).where(DaftarData.tahun == YEAR))
        model.Session.commit()

    rows = build_rows(count)
    files = {"xlsx": (build_xlsx(rows), parse_only_xlsx),
             "csv": (build_csv(rows), parse_only_csv)}
    print(f"Daftar Data import, {count} rows, {OPDS} OPDs (target: < 10 s)\n")
    print(f"{'step':<34}{'seconds':>9}{'x parse':>9}")
    try:
        for fmt, (content, parse_only) in files.items():
            clean()
            baseline, _ = timed(lambda c=content, p=parse_only: p(c))
            steps: list[tuple[str, float]] = [(f"{fmt}: parse only (baseline)",
                                               baseline)]
            read_time, preview = timed(
                lambda c=content: spreadsheet.read_rows(c, YEAR))
            assert not preview.errors and not preview.invalid_rows, preview.errors
            steps.append((f"{fmt}: read_rows (preview)", read_time))

            def action(dry_run: bool, p: Any = preview) -> dict[str, Any]:
                return tk.get_action("satudata_daftar_data_import")(context(), {
                    "tahun": YEAR, "rows": p.data_rows(), "dry_run": dry_run})

            dry_time, dry = timed(lambda: action(True))
            steps.append((f"{fmt}: dry run ({dry['created']} new)", dry_time))
            import_time, done = timed(lambda: action(False))
            steps.append((f"{fmt}: import ({done['created']} new)", import_time))
            steps.append((f"{fmt}: read + import", read_time + import_time))
            again_time, again = timed(lambda c=content: action(
                False, spreadsheet.read_rows(c, YEAR)))
            steps.append((f"{fmt}: re-import ({again['unchanged']} unchanged)",
                          again_time))
            for label, seconds in steps:
                print(f"{label:<34}{seconds:>9.2f}{seconds / baseline:>9.1f}")
            print()
    finally:
        clean()


if __name__ == "__main__":
    main()
