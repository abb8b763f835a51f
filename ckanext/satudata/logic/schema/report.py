"""Schema of the report action."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def report_summary(
    not_missing: Validator,
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    satudata_daftar_data_tahun: Validator,
    satudata_daftar_data_date: Validator,
) -> Schema:
    """``satudata_report_summary``; ``mulai``/``sampai`` narrow the period
    of the events (default: the whole year)."""
    return {
        "tahun": [not_missing, not_empty, satudata_daftar_data_tahun],
        "organization": [ignore_missing, unicode_safe],
        "mulai": [ignore_missing, satudata_daftar_data_date],
        "sampai": [ignore_missing, satudata_daftar_data_date],
    }


@validator_args
def report_rows(
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
) -> Schema:
    """``satudata_report_rows``: the summary's keys plus the number drilled
    into."""
    schema = report_summary()
    schema["ukuran"] = [not_empty, unicode_safe]
    schema["status"] = [ignore_missing, unicode_safe]
    return schema
