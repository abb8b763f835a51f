"""Rows per second of loading a published table into the DataStore.

Run from the repository root with the CKAN virtualenv's python (``make
bench`` sets CKAN_INI to the dev config, whose ``ckan.datastore.write_url``
names the database; ``--url`` names another):

    python benchmarks/bench_datastore_load.py [--rows 1000000]

It writes a conforming population table (kode wilayah, kecamatan, a count,
a ratio, a date, the year) to a temporary directory, then loads it twice
into equivalent tables of the same database, each in its own process so
each peak resident size is its own:

* baseline: ``psql \\copy`` of the CSV file, PostgreSQL parsing it alone;
* loader: what the load job does with a checked file, i.e.
  ``checks.conformance.loadable_rows`` (lines whose every cell is in a plain
  spelling passed through as they are, the others read and normalised as
  the check reads them) streamed by ``datastore.loader.copy_rows`` into
  ``COPY``.

It prints figures and their ratio; it asserts nothing. The tables are
dropped afterwards.
"""
from __future__ import annotations

import argparse
import configparser
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

FIELDS = [
    {"name": "kode_wilayah", "type": "string", "constraints": {"required": True}},
    {"name": "kecamatan", "type": "string"},
    {"name": "jumlah_penduduk", "type": "integer", "constraints": {"minimum": 0}},
    {"name": "rasio_jenis_kelamin", "type": "number"},
    {"name": "tanggal", "type": "date"},
    {"name": "tahun", "type": "year"},
]
COLUMNS = ("kode_wilayah text, kecamatan text, jumlah_penduduk int8,"
           " rasio_jenis_kelamin numeric, tanggal date, tahun int4")
KECAMATAN = ["Jatirejo", "Gondang", "Pacet", "Trawas", "Ngoro", "Pungging",
             "Kutorejo", "Mojosari", "Dlanggu", "Bangsal", "Puri", "Trowulan"]


def write_csv(path: str, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(",".join(f["name"] for f in FIELDS) + "\n")
        for i in range(rows):
            k = i % len(KECAMATAN)
            out.write(f"35.16.{k + 1:02d}.{2001 + i % 999},{KECAMATAN[k]},"
                      f"{40000 + i % 9973},{95 + (i % 1000) / 100},"
                      f"2024-12-{1 + i % 28:02d},{2000 + i % 25}\n")


def write_url(explicit: str | None) -> str:
    if explicit:
        return explicit
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(os.environ["CKAN_INI"])
    return parser.get("app:main", "ckan.datastore.write_url")


def psql(url: str, *args: str) -> None:
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, *args],
                   check=True)


def child_peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def run_loader(url: str, path: str, table: str) -> None:
    """The child process of the loader measurement: prints its figures."""
    import psycopg2

    from ckanext.satudata.checks.conformance import Spec, loadable_rows
    from ckanext.satudata.datastore.loader import copy_rows

    spec = Spec({"fields": FIELDS}, {}, {"region_code_fields": ["kode_wilayah"]})
    connection = psycopg2.connect(url)
    start = time.perf_counter()
    count = copy_rows(connection, table, [f["name"] for f in FIELDS],
                      loadable_rows(path, spec, file_name="tabel.csv"))
    connection.commit()
    seconds = time.perf_counter() - start
    connection.close()
    print(json.dumps({"rows": count, "seconds": seconds,
                      "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--url", help="DataStore write URL (default: CKAN_INI's)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_loader(*args.child)
        return
    url = write_url(args.url)
    with tempfile.TemporaryDirectory(prefix="satudata-bench-") as directory:
        path = os.path.join(directory, "tabel.csv")
        write_csv(path, args.rows)
        size = os.path.getsize(path) / (1024 * 1024)
        print(f"{args.rows:,} rows, {size:.0f} MB CSV")
        for table in ("bench_copy", "bench_loader"):
            psql(url, "-c", f"DROP TABLE IF EXISTS {table};"
                 f" CREATE TABLE {table} ({COLUMNS})")
        try:
            start = time.perf_counter()
            psql(url, "-c", f"\\copy bench_copy FROM '{path}'"
                 " WITH (FORMAT csv, HEADER true)")
            copy_seconds = time.perf_counter() - start
            copy_peak = child_peak_kib()
            child = subprocess.run(
                [sys.executable, __file__, "--child", url, path, "bench_loader"],
                check=True, capture_output=True, text=True)
            loader = json.loads(child.stdout.strip().splitlines()[-1])
        finally:
            for table in ("bench_copy", "bench_loader"):
                psql(url, "-c", f"DROP TABLE IF EXISTS {table}")
    copy_rate = args.rows / copy_seconds
    loader_rate = loader["rows"] / loader["seconds"]
    print(f"psql \\copy : {copy_seconds:7.1f} s  {copy_rate:>10,.0f} rows/s"
          f"  (psql peak {copy_peak / 1024:.0f} MB)")
    print(f"loader     : {loader['seconds']:7.1f} s  {loader_rate:>10,.0f} rows/s"
          f"  (worker peak {loader['peak_kib'] / 1024:.0f} MB)")
    print(f"loader / COPY: {loader_rate / copy_rate:.2f}")


if __name__ == "__main__":
    main()
