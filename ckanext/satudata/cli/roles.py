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
    """Manage Satu Data roles.

    Per OPD (needs --org): produsen, admin_opd, kepala_opd.
    Regency-wide: walidata, forum, pembina.
    """


@role.command(context_settings={"show_default": True})
@click.argument("user")
@click.argument("role_name", metavar="ROLE", type=_ROLE)
@click.option("--org", "organization", help="OPD (organization) name or id.")
def assign(user: str, role_name: str, organization: str | None) -> None:
    """Give USER the Satu Data role ROLE."""
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
@click.option("--org", "organization", help="OPD (organization) name or id.")
def revoke(user: str, role_name: str, organization: str | None) -> None:
    """Take the Satu Data role ROLE away from USER."""
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
@click.option("--org", "organization", help="Only this OPD (name or id).")
@click.option("--user", help="Only this user (name or id).")
@click.option("--role", "role_name", type=_ROLE, help="Only this role.")
def list_(
    organization: str | None, user: str | None, role_name: str | None
) -> None:
    """List the explicit Satu Data role assignments.

    Implicit roles (from CKAN membership and sysadmin status, while
    ckanext.satudata.implicit_roles is on) are not assignments and are not
    listed.
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
