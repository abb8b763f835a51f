"""CKAN's read paths with and without the plugin, on one database and index.

Run by ``make bench`` through ``scripts/bench-read-paths.sh``, which prepares
a database of its own, loads the demo portal and starts two ``ckan run``
servers on the same database and Solr stand-in: one with ``satudata`` in
``ckan.plugins``, one without. Three commands:

    read_paths.py seed CKAN_INI CREDENTIALS      demo data, and two published
                                                 datasets of 1 and 10 files
    read_paths.py count CKAN_INI CREDENTIALS     SQL statements of each request
                                                 (JSON on stdout), in-process
    read_paths.py compare WITH_INI WITHOUT_INI CREDENTIALS WITH_URL WITHOUT_URL
                                                 the table: p50 and p95 ratios
                                                 and the SQL counts

Requests to the two servers are interleaved (which one goes first is drawn
for every pair), so a busy machine slows both alike: the ratios are what to
read, not the milliseconds.
"""
from __future__ import annotations

import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
OPD_USER = "produsen"
DATASETS = {1: "bench-satu-berkas", 10: "bench-sepuluh-berkas"}

# (label, path, who): who is None for anonymous, else a user of the demo data.
CASES: list[tuple[str, str, str | None]] = [
    ("package_show, anonymous",
     f"/api/3/action/package_show?id={DATASETS[1]}", None),
    ("package_show, OPD user, 1 resource",
     f"/api/3/action/package_show?id={DATASETS[1]}", OPD_USER),
    ("package_show, OPD user, 10 resources",
     f"/api/3/action/package_show?id={DATASETS[10]}", OPD_USER),
    ("package_search, anonymous", "/api/3/action/package_search", None),
    ("/dataset, anonymous", "/dataset/", None),
    ("/dataset, OPD user", "/dataset/", OPD_USER),
    ("/dataset/<name>, OPD user, 1 resource", f"/dataset/{DATASETS[1]}", OPD_USER),
    ("/dataset/<name>, OPD user, 10 resources", f"/dataset/{DATASETS[10]}",
     OPD_USER),
]


def tokens(credentials: str) -> dict[str, str]:
    lines = Path(credentials).read_text().splitlines()[1:]
    return {row[0]: row[-1] for row in (line.split() for line in lines) if row}


def headers(who: str | None, known: dict[str, str]) -> dict[str, str]:
    return {"Authorization": known[who]} if who else {}


# seed ---------------------------------------------------------------------

def seed(ini: str, credentials: str) -> None:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import demo_data
    import demo_workflow
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from werkzeug.datastructures import FileStorage

    demo_data.main(ini, credentials)
    app = make_app(load_config(ini))
    producer = demo_workflow.PEOPLE["produsen"]
    with app._wsgi_app.test_request_context():
        template = demo_workflow._template()
        row = demo_workflow._row(2024, template["id"])
        for files, name in DATASETS.items():
            if model.Package.get(name) is not None:
                continue
            dataset = tk.get_action("package_create")(
                {"user": producer}, {
                    **BENCH_METADATA, "name": name, "daftar_data_id": row["id"],
                    "title": f"Jumlah Penduduk ({files} berkas)",
                })
            for number in range(files):
                stream = FileStorage(
                    io.BytesIO(demo_workflow.CSV.encode("utf-8")), "penduduk.csv")
                tk.get_action("resource_create")({"user": producer}, {
                    "package_id": dataset["id"], "name": f"Tabel {number + 1}",
                    "format": "CSV", "upload": stream, "url": "penduduk.csv",
                })
            for transition in ("ajukan", "sesuai", "setujui", "terbitkan"):
                demo_workflow._take(dataset["id"], transition)


BENCH_METADATA: dict[str, Any] = {
    "owner_org": "dispendukcapil",
    "notes": "Data untuk pengukuran kinerja.",
    "jenis_data": "statistik",
    "indikator_variabel": "variabel",
    "konsep": "Penduduk",
    "definisi": "Orang yang berdomisili di wilayah kabupaten.",
    "klasifikasi_penyajian": "Kecamatan",
    "ukuran": "jumlah",
    "satuan": "Jiwa",
    "tingkat_penyajian": "kecamatan",
    "frekuensi": "bulanan",
    "tahun_awal": 2024,
    "klasifikasi_akses": "terbuka",
    "sumber_data": "SIAK Dispendukcapil",
    "penanggung_jawab": "Dispendukcapil",
}


# count --------------------------------------------------------------------

def count(ini: str, credentials: str) -> None:
    import ckan.model as model
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from sqlalchemy import event
    from werkzeug.test import Client

    known = tokens(credentials)
    app = make_app(load_config(ini))
    # Through the whole WSGI stack, as the server runs it (the locale is set
    # by CKAN's middleware around the Flask app).
    client = Client(app)
    statements: list[str] = []

    def on_statement(*args: Any) -> None:
        statements.append(args[2])

    counts = {}
    for label, path, who in CASES:
        client.get(path, headers=headers(who, known))  # process-wide caches
        engine = model.Session.get_bind()
        event.listen(engine, "before_cursor_execute", on_statement)
        statements.clear()
        response = client.get(path, headers=headers(who, known))
        event.remove(engine, "before_cursor_execute", on_statement)
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code} from {ini}")
        counts[label] = len(statements)
    print(json.dumps(counts))


# compare ------------------------------------------------------------------

def _time(url: str, head: dict[str, str]) -> float:
    request = urllib.request.Request(url, headers=head)
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"HTTP {response.status} from {url}")
    return time.perf_counter() - start


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _sql(ini: str, credentials: str) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, __file__, "count", ini, credentials],
        capture_output=True, text=True,
    )
    if done.returncode:
        raise SystemExit(f"counting the SQL of {ini} failed:\n{done.stderr[-3000:]}")
    out = done.stdout
    counts: dict[str, int] = json.loads(out.strip().splitlines()[-1])
    return counts


def compare(with_ini: str, without_ini: str, credentials: str,
            with_url: str, without_url: str) -> None:
    known = tokens(credentials)
    sql_with, sql_without = _sql(with_ini, credentials), _sql(without_ini, credentials)
    rng = random.Random(18)
    print(f"{REQUESTS} interleaved requests per case; p50/p95 in ms; ratio = with ÷"
          " without\n")
    print("| request | p50 with / without (ms) | p50 ratio | p95 ratio "
          "| SQL with / without |")
    print("|---|---|---|---|---|")
    for label, path, who in CASES:
        head = headers(who, known)
        times: dict[str, list[float]] = {with_url: [], without_url: []}
        for base in times:  # warm both
            _time(base + path, head)
        for _ in range(REQUESTS):
            pair = [with_url, without_url]
            rng.shuffle(pair)
            for base in pair:
                times[base].append(_time(base + path, head))
        p50 = {b: statistics.median(t) for b, t in times.items()}
        p95 = {b: _p95(t) for b, t in times.items()}
        print(
            f"| {label} | {p50[with_url] * 1000:.1f} / {p50[without_url] * 1000:.1f}"
            f" | {p50[with_url] / p50[without_url]:.2f}"
            f" | {p95[with_url] / p95[without_url]:.2f}"
            f" | {sql_with[label]} / {sql_without[label]} |",
            flush=True,
        )


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"seed": seed, "count": count, "compare": compare}[command](*arguments)
