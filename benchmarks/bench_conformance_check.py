"""Time and peak memory of checking a 100 MB CSV against a template.

Run from the repository root with the CKAN virtualenv's python:

    python benchmarks/bench_conformance_check.py [--megabytes 100] [--errors]

It writes a population table (kode_wilayah, kecamatan, counts, a ratio,
the year; primary key kode_wilayah + tahun) of the given size to a temporary
directory, then measures in separate processes, so each peak resident size
is its own:

* baseline: reading every row with Python's csv module, nothing else;
* check: ``checks.conformance.check_file`` against the template, the way the
  background job runs it (types, constraints, region codes, primary key).

``--errors`` puts a type error in every 50th row, to show that the report
keeps a bounded number of errors. It prints figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

TEMPLATE = {
    "table_schema": {
        "fields": [
            {"name": "kode_wilayah", "type": "string",
             "constraints": {"required": True}},
            {"name": "kecamatan", "type": "string",
             "constraints": {"required": True}},
            {"name": "laki_laki", "type": "integer",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "perempuan", "type": "integer",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "jumlah", "type": "integer",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "rasio_jenis_kelamin", "type": "number",
             "constraints": {"minimum": 0}},
            {"name": "tahun", "type": "year",
             "constraints": {"required": True, "minimum": 1900,
                             "maximum": 2100}},
        ],
        "primaryKey": ["kode_wilayah", "tahun"],
    },
    "dialect": {"delimiter": ","},
    "options": {"decimal_comma": False, "region_code_fields": ["kode_wilayah"]},
}
# The 18 kecamatan of Kabupaten Mojokerto; desa codes under them make every
# (kode_wilayah, tahun) pair distinct.
KECAMATAN = ["Jatirejo", "Gondang", "Pacet", "Trawas", "Ngoro", "Pungging",
             "Kutorejo", "Mojosari", "Dlanggu", "Bangsal", "Puri", "Trowulan",
             "Sooko", "Gedeg", "Kemlagi", "Jetis", "Dawarblandong", "Mojoanyar"]


def write_table(path: str, megabytes: int, errors: bool) -> int:
    target = megabytes * 1024 * 1024
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(field["name"] for field in
                         TEMPLATE["table_schema"]["fields"]) + "\n")
        while f.tell() < target:
            k = rows % 18
            desa = 2001 + (rows // 18) % 999
            tahun = 1901 + rows // (18 * 999)
            men, women = 1000 + rows % 5000, 1100 + rows % 4000
            men_text = "seribu" if errors and rows % 50 == 0 else str(men)
            f.write(f"35.16.{k + 1:02d}.{desa},{KECAMATAN[k]},{men_text},{women},"
                    f"{men + women},{men / women * 100:.2f},{tahun}\n")
            rows += 1
    return rows


def _resident() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def measure(kind: str, path: str) -> dict[str, float | int]:
    if kind == "check":
        sys.path.insert(0, os.getcwd())
        from ckanext.satudata.checks.conformance import Spec, check_file
    # What the process holds before reading (the interpreter, and for the
    # check CKAN's toolkit and frictionless), so the growth is the reading's.
    start = _resident()
    started = time.perf_counter()
    if kind == "baseline":
        with open(path, encoding="utf-8", newline="") as f:
            rows = sum(1 for _ in csv.reader(f)) - 1
        extra: dict[str, int] = {"rows": rows}
    else:
        result = check_file(path, Spec(**TEMPLATE), file_name="besar.csv",
                            max_errors=1000)
        extra = {"rows": result.counts["rows"], "errors": result.counts["errors"],
                 "kept": len(result.errors)}
    seconds = time.perf_counter() - started
    # ru_maxrss is in kilobytes on Linux.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"seconds": seconds, "peak_bytes": peak, "start_bytes": start, **extra}


def run_child(kind: str, path: str) -> dict[str, float | int]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--path", path],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=100,
                        help="size of the generated CSV")
    parser.add_argument("--errors", action="store_true",
                        help="a type error in every 50th row")
    parser.add_argument("--measure", choices=["baseline", "check"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.path)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-check-") as directory:
        path = os.path.join(directory, "besar.csv")
        rows = write_table(path, args.megabytes, args.errors)
        size = os.path.getsize(path)
        print(f"CSV: {size / 1024 / 1024:.1f} MB, {rows:,} rows"
              f"{' (a type error every 50th row)' if args.errors else ''}")
        baseline = run_child("baseline", path)
        check = run_child("check", path)

    def line(name: str, m: dict[str, float | int]) -> str:
        growth = (m["peak_bytes"] - m["start_bytes"]) / 1024 / 1024
        return (f"{name:<24} {m['seconds']:7.1f} s {m['rows'] / m['seconds']:>10,.0f}"
                f" rows/s  peak RSS {m['peak_bytes'] / 1024 / 1024:6.1f} MB"
                f" (+{growth:.1f} MB while reading)")

    print(line("baseline (csv module)", baseline))
    print(line("check_file (template)", check))
    if "errors" in check:
        print(f"errors: {check['errors']:,} counted, {check['kept']:,} kept in full")
    print(f"ratio check/baseline: time {check['seconds'] / baseline['seconds']:.1f}x, "
          f"peak RSS {check['peak_bytes'] / baseline['peak_bytes']:.1f}x; "
          f"memory grown while reading a {size / 1024 / 1024:.0f} MB file: "
          f"{(check['peak_bytes'] - check['start_bytes']) / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
