"""``ckan satudata datastore``: published tables in CKAN's DataStore."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

from ckanext.satudata import datastore as satudata_datastore
from ckanext.satudata.datastore import jobs


@click.group(short_help="Tabel data terbit di DataStore CKAN.")
def datastore() -> None:
    """Tabel data yang terbit di DataStore CKAN."""


@datastore.command(short_help="Antrekan lagi pemuatan yang belum selesai.")
def resume() -> None:
    """Antrekan lagi setiap pemuatan tabel yang belum selesai, mis. karena
    worker dihentikan di tengah pemuatan. Jalankan setelah worker dimulai
    ulang."""
    if not satudata_datastore.enabled():
        raise click.ClickException(tk._(
            "Plugin datastore tidak aktif di portal ini."))
    resumed = jobs.resume()
    click.echo(tk.ungettext(
        "{n} pemuatan diantrekan lagi.", "{n} pemuatan diantrekan lagi.",
        len(resumed)).format(n=len(resumed)))
