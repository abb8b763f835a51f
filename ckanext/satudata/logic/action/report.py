"""The figures of the monitoring board and the Laporan Penyelenggaraan
Satu Data, as JSON (the board, the exports and the CLI read the same)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.satudata.logic import validate
from ckanext.satudata.logic.schema import report as schema
from ckanext.satudata.model import utcnow
from ckanext.satudata.report import figures, ketersediaan
from ckanext.satudata.report.access import visible_organizations
from ckanext.satudata.workflow.definition import configured


def _scope(
    context: Context, data_dict: DataDict, sch: Any
) -> tuple[figures.Scope, DataDict]:
    data = validate(data_dict, sch, context)
    visible = visible_organizations(context.get("user"))
    organizations = None if visible is None else tuple(visible)
    if data.get("organization"):
        org = model.Group.get(data["organization"])
        if org is None or not org.is_organization or org.state != "active":
            raise tk.ValidationError({"organization": [
                tk._("OPD tidak ditemukan.")
            ]})
        if organizations is not None and org.id not in organizations:
            raise tk.NotAuthorized(tk._(
                "Anda hanya dapat melihat pemantauan OPD tempat Anda memegang"
                " peran Satu Data."
            ))
        organizations = (org.id,)
    start, end = data.get("mulai"), data.get("sampai")
    if start and end and start > end:
        raise tk.ValidationError({"sampai": [
            tk._("Tanggal akhir tidak boleh sebelum tanggal awal.")
        ]})
    if not start and not end:
        return figures.default_scope(data["tahun"], organizations, configured()), data
    return figures.Scope(data["tahun"], organizations, start, end), data


@tk.side_effect_free
def satudata_report_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Every figure of the monitoring board and of the annual report.

    Walidata, Forum Satu Data and Pembina Data see every OPD; Produsen Data,
    Admin Portal OPD and Kepala OPD their own OPDs.

    :param tahun: year of the Daftar Data
    :type tahun: int
    :param organization: id or name of one OPD (optional)
    :type organization: string
    :param mulai: first day of the period of the events, ``YYYY-MM-DD``
        (optional; default 1 January of ``tahun``, or the day of the first
        event of the year's datasets if earlier, when ``sampai`` is not
        given either)
    :type mulai: string
    :param sampai: last day of that period (optional; default 31 December,
        or the day of the last event of the year's datasets if later, when
        ``mulai`` is not given either)
    :type sampai: string

    :returns: keys in Bahasa Indonesia (README, "Laporan"): ``tahun``,
        ``mulai``, ``sampai``, ``acuan`` (when lateness is judged),
        ``id_organisasi``, ``alur_kerja``, ``judul_alur_kerja``,
        ``status_publik``, ``daftar_status``, ``ringkasan`` (the totals),
        ``per_opd`` (one line per ``organisasi``: ``baris``, ``usulan``,
        ``ditetapkan``, ``tertaut``, ``terlambat``, ``dataset``, ``status``
        per workflow state, ``terbit``, ``terbit_periode``,
        ``dikembalikan``), ``langkah`` (time-standard compliance per step:
        ``jumlah_peristiwa``, ``median_detik``, ``sesuai_standar``,
        ``porsi_sesuai_standar``), ``pengembalian`` (with their
        ``catatan``), ``dataset_terbit`` and ``ketersediaan`` (the
        availability check: ``per_opd`` and ``ringkasan`` with ``baris``,
        ``diperiksa``, ``tersedia``, ``sebagian``, ``tidak_tersedia``,
        ``belum_diperiksa``, ``berita_acara`` signed). An OPD or a dataset
        is referred to by CKAN's own ``id``, ``name`` and ``title``.
    :rtype: dictionary
    """
    tk.check_access("satudata_report_summary", context, data_dict)
    scope, _data = _scope(context, data_dict, schema.report_summary())
    result = figures.compute(scope, configured())
    result["ketersediaan"] = ketersediaan.compute(scope)
    return result


@tk.side_effect_free
def satudata_report_rows(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The Daftar Data rows behind one number of the board.

    Parameters as ``satudata_report_summary``, plus:

    :param ukuran: ``baris``, ``ditetapkan``, ``tertaut``, ``belum_tertaut``,
        ``terlambat`` or ``status`` (rows with a dataset in ``status``)
    :type ukuran: string
    :param status: a workflow state, for ``ukuran=status``
    :type status: string
    :returns: one entry per row: ``id``, ``kode``, ``nama_data``,
        ``id_organisasi``, ``status``, ``jadwal_pemutakhiran``,
        ``terbit_terakhir``, ``batas``, ``terlambat`` and ``dataset``
        (``name``, ``title``, ``status``, ``label_status``)
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_report_rows", context, data_dict)
    scope, data = _scope(context, data_dict, schema.report_rows())
    definition = configured()
    measure = data["ukuran"]
    if measure not in figures.DRILL_MEASURES:
        raise tk.ValidationError({"ukuran": [tk._("Ukuran tidak dikenal.")]})
    if measure == "status" and data.get("status") not in definition.states:
        raise tk.ValidationError({"status": [tk._("Status tidak dikenal.")]})
    return figures.drill_rows(scope, definition, measure, data.get("status"))


@tk.side_effect_free
def satudata_report_period(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The period and the OPD that ``satudata_report_summary`` and
    ``satudata_report_rows`` would cover for these parameters (the default
    period follows the year's activity), without computing the figures.

    Parameters as ``satudata_report_summary``.

    :returns: ``tahun``, ``mulai``, ``sampai``, ``acuan`` and
        ``organisasi`` (``id``, ``name``, ``title`` of the one OPD asked
        for, or ``None``)
    :rtype: dictionary
    """
    tk.check_access("satudata_report_period", context, data_dict)
    scope, data = _scope(context, data_dict, schema.report_summary())
    org = model.Group.get(data["organization"]) if data.get("organization") else None
    return {
        "tahun": scope.tahun,
        "mulai": scope.first_day.isoformat(),
        "sampai": scope.last_day.isoformat(),
        "acuan": scope.reference(utcnow()).isoformat(),
        "organisasi": (
            {"id": org.id, "name": org.name, "title": org.title or org.name}
            if org is not None else None
        ),
    }
