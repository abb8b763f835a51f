"""DataStore writes: only the portal's own loader fills the DataStore.

Registered only when CKAN's ``datastore`` plugin is enabled. A table in the
DataStore is served to the public once its dataset is published, so it must
be the checked file read with its template's types (see
:mod:`ckanext.satudata.datastore`), not rows anyone with edit rights pushed
through the API. Sysadmins pass every auth function before these run; the
loader calls the actions with ``ignore_auth``.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthFunction, AuthResult, Context, DataDict


def _refused() -> AuthResult:
    return {"success": False, "msg": tk._(
        "Tabel DataStore diisi oleh portal dari berkas yang sudah lulus"
        " pemeriksaan kesesuaian, saat dataset diterbitkan; tabel tidak dapat"
        " diubah lewat API."
    )}


@tk.chained_auth_function
def datastore_create(next_auth: AuthFunction, context: Context,
                     data_dict: DataDict) -> AuthResult:
    return _refused()


@tk.chained_auth_function
def datastore_upsert(next_auth: AuthFunction, context: Context,
                     data_dict: DataDict) -> AuthResult:
    return _refused()


@tk.chained_auth_function
def datastore_delete(next_auth: AuthFunction, context: Context,
                     data_dict: DataDict) -> AuthResult:
    return _refused()


@tk.chained_auth_function
def datastore_records_delete(next_auth: AuthFunction, context: Context,
                             data_dict: DataDict) -> AuthResult:
    return _refused()
