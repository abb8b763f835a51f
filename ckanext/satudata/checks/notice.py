"""The check of a file saved through the resource form, told at once.

A producer who uploads (or replaces) a data resource through the form
lands, as CKAN decides, on the dataset, the resource or a blank form for the
next one. Wherever that is, a flash message there says what the check found
and links to the full report, so the result is seen on the same flow and
not discovered later at the submission gate. API clients get the result in
the resource's ``validation_status`` instead.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import flask
from markupsafe import Markup

from ckanext.satudata.model.template import Template
from ckanext.satudata.model.validation import ValidationReport


def from_resource_form() -> bool:
    """Whether this request is a post of CKAN's resource form."""
    if not flask.has_request_context():
        return False
    blueprint, _, view = (tk.request.endpoint or "").rpartition(".")
    return (tk.request.method == "POST" and blueprint.endswith("resource")
            and view in ("new", "edit"))


def announce(report: ValidationReport | None) -> None:
    """Flash the outcome of the check of a new file (None: not checked)."""
    _ = tk._
    if report is None:
        tk.h.flash_notice(_(
            "Berkas tidak diperiksa: dataset ini belum tertaut ke baris Daftar "
            "Data yang memiliki template."))
        return
    template = Template.get(report.template_id)
    names = {"file": report.file_name,
             "template": template.title if template else report.template_id,
             "version": report.template_version}
    if report.status == "success":
        flash, text = tk.h.flash_success, _(
            "Berkas «{file}» sesuai template «{template}» versi {version}.")
    elif report.status == "failure":
        names["count"] = (report.counts or {}).get("errors", 0)
        flash, text = tk.h.flash_error, _(
            "Berkas «{file}» tidak sesuai template «{template}» versi "
            "{version}: {count} kesalahan. Perbaiki berkas lalu unggah lagi.")
    elif report.status == "error":
        flash, text = tk.h.flash_error, _(
            "Berkas «{file}» gagal diperiksa terhadap template «{template}».")
    else:
        flash, text = tk.h.flash_notice, _(
            "Berkas «{file}» sedang diperiksa terhadap template «{template}» "
            "versi {version} di latar belakang.")
    link = tk.h.url_for("satudata_validation.report", id=report.id)
    flash(Markup('{text} <a class="satudata-check-notice" href="{link}">{label}</a>')
          .format(text=text.format(**names), link=link,
                  label=_("Lihat laporan kesesuaian")), allow_html=True)
