"""The Berita Acara's files: the generated PDF to print and sign, and the
signed scan.

The PDF is an Indonesian government document (reportlab, like the report):
the regency, the number, the day of the check, the rows with their results,
the notes and a signature block for the Walidata and the head of the OPD
checked.

The scan is stored by CKAN's own file uploader (``ckan.lib.uploader.Upload``,
under ``ckan.storage_path``/storage/uploads/satudata_berita_acara), whose
allowed types are declared in the plugin's configuration
(``ckan.upload.satudata_berita_acara.mimetypes``). The file is checked here
first, by its content, so that every refusal is a clear Indonesian message
and CKAN's own check (in English) never has to speak.
"""
from __future__ import annotations

import dataclasses
import datetime
import io
import os
from pathlib import PurePath
from typing import Any
from xml.sax.saxutils import escape

import ckan.plugins.toolkit as tk
from babel.dates import format_date
from ckan.lib import uploader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from werkzeug.datastructures import FileStorage

from ckanext.satudata import vocabularies
from ckanext.satudata.model.berita_acara import BeritaAcara
from ckanext.satudata.report import formatting

__all__ = [
    "OBJECT_TYPE", "Scan", "pdf_bytes", "scan_path", "store_scan", "stored_url",
]

OBJECT_TYPE = "satudata_berita_acara"
MB = 1 << 20

# The first bytes of each kind of file a scan may be, with its type and the
# extension it is stored under.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


@dataclasses.dataclass(frozen=True)
class Scan:
    url: str
    name: str
    mimetype: str
    size: int


def max_megabytes() -> int:
    return tk.config.get("ckanext.satudata.berita_acara.max_scan_mb")


def _refuse(message: str) -> tk.ValidationError:
    return tk.ValidationError({"upload": [message]})


def store_scan(upload: Any, old_url: str | None) -> Scan:
    """Check and store an uploaded scan; the scan it replaces is removed."""
    if not isinstance(upload, FileStorage) or not upload.filename:
        raise _refuse(tk._("Pilih berkas pindaian Berita Acara yang sudah "
                           "ditandatangani (PDF, JPG atau PNG)."))
    name = PurePath(upload.filename.replace("\\", "/")).name or "pindaian"
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0, os.SEEK_SET)
    limit = max_megabytes()
    if size == 0:
        raise _refuse(tk._("Berkas «{name}» kosong.").format(name=name))
    if size > limit * MB:
        raise _refuse(tk._(
            "Berkas «{name}» terlalu besar ({size} MB): batas pindaian Berita "
            "Acara {limit} MB. Pindai dengan resolusi lebih rendah.").format(
                name=name, size=f"{size / MB:.1f}".replace(".", ","),
                limit=limit))
    head = stream.read(16)
    stream.seek(0, os.SEEK_SET)
    kind = next(((m, e) for sig, m, e in _SIGNATURES if head.startswith(sig)),
                None)
    if kind is None:
        raise _refuse(tk._(
            "Berkas «{name}» bukan PDF, JPG atau PNG. Unggah pindaian Berita "
            "Acara dalam salah satu format itu.").format(name=name))
    mimetype, extension = kind
    store = uploader.Upload(OBJECT_TYPE, old_url)
    if not store.storage_path:
        raise _refuse(tk._("Portal ini belum mengatur tempat penyimpanan berkas "
                           "(ckan.storage_path); hubungi administrator portal."))
    # The name and type CKAN's uploader sees are those of the content.
    checked = FileStorage(stream=stream,
                          filename=PurePath(name).stem + extension,
                          content_type=mimetype)
    data: dict[str, Any] = {"scan_url": old_url or "", "upload": checked}
    try:
        store.update_data_dict(data, "scan_url", "upload", "clear_upload")
        store.upload(limit)
    except tk.ValidationError:
        raise _refuse(tk._(
            "Berkas «{name}» tidak dapat dibaca sebagai PDF, JPG atau PNG."
        ).format(name=name)) from None
    return Scan(url=data["scan_url"], name=name, mimetype=mimetype, size=size)


def stored_url(id: str) -> str | None:
    """The uploader's name of a Berita Acara's scan (kept out of the
    actions' answers: it says where the file lies)."""
    document = BeritaAcara.get(id)
    return document.scan_url if document else None


def scan_path(url: str | None) -> str | None:
    """Where a stored scan lies, if it is there."""
    if not url:
        return None
    storage = uploader.Upload(OBJECT_TYPE).storage_path
    if not storage:
        return None
    path = os.path.join(storage, os.path.basename(url))
    return path if os.path.isfile(path) else None


def _day(value: str) -> str:
    return format_date(datetime.date.fromisoformat(value), "EEEE",
                       locale=formatting.LOCALE)


def pdf_bytes(document: dict[str, Any]) -> bytes:
    """The Berita Acara to print and sign (A4, portrait)."""
    out = io.BytesIO()
    region = tk.config.get("ckanext.satudata.nama_wilayah")
    org = document["organization"]
    opd = org.get("title") or org.get("name") or document["owner_org"]
    title = tk._("Berita Acara Pemeriksaan Ketersediaan Data")
    doc = SimpleDocTemplate(
        out, pagesize=A4, title=title,
        leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
    )
    width = A4[0] - 4 * cm
    styles = getSampleStyleSheet()
    center = styles["Title"].clone("ba-title", fontSize=13, leading=16,
                                   spaceAfter=2)
    normal = styles["Normal"].clone("ba-normal", fontSize=10, leading=13)
    cell = normal.clone("ba-cell", fontSize=8.5, leading=10.5)
    head = cell.clone("ba-head", fontName="Helvetica-Bold")
    number = document.get("nomor") or "." * 40

    def p(text: str, style: Any = normal) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[Any] = [
        p(tk._("Pemerintah {region}").format(region=region).upper(), center),
        p(title.upper(), center),
        p(tk._("Nomor: {nomor}").format(nomor=number),
          normal.clone("ba-number", alignment=1)),
        Spacer(1, 0.5 * cm),
        p(tk._(
            "Pada hari ini, {hari}, tanggal {tanggal}{tempat}, telah dilaksanakan "
            "pemeriksaan ketersediaan data atas Daftar Data Tahun {tahun} "
            "{opd} oleh Walidata {region} bersama {opd}, dengan hasil "
            "sebagai berikut:").format(
                hari=_day(document["tanggal"]),
                tanggal=formatting.date(document["tanggal"]),
                tempat=(tk._(", bertempat di {tempat}").format(
                    tempat=document["tempat"]) if document.get("tempat") else ""),
                tahun=document["tahun"], opd=opd, region=region)),
        Spacer(1, 0.3 * cm),
    ]
    rows = [[p(h, head) for h in (tk._("No."), tk._("ID Daftar Data"),
                                   tk._("Nama Data"), tk._("Ketersediaan"),
                                   tk._("Keterangan"))]]
    for index, line in enumerate(document["hasil"], start=1):
        rows.append([
            p(str(index), cell), p(line["kode"], cell), p(line["nama_data"], cell),
            p(tk._(vocabularies.KETERSEDIAAN.get(
                line["ketersediaan"], line["ketersediaan"])), cell),
            p(line.get("keterangan") or "", cell),
        ])
    table = Table(rows, repeatRows=1, hAlign="LEFT", colWidths=[
        1 * cm, 3.6 * cm, width - 10.6 * cm, 2.6 * cm, 3.4 * cm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    counts = document["ringkasan"]
    story += [table, Spacer(1, 0.3 * cm), p(tk._(
        "Jumlah data yang diperiksa {jumlah}: tersedia {tersedia}, tersedia "
        "sebagian {sebagian}, tidak tersedia {tidak}.").format(
            jumlah=document["jumlah_baris"], tersedia=counts.get("tersedia", 0),
            sebagian=counts.get("sebagian", 0),
            tidak=counts.get("tidak_tersedia", 0)))]
    if document.get("catatan"):
        story += [Spacer(1, 0.3 * cm), p(tk._("Catatan:"), head),
                  p(document["catatan"])]
    if document.get("peserta"):
        story += [Spacer(1, 0.3 * cm), p(tk._("Peserta pemeriksaan:"), head)]
        story += [p(f"{i}. {name.strip()}") for i, name in enumerate(
            (n for n in document["peserta"].splitlines() if n.strip()), start=1)]
    story += [Spacer(1, 0.3 * cm), p(tk._(
        "Demikian Berita Acara ini dibuat untuk dipergunakan sebagaimana "
        "mestinya."))]
    signature = Table([
        [p(tk._("Kepala {opd}").format(opd=opd)),
         p(tk._("Walidata {region}").format(region=region))],
        [Spacer(1, 2.2 * cm), Spacer(1, 2.2 * cm)],
        [p("(" + "." * 45 + ")"), p("(" + "." * 45 + ")")],
        [p(tk._("NIP.")), p(tk._("NIP."))],
    ], colWidths=[width / 2, width / 2], hAlign="LEFT")
    story += [Spacer(1, 0.8 * cm), KeepTogether([signature])]
    doc.build(story)
    return out.getvalue()
