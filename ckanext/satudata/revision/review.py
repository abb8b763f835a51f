"""What a revision changes, as its checker and approver see it: the draft
against the live dataset (:mod:`.diff`) and each replaced table row by row
(:mod:`.table_diff`), both files read from the portal's storage."""
from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.checks import runner
from ckanext.satudata.model.revision import Revision
from ckanext.satudata.model.validation import ValidationReport

from .diff import PackageDiff, package_diff
from .table_diff import TableDiff, TableFile, max_rows_configured, table_diff

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Changes:
    package: PackageDiff
    tables: dict[str, TableDiff]


def changes(revision: Revision) -> Changes:
    """The changes of ``revision``'s draft against the live dataset."""
    show = tk.get_action("package_show")
    context = {"ignore_auth": True}
    live = show(dict(context), {"id": revision.package_id})
    draft = show(dict(context), {"id": revision.draft_package_id})
    diff = package_diff(live, draft, revision.replaces or {})
    live_resources = {r["id"]: r for r in live.get("resources") or []}
    draft_resources = {r["id"]: r for r in draft.get("resources") or []}
    tables = {}
    for change in diff.resources:
        if not (change.file_changed and change.live_id and change.draft_id):
            continue
        old = live_resources[change.live_id]
        new = draft_resources[change.draft_id]
        if runner.is_data_resource(old) and runner.is_data_resource(new):
            tables[change.draft_id] = _table_diff(draft["id"], old, new)
    return Changes(diff, tables)


def _table_diff(draft_id: str, old: dict[str, Any], new: dict[str, Any]) -> TableDiff:
    _, template = runner.template_of_package(draft_id)
    if template is None:
        return TableDiff(error=tk._(
            "Dataset ini tidak terhubung dengan template tabel, jadi baris "
            "tabelnya tidak dapat dibandingkan."))
    # Read against the version the revision's file was checked with.
    report = ValidationReport.latest(new["id"])
    version = template.version(report.template_version if report else None)
    if version is None:
        return TableDiff(error=tk._("Versi template tidak ditemukan."))
    key = (_file_key(old), _file_key(new), template.id, version.version,
           max_rows_configured())
    if key in _TABLE_DIFFS:
        _TABLE_DIFFS.move_to_end(key)
        return _TABLE_DIFFS[key]
    spec = runner.spec_of(version)
    limit = tk.config.get("ckanext.satudata.check.max_bytes")
    try:
        with runner.local_copy(old, limit) as old_path, \
                runner.local_copy(new, limit) as new_path:
            found = table_diff(
                TableFile(old_path, runner.resource_file_name(old),
                          runner.resource_format(old)),
                TableFile(new_path, runner.resource_file_name(new),
                          runner.resource_format(new)),
                spec)
    except (runner.TooLarge, runner.FetchError):
        return TableDiff(error=tk._(
            "Berkas tidak dapat dibaca dari penyimpanan portal untuk "
            "dibandingkan. Unduh kedua berkas untuk membandingkannya."))
    _TABLE_DIFFS[key] = found
    while len(_TABLE_DIFFS) > _KEPT:
        _TABLE_DIFFS.popitem(last=False)
    return found


# Table diffs by the file versions and template version they compare: the
# draft's page is opened many times between two uploads, and reading both
# files costs more than the rest of the page. A replaced file has a new
# last_modified, so it is compared again.
_KEPT = 64
_TABLE_DIFFS: OrderedDict[tuple[Any, ...], TableDiff] = OrderedDict()


def _file_key(resource: dict[str, Any]) -> tuple[Any, ...]:
    return (resource["id"], resource.get("url"), resource.get("size"),
            resource.get("last_modified") or resource.get("metadata_modified"))
