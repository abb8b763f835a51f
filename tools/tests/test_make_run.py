"""`make run` as a new user meets it, against a scratch database.

Started twice: the first run sets everything up and serves the portal, the
second must neither fail nor duplicate the demo data. Ctrl-C (SIGINT to the
process group, as a terminal sends it) must stop everything it started.
The portal itself comes from conftest.py.
"""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import (
    BASE,
    DB,
    DEV_DIR,
    SOLR_PORT,
    WEB_PORT,
    Portal,
    api,
    get,
    port_open,
)


@pytest.fixture(scope="module")
def first_run(portal: Portal) -> Portal:
    """The session's `make run` portal (conftest.py), serving."""
    return portal


def test_first_run_serves_the_portal_with_the_plugin(first_run):
    assert "satudata" in api("status_show")["extensions"]
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
    org = api("organization_create", token, name="dinas-uji", title="Dinas Uji")
    row = api(
        "satudata_daftar_data_create",
        token,
        kode="DD-UJI-2026-001",
        tahun=2026,
        nama_data="Data Uji Asap",
        owner_org=org["id"],
        jenis_data="statistik",
        klasifikasi_akses="terbuka",
    )
    api(
        "satudata_daftar_data_establish",
        token,
        id=row["id"],
        no_sk="100/1/2026",
        tanggal_sk="2026-01-15",
    )
    dataset = api(
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
    found = api("package_search", token, q="asap", include_private=True)
    assert [d["name"] for d in found["results"]] == [dataset["name"]]
    for path in ("/", "/dataset/", "/organization/", "/daftar-data"):
        status, body = get(path)
        assert status == 200, (path, body[-2000:])
    status, body = get(f"/dataset/{dataset['name']}", token)
    assert status == 200, body[-2000:]
    assert "Data Uji Asap" in body


def test_anonymous_users_see_the_established_daftar_data(first_run):
    rows = api("satudata_daftar_data_list", tahun=2026, q="DD-3516-2026")
    demo = {f"DD-3516-2026-00{i}" for i in range(1, 9)}
    assert {r["kode"] for r in rows["results"]} == demo
    assert {r["status"] for r in rows["results"]} == {"ditetapkan"}
    status, body = get("/daftar-data?tahun=2026")
    assert status == 200
    assert "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin" in body


def test_produsen_creates_a_linked_dataset_with_the_ckanapi_cli(first_run):
    """The command-line route of a producer: ckanapi against the Action API."""
    rows = api("satudata_daftar_data_list", tahun=2026, q="DD-3516-2026-002")
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


def test_the_worker_delivers_the_workflow_emails_to_the_mail_catcher(first_run):
    """The demo data takes datasets through the workflow; their emails are
    queued jobs that the portal's `ckan jobs worker` sends over SMTP."""
    inbox = DEV_DIR / "mail" / "new"
    deadline = time.monotonic() + 120
    subjects: list[str] = []
    while time.monotonic() < deadline:
        subjects = [
            str(email.message_from_bytes(path.read_bytes(),
                                         policy=email.policy.default)["Subject"])
            for path in sorted(inbox.glob("*"))
        ]
        if any("(status Terbit)" in s for s in subjects):
            break
        time.sleep(1)
    assert subjects, f"no email in {inbox}"
    assert all(s.startswith("[Satu Data] ") for s in subjects), subjects
    assert any("(status Diajukan)" in s for s in subjects), subjects
    assert any("(status Terbit)" in s for s in subjects), subjects


def _post(action: str, token: str, **data: object) -> int:
    request = urllib.request.Request(
        f"{BASE}/api/3/action/{action}", data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", "Authorization": token},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _psql(sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["psql", "-X", "-h", "127.0.0.1", "-U", "ckan_default", "-d", DB,
         "-v", "ON_ERROR_STOP=1", "-tA", "-c", sql],
        env={"PGPASSWORD": "pass", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )


def test_the_database_holds_the_publishing_rule(first_run):
    """On the running portal: the Admin OPD's bulk call in the shapes CKAN
    2.11 hands to SQL is refused, and CKAN 2.11's bulk SQL itself, run as
    the portal's database user, is refused by the database. The draft stays
    private and out of anonymous sight."""
    token = first_run.credentials()["admin-opd"]
    draft = api("package_show", token, id="penduduk-kecamatan-2020")
    assert draft["private"] is True and draft["satudata_status"] == "draf"
    for datasets in ({draft["id"]: True}, draft["id"], [draft["id"]]):
        status = _post("bulk_update_public", token, org_id=draft["owner_org"],
                       datasets=datasets)
        assert status in (403, 409), (datasets, status)
    # What CKAN 2.11's _bulk_update_dataset runs, past every action:
    bulk_sql = (
        "UPDATE package SET private=false WHERE package.id IN"
        f" ('{draft['id']}') AND package.owner_org = '{draft['owner_org']}'"
    )
    result = _psql(bulk_sql)
    assert result.returncode != 0
    assert "would be public while its workflow state is not public" in result.stderr
    assert _psql(f"SELECT private FROM package WHERE id = '{draft['id']}'"
                 ).stdout.strip() == "t"
    assert get(f"/dataset/{draft['name']}")[0] == 404
    status, body = get("/api/3/action/package_search?q=*:*&include_private=true")
    assert draft["id"] not in body


def test_ctrl_c_stops_everything_and_a_second_run_adds_nothing(first_run):
    orgs_before = api("organization_list")
    users_before = {
        u["name"] for u in api("user_list", first_run.credentials()["admin"])
    }
    tokens_before = first_run.credentials()

    first_run.interrupt()
    assert first_run.proc.returncode is not None
    assert not port_open(WEB_PORT)
    assert _closed_within(SOLR_PORT, seconds=15), _solr_log()

    second = Portal()
    try:
        assert api("organization_list") == orgs_before
        users_after = {
            u["name"] for u in api("user_list", second.credentials()["admin"])
        }
        assert users_after == users_before
        assert second.credentials() == tokens_before
        admin = second.credentials()["admin"]
        assert (
            api("package_search", admin, q="asap", include_private=True)["count"] == 1
        )
    finally:
        second.interrupt()
    assert not port_open(WEB_PORT)
    assert _closed_within(SOLR_PORT, seconds=15), _solr_log()


def _closed_within(port: int, seconds: float) -> bool:
    """The Solr stand-in saves its index before it goes; allow it that."""
    deadline = time.monotonic() + seconds
    while port_open(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _solr_log() -> str:
    return (DEV_DIR / f"solr-{SOLR_PORT}.log").read_text()[-2000:]
