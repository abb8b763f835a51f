"""Demo datasets in every state of the configured workflow, for `make run`.

Called by demo_data.py after the users and roles exist. Each dataset is made
the way a producer makes it: package_create, a CSV uploaded through
resource_create (checked against the template by the extension), then the
SOP's transitions taken by the people whose role they are. Idempotent: a
dataset that exists is left as it is.
"""
from __future__ import annotations

import io
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from ckanext.satudata.workflow.definition import configured

TEMPLATE = {
    "name": "jumlah-penduduk-kecamatan",
    "title": "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
    "table_schema": {
        "fields": [
            {"name": "kecamatan", "title": "Kecamatan", "type": "string",
             "constraints": {"required": True}},
            {"name": "laki_laki", "title": "Laki-laki", "type": "integer",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "perempuan", "title": "Perempuan", "type": "integer",
             "constraints": {"required": True, "minimum": 0}},
        ]
    },
}
CSV = (
    "kecamatan,laki_laki,perempuan\n"
    "Mojosari,40512,41087\n"
    "Bangsal,25871,26140\n"
    "Pungging,38904,39112\n"
)

# (dataset name, state, transitions from draf), for the Mojokerto
# and Trenggalek presets alike (they share state and transition names).
DATASETS = [
    ("penduduk-kecamatan-2020", "draf", ()),
    ("penduduk-kecamatan-2021", "diajukan", ("ajukan",)),
    ("penduduk-kecamatan-2022", "dikembalikan", ("ajukan", "tidak_sesuai")),
    ("penduduk-kecamatan-2023", "menunggu_persetujuan", ("ajukan", "sesuai")),
    ("penduduk-kecamatan-2024", "disetujui", ("ajukan", "sesuai", "setujui")),
    ("penduduk-kecamatan-2025", "terbit",
     ("ajukan", "sesuai", "setujui", "terbitkan")),
    ("penduduk-kecamatan-2019", "ditarik",
     ("ajukan", "sesuai", "setujui", "terbitkan", "tarik")),
]
# Who holds each role in the demo (demo_data.USERS).
PEOPLE = {"produsen": "produsen", "admin_opd": "admin-opd",
          "kepala_opd": "kepala-opd", "walidata": "walidata", "forum": "forum"}
NOTES = {
    "tidak_sesuai": "Jumlah perempuan Kecamatan Bangsal tertukar dengan"
                    " laki-laki; mohon diperiksa lagi.",
    "kembalikan": "Mohon lampirkan sumber data SIAK terbaru.",
    "tarik": "Angka Kecamatan Pungging dikoreksi Dispendukcapil.",
}


def _site() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _as(user: str) -> dict[str, Any]:
    return {"user": user, "ignore_auth": False}


def _template() -> dict[str, Any]:
    try:
        return tk.get_action("satudata_template_show")(
            _site(), {"id": TEMPLATE["name"]})
    except tk.ObjectNotFound:
        return tk.get_action("satudata_template_create")(_site(), dict(TEMPLATE))


def _row(year: int, template_id: str) -> dict[str, Any]:
    kode = f"DD.DEMO.PENDUDUK.{year}"
    try:
        row = tk.get_action("satudata_daftar_data_show")(
            _site(), {"kode": kode, "tahun": year})
    except tk.ObjectNotFound:
        row = tk.get_action("satudata_daftar_data_create")(_site(), {
            "tahun": year,
            "kode": kode,
            "nama_data": TEMPLATE["title"],
            "owner_org": "dispendukcapil",
            "jenis_data": "statistik",
            "klasifikasi_akses": "terbuka",
            "template_id": template_id,
        })
    if row["status"] == "usulan":
        row = tk.get_action("satudata_daftar_data_establish")(_site(), {
            "id": row["id"], "no_sk": f"100.3.3.2/12/416-012/{year}",
            "tanggal_sk": f"{year}-01-15"})
    return row


def _upload(package_id: str) -> None:
    stream = FileStorage(io.BytesIO(CSV.encode("utf-8")), "penduduk.csv")
    tk.get_action("resource_create")(_as(PEOPLE["produsen"]), {
        "package_id": package_id,
        "name": "Tabel jumlah penduduk",
        "format": "CSV",
        "upload": stream,
        "url": "penduduk.csv",
    })


def _take(package_id: str, transition: str) -> None:
    definition = configured()
    role = definition.transitions[transition].role
    data: dict[str, Any] = {"id": package_id, "transition": transition}
    if transition in NOTES:
        data["note"] = NOTES[transition]
    items = [i.key for i in definition.transitions[transition].checklist]
    if items:
        data["checklist"] = items if transition == "sesuai" else items[1:]
    tk.get_action("satudata_workflow_transition")(_as(PEOPLE[role]), data)


def ensure_workflow_datasets() -> None:
    template = _template()
    for name, _state, transitions in DATASETS:
        if model.Package.get(name) is not None:
            continue
        year = int(name.rsplit("-", 1)[1])
        row = _row(year, template["id"])
        dataset = tk.get_action("package_create")(_as(PEOPLE["produsen"]), {
            "name": name,
            "title": f"{TEMPLATE['title']} Tahun {year}",
            "owner_org": "dispendukcapil",
            "notes": "Jumlah penduduk per kecamatan menurut jenis kelamin,"
                     " hasil konsolidasi data SIAK.",
            "daftar_data_id": row["id"],
            "jenis_data": "statistik",
            "indikator_variabel": "variabel",
            "konsep": "Penduduk",
            "definisi": "Orang yang berdomisili di wilayah kabupaten.",
            "klasifikasi_penyajian": "Kecamatan; Jenis Kelamin",
            "ukuran": "jumlah",
            "satuan": "Jiwa",
            "tingkat_penyajian": "kecamatan",
            "frekuensi": "tahunan",
            "tahun_awal": year,
            "klasifikasi_akses": "terbuka",
            "sumber_data": "SIAK Dispendukcapil",
            "penanggung_jawab": "Bidang Pengelolaan Informasi Administrasi"
                                " Kependudukan",
        })
        _upload(dataset["id"])
        for transition in transitions:
            _take(dataset["id"], transition)

