"""Running checks of resources and of loose files, and keeping their reports.

A check starts when a data resource is added to or replaced on a dataset
whose Daftar Data row has a template (:func:`check_resource`, from the
resource hooks and ``satudata_validation_run``), or when a producer uses
"Cek kesesuaian" (:func:`check_upload`). Each check is a row of
``satudata_validation_report`` against the template's current version at
that moment. Files up to ``ckanext.satudata.check.sync_max_bytes`` are
checked in the request; larger ones by :func:`run_report` in a
background job, which reports its progress on the report.
"""
from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import urljoin, urlparse

import ckan.lib.uploader as uploader
import ckan.model as model
import ckan.plugins.toolkit as tk
import requests
from ckan.lib import search

from ckanext.satudata.model import utcnow
from ckanext.satudata.model.daftar_data import DaftarData
from ckanext.satudata.model.template import Template, TemplateVersion
from ckanext.satudata.model.validation import ValidationReport

from . import conformance, messages
from .reader import detect_format

log = logging.getLogger(__name__)

DATA_FORMATS = frozenset({"csv", "xlsx", "xls"})
_CHUNK = 1 << 16
_MAX_REDIRECTS = 5


class FetchError(Exception):
    """The file could not be obtained; ``code`` and ``params`` describe why."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class TooLarge(Exception):
    """The file is larger than the limit it was fetched with."""


def resource_format(resource: dict[str, Any]) -> str:
    """``csv``, ``xlsx``, ``xls`` or another lower-case format of a resource."""
    declared = (resource.get("format") or "").strip().lower().lstrip(".")
    if declared:
        return declared
    return detect_format(resource.get("url"), None)


def is_data_resource(resource: dict[str, Any]) -> bool:
    """A resource that holds the dataset's table: CSV, XLSX or XLS.

    By its format, or by its file name when no format is given. Other
    resources (a PDF of the methodology, a link to a dashboard) are not
    checked and do not count for the submission gate.
    """
    return resource_format(resource) in DATA_FORMATS


def template_of_package(package_id: str) -> tuple[DaftarData | None,
                                                  Template | None]:
    """The Daftar Data row a dataset is linked to, and that row's template."""
    package = model.Package.get(package_id)
    if package is None:
        return None, None
    row = DaftarData.get(package.extras.get("daftar_data_id"))
    if row is None:
        return None, None
    return row, Template.get(row.template_id)


def spec_of(version: TemplateVersion) -> conformance.Spec:
    return conformance.Spec(
        table_schema=version.table_schema,
        dialect=version.dialect or {},
        options=version.options or {},
    )


def file_state(resource_id: str) -> tuple[str, str]:
    """What identifies the file a resource holds now: its stored URL (the
    file name, for an upload) and when the file last changed."""
    resource = model.Resource.get(resource_id)
    if resource is None:
        return "", ""
    modified = resource.last_modified
    return resource.url or "", modified.isoformat() if modified else ""


def file_changed(report: ValidationReport) -> bool:
    """Whether the resource no longer holds the file ``report`` checked."""
    return file_state(report.resource_id or "") != (
        report.resource_url or "", report.resource_last_modified or "")


# Starting checks ------------------------------------------------------------

def check_resource(resource: dict[str, Any], user: str | None = None
                   ) -> ValidationReport | None:
    """Check a resource against its dataset's template, if it has one.

    Returns the new report (finished, or pending in the job queue), or None
    when there is nothing to check it against or it holds no table.
    """
    if not is_data_resource(resource):
        return None
    _, template = template_of_package(resource["package_id"])
    if template is None:
        return None
    report = ValidationReport(
        resource_id=resource["id"],
        package_id=resource["package_id"],
        template_id=template.id,
        template_version=template.current_version,
        status="pending",
        source="upload" if resource.get("url_type") == "upload" else "url",
        file_name=resource_file_name(resource),
        file_format=resource_format(resource),
        created_by=_user_id(user),
    )
    report.resource_url, report.resource_last_modified = file_state(resource["id"])
    model.Session.add(report)
    model.Session.commit()
    limit = tk.config.get("ckanext.satudata.check.sync_max_bytes")
    try:
        with local_copy(resource, limit) as path:
            _run(report, path)
    except TooLarge:
        _enqueue(report)
    except FetchError as e:
        _fail(report, e.code, **e.params)
    return report


def check_upload(path: str, file_name: str, version: TemplateVersion,
                 user: str | None) -> ValidationReport:
    """Check a file that is not (yet) a resource ("Cek kesesuaian").

    The file at ``path`` is moved into the portal's storage until checked.
    """
    name = os.path.basename(file_name or "berkas")
    report = ValidationReport(
        template_id=version.template_id,
        template_version=version.version,
        status="pending",
        source="check",
        file_name=name,
        file_format=detect_format(name, None),
        created_by=_user_id(user),
    )
    model.Session.add(report)
    model.Session.commit()
    directory = _check_directory(report.id)
    stored = os.path.join(directory, "upload")
    shutil.move(path, stored)
    if os.path.getsize(stored) <= tk.config.get(
            "ckanext.satudata.check.sync_max_bytes"):
        try:
            _run(report, stored)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    else:
        # The job deletes the file when it is done with it.
        _enqueue(report)
    return report


def _check_directory(report_id: str) -> str:
    directory = os.path.join(uploader.get_storage_path(), "satudata", "checks",
                             report_id)
    os.makedirs(directory, exist_ok=True)
    return directory


def _enqueue(report: ValidationReport) -> None:
    tk.enqueue_job(
        run_report,
        [report.id],
        title=f"satudata: cek kesesuaian {report.file_name}",
        rq_kwargs={"timeout": tk.config.get("ckanext.satudata.check.job_timeout")},
    )


# Running them ---------------------------------------------------------------

def run_report(report_id: str) -> None:
    """Run a pending check: the job of ``ckan jobs worker`` (RQ) that
    :func:`_enqueue` queues; progress is written to the report."""
    report = ValidationReport.get(report_id)
    if report is None or report.status not in ("pending", "running"):
        return
    if report.source == "check":
        directory = _check_directory(report.id)
        try:
            _run(report, os.path.join(directory, "upload"), progress=True)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return
    try:
        resource = tk.get_action("resource_show")(
            {"ignore_auth": True}, {"id": report.resource_id})
    except tk.ObjectNotFound:
        _fail(report, "unduhan-gagal",
              reason=tk._("sumber daya sudah dihapus."))
        return
    try:
        with local_copy(resource, tk.config.get(
                "ckanext.satudata.check.max_bytes")) as path:
            _run(report, path, progress=True)
    except TooLarge:
        _fail(report, "terlalu-besar", limit=_size_text(
            tk.config.get("ckanext.satudata.check.max_bytes")))
    except FetchError as e:
        _fail(report, e.code, **e.params)


def _run(report: ValidationReport, path: str, progress: bool = False) -> None:
    version = TemplateVersion.get(report.template_id, report.template_version)
    if version is None:
        _fail(report, "sistem", reason=tk._("versi template tidak ditemukan"))
        return
    report.status = "running"
    report.started = utcnow()
    model.Session.commit()

    def on_progress(fraction: float) -> None:
        report.progress = min(int(fraction * 100), 99)
        model.Session.commit()

    try:
        result = conformance.check_file(
            path,
            spec_of(version),
            file_name=report.file_name,
            file_format=report.file_format,
            max_errors=tk.config.get("ckanext.satudata.check.max_errors"),
            on_progress=on_progress if progress else None,
        )
    except Exception as e:  # a bug must not leave a report "running" forever
        log.exception("Conformance check %s failed", report.id)
        model.Session.rollback()
        _fail(report, "sistem", status="error", reason=type(e).__name__)
        return
    report.status = result.status
    report.counts = result.counts
    report.errors = result.errors
    report.warnings = result.warnings
    _finish(report)


def _fail(report: ValidationReport, code: str, status: str = "failure",
          **params: Any) -> None:
    message, expected = messages.describe(code, **params)
    report.status = status
    report.errors = [{"code": code, "row": None, "column": None,
                      "position": None, "value": None, "message": message,
                      "expected": expected}]
    report.counts = {"rows": 0, "errors": 1, "warnings": 0,
                     "by_code": {code: 1}, "by_column": []}
    _finish(report)


def _finish(report: ValidationReport) -> None:
    report.progress = 100
    report.finished = utcnow()
    model.Session.commit()
    if report.package_id:
        # The index holds package_show's output, which carries the status.
        search.rebuild(report.package_id)


# Getting the file -----------------------------------------------------------

@contextlib.contextmanager
def local_copy(resource: dict[str, Any], limit: int) -> Iterator[str]:
    """A path to the resource's file on this machine, for the duration.

    Raises :class:`TooLarge` above ``limit`` bytes and :class:`FetchError`
    when the file cannot be obtained.
    """
    if resource.get("url_type") == "upload":
        with _uploaded(resource, limit) as path:
            yield path
        return
    with tempfile.TemporaryDirectory(prefix="satudata-url-") as directory:
        path = os.path.join(directory, "download")
        with open(path, "wb") as out:
            _download(resource.get("url") or "", out, limit)
        yield path


@contextlib.contextmanager
def _uploaded(resource: dict[str, Any], limit: int) -> Iterator[str]:
    upload = uploader.get_resource_uploader(dict(resource))
    location = upload.get_path(resource["id"])
    storage = getattr(upload, "storage", None)
    if storage is None or not hasattr(storage, "stream"):
        # Files on the local disk are read where they lie.
        if not os.path.exists(location):
            raise FetchError("unduhan-gagal",
                             reason=tk._("berkas unggahan tidak ditemukan."))
        if os.path.getsize(location) > limit:
            raise TooLarge()
        yield location
        return
    # A file-keeper storage (CKAN 2.12) may be remote: stream it to disk.
    # ckan.lib.files only exists from 2.12 on, the one version that gets here.
    from ckan.lib import files

    data = files.FileData(files.Location(location))
    with tempfile.TemporaryDirectory(prefix="satudata-upload-") as directory:
        path = os.path.join(directory, "upload")
        with open(path, "wb") as out:
            written = 0
            try:
                for chunk in storage.stream(data):
                    written += len(chunk)
                    if written > limit:
                        raise TooLarge()
                    out.write(chunk)
            except files.exc.MissingFileError:
                raise FetchError("unduhan-gagal", reason=tk._(
                    "berkas unggahan tidak ditemukan.")) from None
        yield path


def _download(url: str, out: IO[bytes], limit: int) -> None:
    timeout = tk.config.get("ckanext.satudata.check.url_timeout")
    for _ in range(_MAX_REDIRECTS + 1):
        _refuse_unsafe(url)
        try:
            response = requests.get(url, stream=True, timeout=timeout,
                                    allow_redirects=False)
        except requests.RequestException as e:
            raise FetchError("unduhan-gagal", reason=tk._(
                "server tidak dapat dihubungi ({error}).").format(
                    error=type(e).__name__)) from None
        with response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            if response.status_code != 200:
                raise FetchError("unduhan-gagal", reason=tk._(
                    "server menjawab HTTP {code}.").format(
                        code=response.status_code))
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise TooLarge()
            written = 0
            for chunk in response.iter_content(_CHUNK):
                written += len(chunk)
                if written > limit:
                    raise TooLarge()
                out.write(chunk)
            return
    raise FetchError("unduhan-gagal", reason=tk._("terlalu banyak pengalihan."))


def _refuse_unsafe(url: str) -> None:
    """Only http(s) to public addresses: the checker must not become a way
    to read the portal's own network (the report shows the file's values)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise FetchError("unduhan-gagal", reason=tk._(
            "hanya tautan http:// atau https:// yang dapat diperiksa."))
    if tk.config.get("ckanext.satudata.check.allow_private_urls"):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(
            parsed.hostname, parsed.port or 443, proto=socket.IPPROTO_TCP)}
    except OSError:
        raise FetchError("unduhan-gagal", reason=tk._(
            "nama server {host} tidak dikenal.").format(
                host=parsed.hostname)) from None
    if any(not ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
        raise FetchError("unduhan-gagal", reason=tk._(
            "alamat jaringan internal tidak diizinkan."))


def resource_file_name(resource: dict[str, Any]) -> str:
    url = resource.get("url") or ""
    return os.path.basename(urlparse(url).path) or resource.get("name") or url


def _user_id(user: str | None) -> str | None:
    obj = model.User.get(user) if user else None
    return obj.id if obj else None


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"
