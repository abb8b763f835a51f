"""The Daftar Data spreadsheet: reading the SK Bupati annex, writing exports.

Real annexes are made by hand in Excel: title rows above the header, header
cells merged over two rows, a numbering column, group headings per OPD, blank
rows, a signature block, Indonesian header names in many spellings, and CSV
files saved with ``;`` in Windows-1252. :func:`read_rows` turns such a file
into an :class:`ImportPreview`; nothing is written to the database here. The
import itself is the ``satudata_daftar_data_import`` action, which takes
``preview.data_rows()``; an export written by :func:`write_rows` reads back
unchanged.
"""
from __future__ import annotations

import codecs
import csv
import datetime
import functools
import io
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

import ckan.plugins.toolkit as tk
from openpyxl import Workbook

from ckanext.satudata import spreadsheet_safety
from ckanext.satudata import vocabularies as v
from ckanext.satudata.daftar_data.opd_names import OpdResolver, split_producers

# Header (normalised: lower case, runs of other characters as one space) ->
# field. The first header of each field is the one exports write.
_HEADERS: dict[str, tuple[str, ...]] = {
    "kode": ("ID", "ID DDD", "ID Daftar Data", "ID Daftar Data Daerah",
             "Kode", "Kode Data", "Kode Daftar Data", "ID DD", "Kode DD"),
    "kode_ddp": ("ID DDP", "ID Daftar Data Pusat", "Kode DDP"),
    "sumber_referensi": ("Sumber Referensi", "Referensi", "Dasar Referensi",
                         "Sumber Rujukan"),
    "kode_indikator": ("Kode Indikator",),
    "nama_indikator": ("Nama Indikator", "Indikator Nama"),
    "nama_data": ("Nama Data", "Uraian Data", "Judul Data", "Nama Dataset",
                  "Data", "Uraian", "Nama Data Nama"),
    "jenis_data": ("Jenis Data", "Jenis"),
    "indikator_variabel": ("Indikator/Variabel", "Indikator Atau Variabel",
                           "Ind/Var", "Tipe Indikator Variabel"),
    "kode_standar_data": ("Kode Standar Data", "Kode SDSN",
                          "Kode Standar Data Statistik", "Standar Data"),
    "owner_org": ("Produsen Data", "Produsen", "OPD", "Perangkat Daerah",
                  "Produsen Data OPD", "OPD Produsen", "OPD Produsen Data",
                  "Nama OPD", "Instansi", "Produsen Data Perangkat Daerah"),
    "produsen_pendukung": ("Produsen Pendukung", "Produsen Data Pendukung",
                           "OPD Pendukung", "Pendukung"),
    "klasifikasi_akses": ("Klasifikasi Akses", "Klasifikasi", "Sifat Data",
                          "Pengaturan Akses", "Akses", "Klasifikasi Data",
                          "Klasifikasi Risiko", "Klasifikasi Resiko",
                          "Klasifikasi Data Sesuai Resiko",
                          "Klasiikasi Data Sesuai Resiko",
                          "Klasifikasi Data Sesuai Risiko", "Sifat Akses"),
    "definisi": ("Definisi", "Konsep Definisi", "Definisi Konsep"),
    "satuan": ("Satuan", "Satuan Data"),
    "klasifikasi_penyajian": ("Klasifikasi Penyajian", "Penyajian",
                              "Dimensi", "Klasifikasi Penyajian Data"),
    "jadwal_pemutakhiran": ("Jadwal Pemutakhiran", "Frekuensi",
                            "Jadwal Pemutakhiran Data", "Frekuensi Pemutakhiran",
                            "Jadwal Rilis Atau Pemutakhiran Data",
                            "Jadwal Rilis Pemutakhiran", "Periode Pemutakhiran",
                            "Frekuensi Data"),
    "data_prioritas": ("Data Prioritas", "Prioritas"),
    "kode_metadata": ("Kode Metadata", "Metadata"),
    "link_portal_daerah": ("Link Portal Daerah", "Tautan Portal Daerah",
                           "Link Portal Satu Data Daerah"),
    "link_portal_sdi": ("Link Portal SDI", "Tautan Portal SDI", "Link SDI",
                        "Link Data Go Id"),
    "catatan": ("Catatan", "Keterangan", "Ket"),
    "ketersediaan": ("Ketersediaan", "Ketersediaan Data",
                     "Status Ketersediaan", "Berita Acara Ketersediaan",
                     "Hasil Pemeriksaan Ketersediaan"),
    "no_berita_acara": ("Nomor Berita Acara", "No Berita Acara", "Nomor BA",
                        "No BA", "Berita Acara Nomor", "Berita Acara No"),
    "tanggal_berita_acara": ("Tanggal Berita Acara", "Tgl Berita Acara",
                             "Tanggal BA", "Tgl BA", "Berita Acara Tanggal",
                             "Berita Acara Tgl"),
    "template_id": ("Template", "ID Template", "Template Tabel"),
    "tahun": ("Tahun", "Tahun Data"),
}

# Columns an export writes or an annex carries that the import does not take:
# the status is changed by establishing, never by a spreadsheet.
_IGNORED = ("No", "No Urut", "Nomor Urut", "Nomor", "Status", "Nomor SK",
            "No SK", "Tanggal SK", "Tgl SK", "SK Bupati Nomor",
            "SK Bupati Tanggal", "Alasan Pencabutan", "Walidata")

LABELS = {
    "kode": "ID", "kode_ddp": "ID DDP", "sumber_referensi": "Sumber Referensi",
    "kode_indikator": "Kode Indikator", "nama_indikator": "Nama Indikator",
    "nama_data": "Nama Data", "jenis_data": "Jenis Data",
    "indikator_variabel": "Indikator/Variabel",
    "kode_standar_data": "Kode Standar Data", "owner_org": "Produsen Data",
    "produsen_pendukung": "Produsen Pendukung",
    "klasifikasi_akses": "Klasifikasi Akses", "definisi": "Definisi",
    "satuan": "Satuan", "klasifikasi_penyajian": "Klasifikasi Penyajian",
    "jadwal_pemutakhiran": "Jadwal Pemutakhiran",
    "data_prioritas": "Data Prioritas", "kode_metadata": "Kode Metadata",
    "link_portal_daerah": "Link Portal Daerah",
    "link_portal_sdi": "Link Portal SDI", "catatan": "Catatan",
    "ketersediaan": "Ketersediaan", "no_berita_acara": "Nomor Berita Acara",
    "tanggal_berita_acara": "Tanggal Berita Acara", "template_id": "Template",
    "tahun": "Tahun",
}

_REQUIRED = ("kode", "nama_data", "owner_org", "jenis_data", "klasifikasi_akses")

_ENUMS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "jenis_data": (v.JENIS_DATA, {
        "data statistik": "statistik", "statistik sektoral": "statistik",
        "spasial": "geospasial", "data geospasial": "geospasial",
        "data spasial": "geospasial", "data keuangan": "keuangan",
    }),
    "indikator_variabel": (v.INDIKATOR_VARIABEL, {
        "ind": "indikator", "var": "variabel",
    }),
    "klasifikasi_akses": (v.KLASIFIKASI_AKSES, {
        "publik": "terbuka", "open": "terbuka", "terbuka untuk umum": "terbuka",
        "dibagikan": "terbatas", "terbatas dibagikan": "terbatas",
        "rahasia": "tertutup", "dikecualikan": "tertutup",
    }),
    "jadwal_pemutakhiran": (v.FREKUENSI, {
        "setiap hari": "harian", "per hari": "harian",
        "setiap minggu": "mingguan", "per minggu": "mingguan",
        "bulan": "bulanan", "setiap bulan": "bulanan", "per bulan": "bulanan",
        "triwulan": "triwulanan", "per triwulan": "triwulanan",
        "3 bulanan": "triwulanan", "tiga bulanan": "triwulanan",
        "kuartal": "triwulanan", "4 bulanan": "empat_bulanan",
        "caturwulan": "empat_bulanan", "semester": "semesteran",
        "per semester": "semesteran", "6 bulanan": "semesteran",
        "enam bulanan": "semesteran", "tahun": "tahunan",
        "setiap tahun": "tahunan", "per tahun": "tahunan", "1 tahun": "tahunan",
        "satu tahunan": "tahunan", "2 tahunan": "dua_tahunan",
        "dua tahun": "dua_tahunan", "insidentil": "insidental",
        "ad hoc": "insidental", "adhoc": "insidental",
        "sewaktu waktu": "insidental", "tidak tentu": "insidental",
        "sehari sekali": "harian", "seminggu sekali": "mingguan",
        "sebulan sekali": "bulanan", "satu bulan sekali": "bulanan",
        "1 bulan sekali": "bulanan", "tiga bulan sekali": "triwulanan",
        "3 bulan sekali": "triwulanan", "empat bulan sekali": "empat_bulanan",
        "4 bulan sekali": "empat_bulanan", "enam bulan sekali": "semesteran",
        "6 bulan sekali": "semesteran", "setahun sekali": "tahunan",
        "sekali setahun": "tahunan", "satu tahun sekali": "tahunan",
        "1 tahun sekali": "tahunan", "dua tahun sekali": "dua_tahunan",
        "2 tahun sekali": "dua_tahunan",
    }),
    "ketersediaan": (v.KETERSEDIAAN, {
        "ada": "tersedia", "tidak ada": "tidak_tersedia",
        "belum tersedia": "tidak_tersedia", "sebagian tersedia": "sebagian",
        "tersedia sebagian": "sebagian",
    }),
}

_YES = {"ya", "y", "yes", "true", "1", "v", "x", "prioritas", "iya"}
_NO = {"tidak", "t", "no", "n", "false", "0", "bukan", "bukan prioritas"}

_MONTHS = {
    name: number for number, names in enumerate((
        ("januari", "jan"), ("februari", "feb", "pebruari"), ("maret", "mar"),
        ("april", "apr"), ("mei",), ("juni", "jun"), ("juli", "jul"),
        ("agustus", "agu", "agt", "ags"), ("september", "sep", "sept"),
        ("oktober", "okt"), ("november", "nov", "nop", "nopember"),
        ("desember", "des"),
    ), start=1) for name in names
}

_HEADER_SCAN = 30
_NUMBERING = re.compile(r"^\(?\d{1,3}\)?\.?$")


@functools.lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    # An annex repeats its vocabulary and producer cells on every row. Text
    # only: the cache would take 1 and 1.0 for the same key.
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


_FIELD_BY_HEADER = {
    _norm(header): name for name, headers in _HEADERS.items() for header in headers
}
_IGNORED_HEADERS = {_norm(h) for h in _IGNORED}


@dataclass
class ImportRow:
    """One data row of the spreadsheet.

    ``line`` is the row number the user sees in Excel (1-based); ``data``
    holds the keys of ``satudata_daftar_data_create`` for the columns the
    file has (a blank cell clears the field on re-import); ``errors`` are
    messages in Bahasa Indonesia, empty when the row can be imported.
    ``opd`` is the title of the OPD the producer cell resolved to;
    ``mappings`` are (column, as written, as read) for every value read
    as something other than its own words (a vocabulary variant, an OPD
    by a short name or with a region suffix); ``warnings`` do not stop the
    import but ask for a look (a supporting producer that is no OPD).
    """

    line: int
    data: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    opd: str | None = None
    mappings: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    """What importing a file would do.

    ``errors`` are problems with the whole file (no header found, an
    unreadable format): nothing can be imported. Otherwise each row of
    ``rows`` carries its own errors, and rows without errors are imported
    while rows with errors are left out (not all-or-nothing).
    ``columns`` maps each field found to the header as written;
    ``ignored_columns`` are headers that were not recognised; ``warnings``
    name the rows skipped as headings, footers or signature lines.
    """

    tahun: int
    rows: list[ImportRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.errors]

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def problem_rows(self) -> list[ImportRow]:
        """The rows to look at: those left out and those with warnings."""
        return [row for row in self.rows if row.errors or row.warnings]

    def data_rows(self) -> list[dict[str, Any]]:
        """The ``rows`` parameter of ``satudata_daftar_data_import``."""
        return [row.data for row in self.valid_rows]

    def add_action_errors(self, result: dict[str, Any]) -> None:
        """Attach the errors of an import (or dry run) of :meth:`data_rows`.

        The action knows what the file cannot: IDs already established with
        other content, invalid links. Call it once, right after the action.
        """
        valid = self.valid_rows
        for error in result["errors"]:
            row = valid[error["index"]]
            for key, messages in error["errors"].items():
                label = LABELS.get(key, key)
                row.errors.extend(f"{label}: {message}" for message in messages)


def read_rows(source: str | os.PathLike[str] | IO[bytes] | bytes,
              tahun: int) -> ImportPreview:
    """Read a Daftar Data spreadsheet (XLSX or CSV) for the year ``tahun``.

    :param source: a path, an open binary file or the file's bytes
    :param tahun: the year every row belongs to; a ``Tahun`` column, if
        present, must agree
    :returns: the preview; see :class:`ImportPreview`
    """
    if isinstance(source, bytes):
        content = source
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            content = f.read()
    else:
        content = source.read()

    preview = ImportPreview(tahun=tahun)
    if content.startswith(b"PK\x03\x04"):
        try:
            grids = _xlsx_grids(content)
        except spreadsheet_safety.WorkbookRefused as e:
            preview.errors.append(str(e))
            return preview
        except Exception:  # openpyxl raises many kinds on a damaged file
            preview.errors.append(tk._(
                "Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel."))
            return preview
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        preview.errors.append(tk._(
            "Format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx "
            "atau .csv."))
        return preview
    else:
        grids = _csv_grids(_decode(content))

    best = max(
        ((_find_header(grid), grid) for grid in grids),
        key=lambda found: found[0][0] if found[0] else 0,
        default=(None, []),
    )
    header, grid = best
    if header is None:
        preview.errors.append(tk._(
            "Baris judul kolom tidak ditemukan. Berkas harus memuat setidaknya "
            "kolom ID, Nama Data, Produsen Data, Jenis Data dan Klasifikasi "
            "Akses."))
        return preview
    _, first_data, columns, ignored = header
    preview.columns = {name: text for name, (_, text) in columns.items()}
    preview.ignored_columns = ignored
    missing = [LABELS[name] for name in _REQUIRED if name not in columns]
    if missing:
        preview.errors.append(
            tk._("Kolom wajib tidak ada: {columns}.").format(
                columns=", ".join(missing)))
        return preview

    opds = OpdResolver() if "owner_org" in columns else None
    seen: dict[str, int] = {}
    for index in range(first_data, len(grid)):
        cells = grid[index]
        line = index + 1
        values = {name: _cell(cells, col) for name, (col, _) in columns.items()}
        distinct = {_text(c) for c in cells} - {""}
        if not distinct:
            continue
        if index == first_data and all(_NUMBERING.match(c) for c in distinct):
            continue  # the "(1) (2) (3)" row under a government table header
        is_data = _text(values.get("kode")) and _text(values.get("nama_data"))
        if not is_data and len(distinct) <= 2:
            preview.warnings.append(
                tk._('Baris {line} dilewati karena bukan baris data: "{text}".')
                .format(line=line, text=" | ".join(sorted(distinct))[:80]))
            continue
        row = _convert(values, tahun, opds, line)
        kode = row.data.get("kode")
        if kode and kode in seen:
            row.errors.append(
                tk._("ID {kode} sudah dipakai di baris {line}.").format(
                    kode=kode, line=seen[kode]))
        elif kode:
            seen[kode] = line
        preview.rows.append(row)
    return preview


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page.
        return content.decode("cp1252", errors="replace")


def _csv_grids(text: str) -> list[list[list[Any]]]:
    # The delimiter whose parse yields a recognisable header wins; sniffing
    # fails on the title rows above it. Cells our own export quoted against
    # formulas read back as they were.
    return [
        [[spreadsheet_safety.restore(cell) for cell in row] for row in
         csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        for delimiter in (",", ";", "\t", "|")
    ]


def _xlsx_grids(content: bytes) -> list[list[list[Any]]]:
    opened = spreadsheet_safety.open_workbook(io.BytesIO(content))
    grids = []
    try:
        for sheet in opened.workbook.worksheets:
            # Read every row there is: the declared size was checked, but a
            # file may understate it.
            sheet.reset_dimensions()
            grid = [list(row) for row in sheet.iter_rows(values_only=True)]
            # A merged cell holds its value in the top-left corner only;
            # spread it so a merged header or an OPD merged over its rows
            # reads whole. The scan capped how many cells this touches.
            for min_row, min_col, max_row, max_col in opened.merged_ranges(sheet):
                if min_row > len(grid):
                    continue
                top = grid[min_row - 1]
                value = top[min_col - 1] if min_col <= len(top) else None
                for row in grid[min_row - 1:max_row]:
                    if len(row) < max_col:
                        row.extend([None] * (max_col - len(row)))
                    row[min_col - 1:max_col] = [value] * (max_col - min_col + 1)
            grids.append(grid)
    finally:
        opened.close()
    return grids


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _cell(cells: list[Any], col: int) -> Any:
    return cells[col] if col < len(cells) else None


def _map_header(text: str) -> str | None:
    normal = _norm(text)
    if normal in _FIELD_BY_HEADER:
        return _FIELD_BY_HEADER[normal]
    # "Satuan (unit)", "Produsen Data (OPD Pengampu)"
    bare = _norm(re.sub(r"\(.*?\)", " ", str(text)))
    return _FIELD_BY_HEADER.get(bare)


def _labels(grid: list[list[Any]], r: int, double: bool) -> list[str]:
    top = [_text(c) for c in grid[r]]
    if not double:
        return top
    bottom = [_text(c) for c in grid[r + 1]]
    width = max(len(top), len(bottom))
    top += [""] * (width - len(top))
    bottom += [""] * (width - len(bottom))
    labels = []
    parent = ""
    for upper, lower in zip(top, bottom, strict=True):
        # CSV keeps no merge: a group header is written once, then blanks.
        parent = upper or (parent if lower else "")
        if lower and parent and lower != parent:
            options = [f"{parent} {lower}", lower, parent]
        else:
            options = [lower or parent]
        labels.append(next((o for o in options if _map_header(o)), options[0]))
    return labels


def _find_header(grid: list[list[Any]]) -> tuple[
    int, int, dict[str, tuple[int, str]], list[str]
] | None:
    """(score, first data row index, field -> (column, header), ignored)."""
    best = None
    for r in range(min(len(grid), _HEADER_SCAN)):
        for double in (False, True):
            if double and r + 1 >= len(grid):
                continue
            columns: dict[str, tuple[int, str]] = {}
            ignored = []
            for col, label in enumerate(_labels(grid, r, double)):
                name = _map_header(label) if label else None
                if name and name not in columns:
                    columns[name] = (col, label)
                elif label and _norm(label) not in _IGNORED_HEADERS:
                    ignored.append(label)
            score = len(columns)
            if "nama_data" in columns and score >= 3 and (
                best is None or score > best[0]
            ):
                best = (score, r + (2 if double else 1), columns, ignored)
    return best


# Each vocabulary's keys and labels as _norm reads them, worked out once
# rather than for every cell; the first entry of a vocabulary wins a tie.
_ENUM_NORMS: dict[str, dict[str, str]] = {
    name: {norm: key for key, label in reversed(vocabulary.items())
           for norm in (_norm(label), _norm(key))}
    for name, (vocabulary, _) in _ENUMS.items()
}


def _enum(name: str, text: str) -> tuple[str | None, str | None]:
    vocabulary, variants = _ENUMS[name]
    normal = _norm(text)
    # "Data Statistik Sektoral", "Data Terbuka": the word "data" before a
    # value adds nothing.
    bare = normal[len("data "):] if normal.startswith("data ") else normal
    for candidate in (normal, bare):
        if candidate in _ENUM_NORMS[name]:
            return _ENUM_NORMS[name][candidate], None
        if candidate in variants:
            return variants[candidate], None
    return None, tk._('{label}: nilai "{value}" tidak dikenal; pilihan: '
                      "{choices}.").format(
        label=LABELS[name], value=text, choices=", ".join(vocabulary.values()))


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).lower()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return datetime.date(year, month, day)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return datetime.date(year, month, day)
    match = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text)
    if match and match.group(2) in _MONTHS:
        return datetime.date(
            int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
    raise ValueError(text)


def _producers(row: ImportRow, cell: str, supporting_cell: str,
               opds: OpdResolver) -> None:
    """Fill ``owner_org`` and ``produsen_pendukung`` from the producer cell.

    The producer is the first name in the cell that is an OPD of the
    portal; every other name is a supporting producer, by its OPD title
    where it is one and as written otherwise (BPS and other vertical
    agencies are no OPD). A "Produsen Pendukung" column adds its names.
    """
    names = split_producers(cell)
    matches = [(name, opds.find(name)) for name in names]
    producer = next((m for _, m in matches if m.org_id), None)
    row.data["owner_org"] = producer.org_id if producer else None
    row.data["produsen_pendukung"] = None
    if producer is None:
        for name, match in matches:
            row.errors.append(_opd_error(name, match.candidates))
        return
    row.opd = producer.title
    supporting: list[str] = []
    for name, match in matches + [
        (name, opds.find(name)) for name in split_producers(supporting_cell)
    ]:
        if match.org_id == producer.org_id:
            if _norm(name) != _norm(producer.title or ""):
                row.mappings.append((LABELS["owner_org"], name,
                                     producer.title or ""))
            continue
        if match.org_id is None:
            row.warnings.append(tk._(
                'Produsen pendukung "{value}" bukan OPD di portal; dicatat '
                "sebagaimana tertulis.").format(value=name))
            entry = name
        else:
            entry = match.title or name
            if _norm(name) != _norm(entry):
                row.mappings.append((LABELS["produsen_pendukung"], name, entry))
        if entry not in supporting:
            supporting.append(entry)
    row.data["produsen_pendukung"] = "; ".join(supporting) or None


def _opd_error(value: str, candidates: int) -> str:
    if candidates > 1:
        return tk._(
            'Produsen Data "{value}" cocok dengan lebih dari satu OPD; '
            "tulis nama lengkap atau kode OPD."
        ).format(value=value)
    return tk._(
        'Produsen Data "{value}" tidak dikenal: tidak cocok dengan nama, '
        "singkatan, alias atau kode OPD mana pun di portal."
    ).format(value=value)


def _convert(values: dict[str, Any], tahun: int, opds: OpdResolver | None,
             line: int) -> ImportRow:
    row = ImportRow(line=line, data={})
    for name, raw in values.items():
        text = _text(raw)
        if name in _REQUIRED and not text:
            row.errors.append(tk._("Kolom {label} wajib diisi.").format(
                label=LABELS[name]))
            continue
        if name == "tahun":
            if text and text != str(tahun):
                row.errors.append(tk._(
                    "Tahun {value} tidak sama dengan tahun impor {tahun}."
                ).format(value=text, tahun=tahun))
            continue
        if name == "owner_org":
            assert opds is not None  # made whenever the column is there
            _producers(row, text, _text(values.get("produsen_pendukung")),
                       opds)
        elif name == "produsen_pendukung" and opds is not None:
            continue  # read with the producer cell
        elif name in _ENUMS:
            value, error = _enum(name, text) if text else (None, None)
            if error:
                row.errors.append(error)
            elif value and _norm(text) != _norm(_ENUMS[name][0][value]):
                row.mappings.append(
                    (LABELS[name], text, _ENUMS[name][0][value]))
            row.data[name] = value
        elif name == "data_prioritas":
            normal = _norm(text)
            if normal and normal not in _YES | _NO:
                row.errors.append(tk._(
                    'Data Prioritas: nilai "{value}" tidak dikenal; isi Ya '
                    "atau Tidak.").format(value=text))
            row.data[name] = normal in _YES
        elif name == "tanggal_berita_acara":
            try:
                day = _date(raw) if text else None
            except ValueError:
                row.errors.append(tk._(
                    'Tanggal Berita Acara "{value}" tidak dikenali; tulis '
                    "misalnya 2025-01-31 atau 31/01/2025.").format(value=text))
                continue
            row.data[name] = day.isoformat() if day else None
        else:
            row.data[name] = text or None
    return row


# Export

_EXPORT_FIELDS = (
    "kode", "kode_ddp", "tahun", "sumber_referensi", "kode_indikator",
    "nama_indikator", "nama_data", "jenis_data", "indikator_variabel",
    "kode_standar_data", "owner_org", "produsen_pendukung", "klasifikasi_akses",
    "definisi", "satuan",
    "klasifikasi_penyajian", "jadwal_pemutakhiran", "data_prioritas",
    "kode_metadata", "link_portal_daerah", "link_portal_sdi", "catatan",
    "ketersediaan", "no_berita_acara", "tanggal_berita_acara", "template_id",
)
_EXPORT_VOCABULARIES = {
    "jenis_data": v.JENIS_DATA, "indikator_variabel": v.INDIKATOR_VARIABEL,
    "klasifikasi_akses": v.KLASIFIKASI_AKSES,
    "jadwal_pemutakhiran": v.FREKUENSI, "ketersediaan": v.KETERSEDIAAN,
    "status": v.STATUS_DAFTAR_DATA,
}
EXPORT_HEADERS = (
    ["No"] + [LABELS[name] for name in _EXPORT_FIELDS]
    + ["Status", "Nomor SK", "Tanggal SK"]
)


def _export_values(number: int, row: dict[str, Any]) -> list[Any]:
    values: list[Any] = [number]
    for name in (*_EXPORT_FIELDS, "status", "no_sk", "tanggal_sk"):
        value = row.get(name)
        if name == "owner_org":
            org = row.get("organization") or {}
            value = org.get("title") or org.get("name") or value
        elif name == "data_prioritas":
            value = "Ya" if value else "Tidak"
        elif name in _EXPORT_VOCABULARIES and value:
            value = _EXPORT_VOCABULARIES[name].get(value, value)
        values.append("" if value is None else value)
    return values


def write_rows(rows: Iterable[dict[str, Any]], fmt: str) -> bytes:
    """Rows of ``satudata_daftar_data_list`` as an XLSX or CSV file.

    The headers are the ones :func:`read_rows` takes, the OPD is written by
    its title and vocabularies by their labels, so the file reads back as it
    was. CSV is UTF-8 with a BOM, which Excel needs to show the text right.
    Text that a spreadsheet would run as a formula is written as text
    (:mod:`~ckanext.satudata.spreadsheet_safety`); the import undoes it.
    """
    table = [_export_values(n, row) for n, row in enumerate(rows, start=1)]
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(EXPORT_HEADERS)
        writer.writerows(spreadsheet_safety.csv_row(values) for values in table)
        return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(fmt)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Daftar Data")
    sheet.freeze_panes = "A2"
    sheet.append(EXPORT_HEADERS)
    for values in table:
        sheet.append(spreadsheet_safety.xlsx_row(sheet, values))
    out_bytes = io.BytesIO()
    workbook.save(out_bytes)
    return out_bytes.getvalue()
