from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.tests.database import restored


def act(action: str, user: str | None, **data: Any) -> Any:
    """Call an action as ``user`` (None: anonymous), with auth checked."""
    return helpers.call_action(
        action, context={"user": user or "", "ignore_auth": False}, **data
    )


def row_data(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "tahun": 2025,
        "nama_data": "Jumlah penduduk menurut kecamatan dan jenis kelamin",
        "owner_org": org["id"],
        "jenis_data": "statistik",
        "klasifikasi_akses": "terbuka",
        "jadwal_pemutakhiran": "semesteran",
        "satuan": "jiwa",
        **extra,
    }


class People:
    """Users holding each Satu Data role, and two OPDs."""

    def __init__(self) -> None:
        self.sysadmin = factories.Sysadmin()
        self.org_a = factories.Organization(
            name="dispendukcapil",
            title="Dinas Kependudukan dan Pencatatan Sipil",
            kode_opd="2.12.0.00.0.00.01.0000",
            singkatan="Dispendukcapil",
        )
        self.org_b = factories.Organization(
            name="dinkes", title="Dinas Kesehatan", singkatan="Dinkes"
        )
        self.walidata = self._user("walidata")
        self.forum = self._user("forum")
        self.pembina = self._user("pembina")
        self.produsen_a = self._user("produsen", self.org_a)
        self.admin_a = self._user("admin_opd", self.org_a)
        self.kepala_a = self._user("kepala_opd", self.org_a)
        self.produsen_b = self._user("produsen", self.org_b)
        self.plain = factories.User()["name"]

    def _user(self, role: str, org: dict[str, Any] | None = None) -> str:
        user = factories.User()
        data = {"user": user["name"], "role": role}
        if org:
            data["organization"] = org["id"]
        helpers.call_action(
            "satudata_role_assign",
            context={"user": self.sysadmin["name"], "ignore_auth": False},
            **data,
        )
        return user["name"]


@pytest.fixture
def people(clean_db) -> People:
    return restored("daftar_data.people", People)
