"""Pages of the table templates.

``/template`` lists the templates and ``/template/<name>`` shows one, with
its versions, where it is used, the files to fill and the "Cek kesesuaian"
form. ``/satudata/template/...`` is the Walidata's authoring page: start
empty, from a sample file (inference) or from a Table Schema JSON, edit the
columns in a table, preview, save. The conformance reports have their own
pages (:mod:`.validation`).
"""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response
from flask.views import MethodView

from ckanext.satudata.table_template import cleaning, downloads, form
from ckanext.satudata.views.request import (
    call,
    can,
    context,
    flash_errors,
    int_arg,
    submit,
)

bp = Blueprint("satudata_template", __name__)

_NEW_ROWS = 3
_MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _version_arg() -> int | None:
    return int_arg("versi", 0, minimum=1) or None


# Reading --------------------------------------------------------------------

def index() -> str:
    q = tk.request.args.get("q", "")
    result = call("satudata_template_list", {"q": q, "limit": 1000})
    return tk.render("satudata/template/index.html", {
        "result": result, "q": q,
        "can_create": can("satudata_template_create"),
    })


def read(id: str) -> str:
    data: dict[str, Any] = {"id": id}
    if _version_arg():
        data["version"] = _version_arg()
    template = call("satudata_template_show", data)
    version = template["version"]
    return tk.render("satudata/template/read.html", {
        "template": template,
        "version": version,
        "notes": {f["name"]: downloads.field_notes(f, version["options"])
                  for f in version["table_schema"]["fields"]},
        "can_edit": can("satudata_template_update", {"id": template["id"]}),
        "can_check": can("satudata_template_check", {"id": template["id"]}),
        "can_announce": can("satudata_template_announce", {"id": template["id"]}),
    })


def download(id: str, fmt: str) -> Response:
    if fmt not in _MIMETYPES:
        return tk.abort(404, tk._("Format unduhan harus csv, xlsx atau json."))
    data: dict[str, Any] = {"id": id}
    if _version_arg():
        data["version"] = _version_arg()
    template = call("satudata_template_show", data)
    version = template["version"]
    if fmt == "csv":
        body = downloads.header_csv(version["table_schema"], version["dialect"])
    elif fmt == "xlsx":
        body = downloads.workbook(template, version)
    else:
        body = json.dumps(version["table_schema"], indent=2,
                          ensure_ascii=False).encode("utf-8")
    name = "{}-v{}.{}".format(template["name"], version["version"], fmt)
    return Response(body, mimetype=_MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


# Authoring ------------------------------------------------------------------

class EditView(MethodView):
    """Create a template, or change one (a change of columns: a new version)."""

    def _template(self, id: str | None) -> dict[str, Any] | None:
        if id is None:
            if not can("satudata_template_create"):
                tk.abort(403, tk._("Hanya Walidata yang dapat mengelola "
                                   "template tabel."))
            return None
        template = call("satudata_template_show", {"id": id})
        if not can("satudata_template_update", {"id": template["id"]}):
            tk.abort(403, tk._("Hanya Walidata yang dapat mengelola template "
                               "tabel."))
        return template

    def _render(self, template: dict[str, Any] | None, meta: dict[str, Any],
                rows: list[dict[str, Any]], settings: dict[str, Any],
                errors: dict[str, Any] | None = None,
                preview: dict[str, Any] | None = None,
                notes: list[str] | None = None) -> str:
        return tk.render("satudata/template/edit.html", {
            "template": template,
            "meta": meta,
            "rows": rows + [form.empty_row() for _ in range(_NEW_ROWS)],
            "settings": settings,
            "errors": errors or {},
            "preview": preview,
            "notes": notes or [],
            "types": cleaning.TYPES,
        })

    def get(self, id: str | None = None) -> str:
        template = self._template(id)
        if template is None:
            return self._render(None, {}, [], {"delimiter": ",",
                                               "missing_values": ""})
        version = template["version"]
        return self._render(template, template, form.rows(
            version["table_schema"], version["options"]),
            form.settings(version))

    def post(self, id: str | None = None) -> Any:
        template = self._template(id)
        posted = tk.request.form
        meta = {k: posted.get(k, "") for k in ("name", "title", "description",
                                                "note")}
        step = posted.get("aksi", "simpan")
        if step in ("infer", "impor"):
            return self._start_from_file(template, meta, step)
        rows = form.rows_from_request(tk.request.form)
        settings = {"delimiter": posted.get("delimiter", ","),
                    "decimal_comma": bool(posted.get("decimal_comma")),
                    "region_code_area": posted.get("region_code_area", ""),
                    "missing_values": posted.get("missing_values", "")}
        schema, dialect, options, problems = form.version_from_rows(rows, posted)
        if step == "tambah" or (step == "pratinjau" and not problems):
            preview = None
            if step == "pratinjau":
                content, errors = cleaning.clean(schema, dialect, options)
                preview = dict(content, errors=errors, notes={
                    f["name"]: downloads.field_notes(f, content["options"])
                    for f in content["table_schema"]["fields"]})
            return self._render(template, meta, rows, settings, preview=preview)
        if problems:
            return self._render(template, meta, rows, settings,
                                errors={"table_schema": problems})
        data = dict(meta, table_schema=schema, dialect=dialect, options=options)
        try:
            if template:
                data["id"] = template["id"]
                data.pop("name")
                result = tk.get_action("satudata_template_update")(context(), data)
            else:
                result = tk.get_action("satudata_template_create")(context(), data)
        except tk.ValidationError as e:
            return self._render(template, meta, rows, settings,
                                errors=e.error_dict)
        tk.h.flash_success(tk._("Template {title} disimpan (versi {version}).")
                           .format(title=result["title"],
                                   version=result["version"]["version"]))
        return tk.redirect_to("satudata_template.read", id=result["name"])

    def _start_from_file(self, template: dict[str, Any] | None,
                         meta: dict[str, Any], step: str) -> str:
        upload = tk.request.files.get("sampel" if step == "infer" else "skema")
        blank = {"delimiter": ",", "missing_values": ""}
        if not upload or not upload.filename:
            return self._render(template, meta, [], blank, errors={
                "upload": [tk._("Pilih berkas terlebih dahulu.")]})
        if step == "infer":
            try:
                draft = tk.get_action("satudata_template_infer")(
                    context(), {"upload": upload})
            except tk.ValidationError as e:
                return self._render(template, meta, [], blank, errors=e.error_dict)
            notes = draft["notes"]
        else:
            try:
                draft = form.shaped(json.loads(upload.read(5 * 1024 * 1024)))
            except (ValueError, RecursionError):  # RecursionError: too deep
                return self._render(template, meta, [], blank, errors={
                    "upload": [tk._("Berkas bukan JSON yang sah.")]})
            notes = [tk._("Skema dimuat dari {name}; periksa lalu simpan.")
                     .format(name=upload.filename)]
        schema = draft.get("table_schema") or {}
        options = draft.get("options") or {}
        return self._render(template, meta, form.rows(schema, options),
                            form.settings(draft), notes=notes)


def attach(id: str) -> Any:
    """Give a Daftar Data row (by its ID and year) this template."""
    template = call("satudata_template_show", {"id": id})
    kode = tk.request.form.get("kode", "").strip()
    tahun = tk.request.form.get("tahun", "").strip()
    try:
        row = tk.get_action("satudata_daftar_data_show")(
            context(), {"kode": kode, "tahun": tahun})
        tk.get_action("satudata_daftar_data_update")(
            context(), {"id": row["id"], "template_id": template["id"]})
    except tk.ObjectNotFound:
        tk.h.flash_error(tk._("Daftar Data {kode} tahun {tahun} tidak ditemukan.")
                         .format(kode=kode, tahun=tahun))
    except tk.NotAuthorized as e:
        tk.h.flash_error(str(e))
    except tk.ValidationError as e:
        flash_errors(e.error_dict)
    else:
        tk.h.flash_success(tk._("Template dipasang pada Daftar Data {kode} ({tahun}).")
                           .format(kode=row["kode"], tahun=row["tahun"]))
    return tk.redirect_to("satudata_template.read", id=template["name"])


def announce(id: str) -> Any:
    """«Informasikan»: tell the OPDs of the template's rows (or of the one
    row posted) about its current version; back to where the button was."""
    data = {"id": id}
    row = tk.request.form.get("daftar_data_id", "").strip()
    if row:
        data["daftar_data_id"] = row
    result = submit("satudata_template_announce", data)
    if result is not None:
        tk.h.flash_success(tk._(
            "Template {title} versi {version} diinformasikan kepada Produsen "
            "Data dan Admin Portal OPD ({n} baris Daftar Data).").format(
            title=result["template"]["title"], version=result["version"],
            n=len(result["announcements"])))
    if row:
        return tk.redirect_to("satudata_daftar_data.read", id=row)
    return tk.redirect_to("satudata_template.read", id=id)


# Checking -------------------------------------------------------------------

class CheckView(MethodView):
    """"Cek kesesuaian": check a file against the template, keep nothing."""

    def get(self, id: str) -> str:
        template = call("satudata_template_show", {"id": id})
        if not can("satudata_template_check", {"id": id}):
            return tk.abort(403, tk._("Cek kesesuaian hanya untuk pengguna yang "
                                      "memiliki peran Satu Data."))
        return tk.render("satudata/template/check.html",
                         {"template": template, "errors": {}})

    def post(self, id: str) -> Any:
        template = call("satudata_template_show", {"id": id})
        try:
            report = tk.get_action("satudata_template_check")(context(), {
                "id": template["id"],
                "upload": tk.request.files.get("upload") or "",
            })
        except tk.NotAuthorized as e:
            return tk.abort(403, str(e))
        except tk.ValidationError as e:
            return tk.render("satudata/template/check.html",
                             {"template": template, "errors": e.error_dict})
        return tk.redirect_to("satudata_validation.report", id=report["id"])


bp.add_url_rule("/template", view_func=index)
bp.add_url_rule("/template/<id>", view_func=read)
bp.add_url_rule("/template/<id>/unduh/<fmt>", view_func=download)
bp.add_url_rule("/template/<id>/cek", view_func=CheckView.as_view("check"))
bp.add_url_rule("/satudata/template/baru", view_func=EditView.as_view("new"))
bp.add_url_rule("/satudata/template/<id>/ubah", view_func=EditView.as_view("edit"))
bp.add_url_rule("/satudata/template/<id>/pasang", view_func=attach,
                methods=["POST"])
bp.add_url_rule("/satudata/template/<id>/informasikan", view_func=announce,
                methods=["POST"])
