from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def berita_acara_create_schema(
    ignore_missing: Validator,
    not_missing: Validator,
    not_empty: Validator,
    satudata_daftar_data_text: Validator,
    satudata_daftar_data_tahun: Validator,
    satudata_daftar_data_date: Validator,
    satudata_daftar_data_organization: Validator,
) -> Schema:
    # ``hasil`` (the rows and their results) is taken apart by the action.
    text = [ignore_missing, satudata_daftar_data_text]
    return {
        "owner_org": [not_missing, not_empty, satudata_daftar_data_organization],
        "tahun": [not_missing, not_empty, satudata_daftar_data_tahun],
        "tanggal": [not_missing, not_empty, satudata_daftar_data_date],
        "nomor": text,
        "tempat": text,
        "peserta": text,
        "catatan": text,
    }


@validator_args
def berita_acara_update_schema(
    ignore_missing: Validator,
    not_missing: Validator,
    not_empty: Validator,
    unicode_safe: Validator,
    satudata_daftar_data_date: Validator,
) -> Schema:
    schema = berita_acara_create_schema()
    # The OPD and the year say which rows a Berita Acara may list; they are
    # fixed once it exists (a check of another OPD is another Berita Acara).
    del schema["owner_org"], schema["tahun"]
    schema["tanggal"] = [ignore_missing, not_empty, satudata_daftar_data_date]
    schema["id"] = [not_missing, not_empty, unicode_safe]
    return schema


@validator_args
def berita_acara_list_schema(
    ignore_missing: Validator,
    ignore_empty: Validator,
    unicode_safe: Validator,
    satudata_daftar_data_tahun: Validator,
    satudata_daftar_data_organization: Validator,
    satudata_berita_acara_status: Validator,
) -> Schema:
    optional = [ignore_missing, ignore_empty]
    return {
        "tahun": optional + [satudata_daftar_data_tahun],
        "organization": optional + [satudata_daftar_data_organization],
        "status": optional + [satudata_berita_acara_status],
        "daftar_data_id": optional + [unicode_safe],
    }
