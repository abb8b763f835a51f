"""Actions of the table templates (satudata_template_*)."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from ckanext.satudata.checks import runner
from ckanext.satudata.checks.messages import describe
from ckanext.satudata.checks.reader import Unreadable
from ckanext.satudata.logic import acting_user_id, commit, validate
from ckanext.satudata.logic.schema import template as schema
from ckanext.satudata.model.daftar_data import DITETAPKAN, DaftarData
from ckanext.satudata.model.template import (
    Template,
    TemplateAnnouncement,
    TemplateVersion,
)
from ckanext.satudata.model.validation import ValidationReport
from ckanext.satudata.table_template import announcement, cleaning, drafting

_LIST_LIMIT = 50
_LIST_MAX = 1000
_CONTENT = ("table_schema", "dialect", "options")


def _json(data: DataDict, key: str) -> Any:
    """An object given as such (JSON API) or as JSON text (forms, CLI)."""
    value = data.get(key)
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else None
        except (ValueError, RecursionError):  # RecursionError: nested too deep
            raise tk.ValidationError(
                {key: [tk._("Bukan JSON yang sah.")]}) from None
    return value


def _content(data: DataDict, current: TemplateVersion | None) -> dict[str, Any]:
    given = {key: _json(data, key) for key in _CONTENT if key in data}
    if current is not None:
        given = {
            "table_schema": given.get("table_schema", current.table_schema),
            "dialect": given.get("dialect", current.dialect),
            "options": given.get("options", current.options),
        }
    content, errors = cleaning.clean(
        given.get("table_schema"), given.get("dialect"), given.get("options"))
    if errors:
        raise tk.ValidationError(errors)
    return content


def _get_or_404(id_or_name: str | None) -> Template:
    template = Template.get(id_or_name)
    if template is None:
        raise tk.ObjectNotFound(tk._("Template tidak ditemukan."))
    return template


def _version_or_404(template: Template, number: int | None) -> TemplateVersion:
    """The template's version ``number``, its current one when None."""
    version = template.version(number)
    if version is None:
        raise tk.ObjectNotFound(tk._("Versi template tidak ditemukan."))
    return version


def _locked(id_or_name: str | None) -> Template:
    """The template, its row locked until the transaction ends."""
    found = _get_or_404(id_or_name)
    return model.Session.scalars(
        sa.select(Template).where(Template.id == found.id).with_for_update()
    ).one()


def _dictize(template: Template, version: TemplateVersion) -> dict[str, Any]:
    data = template.as_dict()
    data["version"] = version.as_dict()
    return data


def satudata_template_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Create a table template (its version 1).

    :param name: URL name, lower-case letters, digits, ``-`` and ``_``
    :type name: string
    :param title: the template's title in Bahasa Indonesia
    :type title: string
    :param description: what tables follow it (optional)
    :type description: string
    :param table_schema: a Frictionless Table Schema: ``fields`` (each with
        ``name``, ``title``, ``description``, ``type``, ``format``, ``unit``
        and ``constraints``: ``required``, ``unique``, ``minimum``,
        ``maximum``, ``pattern``, ``enum``, ...), ``primaryKey``,
        ``missingValues``; an object or its JSON text
    :type table_schema: dict
    :param dialect: CSV hints, ``{"delimiter": ","}`` (optional)
    :type dialect: dict
    :param options: checking options (optional): ``decimal_comma`` (accept
        ``1.234,5`` in number columns), ``region_code_fields`` (text columns
        checked against the Kemendagri region codes, and the names in the
        text column beside each against the codes' names),
        ``region_code_area`` (where those codes must lie: a Kemendagri code
        such as ``35``, or ``nasional``; absent: the portal's regency)
    :type options: dict
    :param note: what this version is for (optional)
    :type note: string

    :returns: the template with its ``version``
    :rtype: dictionary
    """
    tk.check_access("satudata_template_create", context, data_dict)
    data = validate(data_dict, schema.template_create_schema(), context)
    if Template.get(data["name"]) is not None:
        raise tk.ValidationError(
            {"name": [tk._("Nama template ini sudah dipakai.")]})
    content = _content(data, None)
    user_id = acting_user_id(context)
    template = Template(name=data["name"], title=data["title"],
                        description=data.get("description"),
                        current_version=1, creator_user_id=user_id)
    model.Session.add(template)
    model.Session.flush()
    version = TemplateVersion(template_id=template.id, version=1,
                              note=data.get("note"), created_by=user_id,
                              **content)
    model.Session.add(version)
    _commit(context)
    return _dictize(template, version)


def satudata_template_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change a template. A change of ``table_schema``, ``dialect`` or
    ``options`` makes a new version; older versions stay readable and the
    reports made against them keep their version.

    :param id: the template's id or name
    :type id: string

    The other parameters are those of ``satudata_template_create`` except
    ``name``; keys left out keep their value.

    :returns: the template with its (new or unchanged) current ``version``
    :rtype: dictionary
    """
    tk.check_access("satudata_template_update", context, data_dict)
    data = validate(data_dict, schema.template_update_schema(), context)
    # Two walidata saving at once must not both write version N+1.
    template = _locked(data["id"])
    current = template.version()
    for key in ("title", "description"):
        if key in data:
            setattr(template, key, data[key])
    version = current
    if any(key in data for key in _CONTENT):
        content = _content(data, current)
        if current is None or any(
                content[key] != (getattr(current, key) or {}) for key in _CONTENT):
            version = TemplateVersion(
                template_id=template.id,
                version=template.current_version + 1,
                note=data.get("note"),
                created_by=acting_user_id(context),
                **content,
            )
            model.Session.add(version)
            template.current_version = version.version
    _commit(context)
    assert version is not None
    return _dictize(template, version)


def _commit(context: Context) -> None:
    commit(context, "name", tk._(
        "Template diubah pada saat yang sama oleh pengguna lain, atau "
        "namanya sudah dipakai; muat ulang dan coba lagi."))


@tk.side_effect_free
def satudata_template_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A template with one version, the list of versions, and its usage.

    :param id: the template's id or name
    :type id: string
    :param version: the version to return (optional, default the current)
    :type version: int

    :returns: the template with ``version`` (the content), ``versions``
        (number, created, created_by, note, field_count), ``daftar_data``
        (the rows referencing it that the user may see; they are checked
        against the current version) and ``usage`` (per version, the
        datasets whose newest check of a resource used it, among those the
        user may see), ``announcements`` (each «Informasikan», newest first,
        of the rows in ``daftar_data``) and ``belum_diinformasikan`` (the ids
        of the established rows in ``daftar_data`` not told of the current
        version)
    :rtype: dictionary
    """
    tk.check_access("satudata_template_show", context, data_dict)
    data = validate(data_dict, schema.template_show_schema(), context)
    template = _get_or_404(data["id"])
    version = _version_or_404(template, data.get("version"))
    result = _dictize(template, version)
    result["versions"] = [
        {"version": v.version, "created": v.as_dict()["created"],
         "created_by": v.created_by, "note": v.note,
         "field_count": len(v.table_schema.get("fields", []))}
        for v in TemplateVersion.for_template(template.id)
    ]
    result["daftar_data"] = _visible_rows(context, template)
    result["usage"] = _usage(context, template)
    visible = {r["id"]: r for r in result["daftar_data"]}
    result["announcements"] = [
        dict(a.as_dict(), kode=visible[a.daftar_data_id]["kode"])
        for a in model.Session.scalars(
            sa.select(TemplateAnnouncement)
            .where(TemplateAnnouncement.template_id == template.id)
            .order_by(TemplateAnnouncement.created.desc()))
        if a.daftar_data_id in visible
    ]
    result["belum_diinformasikan"] = [
        r.id for r in announcement.pending_rows(template) if r.id in visible]
    return result


def _can(context: Context, action: str, data_dict: DataDict) -> bool:
    try:
        tk.check_access(action, {"user": context.get("user")}, data_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _visible_rows(context: Context, template: Template) -> list[dict[str, Any]]:
    rows = model.Session.scalars(
        sa.select(DaftarData)
        .where(DaftarData.template_id == template.id)
        .order_by(DaftarData.tahun.desc(), DaftarData.kode)
    )
    return [
        {"id": r.id, "kode": r.kode, "tahun": r.tahun, "nama_data": r.nama_data,
         "owner_org": r.owner_org, "status": r.status}
        for r in rows
        if _can(context, "satudata_daftar_data_show", {"id": r.id})
    ]


def _usage(context: Context, template: Template) -> list[dict[str, Any]]:
    report = ValidationReport
    rows = model.Session.execute(
        sa.select(report.template_version, model.Package.id, model.Package.name,
                  model.Package.title)
        .join(model.Package, model.Package.id == report.package_id)
        .where(report.template_id == template.id, report.newest(),
               model.Package.state == "active")
        .distinct()
        .order_by(report.template_version.desc(), model.Package.title)
    )
    usage: dict[int, list[dict[str, Any]]] = {}
    for version, id, name, title in rows:
        if _can(context, "package_show", {"id": id}):
            usage.setdefault(version, []).append(
                {"id": id, "name": name, "title": title})
    return [{"version": v, "datasets": d} for v, d in usage.items()]


@tk.side_effect_free
def satudata_template_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Templates, by title.

    :param q: words to look for in the name and title (optional)
    :type q: string
    :param limit: page size (optional, default 50, at most 1000)
    :type limit: int
    :param offset: rows to skip (optional)
    :type offset: int

    :returns: ``{"count": n, "results": [template with current_version,
        field_count and daftar_data_count]}``
    :rtype: dictionary
    """
    tk.check_access("satudata_template_list", context, data_dict)
    data = validate(data_dict, schema.template_list_schema(), context)
    query = sa.select(Template)
    if data.get("q"):
        for word in data["q"].split():
            like = f"%{word}%"
            query = query.where(sa.or_(Template.name.ilike(like),
                                       Template.title.ilike(like)))
    count = model.Session.scalar(
        sa.select(sa.func.count()).select_from(query.subquery()))
    templates = list(model.Session.scalars(
        query.order_by(Template.title)
        .limit(min(data.get("limit") or _LIST_LIMIT, _LIST_MAX))
        .offset(data.get("offset") or 0)
    ))
    ids = [t.id for t in templates]
    used = dict(model.Session.execute(
        sa.select(DaftarData.template_id, sa.func.count())
        .where(DaftarData.template_id.in_(ids))
        .group_by(DaftarData.template_id)
    ).all()) if ids else {}
    results = []
    for template in templates:
        version = template.version()
        item = template.as_dict()
        item["field_count"] = (
            len(version.table_schema.get("fields", [])) if version else 0)
        item["daftar_data_count"] = used.get(template.id, 0)
        results.append(item)
    return {"count": count, "results": results}


def satudata_template_announce(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """«Informasikan»: tell the OPDs of the established Daftar Data rows
    using this template about its current version (SOP step 3). Each row's
    Produsen Data and Admin Portal OPD get an email with the downloads (a
    background job) and an entry in "Tugas saya"; the announcement is
    recorded per row and counted against the step's time standard.

    :param id: the template's id or name
    :type id: string
    :param daftar_data_id: only this row (optional; default every row of the
        template not told of the current version yet)
    :type daftar_data_id: string

    :returns: ``template`` (id, name, title), ``version`` and
        ``announcements`` (one per row: ``daftar_data_id``, ``owner_org``,
        ``recipients``, ``clock_start``, ``created``, ``seconds``)
    :rtype: dictionary
    """
    tk.check_access("satudata_template_announce", context, data_dict)
    data = validate(data_dict, schema.template_announce_schema(), context)
    # Two Walidata announcing at once: the second waits and finds it done.
    template = _locked(data["id"])
    version = template.version()
    assert version is not None
    rows = announcement.pending_rows(template)
    if data.get("daftar_data_id"):
        row = DaftarData.get(data["daftar_data_id"])
        if row is None or row.template_id != template.id:
            raise tk.ValidationError({"daftar_data_id": [tk._(
                "Baris Daftar Data ini tidak memakai template ini.")]})
        rows = [r for r in rows if r.id == row.id]
        if not rows and row.status != DITETAPKAN:
            raise tk.ValidationError({"daftar_data_id": [tk._(
                "Hanya baris Daftar Data yang sudah ditetapkan yang "
                "diinformasikan.")]})
    if not rows:
        if not model.Session.scalar(
                sa.select(sa.func.count()).select_from(DaftarData)
                .where(DaftarData.template_id == template.id,
                       DaftarData.status == DITETAPKAN)):
            message = tk._("Template ini belum dipasang pada baris Daftar Data "
                           "yang ditetapkan; pasang dahulu.")
        else:
            message = tk._("Template versi {version} sudah diinformasikan "
                           "kepada OPD; tidak ada yang dikirim lagi.").format(
                version=version.version)
        raise tk.ValidationError({"id": [message]})
    user_id = acting_user_id(context)
    if user_id is None:  # ignore_auth without a user: nobody to record
        raise tk.NotAuthorized(tk._("Hanya Walidata yang dapat menginformasikan "
                                    "template tabel kepada OPD."))
    made = announcement.announce(template, version, rows, user_id)
    # Committed even when the caller defers: the emails queued below must
    # find the announcement stored.
    try:
        model.repo.commit()
    except IntegrityError:
        model.Session.rollback()
        raise tk.ValidationError({"id": [tk._(
            "Template ini baru saja diinformasikan oleh pengguna lain.")]}) from None
    announcement.enqueue_emails(made)
    return {
        "template": {"id": template.id, "name": template.name,
                     "title": template.title},
        "version": version.version,
        "announcements": [a.as_dict() for a in made],
    }


def _saved_upload(data: DataDict) -> tuple[str, str]:
    """The uploaded file saved to a temporary directory: (directory, path)."""
    upload = data.get("upload")
    if not isinstance(upload, FileStorage) or not upload.filename:
        raise tk.ValidationError(
            {"upload": [tk._("Unggah berkas CSV atau XLSX.")]})
    directory = tempfile.mkdtemp(prefix="satudata-template-")
    path = os.path.join(directory, "upload")
    upload.save(path)
    limit = tk.config.get("ckan.max_resource_size") * 1024 * 1024
    if os.path.getsize(path) > limit:
        shutil.rmtree(directory, ignore_errors=True)
        raise tk.ValidationError({"upload": [tk._(
            "Berkas lebih besar dari batas unggah ({size} MB).").format(
                size=tk.config.get("ckan.max_resource_size"))]})
    return directory, path


def satudata_template_infer(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Draft a template from a sample CSV or XLSX; nothing is saved.

    :param upload: the sample file (multipart upload)
    :type upload: file

    :returns: ``{"table_schema", "dialect", "options", "notes"}``: the
        draft and remarks in Bahasa Indonesia; pass the first three to
        ``satudata_template_create`` after reviewing them
    :rtype: dictionary
    """
    tk.check_access("satudata_template_infer", context, data_dict)
    data = validate(data_dict, schema.template_infer_schema(), context)
    directory, path = _saved_upload(data)
    name = data["upload"].filename
    try:
        return drafting.infer(path, file_name=name)
    except Unreadable as e:
        raise tk.ValidationError(
            {"upload": [describe(e.code, **e.params)[0]]}) from None
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def satudata_template_check(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Check a file against a template without creating a resource
    ("Cek kesesuaian").

    Small files are checked at once; larger ones
    (``ckanext.satudata.check.sync_max_bytes``) in a background job: the
    report comes back ``pending`` and ``satudata_validation_show`` with its
    ``id`` follows it.

    :param id: the template's id or name
    :type id: string
    :param version: the version to check against (optional, default the
        current)
    :type version: int
    :param upload: the CSV or XLSX file (multipart upload)
    :type upload: file

    :returns: the report
    :rtype: dictionary
    """
    tk.check_access("satudata_template_check", context, data_dict)
    data = validate(data_dict, schema.template_check_schema(), context)
    template = _get_or_404(data["id"])
    version = _version_or_404(template, data.get("version"))
    directory, path = _saved_upload(data)
    try:
        report = runner.check_upload(path, data["upload"].filename, version,
                                     context.get("user"))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return report.as_dict()
