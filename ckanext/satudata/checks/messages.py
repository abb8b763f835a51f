"""What each finding of a check says, in Bahasa Indonesia.

Every finding has a stable ``code`` (for the API and for counting) and two
sentences for the person who has to fix the file: ``message`` (what is wrong)
and ``expected`` (what the template wants instead). The texts are formatted
when the check runs, in the language of the request that ran it.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

# Codes that only warn: the file was read and checked despite them.
WARNINGS = frozenset(
    {"bom", "utf-16", "windows-1252", "pemisah", "baris-judul", "lembar",
     "judul-dua-baris"}
)


def code_label(code: str) -> str:
    """A short name of a kind of finding, for the summary of a report."""
    _ = tk._
    return {
        "berkas-kosong": _("Berkas kosong"),
        "berkas-biner": _("Bukan berkas teks"),
        "format-xls": _("Format .xls lama"),
        "xlsx-rusak": _("XLSX tidak dapat dibuka"),
        "xlsx-terlalu-besar": _("XLSX melebihi batas"),
        "unduhan-gagal": _("Berkas tidak dapat diambil"),
        "terlalu-besar": _("Berkas terlalu besar"),
        "tanpa-data": _("Tanpa baris data"),
        "sistem": _("Kesalahan sistem"),
        "kolom-hilang": _("Kolom tidak ada"),
        "kolom-tambahan": _("Kolom di luar template"),
        "kolom-tanpa-judul": _("Kolom tanpa judul"),
        "nama-kolom": _("Judul kolom berbeda"),
        "judul-dua-baris": _("Judul kolom dua baris"),
        "urutan-kolom": _("Urutan kolom"),
        "kolom-ganda": _("Kolom ganda"),
        "baris-kosong": _("Baris kosong"),
        "baris-kosong-banyak": _("Baris kosong"),
        "baris-jumlah": _("Baris jumlah/total"),
        "baris-catatan": _("Baris catatan kaki"),
        "sel-lebih": _("Nilai di luar kolom"),
        "tipe": _("Tipe nilai salah"),
        "format-angka": _("Format angka Indonesia"),
        "wajib": _("Nilai wajib kosong"),
        "minimum": _("Di bawah minimum"),
        "maksimum": _("Di atas maksimum"),
        "panjang-minimum": _("Terlalu pendek"),
        "panjang-maksimum": _("Terlalu panjang"),
        "pola": _("Tidak sesuai pola"),
        "pilihan": _("Bukan pilihan yang diizinkan"),
        "unik": _("Nilai ganda"),
        "kunci-utama": _("Kunci utama ganda"),
        "kode-wilayah": _("Kode wilayah tidak sah"),
        "kode-wilayah-tidak-dikenal": _("Kode wilayah tidak dikenal"),
        "kode-wilayah-di-luar": _("Kode wilayah di luar wilayah"),
        "nama-wilayah": _("Nama wilayah tidak sesuai kode"),
    }.get(code, code)


def type_name(field_type: str) -> str:
    """The short name of a column type, for select boxes."""
    _ = tk._
    return {
        "string": _("teks"),
        "integer": _("bilangan bulat"),
        "number": _("angka"),
        "boolean": _("benar/salah"),
        "date": _("tanggal"),
        "datetime": _("tanggal dan jam"),
        "time": _("jam"),
        "year": _("tahun"),
        "yearmonth": _("tahun-bulan"),
    }.get(field_type, field_type)


def type_label(field: dict[str, Any]) -> str:
    """The field's type as a producer would say it."""
    labels = {
        "string": tk._("teks"),
        "integer": tk._("bilangan bulat"),
        "number": tk._("angka"),
        "boolean": tk._("nilai benar/salah (true/false)"),
        "date": tk._("tanggal TTTT-BB-HH, contoh 2024-12-31"),
        "datetime": tk._("tanggal dan jam, contoh 2024-12-31T08:00:00"),
        "time": tk._("jam JJ:MM:DD, contoh 08:00:00"),
        "year": tk._("tahun empat angka, contoh 2024"),
        "yearmonth": tk._("tahun-bulan TTTT-BB, contoh 2024-12"),
    }
    label = labels.get(field.get("type", "string"), field.get("type", ""))
    fmt = field.get("format")
    if fmt and fmt != "default":
        formats = {
            "email": tk._("alamat email"),
            "uri": tk._("alamat web (URL)"),
            "uuid": tk._("UUID"),
        }
        label = formats.get(fmt) or tk._("{type} dengan format {format}").format(
            type=label, format=fmt)
    return label


def _binary_kind(kind: str) -> str:
    return {
        "zip": tk._("buku kerja Excel (XLSX) atau arsip ZIP"),
        "pdf": tk._("dokumen PDF"),
        "gambar": tk._("gambar"),
        "gzip": tk._("arsip terkompresi"),
        "rar": tk._("arsip terkompresi"),
    }.get(kind, tk._("data biner"))


def _spacing_hint(value: str, choices: list[str]) -> str:
    if value != value.strip() and value.strip() in choices:
        return " " + tk._("(ada spasi di awal atau akhir nilai)")
    folded = {c.lower(): c for c in choices}
    if value.strip().lower() in folded:
        return " " + tk._("(perhatikan huruf besar/kecil: '{choice}')").format(
            choice=folded[value.strip().lower()])
    return ""


def region_hint(value: str) -> str:
    """Why a region code is probably malformed, when the cause is common."""
    if re.fullmatch(r"\d{7}|\d{10}", value):
        return " " + tk._("Tampaknya kode BPS; gunakan kode Kemendagri bertitik.")
    if re.fullmatch(r"\d{2}(\.\d{1,2})*\.\d|\d+,\d+", value):
        return " " + tk._("Tampaknya angka nol di belakang hilang karena sel "
                          "dibaca Excel sebagai angka; format kolom sebagai Teks.")
    return ""


def N_(message: str) -> str:
    """Marks a message for translation; it is translated when used."""
    return message


# code -> (message, expected), with {placeholders} filled in by describe().
_TEXTS: dict[str, tuple[str, str]] = {
    # The file as a whole
    "berkas-kosong": (
        N_("Berkas kosong: tidak ada isi sama sekali."),
        N_("Baris pertama berisi judul kolom, diikuti baris data."),
    ),
    "berkas-biner": (
        N_("Berkas '{file_name}' bukan teks CSV: isinya {kind}."),
        N_("Teks CSV (di Excel: Simpan Sebagai → CSV UTF-8), atau unggah "
           "buku kerja dengan format XLSX."),
    ),
    "format-xls": (
        N_("Berkas '{file_name}' adalah buku kerja Excel 97-2003 (.xls) "
           "yang tidak dapat diperiksa."),
        N_("Simpan ulang sebagai Buku Kerja Excel (.xlsx) atau CSV UTF-8."),
    ),
    "xlsx-rusak": (
        N_("Berkas '{file_name}' bukan buku kerja Excel (.xlsx) yang dapat "
           "dibuka."),
        N_("Buku kerja .xlsx yang utuh, atau CSV UTF-8."),
    ),
    "xlsx-terlalu-besar": (
        N_("Berkas '{file_name}' tidak dibuka: {reason}"),
        N_("Buku kerja .xlsx dalam batas portal, atau CSV UTF-8."),
    ),
    "unduhan-gagal": (
        N_("Berkas dari tautan tidak dapat diambil: {reason}"),
        N_("Tautan yang dapat diunduh tanpa masuk (login), berisi CSV "
           "atau XLSX."),
    ),
    "terlalu-besar": (
        N_("Berkas lebih besar dari batas pemeriksaan ({limit})."),
        N_("Berkas yang lebih kecil, atau minta Walidata menaikkan batas."),
    ),
    "tanpa-data": (
        N_("Berkas hanya berisi judul kolom, tanpa baris data."),
        N_("Paling sedikit satu baris data di bawah judul kolom."),
    ),
    "sistem": (
        N_("Pemeriksaan gagal karena kesalahan sistem ({reason}). "
           "Coba lagi atau hubungi Walidata."),
        "",
    ),
    # Warnings
    "bom": (
        N_("Berkas diawali penanda BOM UTF-8; berkas tetap dibaca dengan "
           "benar."),
        N_("CSV UTF-8 (penanda BOM boleh ada)."),
    ),
    "utf-16": (
        N_("Berkas berpengodean UTF-16 (\"Teks Unicode\" Excel); berkas "
           "tetap dibaca."),
        N_("CSV UTF-8."),
    ),
    "windows-1252": (
        N_("Berkas tidak berpengodean UTF-8 dan dibaca sebagai Windows-1252 "
           "(CSV bawaan Excel). Periksa huruf khusus dan tanda kutip."),
        N_("CSV UTF-8 (di Excel: Simpan Sebagai → CSV UTF-8)."),
    ),
    "pemisah": (
        N_("Pemisah kolom dalam berkas adalah {found}, sedangkan template "
           "memakai {expected}; berkas tetap dibaca dengan pemisah {found}."),
        N_("Pemisah kolom {expected}."),
    ),
    "baris-judul": (
        N_("Baris {first} sampai {last} di atas judul kolom dilewati; judul "
           "kolom ditemukan di baris {header}."),
        N_("Judul kolom di baris pertama, tanpa judul tabel di atasnya."),
    ),
    "judul-dua-baris": (
        N_("Judul kolom dibaca dari dua baris, baris {first} (judul "
           "kelompok) dan baris {last}, yang digabungkan; data dimulai "
           "setelah baris {last}."),
        N_("Judul kolom dalam satu baris, seperti pada template."),
    ),
    "lembar": (
        N_("Buku kerja berisi beberapa lembar; yang diperiksa adalah lembar "
           "'{sheet}'."),
        N_("Data di lembar pertama, atau di lembar bernama 'Data'."),
    ),
    # The header
    "kolom-hilang": (
        N_("Kolom '{column}' tidak ada."),
        N_("Kolom '{column}' ({title}) seperti pada template."),
    ),
    "kolom-tambahan": (
        N_("Kolom '{column}' tidak ada dalam template."),
        N_("Hapus kolom ini, atau minta Walidata menambahkannya ke template."),
    ),
    "kolom-tanpa-judul": (
        N_("Kolom ke-{position} tidak berjudul tetapi berisi data."),
        N_("Setiap kolom data berjudul sesuai template."),
    ),
    "nama-kolom": (
        N_("Judul kolom '{value}' seharusnya ditulis '{column}'."),
        N_("Judul kolom persis seperti pada template: '{column}'."),
    ),
    "urutan-kolom": (
        N_("Urutan kolom berbeda dari template."),
        N_("Urutan kolom: {order}."),
    ),
    "kolom-ganda": (
        N_("Kolom '{column}' muncul lebih dari sekali."),
        N_("Setiap kolom hanya sekali."),
    ),
    # Rows
    "baris-kosong": (
        N_("Baris {row} kosong."),
        N_("Tidak ada baris kosong di antara data."),
    ),
    "baris-kosong-banyak": (
        N_("Baris {row} sampai {last} kosong."),
        N_("Tidak ada baris kosong di antara data."),
    ),
    "baris-jumlah": (
        N_("Baris {row} adalah baris jumlah ('{value}'), bukan data."),
        N_("Hapus baris jumlah/total: pengguna data menghitung total dari "
           "baris-baris data."),
    ),
    "baris-catatan": (
        N_("Baris {row} adalah catatan kaki ('{value}'), bukan data."),
        N_("Hapus baris sumber/catatan dari tabel; tuliskan di metadata "
           "dataset (Sumber Data, Deskripsi)."),
    ),
    "sel-lebih": (
        N_("Baris {row} berisi nilai di luar kolom template (kolom "
           "ke-{position}: '{value}')."),
        N_("Hanya {count} kolom seperti pada template."),
    ),
    # Cells
    "tipe": (
        N_("Nilai '{value}' pada kolom '{column}' bukan {type}."),
        N_("{type_cap}."),
    ),
    "format-angka": (
        N_("Nilai '{value}' pada kolom '{column}' memakai format angka "
           "Indonesia (titik pemisah ribuan, koma desimal)."),
        N_("Template ini meminta angka tanpa pemisah ribuan dengan titik "
           "desimal, contoh {example}."),
    ),
    "wajib": (
        N_("Kolom '{column}' wajib diisi, tetapi kosong."),
        N_("Nilai {type}."),
    ),
    "minimum": (
        N_("Nilai {value} pada kolom '{column}' lebih kecil dari batas "
           "minimum {limit}."),
        N_("Paling kecil {limit}."),
    ),
    "maksimum": (
        N_("Nilai {value} pada kolom '{column}' lebih besar dari batas "
           "maksimum {limit}."),
        N_("Paling besar {limit}."),
    ),
    "panjang-minimum": (
        N_("Nilai '{value}' pada kolom '{column}' terlalu pendek."),
        N_("Paling sedikit {limit} karakter."),
    ),
    "panjang-maksimum": (
        N_("Nilai '{value}' pada kolom '{column}' terlalu panjang."),
        N_("Paling banyak {limit} karakter."),
    ),
    "pola": (
        N_("Nilai '{value}' pada kolom '{column}' tidak sesuai pola yang "
           "ditentukan template."),
        N_("Nilai yang cocok dengan pola {limit}."),
    ),
    "pilihan": (
        N_("Nilai '{value}' pada kolom '{column}' bukan salah satu pilihan "
           "yang diizinkan.{hint}"),
        N_("Salah satu dari: {limit}."),
    ),
    "unik": (
        N_("Nilai '{value}' pada kolom '{column}' sudah ada di baris {first}."),
        N_("Setiap nilai pada kolom ini berbeda."),
    ),
    "kunci-utama": (
        N_("Kombinasi {columns} = {value} sudah ada di baris {first}."),
        N_("Setiap kombinasi {columns} hanya muncul sekali."),
    ),
    "kode-wilayah": (
        N_("'{value}' pada kolom '{column}' bukan kode wilayah Kemendagri "
           "yang sah.{hint}"),
        N_("Kode Kemendagri bertitik, contoh {example}."),
    ),
    "kode-wilayah-tidak-dikenal": (
        N_("Kode wilayah {value} pada kolom '{column}' tidak ada dalam tabel "
           "referensi Kemendagri."),
        N_("Kode wilayah yang terdaftar, contoh {example}."),
    ),
    "kode-wilayah-di-luar": (
        N_("Kode wilayah {value} ({place}) pada kolom '{column}' berada di "
           "luar {area_name} ({area})."),
        N_("Kode wilayah di dalam {area_name} ({area}), contoh {example}; "
           "atau minta Walidata mengatur cakupan wilayah template."),
    ),
    "nama-wilayah": (
        N_("Nama '{value}' pada kolom '{column}' tidak sesuai kode wilayah "
           "{region_code}: menurut referensi Kemendagri, {region_code} adalah "
           "{expected_name}."),
        N_("Nama '{expected_name}' untuk kode {region_code}, atau kode yang sesuai "
           "dengan nama '{value}'."),
    ),
}


def describe(code: str, **p: Any) -> tuple[str, str]:
    """``(message, expected)`` for a finding."""
    message, expected = (tk._(t) if t else t for t in _TEXTS[code])
    params = {k: "" if v is None else v for k, v in p.items()}
    params.setdefault("hint", "")
    if "type" in params:
        params["type_cap"] = str(params["type"])[:1].upper() + str(params["type"])[1:]
    if code == "berkas-biner":
        params["kind"] = _binary_kind(str(params.get("kind")))
    if code == "pilihan" and isinstance(p.get("choices"), list):
        params["hint"] = _spacing_hint(str(p.get("value", "")), p["choices"])
    return message.format_map(_Params(params)), expected.format_map(_Params(params))


class _Params(dict):  # type: ignore[type-arg]
    """Format parameters where a missing one reads as nothing, never a crash."""

    def __missing__(self, key: str) -> str:
        return ""
