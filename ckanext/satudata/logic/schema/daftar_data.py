from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def daftar_data_create_schema(
    ignore_missing: Validator,
    not_missing: Validator,
    not_empty: Validator,
    satudata_boolean: Validator,
    satudata_daftar_data_text: Validator,
    satudata_daftar_data_kode: Validator,
    satudata_daftar_data_tahun: Validator,
    satudata_daftar_data_date: Validator,
    satudata_daftar_data_url: Validator,
    satudata_daftar_data_organization: Validator,
    satudata_daftar_data_jenis_data: Validator,
    satudata_daftar_data_indikator_variabel: Validator,
    satudata_daftar_data_klasifikasi_akses: Validator,
    satudata_daftar_data_jadwal_pemutakhiran: Validator,
    satudata_daftar_data_ketersediaan: Validator,
) -> Schema:
    text = [ignore_missing, satudata_daftar_data_text]
    return {
        # Generated from the region code and the year when left out.
        "kode": [ignore_missing, satudata_daftar_data_kode],
        "tahun": [not_missing, not_empty, satudata_daftar_data_tahun],
        "kode_ddp": text,
        "sumber_referensi": text,
        "kode_indikator": text,
        "nama_indikator": text,
        "nama_data": [not_missing, not_empty, satudata_daftar_data_text],
        "jenis_data": [not_missing, not_empty, satudata_daftar_data_jenis_data],
        "indikator_variabel": [
            ignore_missing,
            satudata_daftar_data_indikator_variabel,
        ],
        "kode_standar_data": text,
        "owner_org": [not_missing, not_empty, satudata_daftar_data_organization],
        "produsen_pendukung": text,
        "klasifikasi_akses": [
            not_missing,
            not_empty,
            satudata_daftar_data_klasifikasi_akses,
        ],
        "definisi": text,
        "satuan": text,
        "klasifikasi_penyajian": text,
        "jadwal_pemutakhiran": [
            ignore_missing,
            satudata_daftar_data_jadwal_pemutakhiran,
        ],
        "data_prioritas": [ignore_missing, satudata_boolean],
        "kode_metadata": text,
        "link_portal_daerah": [ignore_missing, satudata_daftar_data_url],
        "link_portal_sdi": [ignore_missing, satudata_daftar_data_url],
        "catatan": text,
        "ketersediaan": [ignore_missing, satudata_daftar_data_ketersediaan],
        "no_berita_acara": text,
        "tanggal_berita_acara": [ignore_missing, satudata_daftar_data_date],
        "template_id": text,
    }


@validator_args
def daftar_data_update_schema(
    ignore_missing: Validator,
    not_missing: Validator,
    not_empty: Validator,
    unicode_safe: Validator,
) -> Schema:
    # Only the keys given are changed: a form may send every field, an API
    # client just the one it means to change.
    schema = daftar_data_create_schema()
    for key in ("kode", "tahun", "nama_data", "jenis_data", "owner_org",
                "klasifikasi_akses"):
        schema[key] = [ignore_missing, not_empty] + [
            f for f in schema[key] if f not in (ignore_missing, not_missing, not_empty)
        ]
    schema["id"] = [not_missing, not_empty, unicode_safe]
    return schema


@validator_args
def daftar_data_show_schema(
    ignore_missing: Validator,
    unicode_safe: Validator,
    satudata_daftar_data_tahun: Validator,
) -> Schema:
    return {
        "id": [ignore_missing, unicode_safe],
        "kode": [ignore_missing, unicode_safe],
        "tahun": [ignore_missing, satudata_daftar_data_tahun],
    }


@validator_args
def daftar_data_establish_schema(
    not_missing: Validator,
    not_empty: Validator,
    unicode_safe: Validator,
    satudata_daftar_data_text: Validator,
    satudata_daftar_data_date: Validator,
) -> Schema:
    return {
        "id": [not_missing, not_empty, unicode_safe],
        "no_sk": [not_missing, not_empty, satudata_daftar_data_text],
        "tanggal_sk": [not_missing, not_empty, satudata_daftar_data_date],
    }


@validator_args
def daftar_data_establish_bulk_schema(
    not_missing: Validator,
    not_empty: Validator,
    ignore_missing: Validator,
    ignore_empty: Validator,
    satudata_daftar_data_text: Validator,
    satudata_daftar_data_date: Validator,
    satudata_daftar_data_tahun: Validator,
    satudata_daftar_data_organization: Validator,
) -> Schema:
    return {
        "tahun": [not_missing, not_empty, satudata_daftar_data_tahun],
        "no_sk": [not_missing, not_empty, satudata_daftar_data_text],
        "tanggal_sk": [not_missing, not_empty, satudata_daftar_data_date],
        "organization": [
            ignore_missing,
            ignore_empty,
            satudata_daftar_data_organization,
        ],
    }


@validator_args
def daftar_data_revoke_schema(
    not_missing: Validator,
    not_empty: Validator,
    unicode_safe: Validator,
    satudata_daftar_data_text: Validator,
) -> Schema:
    return {
        "id": [not_missing, not_empty, unicode_safe],
        "alasan": [not_missing, not_empty, satudata_daftar_data_text],
    }


@validator_args
def daftar_data_list_schema(
    ignore_missing: Validator,
    ignore_empty: Validator,
    unicode_safe: Validator,
    natural_number_validator: Validator,
    is_positive_integer: Validator,
    satudata_list_position: Validator,
    satudata_daftar_data_flag: Validator,
    satudata_daftar_data_tahun: Validator,
    satudata_daftar_data_organization: Validator,
    satudata_daftar_data_status: Validator,
    satudata_daftar_data_jenis_data: Validator,
    satudata_daftar_data_klasifikasi_akses: Validator,
    satudata_daftar_data_ketersediaan_filter: Validator,
) -> Schema:
    optional = [ignore_missing, ignore_empty]
    return {
        "tahun": optional + [satudata_daftar_data_tahun],
        "organization": optional + [satudata_daftar_data_organization],
        "status": optional + [satudata_daftar_data_status],
        "jenis_data": optional + [satudata_daftar_data_jenis_data],
        "klasifikasi_akses": optional + [satudata_daftar_data_klasifikasi_akses],
        "ketersediaan": optional + [satudata_daftar_data_ketersediaan_filter],
        "data_prioritas": [satudata_daftar_data_flag],
        "q": optional + [unicode_safe],
        "limit": optional + [is_positive_integer],
        "offset": optional + [natural_number_validator, satudata_list_position],
        "page": optional + [is_positive_integer, satudata_list_position],
    }


@validator_args
def daftar_data_import_schema(
    not_missing: Validator,
    not_empty: Validator,
    ignore_missing: Validator,
    satudata_boolean: Validator,
    satudata_daftar_data_tahun: Validator,
) -> Schema:
    # ``rows`` is taken apart by the action: each row is validated on its own
    # with the create schema, so that one bad row is reported and the others
    # still go in.
    return {
        "tahun": [not_missing, not_empty, satudata_daftar_data_tahun],
        "dry_run": [ignore_missing, satudata_boolean],
    }


@validator_args
def opd_alias_create_schema(
    not_missing: Validator,
    not_empty: Validator,
    satudata_daftar_data_kode: Validator,
    satudata_daftar_data_organization: Validator,
) -> Schema:
    # An alias is a short, one-line name: the ID's length and line rule fit.
    return {
        "owner_org": [not_missing, not_empty, satudata_daftar_data_organization],
        "alias": [not_missing, not_empty, satudata_daftar_data_kode],
    }


@validator_args
def opd_alias_list_schema(
    ignore_missing: Validator,
    ignore_empty: Validator,
    satudata_daftar_data_organization: Validator,
) -> Schema:
    return {
        "organization": [ignore_missing, ignore_empty,
                         satudata_daftar_data_organization],
    }
