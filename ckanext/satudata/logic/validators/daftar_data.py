"""Validators of the Daftar Data register."""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError, missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.satudata import vocabularies as v
from ckanext.satudata.daftar_data.opd_names import OpdResolver

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _choice(
    vocabulary: dict[str, str], label: str
) -> Callable[[Any, Context], Any]:
    # Labels are accepted too ("Terbuka" for "terbuka") because that is what
    # people type; the stored value is always the key.
    by_label = {text.lower(): key for key, text in vocabulary.items()}

    def validator(value: Any, context: Context) -> Any:
        if value is None or value == "":
            return None
        text = str(value).strip().lower()
        if text in vocabulary:
            return text
        if text in by_label:
            return by_label[text]
        raise tk.Invalid(
            tk._('Nilai "{value}" tidak dikenal untuk {label}. Pilihan: {choices}.')
            .format(value=value, label=tk._(label), choices=", ".join(vocabulary))
        )

    return validator


satudata_daftar_data_jenis_data = _choice(v.JENIS_DATA, "Jenis Data")
satudata_daftar_data_indikator_variabel = _choice(
    v.INDIKATOR_VARIABEL, "Indikator/Variabel"
)
satudata_daftar_data_klasifikasi_akses = _choice(
    v.KLASIFIKASI_AKSES, "Klasifikasi Akses"
)
satudata_daftar_data_jadwal_pemutakhiran = _choice(
    v.FREKUENSI, "Jadwal Pemutakhiran"
)
satudata_daftar_data_ketersediaan = _choice(v.KETERSEDIAAN, "Ketersediaan")
satudata_daftar_data_status = _choice(v.STATUS_DAFTAR_DATA, "Status")
satudata_daftar_data_ketersediaan_filter = _choice(
    v.KETERSEDIAAN_FILTER, "Ketersediaan")
satudata_berita_acara_status = _choice(
    v.STATUS_BERITA_ACARA, "Status Berita Acara")


def satudata_daftar_data_text(value: Any, context: Context) -> Any:
    """Strip a free-text value; an empty one clears the field."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def satudata_daftar_data_kode(value: Any, context: Context) -> Any:
    text = satudata_daftar_data_text(value, context)
    if text is None:
        return None
    if _CONTROL.search(text) or len(text) > 100:
        raise tk.Invalid(
            tk._("ID Daftar Data paling panjang 100 karakter dan satu baris.")
        )
    return text


def satudata_daftar_data_tahun(value: Any, context: Context) -> Any:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise tk.Invalid(tk._("Tahun harus berupa angka, misalnya 2025.")) from None
    if not 2000 <= year <= 2100:
        raise tk.Invalid(tk._("Tahun harus di antara 2000 dan 2100."))
    return year


def satudata_daftar_data_date(value: Any, context: Context) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise tk.Invalid(
            tk._('Tanggal "{value}" tidak valid; gunakan format TTTT-BB-HH.')
            .format(value=value)
        ) from None


def satudata_daftar_data_url(value: Any, context: Context) -> Any:
    text = satudata_daftar_data_text(value, context)
    if text is None:
        return None
    parts = urlparse(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise tk.Invalid(
            tk._('Tautan "{value}" harus berupa URL http:// atau https://.')
            .format(value=text)
        )
    return text


def satudata_daftar_data_organization(value: Any, context: Context) -> Any:
    """The id of an active CKAN organization given by id or name, or by
    any name :class:`~ckanext.satudata.daftar_data.opd_names.OpdResolver`
    knows (title, singkatan, kode OPD, an alias of the Walidata's list).

    Imports validate hundreds of rows against a few dozen OPDs: a caller
    that puts a dict under ``satudata_organizations`` in the context gets
    the lookups remembered there (navl copies the context for each
    validation, but not the dict).
    """
    key = str(value).strip()
    cache: dict[str, str | None] = context.get(
        "satudata_organizations", {}
    )
    if key not in cache:
        group = model.Group.get(key)
        found = group and group.is_organization and group.state == "active"
        cache[key] = group.id if found else OpdResolver().find(key).org_id
    if cache[key] is None:
        raise tk.Invalid(
            tk._('OPD "{value}" tidak ditemukan.').format(value=key)
        )
    return cache[key]


_TRUE = ("true", "yes", "ya", "y", "t", "1")
_FALSE = ("false", "no", "tidak", "n", "f", "0")


def satudata_daftar_data_flag(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
    context: Context,
) -> None:
    """An optional yes/no filter: left out when blank, unlike
    ``boolean_validator`` (which reads blank as false) and ``ignore_empty``
    (which drops false)."""
    value = data.get(key)
    if value is None or value is missing or value == "":
        data.pop(key, None)
        raise StopOnError
    if isinstance(value, bool):
        return
    text = str(value).strip().lower()
    if text not in _TRUE + _FALSE:
        errors[key].append(tk._("Isi true atau false."))
        raise StopOnError
    data[key] = text in _TRUE
