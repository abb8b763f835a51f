"""No query string, form or body makes the extension answer 500.

A sweep over every route of the extension's blueprints and every
``satudata_*`` action: each parameter a view or an action reads gets hostile
values (a NUL byte, 10,000 characters, quotes, negative and huge numbers,
bytes that are not UTF-8, impossible dates; for actions also lists, objects,
numbers, null, deep nesting and lone surrogates where text is expected), as
an anonymous visitor and as a sysadmin (who gets past every permission check
and so reaches the most code). A refusal is fine (4xx, or a page that shows
the error); a server error is not. In tests Flask re-raises what would be a
500, so an exception counts as one.

CKAN core's own 500s on the same kind of input that the extension closes
(views/guard.py) are here too: ``/dataset/changes_multiple`` with ids that
are not activities of one dataset, and a JSON body nested 20,000 deep.
"""
from __future__ import annotations

import io
import json
import urllib.parse
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.logic import action as satudata_actions
from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_dataset

pytestmark = pytest.mark.usefixtures("clean_db")

NON_UTF8 = "%FF%FE%C0"  # percent-encoded bytes that are no UTF-8 text

HOSTILE = [
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "'\"<script>--;",
    "-1",
    "9" * 40,
    "1e309",
    "2026-02-30",
    " ",
    NON_UTF8,
]

# The parameters each page reads (request.args in views/*.py).
QUERY = {
    "satudata_calendar.index": ("tahun", "organization", "bulan"),
    "satudata_calendar.export_csv": ("tahun", "organization", "bulan"),
    "satudata_calendar.export_ical": ("tahun", "organization", "bulan"),
    "satudata_daftar_data.index": ("tahun", "organization", "status",
                                   "jenis_data", "klasifikasi_akses",
                                   "data_prioritas", "q", "page"),
    "satudata_daftar_data.manage": ("tahun", "organization", "status",
                                    "jenis_data", "klasifikasi_akses",
                                    "data_prioritas", "q", "page"),
    "satudata_daftar_data.export": ("tahun", "organization", "status",
                                    "jenis_data", "klasifikasi_akses",
                                    "data_prioritas", "q"),
    "satudata_daftar_data.import_preview": ("masalah",),
    "satudata_daftar_data.aliases": (),
    "satudata_berita_acara.index": ("tahun", "organization", "status"),
    "satudata_report.board": ("tahun", "organization", "mulai", "sampai"),
    "satudata_report.rows": ("tahun", "organization", "mulai", "sampai",
                             "ukuran", "status"),
    "satudata_report.download": ("tahun", "organization", "mulai", "sampai"),
    "satudata_roles.index": ("organization", "role", "user"),
    "satudata_workflow.queue": ("terlambat",),
    "satudata_template.index": ("q",),
    "satudata_template.read": ("versi",),
    "satudata_daftar_data.read": ("cari_template",),
    "satudata_template.download": ("versi",),
    "satudata_validation.table_preview": ("halaman",),
}

_DAFTAR_FIELDS = ("kode", "tahun", "nama_data", "owner_org",
                  "produsen_pendukung", "jenis_data",
                  "klasifikasi_akses", "jadwal_pemutakhiran", "data_prioritas",
                  "tanggal_berita_acara", "template_id", "catatan")
_TEMPLATE_FIELDS = ("name", "title", "description", "note", "aksi", "delimiter",
                    "decimal_comma", "missing_values", "fields-0-name",
                    "fields-0-title", "fields-0-type", "fields-0-minimum",
                    "fields-0-maximum", "fields-0-enum", "fields-0-pattern",
                    "fields-0-required")

# The form fields each POST reads (request.form in views/*.py).
FORM = {
    "satudata_revision.start": (),
    "satudata_revision.abandon": (),
    "satudata_workflow.transition": ("transition", "note", "checklist",
                                     "has_checklist"),
    "satudata_validation.run": ("resource_id",),
    "satudata_roles.organization_assign": ("user", "role", "organization"),
    "satudata_roles.organization_revoke": ("user", "role", "organization"),
    "satudata_roles.assign": ("user", "role", "organization"),
    "satudata_roles.revoke": ("user", "role", "organization"),
    "satudata_daftar_data.edit": _DAFTAR_FIELDS,
    "satudata_daftar_data.new": _DAFTAR_FIELDS,
    "satudata_daftar_data.establish": ("no_sk", "tanggal_sk"),
    "satudata_daftar_data.revoke": ("alasan",),
    "satudata_daftar_data.delete": (),
    "satudata_daftar_data.establish_bulk": ("tahun", "no_sk", "tanggal_sk",
                                            "organization"),
    "satudata_daftar_data.import_": ("tahun",),
    "satudata_daftar_data.import_confirm": ("token",),
    "satudata_daftar_data.alias_create": ("owner_org", "alias"),
    "satudata_daftar_data.alias_seed": (),
    "satudata_daftar_data.alias_delete": (),
    "satudata_berita_acara.new": ("owner_org", "tahun", "tanggal", "nomor",
                                  "tempat", "peserta", "catatan"),
    "satudata_berita_acara.edit": ("tanggal", "nomor", "tempat", "peserta",
                                   "catatan"),
    "satudata_berita_acara.upload": (),
    "satudata_template.attach": ("kode", "tahun"),
    "satudata_template.announce": ("daftar_data_id",),
    "satudata_daftar_data.set_template": ("template_id",),
    "satudata_template.edit": _TEMPLATE_FIELDS,
    "satudata_template.new": _TEMPLATE_FIELDS,
    "satudata_template.check": (),
}

_FORMATS = {
    "satudata_daftar_data.export": ("csv", "xlsx"),
    "satudata_report.download": ("xlsx", "csv"),
    "satudata_template.download": ("csv", "xlsx", "json"),
}


class Site:
    """One object of each kind, so that path parameters can name real ones."""

    def __init__(self) -> None:
        self.sysadmin = factories.Sysadmin()
        self.token = factories.APIToken(user=self.sysadmin["name"])["token"]
        self.org = factories.Organization(name="dinkes", title="Dinas Kesehatan")
        self.row = daftar_data_row(self.org["id"], tahun=2024)
        self.dataset = sdi_dataset(owner_org=self.org["id"])
        self.template = helpers.call_action(
            "satudata_template_create",
            context={"user": self.sysadmin["name"]},
            name="penduduk", title="Penduduk",
            table_schema={"fields": [{"name": "jumlah", "type": "integer"}]},
        )
        # Activities by a person (the site user's are hidden in test.ini).
        as_admin = {"user": self.sysadmin["name"]}
        for notes in ("Catatan baru", "Catatan lebih baru"):
            helpers.call_action("package_patch", context=dict(as_admin),
                                id=self.dataset["id"], notes=notes)
        helpers.call_action("organization_patch", context=dict(as_admin),
                            id=self.org["id"], description="OPD kesehatan")
        self.berita_acara = helpers.call_action(
            "satudata_berita_acara_create", context=dict(as_admin),
            owner_org=self.org["id"], tahun=2024, tanggal="2024-02-01",
            hasil=[{"daftar_data_id": self.row.id, "ketersediaan": "tersedia"}])

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": self.token} if who == "sysadmin" else {}

    def real_id(self, endpoint: str, rule: str) -> str:
        if rule.startswith("/dataset/"):
            return self.dataset["name"]
        if rule.startswith("/organization/"):
            return self.org["name"]
        if "template" in rule:
            return self.template["name"]
        if "berita-acara" in rule:
            return str(self.berita_acara["id"])
        return str(self.row.id)


@pytest.fixture
def site() -> Site:
    return Site()


def _rules(app) -> list[Any]:
    return sorted(
        (rule for rule in app.flask_app.url_map.iter_rules()
         if rule.endpoint.startswith("satudata_")),
        key=lambda rule: rule.rule,
    )


def _path(rule: Any, site: Site, fmt: str | None, id_value: str | None = None) -> str:
    path = rule.rule.replace("<fmt>", fmt or "csv")
    value = id_value if id_value is not None else site.real_id(rule.endpoint, rule.rule)
    return path.replace("<id>", urllib.parse.quote(value, safe=""))


def _query(params: dict[str, str]) -> str:
    # NON_UTF8 goes into the URL as it is: urlencode would escape its "%".
    return "&".join(
        f"{urllib.parse.quote(k)}={v if v == NON_UTF8 else urllib.parse.quote(v)}"
        for k, v in params.items()
    )


def _form(params: dict[str, str]) -> dict[str, str]:
    return {k: "\ufffd" if v == NON_UTF8 else v for k, v in params.items()}


class _Failures(list):
    def check(self, label: str, request: Any, url: str, **kwargs: Any) -> None:
        """``request(url, **kwargs)``; a 500, or what would be one, is noted."""
        try:
            response = request(url, status=None, follow_redirects=False, **kwargs)
        except Exception as e:  # noqa: BLE001 (a 500 outside tests)
            self.append(f"{label}: {type(e).__name__}: {str(e)[:160]}")
            # As CKAN's teardown would after a real 500.
            model.Session.rollback()
            return
        if response.status_code >= 500:
            self.append(f"{label}: HTTP {response.status_code}")


def _variants(endpoint: str) -> tuple[str | None, ...]:
    return _FORMATS.get(endpoint, (None,))


def _sweep(app, site: Site, rule: Any, who: str, failures: _Failures) -> None:
    """Each parameter alone with each hostile value, and all at once."""
    post = "POST" in rule.methods and rule.endpoint in FORM
    names = FORM.get(rule.endpoint, ()) if post else QUERY.get(rule.endpoint, ())
    for fmt in _variants(rule.endpoint):
        url = _path(rule, site, fmt)
        batches = [{name: value} for name in names for value in HOSTILE]
        # Every parameter hostile at once, each with another value.
        batches += [
            {name: HOSTILE[(i + shift) % len(HOSTILE)] for i, name in enumerate(names)}
            for shift in range(len(HOSTILE))
        ] if names else [{}]
        for params in batches:
            label = f"{who} {'POST' if post else 'GET'} {url} {params!r:.120}"
            if post:
                failures.check(label, app.post, url, data=_form(params),
                               headers=site.headers(who))
            else:
                query = _query(params)
                failures.check(label, app.get, f"{url}?{query}" if query else url,
                               headers=site.headers(who))


def _path_sweep(app, site: Site, rule: Any, who: str, failures: _Failures) -> None:
    if "<id>" not in rule.rule:
        return
    post = "POST" in rule.methods and rule.endpoint in FORM
    for value in HOSTILE:
        url = _path(rule, site, None, id_value=value.replace(NON_UTF8, "\ufffd"))
        label = f"{who} {url[:120]}"
        if post:
            failures.check(label, app.post, url, data={}, headers=site.headers(who))
        if "GET" in rule.methods:
            failures.check(label, app.get, url, headers=site.headers(who))


def test_every_parameter_is_listed(app):
    """The sweep knows every route; a new one must be added above."""
    endpoints = {rule.endpoint for rule in _rules(app)}
    listed = set(QUERY) | set(FORM)
    without_parameters = {
        "satudata_validation.dataset",
        "satudata_validation.report", "satudata_roles.organization",
        "satudata_revision.version_list", "satudata_revision.version_read",
        "satudata_revision.version_download", "satudata_berita_acara.read",
        "satudata_berita_acara.pdf", "satudata_berita_acara.scan",
    }
    assert endpoints - listed - without_parameters == set()


@pytest.mark.parametrize("who", ["anonymous", "sysadmin"])
def test_no_route_answers_500(app, site, who):
    failures = _Failures()
    for rule in _rules(app):
        _sweep(app, site, rule, who, failures)
        _path_sweep(app, site, rule, who, failures)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("value", ["abc", "-1", "9" * 30, "'"])
def test_a_bad_terlambat_is_a_400_in_indonesian(app, site, value):
    response = app.get(f"/satudata/tugas?{_query({'terlambat': value})}",
                       headers=site.headers("sysadmin"), status=400)
    assert "Parameter terlambat hanya boleh berisi true atau false" in response.body


@pytest.mark.parametrize("url", [
    "/daftar-data?q=%00", "/daftar-data?organization=%00",
    "/satudata/pemantauan?organization=%00", "/template?q=%00",
])
@pytest.mark.parametrize("who", ["anonymous", "sysadmin"])
def test_a_nul_byte_is_a_400_in_indonesian(app, site, url, who):
    response = app.get(url, headers=site.headers(who), status=400)
    assert "karakter NUL" in response.body


_JSON_FILES = [
    b"[" * 5000 + b"]" * 5000, b'{"version": 5}', b'{"table_schema": [1]}',
    b'{"fields": [1, {"name": 5, "constraints": []}], "primaryKey": 7,'
    b' "missingValues": 3}',
    b'{"fields": [{"name": "a", "constraints": {"enum": 3}}], "primaryKey": "a"}',
    b'{"dialect": 5, "options": [], "table_schema": {"fields": {}}}',
    b"\xff\xfe\x00", b"", b"null",
]
_DATA_FILES = [b"PK\x03\x04" + b"\x00" * 100, b"\x00" * 100, b"\xff\xfe\xfd",
               b"a;b\n" + b"x;" * 5000, b"", b"=2+3,@x\n-1,+1\n"]


def test_uploaded_files_of_any_shape_are_not_a_500(app, site):
    """The forms that take a file: a template from a Table Schema JSON or a
    sample, the Daftar Data import, the conformance check, the signed scan
    of a Berita Acara."""
    failures = _Failures()
    headers = site.headers("sysadmin")
    for content in _JSON_FILES:
        failures.check(f"impor {content[:40]!r}", app.post, "/satudata/template/baru",
                       data={"aksi": "impor",
                             "skema": (io.BytesIO(content), "skema.json")},
                       headers=headers)
    for content in _DATA_FILES:
        for url, data in [
            ("/satudata/template/baru", {"aksi": "infer", "sampel": (
                io.BytesIO(content), "sampel.xlsx")}),
            ("/satudata/template/baru", {"aksi": "infer", "sampel": (
                io.BytesIO(content), "sampel.csv")}),
            ("/satudata/daftar-data/import", {"tahun": "2026", "upload": (
                io.BytesIO(content), "lampiran.xlsx")}),
            ("/satudata/daftar-data/import", {"tahun": "2026", "upload": (
                io.BytesIO(content), "lampiran.csv")}),
            (f"/template/{site.template['name']}/cek", {"upload": (
                io.BytesIO(content), "tabel.csv")}),
            (f"/template/{site.template['name']}/cek", {"upload": (
                io.BytesIO(content), "tabel.xlsx")}),
        ]:
            failures.check(f"{url} {content[:40]!r}", app.post, url, data=data,
                           headers=headers)
    scan_url = f"/satudata/berita-acara/{site.berita_acara['id']}/pindaian"
    for content in _DATA_FILES + [b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]:
        for name in ("ba.pdf", "ba.png", "ba", "\x00.jpg"):
            failures.check(f"{scan_url} {name} {content[:40]!r}", app.post,
                           scan_url, data={"upload": (io.BytesIO(content), name)},
                           headers=headers)
    for url, field in [(f"/template/{site.template['name']}/cek", "upload"),
                       ("/satudata/daftar-data/import", "upload")]:
        failures.check(f"{url} NUL in the file name", app.post, url, data={
            "tahun": "2026", field: (io.BytesIO(b"a,b\n1,2\n"), "tabel\x00.csv")},
            headers=headers)
    failures.check("API NUL in the file name", app.post,
                   "/api/3/action/satudata_template_check", data={
                       "id": site.template["id"],
                       "upload": (io.BytesIO(b"jumlah\n1\n"), "tabel\x00.csv")},
                   headers=headers)
    assert not failures, "\n".join(failures)


# Actions --------------------------------------------------------------------

SHAPES: list[Any] = [
    [], {}, 0, -1, 10**40, 1.5, None, True, "\x00", "x" * 10_000,
    [[["a"]]], {"a": {"b": [None]}}, "\ud800", ["\x00"], "2026-02-30",
]


def _action_params() -> dict[str, list[str]]:
    import re

    params = {}
    for name, function in satudata_actions.get_actions().items():
        if name.startswith("satudata_"):
            params[name] = re.findall(r":param (\w+):", function.__doc__ or "")
    every = sorted({p for names in params.values() for p in names})
    # An update takes what its create takes.
    for name in params:
        if name.endswith("_update"):
            params[name] += params.get(name.replace("_update", "_create"), [])
    params["__every__"] = every
    return params


def _post_action(name: str, *, app: Any, site: Site, body: Any,
                 **kwargs: Any) -> Any:
    # json.dumps writes a lone surrogate as the escape "\ud800", as a client
    # could; ensure_ascii keeps the body valid UTF-8.
    return app.post(
        f"/api/3/action/{name}", data=json.dumps(body),
        headers=dict(site.headers("sysadmin"), **{"Content-Type": "application/json"}),
        **kwargs,
    )


def test_no_action_answers_500_to_wrong_shapes(app, site):
    params = _action_params()
    every = params.pop("__every__")
    failures = _Failures()
    for name, own in sorted(params.items()):
        for shape in SHAPES:
            bodies = [{key: shape for key in every}]
            bodies += [{key: shape} for key in own]
            for body in bodies:
                failures.check(f"{name} {json.dumps(body)[:120]}",
                               _post_action, name, app=app, site=site, body=body)
    assert not failures, "\n".join(failures)


def test_wrong_shapes_are_validation_errors(app, site):
    response = _post_action("satudata_daftar_data_list", app=app, site=site,
                            body={"tahun": [], "offset": 10**40}, status=409)
    assert response.status_code == 409
    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    assert {"tahun", "offset"} <= set(error)


# CKAN core, closed by views/guard.py ------------------------------------------

def test_a_deeply_nested_json_body_is_refused_before_parsing(app, site):
    body = "[" * 20_000 + "]" * 20_000
    response = app.post(
        "/api/3/action/package_search", data=body,
        headers={"Content-Type": "application/json"}, status=None)
    assert response.status_code == 400
    assert response.json["success"] is False
    assert "bersarang" in response.json["error"]["message"]
    # An ordinary body still goes through.
    response = app.post("/api/3/action/package_search",
                        data=json.dumps({"q": "x", "rows": 1}),
                        headers={"Content-Type": "application/json"})
    assert response.json["success"] is True


@pytest.mark.parametrize("who", ["anonymous", "sysadmin"])
def test_changes_multiple_with_odd_ids_is_not_a_500(app, site, who):
    as_admin = {"user": site.sysadmin["name"]}
    activities = helpers.call_action(
        "package_activity_list", context=dict(as_admin), id=site.dataset["id"])
    org_activity = helpers.call_action(
        "organization_activity_list", context=dict(as_admin),
        id=site.org["id"])[0]["id"]
    real = activities[0]["id"]
    failures = _Failures()
    for new_id, old_id in [
        ("abc", "def"), ("", ""), (real, "x" * 10_000), (real, "\x00"),
        (org_activity, real), (real, org_activity), (org_activity, org_activity),
        (real, real),
    ]:
        query = urllib.parse.urlencode({"new_id": new_id, "old_id": old_id})
        failures.check(f"{who} {query[:80]}", app.get,
                       f"/dataset/changes_multiple?{query}",
                       headers=site.headers(who))
    failures.check(f"{who} no ids", app.get, "/dataset/changes_multiple",
                   headers=site.headers(who))
    assert not failures, "\n".join(failures)


def test_changes_multiple_still_shows_a_real_range(app, site):
    newest, older = helpers.call_action(
        "package_activity_list", context={"user": site.sysadmin["name"]},
        id=site.dataset["id"])[:2]
    response = app.get(
        tk.url_for("activity.package_changes_multiple",
                   new_id=newest["id"], old_id=older["id"]),
        headers=site.headers("sysadmin"))
    assert "Catatan lebih baru" in response.body
