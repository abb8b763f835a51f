"""``ckan satudata role ...``: manage Satu Data roles from the command line."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import click
from ckan.types import Context

from ckanext.satudata import roles

_ROLE = click.Choice(roles.ROLES)


def _context() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"]}


def _call(action: str, data_dict: dict[str, Any]) -> Any:
    try:
        return tk.get_action(action)(_context(), data_dict)
    except tk.ValidationError as e:
        messages = [
            message
            for field_errors in e.error_dict.values()
            for message in (
                field_errors if isinstance(field_errors, list) else [field_errors]
            )
        ]
        raise click.ClickException(" ".join(str(m) for m in messages)) from e
    except tk.ObjectNotFound as e:
        raise click.ClickException(str(e.message)) from e


@click.group(short_help="Peran Satu Data.")
def role() -> None:
    """Kelola peran Satu Data.

    Per OPD (perlu --organization): produsen, admin_opd, kepala_opd.
    Se-kabupaten: walidata, forum, pembina.
    """


@role.command(context_settings={"show_default": True})
@click.argument("user")
@click.argument("role_name", metavar="ROLE", type=_ROLE)
@click.option("--organization", help="OPD (nama atau id organisasi).")
def assign(user: str, role_name: str, organization: str | None) -> None:
    """Berikan peran Satu Data ROLE kepada USER."""
    data_dict = {"user": user, "role": role_name}
    if organization:
        data_dict["organization"] = organization
    result = _call("satudata_role_assign", data_dict)
    click.secho(
        "{user} kini memegang peran {label}{where}.".format(
            user=result["user_name"],
            label=result["role_label"],
            where=_where(result),
        ),
        fg="green",
    )


@role.command(context_settings={"show_default": True})
@click.argument("user")
@click.argument("role_name", metavar="ROLE", type=_ROLE)
@click.option("--organization", help="OPD (nama atau id organisasi).")
def revoke(user: str, role_name: str, organization: str | None) -> None:
    """Cabut peran Satu Data ROLE dari USER."""
    data_dict = {"user": user, "role": role_name}
    if organization:
        data_dict["organization"] = organization
    _call("satudata_role_revoke", data_dict)
    click.secho(
        "Peran {label} dicabut dari {user}{where}.".format(
            label=roles.ROLE_LABELS[role_name],
            user=user,
            where=f" di {organization}" if organization else "",
        ),
        fg="green",
    )


@role.command("list", context_settings={"show_default": True})
@click.option("--organization", help="Hanya OPD ini (nama atau id).")
@click.option("--user", help="Hanya pengguna ini (nama atau id).")
@click.option("--role", "role_name", type=_ROLE, help="Hanya peran ini.")
def list_(
    organization: str | None, user: str | None, role_name: str | None
) -> None:
    """Daftar penetapan peran Satu Data yang eksplisit.

    Peran otomatis (dari keanggotaan CKAN dan status sysadmin, selama
    ckanext.satudata.implicit_roles menyala) bukan penetapan dan tidak
    ditampilkan.
    """
    data_dict = {
        key: value
        for key, value in (
            ("organization", organization),
            ("user", user),
            ("role", role_name),
        )
        if value
    }
    assignments = _call("satudata_role_list", data_dict)
    if not assignments:
        click.echo("Tidak ada penetapan peran.")
        return
    for item in assignments:
        click.echo(
            "\t".join(
                [
                    item["user_name"],
                    item["role"],
                    item["organization_name"] or "-",
                    item["created"][:19],
                ]
            )
        )


def _where(item: dict[str, Any]) -> str:
    if item["organization_name"]:
        return " di {}".format(item["organization_title"])
    return ""
