"""The monitoring board and the Laporan Penyelenggaraan Satu Data.

``/satudata/pemantauan``: per OPD, the year's Daftar Data against its
datasets, their workflow states and the SOP time standards;
``/satudata/pemantauan/rincian``: the rows behind one number;
``/satudata/pemantauan/laporan.<xlsx|csv|pdf>``: the report as a file. The
figures all come from ``satudata_report_summary`` / ``satudata_report_rows``.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Response
from flask import Blueprint, make_response

from ckanext.satudata.report import exports, formatting, pdf
from ckanext.satudata.report import tables as report_tables
from ckanext.satudata.views.request import context, error_text
from ckanext.satudata.workflow.definition import configured

bp = Blueprint("satudata_report", __name__)

_FORMATS: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]] = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             exports.xlsx_bytes),
    "csv": ("text/csv; charset=utf-8", exports.csv_bytes),
    "pdf": ("application/pdf", pdf.pdf_bytes),
}


_SHOWN = 25


def _params() -> dict[str, Any]:
    args = tk.request.args
    params: dict[str, Any] = {
        "tahun": args.get("tahun") or str(datetime.date.today().year)
    }
    for key in ("organization", "mulai", "sampai", "ukuran", "status"):
        if args.get(key):
            params[key] = args[key]
    return params


def _call(action: str, params: dict[str, Any]) -> Any:
    """The action's answer, or the response that refuses the request."""
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    try:
        return tk.get_action(action)(context(), dict(params))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e.message) if e.message else None)
    except tk.ValidationError as e:
        return tk.abort(400, error_text(e))


def _summary() -> tuple[dict[str, Any], Any]:
    """The request's parameters of the summary (the drill-down's measure
    and state do not apply) and its answer, or the refusing response."""
    params = _params()
    params.pop("ukuran", None)
    params.pop("status", None)
    return params, _call("satudata_report_summary", params)


@bp.route("/satudata/pemantauan")
def board() -> Any:
    params, report = _summary()
    if not isinstance(report, dict):
        return report
    # The periodic updates, as the Kalender rilis counts them (the same
    # action, so board and calendar agree).
    releases = _call("satudata_calendar", {
        k: v for k, v in params.items() if k in ("tahun", "organization")})
    if not isinstance(releases, dict):
        return releases
    # The calendar is public, but the board keeps to the user's OPDs.
    visible = {line["organisasi"]["id"] for line in report["per_opd"]}
    release_lines = [line for line in releases["per_opd"]
                     if line["organisasi"]["id"] in visible]
    release_totals = {
        key: sum(line[key] for line in release_lines)
        for key in releases["ringkasan"]
    }
    return tk.render("satudata/report/board.html", {
        "report": report,
        "release_lines": release_lines,
        "release_totals": release_totals,
        "params": params,
        "fmt": formatting,
        "tables": report_tables,
        # The lists are long for a regency (thousands of publications):
        # the page shows the first ones, the drill-down and the files all.
        "shown": _SHOWN,
        "max_ditetapkan": max(
            [line["ditetapkan"] for line in report["per_opd"]] or [0]
        ),
        "max_status": max(list(report["ringkasan"]["status"].values()) or [0]),
    })


def _measure_label(params: dict[str, Any]) -> str:
    if params.get("ukuran") == "status":
        state = configured().state_label(params.get("status") or "")
        return tk._("Dataset berstatus {state}").format(state=state)
    return {
        "baris": tk._("Baris Daftar Data"),
        "ditetapkan": tk._("Baris ditetapkan"),
        "tertaut": tk._("Baris yang memiliki dataset"),
        "belum_tertaut": tk._("Baris yang belum memiliki dataset"),
        "terlambat": tk._("Terlambat"),
    }.get(params.get("ukuran") or "", params.get("ukuran") or "")


@bp.route("/satudata/pemantauan/rincian")
def rows() -> Any:
    params = _params()
    result = _call("satudata_report_rows", params)
    if not isinstance(result, list):
        return result
    period = _call("satudata_report_period", {
        k: v for k, v in params.items() if k not in ("ukuran", "status")})
    if not isinstance(period, dict):
        return period
    org = period["organisasi"]
    # What the list is: figure, OPD, period.
    heading = " \u2014 ".join([
        _measure_label(params),
        org["title"] if org else tk._("Semua OPD"),
        formatting.date_range(period["mulai"], period["sampai"]),
    ])
    return tk.render("satudata/report/rows.html", {
        "rows": result,
        "params": params,
        "period": period,
        "heading": heading,
        "fmt": formatting,
    })


@bp.route("/satudata/pemantauan/laporan.<fmt>")
def download(fmt: str) -> Response:
    if fmt not in _FORMATS:
        return tk.abort(404, tk._("Format laporan tidak dikenal."))
    params, report = _summary()
    if not isinstance(report, dict):
        return report
    mimetype, writer = _FORMATS[fmt]
    response = make_response(writer(report))
    response.headers["Content-Type"] = mimetype
    lines = report["per_opd"]
    suffix = (
        f"-{lines[0]['organisasi']['name']}"
        if params.get("organization") and len(lines) == 1 else ""
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="laporan-satu-data-{report["tahun"]}{suffix}.{fmt}"'
    )
    return response
