"""Controlled vocabularies shared by the Daftar Data register and the dataset schema.

Each vocabulary maps the stored value (lower-case, stable, used in the API and
in search facets) to its Bahasa Indonesia label. Labels are marked for
translation where they are shown.
"""
from __future__ import annotations

from ckanext.satudata.model.daftar_data import DICABUT, DITETAPKAN, USULAN

JENIS_DATA = {
    "statistik": "Statistik",
    "geospasial": "Geospasial",
    "keuangan": "Keuangan",
}

INDIKATOR_VARIABEL = {
    "indikator": "Indikator",
    "variabel": "Variabel",
}

KLASIFIKASI_AKSES = {
    "terbuka": "Terbuka",
    "terbatas": "Terbatas",
    "tertutup": "Tertutup",
}

# Jadwal pemutakhiran (update schedule) of a Daftar Data row and frekuensi of a
# dataset: the same list, ordered from the most to the least frequent.
FREKUENSI = {
    "harian": "Harian",
    "mingguan": "Mingguan",
    "bulanan": "Bulanan",
    "triwulanan": "Triwulanan",
    "empat_bulanan": "Empat Bulanan",
    "semesteran": "Semesteran",
    "tahunan": "Tahunan",
    "dua_tahunan": "Dua Tahunan",
    "insidental": "Insidental",
}

TINGKAT_PENYAJIAN = {
    "kabupaten": "Kabupaten/Kota",
    "kecamatan": "Kecamatan",
    "desa": "Desa/Kelurahan",
}

UKURAN = {
    "jumlah": "Jumlah",
    "persentase": "Persentase",
    "rasio": "Rasio",
    "rata_rata": "Rata-rata",
    "indeks": "Indeks",
    "lainnya": "Lainnya",
}

KETERSEDIAAN = {
    "tersedia": "Tersedia",
    "sebagian": "Tersedia Sebagian",
    "tidak_tersedia": "Tidak Tersedia",
}

# The Daftar Data list's filter by the availability result: the results, and
# the rows no Berita Acara has checked yet.
BELUM_DIPERIKSA = "belum_diperiksa"
KETERSEDIAAN_FILTER = {**KETERSEDIAAN, BELUM_DIPERIKSA: "Belum Diperiksa"}

STATUS_BERITA_ACARA = {
    "draf": "Draf",
    "ditandatangani": "Ditandatangani",
}

STATUS_DAFTAR_DATA = {
    USULAN: "Usulan",
    DITETAPKAN: "Ditetapkan",
    DICABUT: "Dicabut",
}
