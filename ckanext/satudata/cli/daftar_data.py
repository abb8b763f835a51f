from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
import click
from ckan.types import Context

from ckanext.satudata.daftar_data import spreadsheet

_EXPORT_PAGE = 1000


def _context() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return cast(Context, {"user": site_user["name"]})


@click.group("daftar-data", short_help="Daftar Data.")
def daftar_data() -> None:
    """Kelola register Daftar Data."""


@daftar_data.command("import", context_settings={"show_default": True})
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--tahun", type=int, required=True,
              help="Tahun Daftar Data dalam berkas.")
@click.option("--dry-run", is_flag=True,
              help="Tampilkan perubahan tanpa menyimpan apa pun.")
@click.option("--yes", "-y", is_flag=True,
              help="Impor tanpa meminta konfirmasi.")
def import_(file: str, tahun: int, dry_run: bool, yes: bool) -> None:
    """Impor lampiran SK Bupati (XLSX atau CSV) untuk satu tahun.

    Baris dicocokkan menurut ID-nya dalam tahun itu: impor ulang memperbarui
    baris. Baris bermasalah ditampilkan dan dilewati; yang lain diimpor.
    """
    preview = spreadsheet.read_rows(file, tahun)
    for message in preview.errors:
        click.secho(message, fg="red", err=True)
    if preview.errors:
        raise click.exceptions.Exit(1)
    action = tk.get_action("satudata_daftar_data_import")
    try:
        result = action(_context(), {
            "tahun": tahun, "rows": preview.data_rows(), "dry_run": True})
    except tk.ValidationError as e:
        raise click.ClickException(str(e.error_dict)) from None
    preview.add_action_errors(result)

    for warning in preview.warnings:
        click.echo(warning)
    if preview.ignored_columns:
        click.echo("Kolom diabaikan: " + ", ".join(preview.ignored_columns))
    for row in preview.invalid_rows:
        click.secho(f"Baris {row.line} ({row.data.get('kode') or '-'}):",
                    fg="red", err=True)
        for message in row.errors:
            click.secho(f"  {message}", fg="red", err=True)
    click.echo(
        f"{result['created']} baris baru, {result['updated']} diperbarui, "
        f"{result['unchanged']} tidak berubah, "
        f"{len(preview.invalid_rows)} baris bermasalah dilewati."
    )
    if dry_run or not preview.valid_rows:
        return
    if not yes and not click.confirm("Lanjutkan impor?"):
        raise click.Abort()
    result = action(_context(), {
        "tahun": tahun, "rows": preview.data_rows()})
    click.secho(
        f"Selesai: {result['created']} baris baru, {result['updated']} "
        f"diperbarui.", fg="green")


@daftar_data.command("export", context_settings={"show_default": True})
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@click.option("--tahun", type=int, help="Hanya tahun ini.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]),
              default="xlsx", help="Format berkas.")
def export(output: str, tahun: int | None, fmt: str) -> None:
    """Tulis register (atau satu tahunnya) ke berkas XLSX atau CSV."""
    filters: dict[str, Any] = {"tahun": tahun} if tahun else {}
    rows: list[dict[str, Any]] = []
    while True:
        result = tk.get_action("satudata_daftar_data_list")(
            _context(), dict(filters, limit=_EXPORT_PAGE, offset=len(rows)))
        rows.extend(result["results"])
        if len(rows) >= result["count"] or not result["results"]:
            break
    with open(output, "wb") as f:
        f.write(spreadsheet.write_rows(rows, fmt))
    click.echo(f"{len(rows)} baris ditulis ke {output}.")
