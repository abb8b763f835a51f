"""The submission gate: may this dataset be submitted (``ajukan``)?

The workflow calls :func:`submission_gate` before the ``ajukan``
transition and records ``template_id``, ``template_version`` and
``report_ids`` of a passing result in its event.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.model.validation import ValidationReport

from . import runner


@dataclasses.dataclass(frozen=True)
class GateResult:
    passed: bool
    problems: list[str]
    template_id: str | None
    template_version: int | None
    report_ids: list[str]

    def as_dict(self) -> dict[str, Any]:
        """What the actions answer about the gate."""
        return {
            "passed": self.passed,
            "problems": list(self.problems),
            "template_id": self.template_id,
            "template_version": self.template_version,
            "report_ids": list(self.report_ids),
        }


def submission_gate(package_id: str) -> GateResult:
    """Whether the dataset may be submitted.

    It may when it is linked to a Daftar Data row (dataset field
    ``daftar_data_id``) that has a template, it has at least one data
    resource, and every data resource has, as its newest report, a check
    with status ``success`` against the CURRENT version of that template,
    of the file the resource holds now.

    A *data resource* is an active resource whose format is CSV, XLSX or XLS
    (from the ``format`` field, or from the file name when the format is
    empty), see :func:`.runner.is_data_resource`. An XLS resource can never
    pass: the checker cannot read Excel 97-2003 files, and says so.

    :param package_id: id or name of the dataset
    :returns: ``problems`` holds one sentence in Bahasa Indonesia per reason
        not to submit (missing link, missing template, no data resource, and
        per resource: not checked, still running, failed, checked against an
        older template version, file replaced since the check); empty when
        ``passed``. ``report_ids`` are the passing reports relied on, one per
        data resource, in the dataset's resource order.
    """
    _ = tk._
    package = model.Package.get(package_id)
    if package is None or package.state == "deleted":
        return _refused([_("Dataset tidak ditemukan.")])
    row, template = runner.template_of_package(package.id)
    if row is None:
        return _refused([_("Dataset belum ditautkan ke baris Daftar Data.")])
    if template is None:
        return _refused([_(
            "Baris Daftar Data {kode} ({tahun}) belum memiliki template; "
            "minta Walidata memasang template.").format(
                kode=row.kode, tahun=row.tahun)])

    version = template.current_version
    resources = [
        {"id": r.id, "name": r.name, "url": r.url, "format": r.format}
        for r in package.resources  # active resources, in their order
    ]
    data = [r for r in resources if runner.is_data_resource(r)]
    if not data:
        return _refused([_("Dataset belum memiliki sumber daya data (CSV atau "
                           "XLSX).")], template.id, version)

    reports = ValidationReport.latest_for([r["id"] for r in data])
    problems: list[str] = []
    passing: list[str] = []
    for resource in data:
        name = resource["name"] or resource["url"] or resource["id"]
        report = reports.get(resource["id"])
        if report is None:
            problems.append(_("Sumber daya '{name}' belum diperiksa terhadap "
                              "template; jalankan pemeriksaan.").format(name=name))
        elif report.status in ("pending", "running"):
            problems.append(_("Pemeriksaan sumber daya '{name}' belum selesai.")
                            .format(name=name))
        elif report.template_id != template.id or report.template_version != version:
            problems.append(_(
                "Sumber daya '{name}' diperiksa dengan template versi {old}, "
                "sedangkan versi yang berlaku {new}; jalankan pemeriksaan "
                "ulang.").format(name=name, old=report.template_version,
                                 new=version))
        elif runner.file_changed(report):
            problems.append(_("Berkas sumber daya '{name}' berubah sejak "
                              "pemeriksaan terakhir; jalankan pemeriksaan "
                              "ulang.").format(name=name))
        elif report.status != "success":
            problems.append(_("Sumber daya '{name}' tidak sesuai template "
                              "({count} kesalahan).").format(
                name=name, count=(report.counts or {}).get("errors", 0)))
        else:
            passing.append(report.id)
    if problems:
        return _refused(problems, template.id, version)
    return GateResult(True, [], template.id, version, passing)


def _refused(problems: list[str], template_id: str | None = None,
             version: int | None = None) -> GateResult:
    return GateResult(False, problems, template_id, version, [])
