"""The public Kalender rilis: ``/kalender-rilis`` (filters by year, OPD and
month) and its exports ``/kalender-rilis.csv`` and ``/kalender-rilis.ics``,
all from ``satudata_calendar``."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from flask import Blueprint, make_response

from ckanext.satudata import dates
from ckanext.satudata.daftar_data import calendar_export
from ckanext.satudata.model import utcnow
from ckanext.satudata.views.request import context, error_text

bp = Blueprint("satudata_calendar", __name__)

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
          "Agustus", "September", "Oktober", "November", "Desember")


def _params() -> dict[str, Any]:
    args = tk.request.args
    params: dict[str, Any] = {
        "tahun": args.get("tahun") or str(datetime.date.today().year)
    }
    for key in ("organization", "bulan"):
        if args.get(key):
            params[key] = args[key]
    return params


def _calendar(params: dict[str, Any]) -> dict[str, Any]:
    try:
        result: dict[str, Any] = tk.get_action("satudata_calendar")(
            context(), dict(params))
    except tk.ValidationError as e:
        tk.abort(400, error_text(e))
    return result


def _organizations() -> list[model.Group]:
    return list(model.Session.scalars(
        sa.select(model.Group)
        .where(model.Group.is_organization, model.Group.state == "active")
        .order_by(model.Group.title)
    ))


@bp.route("/kalender-rilis")
def index() -> str:
    params = _params()
    result = _calendar(params)
    return tk.render("satudata/calendar/index.html", {
        "calendar": result,
        "params": params,
        "organizations": _organizations(),
        "months": MONTHS,
        "status_label": calendar_export.status_label,
        "indonesian_date": dates.indonesian,
    })


def _download(content: bytes, mimetype: str, params: dict[str, Any],
              suffix: str) -> Any:
    response = make_response(content)
    response.headers["Content-Type"] = mimetype
    name = f"kalender-rilis-{params['tahun']}"
    if params.get("organization"):
        name += "-" + "".join(
            c for c in str(params["organization"]) if c.isalnum() or c in "-_")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name}.{suffix}"')
    return response


@bp.route("/kalender-rilis.csv")
def export_csv() -> Any:
    params = _params()
    return _download(calendar_export.csv_bytes(_calendar(params)),
                     "text/csv; charset=utf-8", params, "csv")


@bp.route("/kalender-rilis.ics")
def export_ical() -> Any:
    params = _params()
    return _download(calendar_export.ical_bytes(_calendar(params), utcnow()),
                     "text/calendar; charset=utf-8", params, "ics")
