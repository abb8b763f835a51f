"""Validators of the organization (OPD) schema."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.scheming.validation import scheming_validator

# NIP of a civil servant: birth date, appointment month, sex, serial number.
# People write it grouped ("19700101 199003 1 005"); only the digits are kept.
_NIP = re.compile(r"^\d{18}$")


@scheming_validator
def satudata_unique_among_opd(
    field: dict[str, Any], schema: dict[str, Any]
) -> Callable[..., Any]:
    """No other active organization has the same value of this field.

    The Daftar Data importer finds an OPD by ``kode_opd`` or ``singkatan``, so
    two OPDs sharing one would make an import row ambiguous.
    """
    name = field["field_name"]

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
        context: Context,
    ) -> None:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            return
        value = data[key] = value.strip()
        # Extras are a table on CKAN 2.11 and a JSONB column on 2.12; the
        # Group.extras mapping reads both, and a regency has a few dozen OPDs.
        own = context.get("group")  # set by organization_update
        orgs = model.Session.scalars(
            sa.select(model.Group).where(
                model.Group.is_organization.is_(True),
                model.Group.state == "active",
            )
        )
        other = next(
            (
                org for org in orgs
                if (own is None or org.id != own.id)
                and str(org.extras.get(name) or "").lower() == value.lower()
            ),
            None,
        )
        if other is not None:
            errors[key].append(
                tk._('"{value}" sudah dipakai oleh OPD {opd}.').format(
                    value=value, opd=other.title or other.name
                )
            )

    return validator


def satudata_nip(value: Any) -> Any:
    """An 18-digit NIP, stored without spaces."""
    if not value:
        return value
    digits = re.sub(r"[\s.]", "", str(value))
    if not _NIP.match(digits):
        raise tk.Invalid(
            tk._('NIP "{value}" harus terdiri atas 18 angka.').format(value=value)
        )
    return digits


def satudata_email(value: Any, context: Context) -> Any:
    """CKAN's e-mail check with a Bahasa Indonesia message."""
    if not value:
        return value
    value = str(value).strip()
    try:
        return tk.get_validator("email_validator")(value, context)
    except tk.Invalid:
        raise tk.Invalid(
            tk._('Alamat email "{email}" tidak valid.').format(email=value)
        ) from None


def satudata_url(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
    context: Context,
) -> None:
    """CKAN's http(s) URL check with a Bahasa Indonesia message."""
    found: FlattenErrorDict = {key: []}
    tk.get_validator("url_validator")(key, data, found, context)
    if found[key]:
        errors[key].append(
            tk._(
                'Alamat web "{url}" tidak valid; tulis lengkap dengan http:// '
                "atau https://."
            ).format(url=data[key])
        )
