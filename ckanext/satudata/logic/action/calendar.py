"""The Kalender rilis as JSON: the page, its CSV and iCalendar exports and
API clients read the same answer."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.satudata.daftar_data import calendar, reminders
from ckanext.satudata.logic import validate
from ckanext.satudata.logic.schema import calendar as schema
from ckanext.satudata.model import utcnow


@tk.side_effect_free
def satudata_calendar(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The expected releases of a year's established Daftar Data rows.

    Public: established rows are public, and only publications of datasets
    that are published now are read. Keys are Indonesian (README,
    "Kalender rilis").

    :param tahun: year of the Daftar Data (optional; default this year)
    :type tahun: int
    :param organization: id or name of one OPD (optional)
    :type organization: string
    :param bulan: 1-12, only releases expected in that month (optional)
    :type bulan: int

    :returns: ``tahun``, ``hari_ini``, ``tenggang_hari``, ``ringkasan``
        (``terbit``, ``terbit_terlambat``, ``terlambat``, ``dijadwalkan``,
        ``diharapkan``, ``insidental``), ``per_opd`` (the same counts per
        ``organisasi``) and ``rilis``: one entry per expected period
        (``kode``, ``nama_data``, ``organisasi``, ``jadwal_pemutakhiran``,
        ``periode``, ``mulai``, ``selesai``, ``batas``, ``bulan``,
        ``status``, ``terbit_pada``) or, for an unscheduled row, per
        publication (``periode`` null)
    :rtype: dictionary
    """
    tk.check_access("satudata_calendar", context, data_dict)
    data = validate(data_dict, schema.calendar(), context)
    organization = None
    if data.get("organization"):
        org = model.Group.get(data["organization"])
        if org is None or not org.is_organization or org.state != "active":
            raise tk.ValidationError({"organization": [
                tk._("OPD tidak ditemukan.")
            ]})
        organization = org.id
    tahun = data.get("tahun") or calendar.local_date(utcnow()).year
    return calendar.compute(calendar.Scope(tahun, organization, data.get("bulan")))


def satudata_calendar_remind(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Email the Produsen Data of each row whose periodic update is due
    within ``ckanext.satudata.calendar.remind_days`` days and not published
    yet; each period once. Meant for cron through ``ckan satudata remind``.
    Sysadmins only.

    :returns: ``terkirim``: one entry per reminder (``kode``, ``mulai``,
        ``selesai``, ``penerima``: user names)
    :rtype: dictionary
    """
    tk.check_access("satudata_calendar_remind", context, data_dict)
    return {"terkirim": [
        {"kode": r.kode, "mulai": r.period.start.isoformat(),
         "selesai": r.period.end.isoformat(), "penerima": list(r.recipients)}
        for r in reminders.send_update_reminders()
    ]}
