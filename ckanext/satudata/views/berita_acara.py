"""Pages of the Berita Acara of the availability check.

``/satudata/berita-acara`` lists them (signed ones for everybody, drafts for
the OPD checked and the regency-wide roles); the Walidata drafts one for an
OPD and a year by giving each of its Daftar Data rows a result, prints the
generated PDF, has it signed and uploads the scan on the document's page.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, send_file
from flask.views import MethodView

from ckanext.satudata.daftar_data import berita_acara as documents
from ckanext.satudata.model.daftar_data import DICABUT
from ckanext.satudata.views.daftar_data import _organizations
from ckanext.satudata.views.request import call, can, context, flash_errors

bp = Blueprint("satudata_berita_acara", __name__)

_FILTERS = ("tahun", "organization", "status")
_FIELDS = ("nomor", "tanggal", "tempat", "peserta", "catatan")
# An OPD has tens of rows a year; the register's own page limit.
_ROWS_MAX = 1000


def index() -> str:
    filters = {k: tk.request.args[k] for k in _FILTERS if tk.request.args.get(k)}
    try:
        found = tk.get_action("satudata_berita_acara_list")(context(), filters)
    except tk.ValidationError as e:
        flash_errors(e.error_dict)
        found = tk.get_action("satudata_berita_acara_list")(context(), {})
    return tk.render("satudata/berita_acara/index.html", {
        "documents": found,
        "filters": filters,
        "organizations": _organizations(),
        "can_create": can("satudata_berita_acara_create"),
    })


def _checkable_rows(owner_org: str, tahun: Any) -> list[dict[str, Any]]:
    """The OPD's rows of the year that a check may list (not revoked)."""
    result = tk.get_action("satudata_daftar_data_list")(context(), {
        "organization": owner_org, "tahun": tahun, "limit": _ROWS_MAX})
    return [r for r in result["results"] if r["status"] != DICABUT]


def _hasil(form: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows the form gives a result, in the order of the page."""
    hasil = []
    for row in rows:
        result = form.get(f"ketersediaan-{row['id']}", "").strip()
        if result:
            hasil.append({
                "daftar_data_id": row["id"], "ketersediaan": result,
                "keterangan": form.get(f"keterangan-{row['id']}", ""),
            })
    return hasil


class EditView(MethodView):
    """Draft a Berita Acara (choose the OPD and the year, then the results),
    or change a draft."""

    def _document(self, id: str | None) -> dict[str, Any] | None:
        if id is None:
            if not can("satudata_berita_acara_create"):
                tk.abort(403, tk._("Hanya Walidata yang dapat menyusun Berita "
                                   "Acara pemeriksaan ketersediaan data."))
            return None
        document: dict[str, Any] = call("satudata_berita_acara_show", {"id": id})
        if not can("satudata_berita_acara_update", {"id": id}):
            tk.abort(403, tk._("Hanya Walidata yang dapat menyusun Berita Acara "
                               "pemeriksaan ketersediaan data."))
        return document

    def _render(self, document: dict[str, Any] | None, data: dict[str, Any],
                results: dict[str, dict[str, Any]],
                errors: dict[str, Any]) -> str:
        owner_org = document["owner_org"] if document else data.get("owner_org")
        tahun = document["tahun"] if document else data.get("tahun")
        rows: list[dict[str, Any]] = []
        if owner_org and tahun:
            try:
                rows = _checkable_rows(owner_org, tahun)
            except tk.ValidationError as e:
                errors = dict(errors, **e.error_dict)
        return tk.render("satudata/berita_acara/edit.html", {
            "document": document,
            "data": data,
            "rows": rows,
            "results": results,
            "errors": errors,
            "organizations": _organizations(),
            "chosen": bool(owner_org and tahun and rows),
        })

    def get(self, id: str | None = None) -> str:
        document = self._document(id)
        if document:
            data = {k: document.get(k) or "" for k in _FIELDS}
            results = {h["daftar_data_id"]: h for h in document["hasil"]}
        else:
            data = {
                "owner_org": tk.request.args.get("organization", ""),
                "tahun": tk.request.args.get("tahun")
                or str(datetime.date.today().year),
                "tanggal": datetime.date.today().isoformat(),
            }
            results = {}
        return self._render(document, data, results, {})

    def post(self, id: str | None = None) -> Any:
        document = self._document(id)
        form = tk.request.form
        data = {k: form.get(k, "") for k in _FIELDS}
        if not document:
            data.update(owner_org=form.get("owner_org", ""),
                        tahun=form.get("tahun", ""))
        owner_org = document["owner_org"] if document else data["owner_org"]
        tahun = document["tahun"] if document else data["tahun"]
        try:
            rows = _checkable_rows(owner_org, tahun) if owner_org and tahun else []
        except tk.ValidationError as e:
            return self._render(document, data, {}, e.error_dict)
        hasil = _hasil(form, rows)
        results = {h["daftar_data_id"]: h for h in hasil}
        try:
            if document:
                saved = tk.get_action("satudata_berita_acara_update")(
                    context(), dict(data, id=document["id"], hasil=hasil))
            else:
                saved = tk.get_action("satudata_berita_acara_create")(
                    context(), dict(data, hasil=hasil))
        except tk.ValidationError as e:
            return self._render(document, data, results, e.error_dict)
        except tk.NotAuthorized as e:
            return tk.abort(403, str(e))
        tk.h.flash_success(tk._("Berita Acara disimpan. Cetak PDF-nya untuk "
                                "ditandatangani, lalu unggah pindaiannya."))
        return tk.redirect_to("satudata_berita_acara.read", id=saved["id"])


def read(id: str) -> str:
    document = call("satudata_berita_acara_show", {"id": id})
    return tk.render("satudata/berita_acara/read.html", {
        "document": document,
        "can_edit": can("satudata_berita_acara_update", {"id": id}),
        "max_scan_mb": documents.max_megabytes(),
    })


def pdf(id: str) -> Response:
    document = call("satudata_berita_acara_show", {"id": id})
    return Response(
        documents.pdf_bytes(document), mimetype="application/pdf",
        headers={"Content-Disposition":
                 f'inline; filename="berita-acara-{document["id"][:8]}.pdf"'})


def upload(id: str) -> Any:
    try:
        call("satudata_berita_acara_upload",
             {"id": id, "upload": tk.request.files.get("upload")})
    except tk.ValidationError as e:
        flash_errors(e.error_dict)
    else:
        tk.h.flash_success(tk._("Pindaian Berita Acara yang ditandatangani "
                                "diunggah."))
    return tk.redirect_to("satudata_berita_acara.read", id=id)


def scan(id: str) -> Response:
    document = call("satudata_berita_acara_show", {"id": id})
    path = documents.scan_path(
        documents.stored_url(id) if document.get("scan") else None)
    if path is None:
        return tk.abort(404, tk._("Pindaian Berita Acara ini belum diunggah."))
    return send_file(path, mimetype=document["scan"]["mimetype"],
                     as_attachment=True,
                     download_name=document["scan"]["name"])


bp.add_url_rule("/satudata/berita-acara", view_func=index)
bp.add_url_rule("/satudata/berita-acara/new", view_func=EditView.as_view("new"))
bp.add_url_rule("/satudata/berita-acara/<id>", view_func=read)
bp.add_url_rule("/satudata/berita-acara/<id>/edit",
                view_func=EditView.as_view("edit"))
bp.add_url_rule("/satudata/berita-acara/<id>/berita-acara.pdf", view_func=pdf)
bp.add_url_rule("/satudata/berita-acara/<id>/pindaian", view_func=upload,
                methods=["POST"])
bp.add_url_rule("/satudata/berita-acara/<id>/pindaian", view_func=scan,
                methods=["GET"])
