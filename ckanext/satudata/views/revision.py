"""Pages of revisions and versions.

``POST /dataset/<id>/mutakhirkan`` starts a revision ("Mutakhirkan") and
opens its draft; ``POST /dataset/<id>/revisi/batalkan`` abandons it.
``/dataset/<id>/versi`` lists the published versions,
``/dataset/<id>/versi/<n>`` shows one as published, with its files from
the version's copies (``.../unduh/<resource id>``). Every rule lives in the
actions.
"""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Response
from flask import Blueprint, send_file

from ckanext.satudata.revision import copying, versions
from ckanext.satudata.views.request import call, submit

bp = Blueprint("satudata_revision", __name__)


@bp.route("/dataset/<id>/mutakhirkan", methods=["POST"])
def start(id: str) -> Response:
    revision = submit("satudata_revision_start", {"id": id})
    if revision is None:
        return tk.redirect_to("dataset.read", id=id)
    tk.h.flash_success(tk._(
        "Revisi {number} dimulai. Ubah metadata dan sumber data di salinan"
        " ini, lalu ajukan; dataset yang terbit tetap tampil apa adanya"
        " sampai revisi diterbitkan."
    ).format(number=revision["number"]))
    return tk.redirect_to("dataset.read", id=revision["draft_name"])


@bp.route("/dataset/<id>/revisi/batalkan", methods=["POST"])
def abandon(id: str) -> Response:
    revision = submit("satudata_revision_abandon", {"id": id})
    if revision is None:
        return tk.redirect_to("dataset.read", id=id)
    tk.h.flash_success(tk._("Revisi {number} dibatalkan.").format(
        number=revision["number"]))
    return tk.redirect_to("dataset.read", id=revision["package_name"])


@bp.route("/dataset/<id>/versi")
def version_list(id: str) -> str:
    pkg_dict = call("package_show", {"id": id})
    listed = call("satudata_version_list", {"id": pkg_dict["id"]})
    return tk.render("satudata/revision/versions.html",
                     {"pkg_dict": pkg_dict, "versions": listed})


@bp.route("/dataset/<id>/versi/<int:number>")
def version_read(id: str, number: int) -> str:
    pkg_dict = call("package_show", {"id": id})
    version = call("satudata_version_show", {"id": pkg_dict["id"], "number": number})
    return tk.render("satudata/revision/version.html",
                     {"pkg_dict": pkg_dict, "version": version})


@bp.route("/dataset/<id>/versi/<int:number>/unduh/<resource_id>")
def version_download(id: str, number: int, resource_id: str) -> Response:
    pkg_dict = call("package_show", {"id": id})
    call("satudata_version_show", {"id": pkg_dict["id"], "number": number})
    version = versions.get(pkg_dict["id"], number)
    path = versions.file_of(version, resource_id) if version else None
    if version is None or path is None:
        return tk.abort(404, tk._("Berkas versi ini tidak disimpan."))
    resource: dict[str, Any] = next(
        (r for r in (version.snapshot or {}).get("resources", [])
         if r.get("id") == resource_id), {},
    )
    name = copying.file_name(resource) if resource else os.path.basename(path)
    return send_file(path, download_name=name, as_attachment=True,
                     mimetype=resource.get("mimetype") or None)
