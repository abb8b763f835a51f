from __future__ import annotations

import click


@click.group("daftar-data", short_help="Daftar Data.")
def daftar_data() -> None:
    """Manage the Daftar Data register."""
