"""Pages of the table templates and of the conformance reports.

``/template`` lists the templates and ``/template/<name>`` shows one, with
its versions, where it is used, the files to fill and the "Cek kesesuaian"
form. ``/satudata/template/...`` is the Walidata's authoring page: start
empty, from a sample file (inference) or from a Table Schema JSON, edit the
columns in a table, preview, save. ``/laporan-kesesuaian/<id>`` is a report;
``/dataset/<id>/kesesuaian`` shows every data resource of a dataset with its
newest report and whether the dataset may be submitted.
"""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response
from flask.views import MethodView

from ckanext.satudata import template_content, template_files
from ckanext.satudata.checks import gate, runner
from ckanext.satudata.views.request import context, int_arg

bp = Blueprint("satudata_template", __name__)

_NEW_ROWS = 3
_FIELD_KEYS = ("name", "title", "description", "type", "format", "unit",
               "minimum", "maximum", "pattern", "enum")
_FLAGS = ("required", "unique", "primary_key", "region")
_MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _can(action: str, data_dict: dict[str, Any] | None = None) -> bool:
    try:
        tk.check_access(action, context(), data_dict or {})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _call(action: str, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Run an action for a page: 404 and 403 become error pages."""
    try:
        return tk.get_action(action)(context(), data_dict)
    except tk.ObjectNotFound as e:
        return tk.abort(404, str(e) or tk._("Tidak ditemukan."))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e) or tk._("Anda tidak berhak membuka halaman ini."))


def _version_arg() -> int | None:
    return int_arg("versi", 0, minimum=1) or None


def _flash_errors(errors: dict[str, Any]) -> None:
    for messages in errors.values():
        for message in messages if isinstance(messages, list) else [messages]:
            tk.h.flash_error(str(message))


# Reading --------------------------------------------------------------------

def index() -> str:
    q = tk.request.args.get("q", "")
    result = _call("satudata_template_list", {"q": q, "limit": 1000})
    return tk.render("satudata/template/index.html", {
        "result": result, "q": q,
        "can_create": _can("satudata_template_create"),
    })


def read(id: str) -> str:
    data: dict[str, Any] = {"id": id}
    if _version_arg():
        data["version"] = _version_arg()
    template = _call("satudata_template_show", data)
    version = template["version"]
    return tk.render("satudata/template/read.html", {
        "template": template,
        "version": version,
        "notes": {f["name"]: template_files.field_notes(f, version["options"])
                  for f in version["table_schema"]["fields"]},
        "can_edit": _can("satudata_template_update", {"id": template["id"]}),
        "can_check": _can("satudata_template_check", {"id": template["id"]}),
    })


def download(id: str, fmt: str) -> Response:
    if fmt not in _MIMETYPES:
        return tk.abort(404, tk._("Format unduhan harus csv, xlsx atau json."))
    data: dict[str, Any] = {"id": id}
    if _version_arg():
        data["version"] = _version_arg()
    template = _call("satudata_template_show", data)
    version = template["version"]
    if fmt == "csv":
        body = template_files.header_csv(version["table_schema"], version["dialect"])
    elif fmt == "xlsx":
        body = template_files.workbook(template, version)
    else:
        body = json.dumps(version["table_schema"], indent=2,
                          ensure_ascii=False).encode("utf-8")
    name = "{}-v{}.{}".format(template["name"], version["version"], fmt)
    return Response(body, mimetype=_MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


# Authoring ------------------------------------------------------------------

def _form_rows(schema: dict[str, Any], options: dict[str, Any]) -> list[dict[str, Any]]:
    """The columns of a table schema as rows of the authoring form."""
    key = schema.get("primaryKey") or []
    region = options.get("region_code_fields") or []
    rows = []
    for field in schema.get("fields", []):
        constraints = field.get("constraints") or {}
        rows.append({
            "name": field.get("name", ""),
            "title": field.get("title", ""),
            "description": field.get("description", ""),
            "type": field.get("type", "string"),
            "format": field.get("format", ""),
            "unit": field.get("unit", ""),
            "minimum": _text(constraints.get("minimum")),
            "maximum": _text(constraints.get("maximum")),
            "pattern": constraints.get("pattern", ""),
            "enum": "; ".join(map(str, constraints.get("enum") or [])),
            "required": bool(constraints.get("required")),
            "unique": bool(constraints.get("unique")),
            "primary_key": field.get("name") in key,
            "region": field.get("name") in region,
        })
    return rows


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _rows_from_request() -> list[dict[str, Any]]:
    form = tk.request.form
    indexes = sorted({int(k.split("-")[1]) for k in form
                      if k.startswith("fields-") and k.split("-")[1].isdigit()})
    rows = []
    for i in indexes:
        row: dict[str, Any] = {k: form.get(f"fields-{i}-{k}", "").strip()
                               for k in _FIELD_KEYS}
        row.update({k: f"fields-{i}-{k}" in form for k in _FLAGS})
        rows.append(row)
    return rows


def _typed(value: str, field_type: str) -> Any:
    """A bound or enum value typed in the form, as the schema stores it."""
    if field_type in ("integer", "year"):
        return int(value)
    if field_type == "number":
        return float(value.replace(",", ".")) if any(
            c in value for c in ".,eE") else int(value)
    return value


def _content_from_rows(
    rows: list[dict[str, Any]], form: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], list[str]]:
    """``(table_schema, dialect, options, errors)`` from the form."""
    fields, key, region, errors = [], [], [], []
    for row in rows:
        if not row["name"] and not row["title"]:
            continue  # an empty row of the table
        field: dict[str, Any] = {k: row[k] for k in
                                 ("name", "title", "description", "type",
                                  "format", "unit") if row[k]}
        field.setdefault("name", "")
        constraints: dict[str, Any] = {}
        for flag in ("required", "unique"):
            if row[flag]:
                constraints[flag] = True
        try:
            for bound in ("minimum", "maximum"):
                if row[bound]:
                    constraints[bound] = _typed(row[bound], field.get("type", "string"))
            if row["enum"]:
                constraints["enum"] = [
                    _typed(v.strip(), field.get("type", "string"))
                    for v in row["enum"].split(";") if v.strip()]
        except ValueError:
            errors.append(tk._("Batas atau pilihan kolom '{name}' tidak sesuai "
                               "tipenya.").format(name=field["name"]))
        if row["pattern"]:
            constraints["pattern"] = row["pattern"]
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
        if row["primary_key"]:
            key.append(field["name"])
        if row["region"]:
            region.append(field["name"])
    schema: dict[str, Any] = {"fields": fields}
    if key:
        schema["primaryKey"] = key
    missing = [v.strip() for v in form.get("missing_values", "").split(";")]
    schema["missingValues"] = list(dict.fromkeys([""] + [m for m in missing if m]))
    dialect = {"delimiter": "\t" if form.get("delimiter") == "tab"
               else form.get("delimiter") or ","}
    options = {"decimal_comma": bool(form.get("decimal_comma")),
               "region_code_fields": region}
    return schema, dialect, options, errors


class EditView(MethodView):
    """Create a template, or change one (a change of columns: a new version)."""

    def _template(self, id: str | None) -> dict[str, Any] | None:
        if id is None:
            if not _can("satudata_template_create"):
                tk.abort(403, tk._("Hanya Walidata yang dapat mengelola "
                                   "template tabel."))
            return None
        template = _call("satudata_template_show", {"id": id})
        if not _can("satudata_template_update", {"id": template["id"]}):
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
            "rows": rows + [dict.fromkeys(_FIELD_KEYS, "") | {"type": "string"}
                            for _ in range(_NEW_ROWS)],
            "settings": settings,
            "errors": errors or {},
            "preview": preview,
            "notes": notes or [],
            "types": template_content.TYPES,
        })

    def get(self, id: str | None = None) -> str:
        template = self._template(id)
        if template is None:
            return self._render(None, {}, [], {"delimiter": ",",
                                               "missing_values": ""})
        version = template["version"]
        return self._render(template, template, _form_rows(
            version["table_schema"], version["options"]),
            _settings(version))

    def post(self, id: str | None = None) -> Any:
        template = self._template(id)
        form = tk.request.form
        meta = {k: form.get(k, "") for k in ("name", "title", "description",
                                              "note")}
        step = form.get("aksi", "simpan")
        if step in ("infer", "impor"):
            return self._start_from_file(template, meta, step)
        rows = _rows_from_request()
        settings = {"delimiter": form.get("delimiter", ","),
                    "decimal_comma": bool(form.get("decimal_comma")),
                    "missing_values": form.get("missing_values", "")}
        schema, dialect, options, problems = _content_from_rows(rows, form)
        if step == "tambah" or (step == "pratinjau" and not problems):
            preview = None
            if step == "pratinjau":
                content, errors = template_content.clean(schema, dialect, options)
                preview = dict(content, errors=errors, notes={
                    f["name"]: template_files.field_notes(f, content["options"])
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
                draft = _shaped(json.loads(upload.read(5 * 1024 * 1024)))
            except (ValueError, RecursionError):  # RecursionError: too deep
                return self._render(template, meta, [], blank, errors={
                    "upload": [tk._("Berkas bukan JSON yang sah.")]})
            notes = [tk._("Skema dimuat dari {name}; periksa lalu simpan.")
                     .format(name=upload.filename)]
        schema = draft.get("table_schema") or {}
        options = draft.get("options") or {}
        return self._render(template, meta, _form_rows(schema, options),
                            _settings(draft), notes=notes)


def _kept(value: Any, kind: type, default: Any) -> Any:
    return value if isinstance(value, kind) else default


def _shaped(draft: Any) -> dict[str, Any]:
    """An uploaded Table Schema (or a template as the API returns it) with
    only the parts of the shape the form reads; the Walidata checks the rest
    on the page, and saving cleans it (template_content.clean)."""
    draft = _kept(draft, dict, {})
    draft = _kept(draft.get("version"), dict, draft)
    if "fields" in draft:
        draft = {"table_schema": draft}
    schema = _kept(draft.get("table_schema"), dict, {})
    fields = []
    for field in _kept(schema.get("fields"), list, []):
        if isinstance(field, dict):
            constraints = _kept(field.get("constraints"), dict, {})
            if not isinstance(constraints.get("enum", []), list):
                constraints = {k: v for k, v in constraints.items() if k != "enum"}
            fields.append({**field, "constraints": constraints})
    key = schema.get("primaryKey")
    options = _kept(draft.get("options"), dict, {})
    delimiter = _kept(draft.get("dialect"), dict, {}).get("delimiter")
    return {
        "table_schema": {
            "fields": fields,
            "primaryKey": [key] if isinstance(key, str) else [
                k for k in _kept(key, list, []) if isinstance(k, str)],
            "missingValues": [m for m in _kept(schema.get("missingValues"), list, [])
                              if isinstance(m, str)],
        },
        "dialect": {"delimiter": delimiter} if isinstance(delimiter, str) else {},
        "options": {
            "decimal_comma": bool(options.get("decimal_comma")),
            "region_code_fields": [f for f in _kept(
                options.get("region_code_fields"), list, []) if isinstance(f, str)],
        },
    }


def _settings(version: dict[str, Any]) -> dict[str, Any]:
    schema = version.get("table_schema") or {}
    missing = [m for m in schema.get("missingValues", []) if m]
    delimiter = (version.get("dialect") or {}).get("delimiter", ",")
    return {
        "delimiter": "tab" if delimiter == "\t" else delimiter,
        "decimal_comma": bool((version.get("options") or {}).get("decimal_comma")),
        "missing_values": "; ".join(missing),
    }


def attach(id: str) -> Any:
    """Give a Daftar Data row (by its ID and year) this template."""
    template = _call("satudata_template_show", {"id": id})
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
        _flash_errors(e.error_dict)
    else:
        tk.h.flash_success(tk._("Template dipasang pada Daftar Data {kode} ({tahun}).")
                           .format(kode=row["kode"], tahun=row["tahun"]))
    return tk.redirect_to("satudata_template.read", id=template["name"])


# Checking -------------------------------------------------------------------

class CheckView(MethodView):
    """"Cek kesesuaian": check a file against the template, keep nothing."""

    def get(self, id: str) -> str:
        template = _call("satudata_template_show", {"id": id})
        if not _can("satudata_template_check", {"id": id}):
            return tk.abort(403, tk._("Cek kesesuaian hanya untuk pengguna yang "
                                      "memiliki peran Satu Data."))
        return tk.render("satudata/template/check.html",
                         {"template": template, "errors": {}})

    def post(self, id: str) -> Any:
        template = _call("satudata_template_show", {"id": id})
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
        return tk.redirect_to("satudata_template.report", id=report["id"])


def report(id: str) -> str:
    result = _call("satudata_validation_show", {"id": id})
    resource = package = None
    if result.get("resource_id"):
        # The report outlives a deleted resource; the page still explains it.
        try:
            resource = tk.get_action("resource_show")(
                context(), {"id": result["resource_id"]})
            package = tk.get_action("package_show")(
                context(), {"id": result["package_id"]})
        except tk.ObjectNotFound:
            resource = package = None
    return tk.render("satudata/validation/report.html", {
        "report": result, "resource": resource, "package": package,
        "can_run": bool(resource) and _can(
            "satudata_validation_run", {"resource_id": result["resource_id"]}),
    })


def dataset(id: str) -> str:
    package = _call("package_show", {"id": id})
    resources = []
    for resource in package["resources"]:
        if runner.is_data_resource(resource):
            resources.append(dict(resource, can_run=_can(
                "satudata_validation_run", {"resource_id": resource["id"]})))
    return tk.render("satudata/validation/dataset.html", {
        "package": package,
        "resources": resources,
        "gate": gate.submission_gate(package["id"]),
    })


def run(id: str) -> Any:
    package = _call("package_show", {"id": id})
    resource_id = tk.request.form.get("resource_id", "")
    if resource_id not in {r["id"] for r in package["resources"]}:
        return tk.abort(404, tk._("Sumber daya tidak ditemukan."))
    try:
        result = tk.get_action("satudata_validation_run")(
            context(), {"resource_id": resource_id})
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ValidationError as e:
        _flash_errors(e.error_dict)
        return tk.redirect_to("satudata_template.dataset", id=package["name"])
    return tk.redirect_to("satudata_template.report", id=result["id"])


bp.add_url_rule("/template", view_func=index)
bp.add_url_rule("/template/<id>", view_func=read)
bp.add_url_rule("/template/<id>/unduh/<fmt>", view_func=download)
bp.add_url_rule("/template/<id>/cek", view_func=CheckView.as_view("check"))
bp.add_url_rule("/satudata/template/baru", view_func=EditView.as_view("new"))
bp.add_url_rule("/satudata/template/<id>/ubah", view_func=EditView.as_view("edit"))
bp.add_url_rule("/satudata/template/<id>/pasang", view_func=attach,
                methods=["POST"])
bp.add_url_rule("/laporan-kesesuaian/<id>", view_func=report)
bp.add_url_rule("/dataset/<id>/kesesuaian", view_func=dataset)
bp.add_url_rule("/dataset/<id>/kesesuaian/periksa", view_func=run,
                methods=["POST"])
