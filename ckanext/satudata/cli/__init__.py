"""``ckan satudata ...``: one command group per domain."""
from __future__ import annotations

import click

from . import daftar_data, datastore, report, roles, workflow

__all__ = ["satudata"]


@click.group(short_help="Satu Data Indonesia: peran, Daftar Data, alur kerja.")
def satudata() -> None:
    """Perintah Satu Data Indonesia dari ckanext-satudata."""


satudata.add_command(roles.role)
satudata.add_command(daftar_data.daftar_data)
satudata.add_command(workflow.remind)
satudata.add_command(report.report)
satudata.add_command(datastore.datastore)
