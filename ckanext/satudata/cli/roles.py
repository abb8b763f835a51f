from __future__ import annotations

import click


@click.group(short_help="Peran Satu Data.")
def role() -> None:
    """Manage Satu Data roles."""
