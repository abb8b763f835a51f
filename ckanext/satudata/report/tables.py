"""The report's tables, shared by the page's exports (XLSX, CSV, PDF).

Each table is a title, its columns (a heading and a kind that says how a
value is written: ``text``, ``int``, ``share``, ``duration``, ``date``) and
raw values; every writer formats from the kind, so the files agree.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import ckan.plugins.toolkit as tk

from . import formatting, ketersediaan

__all__ = ["Table", "cell_text", "format_value", "period", "tables", "title"]


@dataclasses.dataclass
class Table:
    title: str
    columns: list[tuple[str, str]]
    rows: list[list[Any]]

    @property
    def headings(self) -> list[str]:
        return [heading for heading, _kind in self.columns]


def format_value(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "-"
    if kind == "int":
        return formatting.number(value, digits=0)
    if kind == "share":
        return formatting.share(value)
    if kind == "duration":
        return formatting.duration(value)
    if kind == "date":
        return formatting.date(value)
    return str(value)


def _summary(report: dict[str, Any]) -> Table:
    s = report["ringkasan"]
    rows: list[list[Any]] = [
        [tk._("OPD"), s["opd"], "int"],
        [tk._("OPD yang memiliki Daftar Data"), s["opd_dengan_baris"], "int"],
        [tk._("Baris Daftar Data"), s["baris"], "int"],
        [tk._("Baris usulan"), s["usulan"], "int"],
        [tk._("Baris ditetapkan"), s["ditetapkan"], "int"],
        [tk._("Baris ditetapkan yang memiliki dataset"), s["tertaut"], "int"],
        [tk._("Persentase baris yang memiliki dataset"), s["porsi_tertaut"], "share"],
        [tk._("Baris terlambat dimutakhirkan"), s["terlambat"], "int"],
        [tk._("Dataset"), s["dataset"], "int"],
        [tk._("Dataset terbit"), s["terbit"], "int"],
        [tk._("Dataset terbit dalam periode"), s["terbit_periode"], "int"],
        [tk._("Pengembalian kepada produsen"), s["dikembalikan"], "int"],
        [tk._("Langkah SOP yang diukur"), s["langkah_diukur"], "int"],
        [tk._("Langkah sesuai standar waktu"), s["langkah_sesuai_standar"], "int"],
        [tk._("Kepatuhan standar waktu"), s["kepatuhan_standar"], "share"],
    ]
    for state in report["daftar_status"]:
        rows.append([
            tk._("Dataset berstatus {state}").format(state=state["label"]),
            s["status"].get(state["status"], 0), "int",
        ])
    return Table(
        tk._("Ringkasan"),
        [(tk._("Uraian"), "text"), (tk._("Jumlah"), "mixed")],
        rows,
    )


def _per_opd(report: dict[str, Any]) -> Table:
    columns = [
        (tk._("OPD"), "text"),
        (tk._("Baris ditetapkan"), "int"),
        (tk._("Memiliki dataset"), "int"),
        (tk._("Dataset"), "int"),
    ]
    columns += [(state["label"], "int") for state in report["daftar_status"]]
    columns += [
        (tk._("Terbit dalam periode"), "int"),
        (tk._("Terlambat"), "int"),
        (tk._("Pengembalian"), "int"),
    ]
    rows = []
    for line in report["per_opd"]:
        rows.append(
            [line["organisasi"]["title"], line["ditetapkan"], line["tertaut"],
             line["dataset"]]
            + [line["status"].get(state["status"], 0)
               for state in report["daftar_status"]]
            + [line["terbit_periode"], line["terlambat"], line["dikembalikan"]]
        )
    return Table(tk._("Capaian per OPD"), columns, rows)


def _steps(report: dict[str, Any]) -> Table:
    return Table(
        tk._("Kepatuhan standar waktu per langkah SOP"),
        [
            (tk._("Langkah"), "text"),
            (tk._("Uraian langkah"), "text"),
            (tk._("Standar waktu"), "duration"),
            (tk._("Jumlah"), "int"),
            (tk._("Median waktu"), "duration"),
            (tk._("Sesuai standar"), "int"),
            (tk._("Persentase sesuai standar"), "share"),
        ],
        [
            [s["label_status"], s["langkah"], s["standar_waktu_detik"],
             s["jumlah_peristiwa"], s["median_detik"], s["sesuai_standar"],
             s["porsi_sesuai_standar"]]
            for s in report["langkah"]
        ],
    )


def _returns(report: dict[str, Any]) -> Table:
    return Table(
        tk._("Pengembalian kepada produsen dan alasannya"),
        [
            (tk._("Tanggal"), "date"),
            (tk._("OPD"), "text"),
            (tk._("Dataset"), "text"),
            (tk._("Tindakan"), "text"),
            (tk._("Dari status"), "text"),
            (tk._("Oleh"), "text"),
            (tk._("Alasan (catatan)"), "text"),
        ],
        [
            [r["waktu"], r["organisasi"]["title"], r["title"],
             r["label_transisi"], r["label_dari_status"],
             r["nama_pengguna"], r["catatan"]]
            for r in report["pengembalian"]
        ],
    )


def _published(report: dict[str, Any]) -> Table:
    return Table(
        tk._("Dataset terbit"),
        [
            (tk._("Tanggal terbit"), "date"),
            (tk._("OPD"), "text"),
            (tk._("Kode Daftar Data"), "text"),
            (tk._("Dataset"), "text"),
        ],
        [
            [r["terbit_pada"], r["organisasi"]["title"], r["kode"], r["title"]]
            for r in report["dataset_terbit"]
        ],
    )


def _availability(report: dict[str, Any]) -> Table:
    """The availability check per OPD (:mod:`.ketersediaan`), with a total."""
    figures = report["ketersediaan"]
    counts = ketersediaan.COUNTS
    rows = [[line["organisasi"]["title"]] + [line[key] for key in counts]
            for line in figures["per_opd"]]
    if rows:
        rows.append([tk._("Jumlah")] + [figures["ringkasan"][k] for k in counts])
    return Table(
        tk._("Pemeriksaan ketersediaan data (Berita Acara)"),
        [(tk._("OPD"), "text"), (tk._("Baris Daftar Data"), "int"),
         (tk._("Diperiksa"), "int"), (tk._("Tersedia"), "int"),
         (tk._("Tersedia sebagian"), "int"), (tk._("Tidak tersedia"), "int"),
         (tk._("Belum diperiksa"), "int"),
         (tk._("Berita Acara ditandatangani"), "int")],
        rows,
    )


def tables(report: dict[str, Any]) -> list[Table]:
    return [_summary(report), _per_opd(report), _steps(report),
            _returns(report), _published(report), _availability(report)]


def cell_text(table: Table, row: list[Any], index: int) -> str:
    """One cell as text; the summary's second column carries its own kind."""
    kind = table.columns[index][1]
    if kind == "mixed":
        return format_value(row[index], row[2])
    return format_value(row[index], kind)


def title(report: dict[str, Any]) -> str:
    return tk._("Laporan Penyelenggaraan Satu Data Tahun {tahun}").format(
        tahun=report["tahun"]
    )


def period(report: dict[str, Any]) -> str:
    return tk._("Periode {start} s.d. {end}").format(
        start=formatting.date(report["mulai"]), end=formatting.date(report["sampai"])
    )
