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
