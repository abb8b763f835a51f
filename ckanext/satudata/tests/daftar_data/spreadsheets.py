"""Messy Daftar Data annexes, built the way people build them in Excel."""
from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from openpyxl import Workbook


def annex_xlsx() -> bytes:
    """Title rows, a two-row header with merged cells, a "(1) (2) ..." row,
    a numbering column, OPD group headings, an OPD merged over its rows,
    blank rows, header variants and a signature block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Lampiran"
    ws.append(["LAMPIRAN KEPUTUSAN BUPATI MOJOKERTO"])
    ws.merge_cells("A1:L1")
    ws.append(["DAFTAR DATA KABUPATEN MOJOKERTO TAHUN 2025"])
    ws.merge_cells("A2:L2")
    ws.append([])
    ws.append(["No.", "ID DDD", "Uraian Data", "Jenis", "Produsen Data (OPD)",
               "Sifat Data", "Satuan", "Frekuensi", "Data Prioritas",
               "Berita Acara", None, "Keterangan"])
    ws.append([None, None, None, None, None, None, None, None, None,
               "Nomor", "Tanggal", None])
    for col in "ABCDEFGHIL":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("J4:K4")
    ws.append([f"({n})" for n in range(1, 13)])
    ws.append(["A.", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"])
    ws.append([1, "DD-3516-2025-001", "Jumlah penduduk menurut kecamatan",
               "Statistik", "Dispendukcapil", "Terbuka", "Jiwa", "Semesteran",
               "Ya", "BA/01/2025", datetime.datetime(2025, 1, 31),
               "  sumber SIAK \n"])
    ws.append([2, "DD-3516-2025-002", "Jumlah akta kelahiran", "statistik",
               None, "terbuka", "Akta", "Tahunan", "Tidak", None, None, None])
    ws.merge_cells("E8:E9")
    ws.append([])
    ws.append(["B.", "DINAS KESEHATAN"])
    ws.append([3, "DD-3516-2025-003", "Peta fasilitas kesehatan", "Geospasial",
               "Dinas Kesehatan", "Terbatas", "Titik", "Insidentil", None,
               None, "5 Maret 2025", None])
    ws.append([4, "DD-3516-2025-004", "Persentase ibu hamil K4", "statistik",
               "2.12.0.00.0.00.01.0000", "Terbuka", "%", "Tahunan", "ya",
               None, "02/04/2025", None])
    ws.append([])
    ws.append([None, None, None, None, None, None, None, None,
               "BUPATI MOJOKERTO,"])
    ws.merge_cells("I15:L15")
    ws.append([None, None, None, None, None, None, None, None, "ttd."])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


ANNEX_CSV_ROWS = [
    "DAFTAR DATA TAHUN 2025;;;;;",
    ";;;;;",
    "No;ID;Nama Data;Jenis Data;Produsen;Klasifikasi;Jadwal Pemutakhiran;Keterangan",
    "1;DD-1;Jumlah penduduk – per kecamatan;statistik;dispendukcapil;terbuka;"
    "semester;café",
    ";;;;;",
    "2;DD-2;Jumlah puskesmas;Statistik;DINKES;Terbuka;Tahun;",
]


def annex_csv(encoding: str = "cp1252", delimiter: str = ";",
              bom: bool = False) -> bytes:
    text = "\r\n".join(ANNEX_CSV_ROWS).replace(";", delimiter) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def simple_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEADER = ["ID", "Nama Data", "Jenis Data", "Produsen Data", "Klasifikasi Akses",
          "Jadwal Pemutakhiran"]


# The OPDs of a Trenggalek-like portal: full titles with commas, URL names
# that are not the short names people write.
TRENGGALEK_OPDS = {
    "capil": "Dinas Kependudukan dan Pencatatan Sipil",
    "kesehatan": "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana",
    "perinaker": "Dinas Perindustrian dan Tenaga Kerja",
    "kominfo-tg": "Dinas Komunikasi dan Informatika",
    "perencanaan": "Badan Perencanaan Pembangunan Daerah, Penelitian dan "
                   "Pengembangan",
    "sosial-p3a": "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
}

TRENGGALEK_HEADER = [
    "no", "id", "nama_data", "jenis_data", "produsen_data",
    "klasiikasi_data_sesuai_resiko", "satuan",
    "jadwal_rilis_atau_pemutakhiran_data", "tahun", "keterangan",
]


def trenggalek_annex_xlsx() -> bytes:
    """The Trenggalek "DAFTAR DATA" annex: a merged title row, the header in
    snake_case with its misspelling, a year column, producers written every
    way an OPD is known, and the Walidata's signature block with a NIP."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DAFTAR DATA"
    ws.append(["DAFTAR DATA"])
    ws.merge_cells("A1:J1")
    ws.append(["PEMERINTAH KABUPATEN TRENGGALEK TAHUN 2025"])
    ws.merge_cells("A2:J2")
    ws.append([])
    ws.append(TRENGGALEK_HEADER)
    rows = [
        ("TG-001", "Jumlah penduduk menurut kecamatan", "Data Statistik Sektoral",
         "Disdukcapil", "Terbuka", "Jiwa", "Setahun sekali", 2025),
        ("TG-002", "Jumlah tenaga kesehatan", "Statistik",
         "Dinas Kesehatan Kab. Trenggalek", "Terbuka", "Orang", "Tahunan", 2025),
        ("TG-003", "Cakupan imunisasi dasar lengkap", "statistik", "DINKES",
         "Terbatas", "%", "6 bulan sekali", 2025),
        ("TG-004", "Jumlah pencari kerja terdaftar", "Data Statistik Sektoral",
         "1. BPS; 2. Dinas Perinaker", "Terbuka", "Orang", "Setahun sekali",
         2025),
        ("TG-005", "Jumlah menara telekomunikasi", "Statistik",
         "Dinas Komunikasi & Informatika Kabupaten Trenggalek", "Data Terbuka",
         "Unit", "Tahunan", 2025),
        ("TG-006", "Indeks pembangunan manusia", "Statistik", "Bappedalitbang",
         "Terbuka", "Indeks", "Setahun sekali", 2025),
        ("TG-007", "Jumlah kunjungan wisatawan", "Statistik", "Dinas Pariwisata",
         "Terbuka", "Orang", "Bulanan", 2025),
        ("TG-008", "Luas panen padi", "Statistik", "Dinkes", "Terbuka", "Ha",
         "Setahun sekali", 2024),
        ("TG-009", "Jumlah penduduk miskin", "Statistik",
         "1. Bappedalitbang\n2. Dinsos", "Terbuka", "Jiwa", "Tahunan", 2025),
        ("TG-010", "Jumlah PMKS", "Statistik",
         "Dinas Sosial, Pemberdayaan Perempuan & Perlindungan Anak", "Tertutup",
         "Jiwa", "Lima tahunan", 2025),
    ]
    for number, row in enumerate(rows, start=1):
        ws.append([number, *row, None])
    ws.append([])
    for line in ("Trenggalek, 2 Januari 2025",
                 "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA",
                 "selaku WALIDATA", None, "BUDI SANTOSO, S.Kom",
                 "Pembina Utama Muda", "NIP. 19700101 199003 1 005"):
        ws.append([None] * 6 + [line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
