"""Datasets that satisfy the SDI schema, for any test that needs one.

The dataset schema requires a link to an established Daftar Data row, so a
plain ``factories.Dataset()`` is refused; use ``sdi_dataset`` instead.
"""

from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
from ckan.tests import factories

from ckanext.satudata.model.daftar_data import DaftarData


def daftar_data_row(
    owner_org: str, tahun: int = 2024, status: str = "ditetapkan", **fields: Any
) -> DaftarData:
    """A Daftar Data row written straight to the table (no action, no auth)."""
    values: dict[str, Any] = {
        "kode": f"DD-{model.types.make_uuid()[:8]}",
        "nama_data": "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
        "jenis_data": "statistik",
        "klasifikasi_akses": "terbuka",
        "no_sk": "100.3.3.2/123/416-012/2024" if status != "usulan" else None,
        "tanggal_sk": datetime.date(tahun, 1, 15) if status != "usulan" else None,
    }
    values.update(fields)
    row = DaftarData(owner_org=owner_org, tahun=tahun, status=status, **values)
    model.Session.add(row)
    model.Session.commit()
    return row


def sdi_metadata(daftar_data_id: str, **overrides: Any) -> dict[str, Any]:
    """A complete, valid set of SDI metadata for a 2024 statistik dataset."""
    metadata: dict[str, Any] = {
        "notes": "Jumlah penduduk per kecamatan menurut jenis kelamin.",
        "daftar_data_id": daftar_data_id,
        "jenis_data": "statistik",
        "indikator_variabel": "variabel",
        "konsep": "Penduduk",
        "definisi": "Orang yang berdomisili di wilayah kabupaten.",
        "klasifikasi_penyajian": "Kecamatan; Jenis Kelamin",
        "ukuran": "jumlah",
        "satuan": "Jiwa",
        "tingkat_penyajian": "kecamatan",
        "frekuensi": "tahunan",
        "tahun_awal": 2024,
        "klasifikasi_akses": "terbuka",
        "sumber_data": "SIAK Dispendukcapil",
        "penanggung_jawab": "Bidang Pengelolaan Informasi Administrasi Kependudukan",
    }
    metadata.update(overrides)
    return metadata


def sdi_dataset(owner_org: str | None = None, **fields: Any) -> dict[str, Any]:
    """A dataset of a new OPD (or ``owner_org``) linked to a new 2024 row."""
    if owner_org is None:
        owner_org = factories.Organization()["id"]
    row = daftar_data_row(owner_org)
    return factories.Dataset(owner_org=owner_org, **sdi_metadata(row.id, **fields))
