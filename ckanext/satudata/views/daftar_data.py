"""Pages of the Daftar Data register.

``/daftar-data`` is the public register (established rows for the public,
more for users whose role lets them see it); ``/satudata/daftar-data`` is the
management page of Walidata and Forum with the forms, the import and the
SK Bupati buttons.
"""
from __future__ import annotations

import datetime
import secrets
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from flask import Blueprint, Response
from flask.views import MethodView

from ckanext.satudata.daftar_data import spreadsheet
from ckanext.satudata.model.daftar_data import DICABUT, DITETAPKAN, USULAN
from ckanext.satudata.views.request import can, context, int_arg

bp = Blueprint("satudata_daftar_data", __name__)

_FILTERS = ("tahun", "organization", "status", "jenis_data", "klasifikasi_akses",
            "ketersediaan", "data_prioritas", "q")
_PAGE_SIZE = 50
# A row has a dataset a year, rarely more; a page of its datasets is plenty.
_ROW_DATASETS = 100
_EXPORT_PAGE = 1000
_UPLOAD_MAX = 10 * 1024 * 1024
# An upload waits in Redis between the preview and the confirmation, so any
# web worker can finish the import; an hour is enough to read a preview.
_UPLOAD_TTL = 3600
_UPLOAD_KEY = "satudata:daftar_data_import:{}"


def _require(action: str) -> None:
    try:
        tk.check_access(action, context(), {})
    except tk.NotAuthorized as e:
        tk.abort(403, str(e) or tk._("Anda tidak berhak membuka halaman ini."))


def _filters() -> dict[str, str]:
    return {k: tk.request.args[k] for k in _FILTERS if tk.request.args.get(k)}


def _search(filters: dict[str, Any], page: int) -> dict[str, Any]:
    try:
        return tk.get_action("satudata_daftar_data_list")(
            context(), dict(filters, page=page, limit=_PAGE_SIZE)
        )
    except tk.ValidationError as e:
        # A bad filter from a hand-edited URL: show the errors, not a 500.
        for key, messages in e.error_dict.items():
            tk.h.flash_error(f"{key}: {'; '.join(map(str, messages))}")
        return tk.get_action("satudata_daftar_data_list")(
            context(), {"page": 1, "limit": _PAGE_SIZE}
        )


def _page_number() -> int:
    return int_arg("page", 1, minimum=1)


def _organizations() -> list[dict[str, Any]]:
    """Every organization (id, name, title), for the OPD select boxes.

    organization_list caps ``all_fields`` pages, so this pages through it.
    """
    step = tk.config.get("ckan.group_and_organization_list_all_fields_max")
    found: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("organization_list")(
            context(),
            {"all_fields": True, "limit": step, "offset": len(found),
             "sort": "title asc"},
        )
        found.extend(page)
        if len(page) < step:
            return found


def _listing(template: str, **extra: Any) -> str:
    filters = _filters()
    page = _page_number()
    result = _search(filters, page)
    return tk.render(template, {
        "result": result,
        "filters": filters,
        "page": page,
        "pages": max((result["count"] + _PAGE_SIZE - 1) // _PAGE_SIZE, 1),
        "organizations": _organizations(),
        **extra,
    })


def index() -> str:
    return _listing("satudata/daftar_data/index.html")


def read(id: str) -> str:
    try:
        row = tk.get_action("satudata_daftar_data_show")(context(), {"id": id})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Daftar Data tidak ditemukan."))
    except tk.NotAuthorized as e:
        tk.abort(403, str(e))
    template = _template(row.get("template_id"))
    return tk.render("satudata/daftar_data/read.html", {
        "row": row,
        "can_edit": can("satudata_daftar_data_update", {"id": id})
        and row["status"] != DICABUT,
        "can_decide": can("satudata_daftar_data_establish", {"id": id}),
        "template": template,
        "template_choices": template_choices(
            template, tk.request.args.get("cari_template", "")),
        "template_search": tk.request.args.get("cari_template", ""),
        "announced": template is not None
        and row["id"] not in template["belum_diinformasikan"],
        "can_announce": template is not None
        and can("satudata_template_announce", {"id": template["id"]}),
        "datasets": _datasets(row["id"]),
        "berita_acara": tk.get_action("satudata_berita_acara_list")(
            context(), {"daftar_data_id": row["id"]}),
        "can_create_dataset": row["status"] == DITETAPKAN
        and can("package_create", {"owner_org": row["owner_org"]}),
    })


def _template(template_id: str | None) -> dict[str, Any] | None:
    """The row's template with its current version, if it has one."""
    if not template_id:
        return None
    try:
        result: dict[str, Any] = tk.get_action("satudata_template_show")(
            context(), {"id": template_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    return result


_PICKER_SIZE = 50


def template_choices(
    selected: dict[str, Any] | None, q: str = ""
) -> list[dict[str, Any]]:
    """The picker's options: the templates matching ``q`` (the first
    :data:`_PICKER_SIZE` by title), the row's own first. The page's script
    asks ``satudata_template_list`` again as the user types."""
    found = tk.get_action("satudata_template_list")(
        context(), {"q": q, "limit": _PICKER_SIZE})["results"]
    choices = [{"id": t["id"], "name": t["name"], "title": t["title"],
                "field_count": t["field_count"]} for t in found]
    if selected and selected["id"] not in {c["id"] for c in choices}:
        choices.insert(0, {
            "id": selected["id"], "name": selected["name"],
            "title": selected["title"],
            "field_count": len(selected["version"]["table_schema"]["fields"])})
    return choices


def set_template(id: str) -> Any:
    """The row page's template picker: give the row the chosen template
    (or none)."""
    chosen = tk.request.form.get("template_id", "").strip()
    _decision("satudata_daftar_data_update", {"id": id, "template_id": chosen},
              tk._("Template Daftar Data {kode} disimpan.")
              if chosen else tk._("Template Daftar Data {kode} dilepas."))
    return tk.redirect_to("satudata_daftar_data.read", id=id)


def _datasets(row_id: str) -> dict[str, Any]:
    """The datasets linked to the row that the user may see (the public sees
    the published ones), newest first."""
    return tk.get_action("package_search")(context(), {
        "fq": f'daftar_data_id:"{row_id}"',
        "include_private": True,
        "rows": _ROW_DATASETS,
        "sort": "metadata_created desc",
    })


def export(fmt: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        tk.abort(404, tk._("Format ekspor harus csv atau xlsx."))
    filters = _filters()
    rows: list[dict[str, Any]] = []
    action = tk.get_action("satudata_daftar_data_list")
    try:
        while True:
            result = action(context(), dict(
                filters, limit=_EXPORT_PAGE, offset=len(rows)))
            rows.extend(result["results"])
            if len(rows) >= result["count"] or not result["results"]:
                break
    except tk.ValidationError as e:
        tk.abort(400, "; ".join(
            f"{k}: {', '.join(map(str, m))}" for k, m in e.error_dict.items()))
    mimetype = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
    }[fmt]
    name = "daftar-data-{}.{}".format(filters.get("tahun", "semua"), fmt)
    return Response(
        spreadsheet.write_rows(rows, fmt),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def manage() -> str:
    _require("satudata_daftar_data_create")
    return _listing(
        "satudata/daftar_data/manage.html",
        can_decide=can("satudata_daftar_data_establish_bulk"),
        this_year=datetime.date.today().year,
    )


class EditView(MethodView):
    """Propose a row, or change one."""

    def _render(self, data: dict[str, Any], errors: dict[str, Any],
                row: dict[str, Any] | None) -> str:
        return tk.render("satudata/daftar_data/edit.html", {
            "data": data,
            "errors": errors,
            "error_summary": {
                spreadsheet.LABELS.get(k, k): "; ".join(map(str, v))
                for k, v in errors.items()
            },
            "row": row,
            "organizations": _organizations(),
            "template_choices": template_choices(_template(data.get("template_id"))),
        })

    def _row(self, id: str | None) -> dict[str, Any] | None:
        if id is None:
            _require("satudata_daftar_data_create")
            return None
        try:
            row = tk.get_action("satudata_daftar_data_show")(
                context(), {"id": id})
            tk.check_access("satudata_daftar_data_update", context(), {"id": id})
        except tk.ObjectNotFound:
            tk.abort(404, tk._("Daftar Data tidak ditemukan."))
        except tk.NotAuthorized as e:
            tk.abort(403, str(e))
        return row

    def get(self, id: str | None = None) -> str:
        row = self._row(id)
        data = dict(row) if row else {"tahun": datetime.date.today().year + 1}
        if row:
            data["owner_org"] = row["owner_org"]
        return self._render(data, {}, row)

    def post(self, id: str | None = None) -> Any:
        row = self._row(id)
        form = {k: v for k, v in tk.request.form.items() if k != "_csrf_token"}
        # An unticked box sends nothing; an established row's form sends none
        # of the fields the SK fixed, the box included.
        if not row or row["status"] == USULAN:
            form["data_prioritas"] = "data_prioritas" in tk.request.form
        try:
            if row:
                result = tk.get_action("satudata_daftar_data_update")(
                    context(), dict(form, id=row["id"]))
            else:
                result = tk.get_action("satudata_daftar_data_create")(
                    context(), form)
        except tk.ValidationError as e:
            return self._render(form, e.error_dict, row)
        tk.h.flash_success(tk._("Daftar Data {kode} disimpan.").format(
            kode=result["kode"]))
        return tk.redirect_to("satudata_daftar_data.read", id=result["id"])


def _decision(action: str, data_dict: dict[str, Any], success: str) -> bool:
    """Run a state-changing action and flash its outcome; True if it ran."""
    try:
        result = tk.get_action(action)(context(), data_dict)
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Daftar Data tidak ditemukan."))
    except tk.NotAuthorized as e:
        tk.abort(403, str(e))
    except tk.ValidationError as e:
        for key, messages in e.error_dict.items():
            label = spreadsheet.LABELS.get(key, key)
            tk.h.flash_error(f"{label}: {'; '.join(map(str, messages))}")
        return False
    tk.h.flash_success(success.format(**(result or {})))
    return True


def _form(*keys: str) -> dict[str, Any]:
    return {k: tk.request.form.get(k, "") for k in keys}


def establish(id: str) -> Any:
    _decision(
        "satudata_daftar_data_establish",
        dict(_form("no_sk", "tanggal_sk"), id=id),
        tk._("Daftar Data {kode} ditetapkan."),
    )
    return tk.redirect_to("satudata_daftar_data.read", id=id)


def revoke(id: str) -> Any:
    _decision(
        "satudata_daftar_data_revoke",
        dict(_form("alasan"), id=id),
        tk._("Daftar Data {kode} dicabut."),
    )
    return tk.redirect_to("satudata_daftar_data.read", id=id)


def delete(id: str) -> Any:
    if _decision("satudata_daftar_data_delete", {"id": id},
                 tk._("Usulan Daftar Data dihapus.")):
        return tk.redirect_to("satudata_daftar_data.manage")
    return tk.redirect_to("satudata_daftar_data.read", id=id)


def establish_bulk() -> Any:
    data = _form("tahun", "no_sk", "tanggal_sk", "organization")
    _decision("satudata_daftar_data_establish_bulk", data,
              tk._("{count} usulan Daftar Data ditetapkan."))
    return tk.redirect_to("satudata_daftar_data.manage", tahun=data["tahun"])


class ImportView(MethodView):
    """Upload -> preview (a dry run) -> confirm -> import."""

    def get(self) -> str:
        _require("satudata_daftar_data_import")
        return tk.render("satudata/daftar_data/import.html", {
            "tahun": datetime.date.today().year + 1, "errors": [],
        })

    def post(self) -> str:
        _require("satudata_daftar_data_import")
        upload = tk.request.files.get("upload")
        tahun = tk.request.form.get("tahun", "").strip()
        errors = []
        if not tahun.isdigit():
            errors.append(tk._("Isi tahun Daftar Data, misalnya 2026."))
        content = upload.read(_UPLOAD_MAX + 1) if upload else b""
        if not content:
            errors.append(tk._("Pilih berkas XLSX atau CSV untuk diunggah."))
        elif len(content) > _UPLOAD_MAX:
            errors.append(tk._("Berkas lebih dari 10 MB."))
        if errors:
            return tk.render("satudata/daftar_data/import.html",
                             {"tahun": tahun, "errors": errors})
        token = secrets.token_urlsafe(24)
        redis = connect_to_redis()
        key = _UPLOAD_KEY.format(token)
        redis.hset(key, mapping={
            "user": tk.current_user.name, "tahun": tahun, "content": content,
            "filename": upload.filename or "",
        })
        redis.expire(key, _UPLOAD_TTL)
        return _preview(token, content, int(tahun), upload.filename or "")


def _preview(token: str, content: bytes, tahun: int, filename: str,
             problems_only: bool = False) -> str:
    preview, result = _run_import(content, tahun, dry_run=True)
    return tk.render("satudata/daftar_data/import_preview.html", {
        "preview": preview, "result": result, "token": token,
        "filename": filename,
        "labels": spreadsheet.LABELS,
        "problems_only": problems_only,
        "shown_rows": preview.problem_rows if problems_only else preview.rows,
    })


def _stored_upload(token: str) -> dict[bytes, bytes]:
    """The upload waiting under ``token`` if the current user made it."""
    stored = connect_to_redis().hgetall(_UPLOAD_KEY.format(token)) if token else {}
    if not stored or stored[b"user"].decode() != tk.current_user.name:
        return {}
    return stored


def _upload_gone() -> Any:
    tk.h.flash_error(tk._(
        "Unggahan tidak ditemukan atau sudah kedaluwarsa; unggah ulang "
        "berkasnya."))
    return tk.redirect_to("satudata_daftar_data.import_")


def import_preview(token: str) -> Any:
    """The preview of an upload again, all rows or (``?masalah=1``) only the
    rows with errors or warnings."""
    _require("satudata_daftar_data_import")
    stored = _stored_upload(token)
    if not stored:
        return _upload_gone()
    return _preview(token, stored[b"content"], int(stored[b"tahun"]),
                    stored[b"filename"].decode(),
                    problems_only=tk.request.args.get("masalah") == "1")


def _run_import(content: bytes, tahun: int, dry_run: bool) -> tuple[
    spreadsheet.ImportPreview, dict[str, Any] | None
]:
    preview = spreadsheet.read_rows(content, tahun)
    if preview.errors:
        return preview, None
    try:
        result = tk.get_action("satudata_daftar_data_import")(
            context(),
            {"tahun": tahun, "rows": preview.data_rows(), "dry_run": dry_run},
        )
    except tk.ValidationError as e:
        preview.errors.extend(
            f"{k}: {'; '.join(map(str, m))}" for k, m in e.error_dict.items())
        return preview, None
    preview.add_action_errors(result)
    return preview, result


def import_confirm() -> Any:
    _require("satudata_daftar_data_import")
    token = tk.request.form.get("token", "")
    redis = connect_to_redis()
    key = _UPLOAD_KEY.format(token)
    stored = _stored_upload(token)
    if not stored:
        return _upload_gone()
    preview, result = _run_import(
        stored[b"content"], int(stored[b"tahun"]), dry_run=False)
    if result is None:
        for message in preview.errors:
            tk.h.flash_error(message)
        return tk.redirect_to("satudata_daftar_data.import_")
    redis.delete(key)
    tk.h.flash_success(tk._(
        "Impor selesai: {created} baris baru, {updated} diperbarui, "
        "{unchanged} tidak berubah, {skipped} baris bermasalah dilewati."
    ).format(skipped=len(preview.invalid_rows), **result))
    return tk.redirect_to(
        "satudata_daftar_data.manage", tahun=stored[b"tahun"].decode())


def aliases() -> str:
    """The Walidata's list of the other names of each OPD."""
    _require("satudata_opd_alias_list")
    return tk.render("satudata/daftar_data/aliases.html", {
        "aliases": tk.get_action("satudata_opd_alias_list")(context(), {}),
        "organizations": _organizations(),
        "can_edit": can("satudata_opd_alias_create"),
    })


def alias_create() -> Any:
    _decision("satudata_opd_alias_create", _form("owner_org", "alias"),
              tk._('Alias "{alias}" ditambahkan.'))
    return tk.redirect_to("satudata_daftar_data.aliases")


def alias_seed() -> Any:
    try:
        result = tk.get_action("satudata_opd_alias_seed")(context(), {})
    except tk.NotAuthorized as e:
        tk.abort(403, str(e))
    tk.h.flash_success(tk._("{n} singkatan umum ditambahkan.").format(
        n=len(result["created"])))
    return tk.redirect_to("satudata_daftar_data.aliases")


def alias_delete(id: str) -> Any:
    try:
        tk.get_action("satudata_opd_alias_delete")(context(), {"id": id})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Alias OPD tidak ditemukan."))
    except tk.NotAuthorized as e:
        tk.abort(403, str(e))
    tk.h.flash_success(tk._("Alias dihapus."))
    return tk.redirect_to("satudata_daftar_data.aliases")


bp.add_url_rule("/daftar-data", view_func=index)
bp.add_url_rule("/daftar-data/export/<fmt>", view_func=export)
bp.add_url_rule("/daftar-data/<id>", view_func=read)
bp.add_url_rule("/satudata/daftar-data", view_func=manage)
bp.add_url_rule(
    "/satudata/daftar-data/new", view_func=EditView.as_view("new"))
bp.add_url_rule(
    "/satudata/daftar-data/<id>/edit", view_func=EditView.as_view("edit"))
bp.add_url_rule("/satudata/daftar-data/<id>/establish", view_func=establish,
                methods=["POST"])
bp.add_url_rule("/satudata/daftar-data/<id>/revoke", view_func=revoke,
                methods=["POST"])
bp.add_url_rule("/satudata/daftar-data/<id>/template", view_func=set_template,
               methods=["POST"])
bp.add_url_rule("/satudata/daftar-data/<id>/delete", view_func=delete,
                methods=["POST"])
bp.add_url_rule("/satudata/daftar-data/establish-bulk", view_func=establish_bulk,
                methods=["POST"])
bp.add_url_rule(
    "/satudata/daftar-data/import", view_func=ImportView.as_view("import_"))
bp.add_url_rule("/satudata/daftar-data/import/confirm", view_func=import_confirm,
                methods=["POST"])
bp.add_url_rule("/satudata/daftar-data/import/<token>", view_func=import_preview)
bp.add_url_rule("/satudata/daftar-data/alias", view_func=aliases)
bp.add_url_rule("/satudata/daftar-data/alias/new", view_func=alias_create,
                methods=["POST"])
bp.add_url_rule("/satudata/daftar-data/alias/seed", view_func=alias_seed,
                methods=["POST"])
bp.add_url_rule("/satudata/daftar-data/alias/<id>/delete", view_func=alias_delete,
                methods=["POST"])
