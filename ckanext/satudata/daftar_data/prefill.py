"""What a Daftar Data row already says about the dataset made for it.

"Buat dataset" on a row's page opens the dataset form with these values
(``/dataset/new?daftar_data=<row id>``, filled on the server, so it works
without JavaScript), and choosing a row in the form's Daftar Data picker
fills the same fields in the browser (the ``satudata-daftar-data-fill``
module reads them from the option). One mapping for both.
"""
from __future__ import annotations

import ckan.model as model
from ckan.lib.munge import munge_title_to_name

from ckanext.satudata.model.daftar_data import DaftarData

# Dataset field <- row attribute, where both hold the same thing. The row
# has no konsep column, so the dataset's konsep stays for the producer.
_SAME = (
    "jenis_data", "indikator_variabel", "kode_indikator", "kode_standar_data",
    "definisi", "satuan", "klasifikasi_penyajian", "klasifikasi_akses",
)


def dataset_fields(row: DaftarData) -> dict[str, str]:
    """Dataset form fields and their values from ``row``; empty ones left out."""
    values: dict[str, object] = {
        "daftar_data_id": row.id,
        "owner_org": row.owner_org,
        "title": row.nama_data,
        "frekuensi": row.jadwal_pemutakhiran,
        "tahun_awal": row.tahun,
    }
    values.update({name: getattr(row, name) for name in _SAME})
    return {k: str(v) for k, v in values.items() if v not in (None, "")}


def free_name(row: DaftarData) -> str:
    """A dataset URL name from the row's data name and year that no dataset
    uses yet (``-2``, ``-3``... after it when it is taken)."""
    base = munge_title_to_name(f"{row.nama_data} {row.tahun}")[:90]
    name, n = base, 1
    while model.Package.get(name) is not None:
        n += 1
        name = f"{base}-{n}"
    return name
