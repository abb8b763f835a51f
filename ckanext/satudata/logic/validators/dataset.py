"""Validators of the dataset schema (SDI discovery metadata).

navl runs a schema's fields in alphabetical order, so a validator that looks at
another field (``daftar_data_id`` at ``owner_org`` and the years,
``tahun_akhir`` at ``tahun_awal``) reads that field as submitted, not yet
converted, and tolerates it being invalid: the other field reports its own
error.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.satudata import region_codes, vocabularies
from ckanext.satudata.checks.messages import region_hint
from ckanext.satudata.model.daftar_data import DITETAPKAN, DaftarData
from ckanext.scheming.validation import scheming_validator

Validator = Callable[..., Any]

# Data years: from independence to the end of a five-year plan (RPJMD targets
# are data about years to come); anything else is a typing error such as 2204.
_FIRST_YEAR = 1945
_YEARS_AHEAD = 5

# Kode Standar Data Statistik Nasional (Peraturan BPS 4/2021): indicator type,
# konsep number, then definisi and klasifikasi numbers, e.g. SP00055.00.00.
_KODE_SDSN = re.compile(r"^[A-Z]{2}\d{5}\.\d{2}\.\d{2}$")


def _is_empty(value: Any) -> bool:
    return (
        value is tk.missing
        or value is None
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _year(value: Any) -> int | None:
    if _is_empty(value):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


@scheming_validator
def satudata_required(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """``not_empty`` with a Bahasa Indonesia message if the field is required."""
    if not field.get("required"):
        return tk.get_validator("ignore_missing")

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
        context: Context,
    ) -> None:
        if _is_empty(data.get(key)):
            errors[key].append(tk._("Wajib diisi."))
            raise tk.StopOnError

    return validator


@scheming_validator
def satudata_vocabulary(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """One value of the vocabulary named by the field's ``vocabulary`` key.

    The label is accepted too ("Tahunan" for "tahunan") because that is what
    people type into the API; the stored value is always the key.
    """
    choices: dict[str, str] = getattr(vocabularies, field["vocabulary"])
    by_label = {label.lower(): value for value, label in choices.items()}

    def validator(value: Any) -> Any:
        if _is_empty(value):
            return value
        text = str(value).strip().lower()
        if text in choices:
            return text
        if text in by_label:
            return by_label[text]
        raise tk.Invalid(
            tk._('Pilihan "{value}" tidak dikenal. Pilihan yang sah: {choices}.')
            .format(value=value, choices=", ".join(choices))
        )

    return validator


def satudata_required_for_statistik(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
    context: Context,
) -> None:
    """Required when the dataset is statistik (Standar Data: konsep, definisi)."""
    if not _is_empty(data.get(key)):
        return
    if str(data.get(("jenis_data",)) or "").strip().lower() == "statistik":
        errors[key].append(tk._("Wajib diisi untuk data statistik."))
        raise tk.StopOnError
    data.pop(key, None)
    raise tk.StopOnError


def satudata_config_default(config_key: str) -> Validator:
    """Fill an empty value with a config option (the portal's own region)."""

    def validator(value: Any) -> Any:
        if _is_empty(value):
            return tk.config.get(config_key)
        return value

    return validator


def satudata_kode_wilayah(value: Any) -> Any:
    """A Kemendagri code inside the portal's own region that exists.

    A regency's portal publishes data about its own area, so the province and
    other regencies are refused even though their codes are valid.
    """
    if _is_empty(value):
        return value
    code = str(value).strip()
    if not region_codes.is_well_formed(code):
        raise tk.Invalid(
            tk._(
                'Kode wilayah "{code}" tidak sesuai format Kemendagri '
                "(contoh: 35.16, 35.16.08 atau 35.16.08.2001).{hint}"
            ).format(code=code, hint=region_hint(code))
        )
    area = tk.config.get("ckanext.satudata.kode_wilayah")
    if not region_codes.within(code, area):
        raise tk.Invalid(
            tk._(
                'Kode wilayah "{code}" berada di luar wilayah portal ini '
                "({nama}, {area})."
            ).format(
                code=code, nama=tk.config.get("ckanext.satudata.nama_wilayah"),
                area=area,
            )
        )
    if not region_codes.exists(code):
        if region_codes.level(code) == "desa":
            message = tk._(
                'Kode desa/kelurahan "{code}" tidak valid: kecamatan {kecamatan} '
                "tidak terdaftar dalam tabel referensi Kemendagri."
            )
        else:
            message = tk._(
                'Kode wilayah "{code}" tidak terdaftar dalam tabel referensi '
                "Kemendagri."
            )
        raise tk.Invalid(
            message.format(code=code, kecamatan=code.rsplit(".", 1)[0])
        )
    return code


def satudata_tahun(value: Any) -> Any:
    """A data year: an integer from 1945 to five years ahead."""
    if _is_empty(value):
        return value
    year = _year(value)
    last = datetime.date.today().year + _YEARS_AHEAD
    if year is None:
        raise tk.Invalid(
            tk._('Tahun "{value}" bukan bilangan bulat.').format(value=value)
        )
    if not _FIRST_YEAR <= year <= last:
        raise tk.Invalid(
            tk._("Tahun {year} di luar rentang {first}–{last}.").format(
                year=year, first=_FIRST_YEAR, last=last
            )
        )
    return year


def satudata_tahun_akhir(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
    context: Context,
) -> None:
    """The last data year: the first one when empty, never before it."""
    first = _year(data.get(("tahun_awal",)))
    if _is_empty(data.get(key)):
        if first is not None:
            data[key] = first
        return
    last = _year(data.get(key))
    if first is not None and last is not None and last < first:
        errors[key].append(
            tk._("Tahun akhir ({last}) tidak boleh sebelum tahun awal ({first}).")
            .format(last=last, first=first)
        )
        raise tk.StopOnError


def satudata_kode_standar_data(value: Any) -> Any:
    """A Kode SDSN such as SP00055.00.00."""
    if _is_empty(value):
        return value
    code = str(value).strip().upper()
    if not _KODE_SDSN.match(code):
        raise tk.Invalid(
            tk._(
                'Kode Standar Data "{value}" tidak sesuai format Kode SDSN '
                "(contoh: SP00055.00.00)."
            ).format(value=value)
        )
    return code


def _stored_link(context: Context) -> str | None:
    package = context.get("package")
    return package.extras.get("daftar_data_id") if package else None


def satudata_daftar_data_id(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
    context: Context,
) -> None:
    """The dataset's Daftar Data row: established, of its OPD and its years.

    A link is checked for being established only when it is made: a row
    revoked later keeps the datasets already linked to it editable (the
    workflow must still be able to withdraw them).
    """
    value = data.get(key)
    if _is_empty(value):
        errors[key].append(
            tk._("Pilih baris Daftar Data yang ditetapkan untuk dataset ini.")
        )
        raise tk.StopOnError
    row_id = str(value).strip()
    data[key] = row_id
    row = DaftarData.get(row_id)
    if row is None:
        errors[key].append(
            tk._('Baris Daftar Data "{id}" tidak ditemukan.').format(id=row_id)
        )
        raise tk.StopOnError
    label = f"{row.kode} ({row.tahun})"

    if row.status != DITETAPKAN and row_id != _stored_link(context):
        errors[key].append(
            tk._(
                "Baris Daftar Data {row} berstatus {status}; hanya baris yang "
                "sudah ditetapkan yang dapat dihubungkan."
            ).format(
                row=label,
                status=tk._(
                    vocabularies.STATUS_DAFTAR_DATA.get(row.status, row.status)
                ),
            )
        )
        raise tk.StopOnError

    org = model.Group.get(str(data.get(("owner_org",)) or "").strip())
    if org is not None and row.owner_org != org.id:
        errors[key].append(
            tk._(
                "Baris Daftar Data {row} milik OPD lain; pilih baris milik "
                "{opd}."
            ).format(row=label, opd=org.title or org.name)
        )
        raise tk.StopOnError

    first = _year(data.get(("tahun_awal",)))
    last = _year(data.get(("tahun_akhir",))) or first
    if first is not None and last is not None and not first <= row.tahun <= last:
        errors[key].append(
            tk._(
                "Tahun baris Daftar Data {row} berada di luar tahun data "
                "dataset ({first}–{last})."
            ).format(row=label, first=first, last=last)
        )
        raise tk.StopOnError
