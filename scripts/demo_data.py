"""Loads the demo portal of `make run`: OPDs, one user per Satu Data role and
their API tokens, the established Daftar Data of the year. Idempotent: what
exists is kept, so running it again adds nothing twice.

Usage: demo_data.py CKAN_INI CREDENTIALS_FILE

Dev tooling only: it gives known passwords to demo accounts, so it is not part
of the ckanext package.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import jwt
from ckan.cli import load_config
from ckan.config.middleware import make_app
from demo_workflow import ensure_workflow_datasets

from ckanext.satudata.daftar_data import spreadsheet

PASSWORD = "SatuData-2026"
TAHUN = 2026
DEMO_DIR = Path(__file__).resolve().parent / "demo"

OPDS = [
    {
        "name": "dispendukcapil",
        "title": "Dinas Kependudukan dan Pencatatan Sipil",
        "kode_opd": "2.12.01",
        "singkatan": "Dispendukcapil",
    },
    {
        "name": "dinkes",
        "title": "Dinas Kesehatan",
        "kode_opd": "1.02.01",
        "singkatan": "Dinkes",
    },
    {
        "name": "bpbd",
        "title": "Badan Penanggulangan Bencana Daerah",
        "kode_opd": "1.05.02",
        "singkatan": "BPBD",
    },
    {
        "name": "diskominfo",
        "title": "Dinas Komunikasi dan Informatika",
        "kode_opd": "2.16.01",
        "singkatan": "Diskominfo",
    },
    {
        "name": "bappeda",
        "title": "Badan Perencanaan Pembangunan Daerah",
        "kode_opd": "5.01.01",
        "singkatan": "Bappeda",
    },
]

# (user name, full name, Satu Data role, OPD or None for regency-wide roles)
USERS = [
    ("walidata", "Walidata Diskominfo", "walidata", None),
    ("forum", "Sekretariat Forum Satu Data", "forum", None),
    ("pembina", "Pembina Data BPS Kabupaten", "pembina", None),
    ("produsen", "Produsen Data Dispendukcapil", "produsen", "dispendukcapil"),
    ("admin-opd", "Admin Portal Dispendukcapil", "admin_opd", "dispendukcapil"),
    ("kepala-opd", "Kepala Dispendukcapil", "kepala_opd", "dispendukcapil"),
    ("produsen-dinkes", "Produsen Data Dinas Kesehatan", "produsen", "dinkes"),
]
SYSADMIN = ("admin", "Sysadmin Portal")


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _call(action: str, **data_dict: Any) -> Any:
    return tk.get_action(action)(_site_context(), data_dict)


def ensure_organizations() -> None:
    for opd in OPDS:
        if model.Group.get(opd["name"]) is None:
            _call("organization_create", **opd)


def ensure_user(name: str, fullname: str, sysadmin: bool = False) -> None:
    if model.User.get(name) is None:
        _call(
            "user_create",
            name=name,
            fullname=fullname,
            email=f"{name}@satudata.example",
            password=PASSWORD,
        )
    if sysadmin:
        user = model.User.get(name)
        if not user.sysadmin:
            user.sysadmin = True
            model.Session.commit()


def ensure_token(name: str, known: dict[str, str]) -> str:
    """The token written last time, if CKAN still knows it; otherwise a new one."""
    token = known.get(name)
    if token:
        jti = jwt.decode(token, options={"verify_signature": False}).get("jti")
        if model.Session.get(model.ApiToken, jti) is not None:
            return token
    context = {"user": name, "ignore_auth": True}
    return tk.get_action("api_token_create")(context, {"user": name, "name": "demo"})[
        "token"
    ]


def ensure_role(name: str, role: str, organization: str | None) -> None:
    held = _call("satudata_role_list", user=name)
    if any(r["role"] == role and r["organization_name"] == organization for r in held):
        return
    data = {"user": name, "role": role}
    if organization:
        data["organization"] = organization
    _call("satudata_role_assign", **data)


def ensure_daftar_data() -> None:
    """The SK annex of the year, imported as a Walidata would, then established.

    Re-importing updates rows by ID and year, so nothing is added twice.
    """
    preview = spreadsheet.read_rows(DEMO_DIR / f"daftar_data_{TAHUN}.csv", TAHUN)
    if preview.errors or preview.invalid_rows:
        raise SystemExit(f"demo Daftar Data does not import cleanly: {preview.errors}")
    result = _call("satudata_daftar_data_import", tahun=TAHUN, rows=preview.data_rows())
    if result["errors"]:
        raise SystemExit(f"demo Daftar Data import failed: {result['errors']}")
    _call(
        "satudata_daftar_data_establish_bulk",
        tahun=TAHUN,
        no_sk="100.3.3.2/45/416-012/2026",
        tanggal_sk=f"{TAHUN}-01-15",
    )


def load_portal() -> None:
    """Everything but the credentials file; the page crawl test
    (ckanext/satudata/tests/look) builds its portal with it too."""
    ensure_organizations()
    ensure_user(*SYSADMIN, sysadmin=True)
    for name, fullname, role, organization in USERS:
        ensure_user(name, fullname)
        ensure_role(name, role, organization)
    ensure_daftar_data()
    ensure_workflow_datasets()


def read_credentials(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    rows = (line.split() for line in path.read_text().splitlines()[1:])
    return {row[0]: row[-1] for row in rows if len(row) >= 4}


def main(ini: str, credentials_file: str) -> None:
    app = make_app(load_config(ini))
    path = Path(credentials_file)
    known = read_credentials(path)
    with app._wsgi_app.test_request_context():
        load_portal()
        lines = [f"{'user':<16} {'role':<28} {'password':<14} api token"]
        for name, _fullname, role, organization in [
            (*SYSADMIN, "sysadmin", None),
            *USERS,
        ]:
            where = f"{role}@{organization}" if organization else role
            token = ensure_token(name, known)
            lines.append(f"{name:<16} {where:<28} {PASSWORD:<14} {token}")
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
