"""Schema of the calendar action."""
from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def calendar(
    ignore_missing: Validator,
    unicode_safe: Validator,
    satudata_daftar_data_tahun: Validator,
    satudata_calendar_month: Validator,
) -> Schema:
    """``satudata_calendar``: a year, optionally one OPD and one month."""
    return {
        "tahun": [ignore_missing, satudata_daftar_data_tahun],
        "organization": [ignore_missing, unicode_safe],
        "bulan": [ignore_missing, satudata_calendar_month],
    }
