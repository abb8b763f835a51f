"""The Kalender rilis as CSV and as iCalendar (RFC 5545).

CSV: one line per release, ``;``-separated, UTF-8 with a BOM for Excel,
dates as ISO ``YYYY-MM-DD`` (they sort and import back unchanged); names
come from users, so formula-like text is quoted
(:mod:`~ckanext.satudata.spreadsheet_safety`).

iCalendar: one all-day event per release, on its due date (``batas``), or
on the publication day for an unscheduled row; written with the standard
library (the format needs escaping, CRLF and line folding, nothing more).
The UID is stable (row, period), so a subscribed calendar updates in place.
"""
from __future__ import annotations

import codecs
import csv
import datetime
import io
from typing import Any
from urllib.parse import urlparse

import ckan.plugins.toolkit as tk

from ckanext.satudata import spreadsheet_safety as safety
from ckanext.satudata.vocabularies import FREKUENSI

__all__ = ["csv_bytes", "ical_bytes", "status_label"]


def status_label(status: str) -> str:
    labels = {
        "terbit": tk._("Terbit tepat waktu"),
        "terbit_terlambat": tk._("Terbit terlambat"),
        "terlambat": tk._("Terlambat, belum terbit"),
        "dijadwalkan": tk._("Dijadwalkan"),
    }
    return labels.get(status, status)


def _jadwal(entry: dict[str, Any]) -> str:
    return FREKUENSI.get(entry["jadwal_pemutakhiran"], entry["jadwal_pemutakhiran"])


def csv_bytes(calendar: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([
        tk._("Kode"), tk._("Nama data"), tk._("OPD"), tk._("Jadwal pemutakhiran"),
        tk._("Periode"), tk._("Mulai"), tk._("Selesai"), tk._("Batas terbit"),
        tk._("Status"), tk._("Terbit pada"),
    ])
    for entry in calendar["rilis"]:
        writer.writerow(safety.csv_row([
            entry["kode"], entry["nama_data"], entry["organisasi"]["title"],
            _jadwal(entry), entry["periode"] or "", entry["mulai"] or "",
            entry["selesai"] or "", entry["batas"] or "",
            status_label(entry["status"]), entry["terbit_pada"] or "",
        ]))
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> list[str]:
    """RFC 5545 3.1: lines of at most 75 octets, continued with a space."""
    folded: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not folded else 74
        if len((current + char).encode("utf-8")) > limit:
            folded.append(current)
            current = char
        else:
            current += char
    folded.append(current)
    return [folded[0]] + [" " + part for part in folded[1:]]


def _day(value: str) -> str:
    return value.replace("-", "")


def ical_bytes(calendar: dict[str, Any], now: datetime.datetime) -> bytes:
    site = tk.config.get("ckan.site_url").rstrip("/")
    host = urlparse(site).hostname or "localhost"
    region = tk.config.get("ckanext.satudata.nama_wilayah")
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ckanext-satudata//Kalender rilis//ID",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + _escape(tk._("Kalender rilis {wilayah} {tahun}").format(
            wilayah=region, tahun=calendar["tahun"])),
    ]
    for entry in calendar["rilis"]:
        day = entry["batas"] or entry["terbit_pada"]
        if not day:
            continue
        end = datetime.date.fromisoformat(day) + datetime.timedelta(days=1)
        period = entry["periode"] if entry["periode"] is not None else (
            "terbit-" + _day(entry["terbit_pada"]))
        description = [
            tk._("OPD: {opd}").format(opd=entry["organisasi"]["title"]),
            tk._("Jadwal pemutakhiran: {jadwal}").format(jadwal=_jadwal(entry)),
            tk._("Status: {status}").format(status=status_label(entry["status"])),
        ]
        if entry["mulai"]:
            description.append(tk._("Periode: {mulai} s.d. {selesai}").format(
                mulai=entry["mulai"], selesai=entry["selesai"]))
        if entry["terbit_pada"]:
            description.append(tk._("Terbit pada: {tanggal}").format(
                tanggal=entry["terbit_pada"]))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry['daftar_data_id']}-{period}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(day)}",
            f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
            "SUMMARY:" + _escape(f"{entry['kode']} {entry['nama_data']}"),
            "DESCRIPTION:" + _escape("\n".join(description)),
            "CATEGORIES:" + _escape(entry["status"]),
            "URL:" + f"{site}/kalender-rilis?tahun={calendar['tahun']}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
