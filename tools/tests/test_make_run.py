"""`make run` as a new user meets it, against a scratch database.

Started twice: the first run sets everything up and serves the portal, the
second must neither fail nor duplicate the demo data. Ctrl-C (SIGINT to the
process group, as a terminal sends it) must stop everything it started.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSION = os.environ.get("CKAN_VERSION", "2.11")
SUFFIX = VERSION.replace(".", "_")
WEB_PORT = {"2.11": 5011, "2.12": 5012}[VERSION]
SOLR_PORT = {"2.11": 8981, "2.12": 8982}[VERSION]
DEV_DIR = ROOT / ".dev" / f"smoke-{VERSION}"
DB = f"satudata_smoke_{SUFFIX}"
BASE = f"http://127.0.0.1:{WEB_PORT}"
# CKAN_* overrides that make test exports for its own suites must not leak
# into the portal under test.
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("CKAN_")},
    "CKAN_VERSION": VERSION,
    "WEB_PORT": str(WEB_PORT),
    "SOLR_DEV_PORT": str(SOLR_PORT),
    "MAIL_DEV_PORT": {"2.11": "8026", "2.12": "8027"}[VERSION],
    "SATUDATA_DEV_DIR": str(DEV_DIR),
    "SATUDATA_DEV_DB": DB,
    "SATUDATA_REDIS_DB": {"2.11": "13", "2.12": "14"}[VERSION],
}


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _api(action: str, token: str | None = None, **data: Any) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{BASE}/api/3/action/{action}",
        data=json.dumps(data).encode(),
        headers={
            "Content-Type": "application/json",
            **({"Authorization": token} if token else {}),
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    assert body["success"], body
    return body["result"]


def _get(path: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        BASE + path, headers={"Authorization": token} if token else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Portal:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.output = ""
        deadline = time.monotonic() + 600
        assert self.proc.stdout
        for line in self.proc.stdout:
            self.output += line
            if "Press Ctrl-C to stop." in line or time.monotonic() > deadline:
                break
        assert "Press Ctrl-C to stop." in self.output, self.output

    def credentials(self) -> dict[str, str]:
        text = (DEV_DIR / "demo-credentials.txt").read_text().splitlines()[1:]
        return {line.split()[0]: line.split()[-1] for line in text}

    def interrupt(self) -> str:
        os.killpg(self.proc.pid, signal.SIGINT)
        rest, _ = self.proc.communicate(timeout=60)
        return rest


@pytest.fixture(scope="module")
def first_run():
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "dropdb", "--if-exists", DB],
        cwd="/",
        check=True,
        capture_output=True,
    )
    subprocess.run(["rm", "-rf", str(DEV_DIR)], check=True)
    portal = Portal()
    yield portal
    if portal.proc.poll() is None:
        portal.interrupt()


def test_first_run_serves_the_portal_with_the_plugin(first_run):
    assert "satudata" in _api("status_show")["extensions"]
    for name in (
        "admin",
        "walidata",
        "forum",
        "pembina",
        "produsen",
        "admin-opd",
        "kepala-opd",
    ):
        assert name in first_run.credentials()
        assert name in first_run.output


def test_dataset_created_through_the_api_is_found_and_its_pages_render(first_run):
    """An OPD, its established Daftar Data row and a dataset with SDI metadata.

    New datasets start private in the workflow, so the sysadmin who made it
    searches with include_private and opens its page with its token.
    """
    token = first_run.credentials()["admin"]
    org = _api("organization_create", token, name="dinas-uji", title="Dinas Uji")
    row = _api(
        "satudata_daftar_data_create",
        token,
        kode="DD-UJI-2026-001",
        tahun=2026,
        nama_data="Data Uji Asap",
        owner_org=org["id"],
        jenis_data="statistik",
        klasifikasi_akses="terbuka",
    )
    _api(
        "satudata_daftar_data_establish",
        token,
        id=row["id"],
        no_sk="100/1/2026",
        tanggal_sk="2026-01-15",
    )
    dataset = _api(
        "package_create",
        token,
        name="data-uji-asap",
        title="Data Uji Asap",
        owner_org=org["id"],
        notes="Data uji.",
        daftar_data_id=row["id"],
        jenis_data="statistik",
        konsep="Asap",
        definisi="Kejadian asap.",
        ukuran="jumlah",
        satuan="Kejadian",
        tingkat_penyajian="kabupaten",
        frekuensi="tahunan",
        tahun_awal=2026,
        klasifikasi_akses="terbuka",
        sumber_data="Uji",
        penanggung_jawab="Bidang Uji",
    )
    found = _api("package_search", token, q="asap", include_private=True)
    assert [d["name"] for d in found["results"]] == [dataset["name"]]
    for path in ("/", "/dataset/", "/organization/", "/daftar-data"):
        status, body = _get(path)
        assert status == 200, (path, body[-2000:])
    status, body = _get(f"/dataset/{dataset['name']}", token)
    assert status == 200, body[-2000:]
    assert "Data Uji Asap" in body


def test_anonymous_users_see_the_established_daftar_data(first_run):
    rows = _api("satudata_daftar_data_list", tahun=2026, q="DD-3516-2026")
    demo = {f"DD-3516-2026-00{i}" for i in range(1, 9)}
    assert {r["kode"] for r in rows["results"]} == demo
    assert {r["status"] for r in rows["results"]} == {"ditetapkan"}
    status, body = _get("/daftar-data?tahun=2026")
    assert status == 200
    assert "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin" in body


def test_produsen_creates_a_linked_dataset_with_the_ckanapi_cli(first_run):
    """The command-line route of a producer: ckanapi against the Action API."""
    rows = _api("satudata_daftar_data_list", tahun=2026, q="DD-3516-2026-002")
    (row,) = rows["results"]
    ckanapi = Path(sys.executable).parent
    result = subprocess.run(
        [
            str(ckanapi / "ckanapi"),
            "action",
            "package_create",
            "-r",
            BASE,
            "-a",
            first_run.credentials()["produsen"],
            "name=jumlah-kelahiran-2026",
            "title=Jumlah Kelahiran 2026",
            "owner_org=dispendukcapil",
            f"daftar_data_id={row['id']}",
            "notes=Kelahiran menurut kecamatan.",
            "jenis_data=statistik",
            "konsep=Kelahiran",
            "definisi=Kelahiran yang dicatat.",
            "ukuran=jumlah",
            "satuan=Jiwa",
            "tingkat_penyajian=kecamatan",
            "frekuensi=tahunan",
            "tahun_awal:2026",
            "klasifikasi_akses=terbuka",
            "sumber_data=SIAK",
            "penanggung_jawab=Bidang Capil",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    assert created["daftar_data_id"] == row["id"]
    assert created["private"] is True


def test_ctrl_c_stops_everything_and_a_second_run_adds_nothing(first_run):
    orgs_before = _api("organization_list")
    users_before = {
        u["name"] for u in _api("user_list", first_run.credentials()["admin"])
    }
    tokens_before = first_run.credentials()

    first_run.interrupt()
    assert first_run.proc.returncode is not None
    assert not _port_open(WEB_PORT)
    assert not _port_open(SOLR_PORT)

    second = Portal()
    try:
        assert _api("organization_list") == orgs_before
        users_after = {
            u["name"] for u in _api("user_list", second.credentials()["admin"])
        }
        assert users_after == users_before
        assert second.credentials() == tokens_before
        admin = second.credentials()["admin"]
        assert (
            _api("package_search", admin, q="asap", include_private=True)["count"] == 1
        )
    finally:
        second.interrupt()
    assert not _port_open(WEB_PORT)
