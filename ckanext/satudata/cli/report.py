"""``ckan satudata report``: the Laporan Penyelenggaraan Satu Data as a file."""
from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
import click

from ckanext.satudata.report import exports, pdf

_WRITERS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "xlsx": exports.xlsx_bytes, "csv": exports.csv_bytes, "pdf": pdf.pdf_bytes,
}


@click.command(short_help="Tulis Laporan Penyelenggaraan Satu Data (XLSX, CSV, PDF).")
@click.option("--tahun", type=int, required=True, help="Tahun Daftar Data.")
@click.option("--format", "fmt", type=click.Choice(sorted(_WRITERS)), default="pdf",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              required=True, help="Berkas tujuan.")
@click.option("--organization", help="Hanya satu OPD (id atau nama).")
@click.option("--mulai", type=click.DateTime(["%Y-%m-%d"]),
              help="Awal periode (TTTT-BB-HH); bawaan 1 Januari.")
@click.option("--sampai", type=click.DateTime(["%Y-%m-%d"]),
              help="Akhir periode (TTTT-BB-HH); bawaan 31 Desember.")
def report(tahun: int, fmt: str, output: str, organization: str | None,
           mulai: datetime.datetime | None, sampai: datetime.datetime | None) -> None:
    """Tulis laporan satu tahun, sebagai pengguna situs (semua OPD)."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    data: dict[str, Any] = {"tahun": tahun}
    if organization:
        data["organization"] = organization
    if mulai:
        data["mulai"] = mulai.date().isoformat()
    if sampai:
        data["sampai"] = sampai.date().isoformat()
    try:
        result = tk.get_action("satudata_report_summary")(
            {"user": site_user["name"]}, data
        )
    except tk.ValidationError as e:
        messages = [str(m) for ms in e.error_dict.values()
                    for m in (ms if isinstance(ms, list) else [ms])]
        raise click.ClickException(" ".join(messages)) from None
    content = _WRITERS[fmt](result)
    with open(output, "wb") as f:
        f.write(content)
    click.echo(tk._("Laporan {tahun} ditulis ke {path} ({size} bita).").format(
        tahun=tahun, path=output, size=len(content)
    ))
