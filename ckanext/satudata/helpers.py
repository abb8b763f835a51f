"""Template helpers, every one named satudata_* but the three that chain
CKAN's own: render_datetime, add_url_param and remove_url_param."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.common import session
from markupsafe import Markup
from openpyxl.utils import get_column_letter

from ckanext.satudata import (
    dates,
    facets,
    http_errors,
    navigation,
    portal,
    region_codes,
    request_memo,
    roles,
    upload_limit,
    vocabularies,
)
from ckanext.satudata.checks import messages as check_messages
from ckanext.satudata.checks import runner as check_runner
from ckanext.satudata.daftar_data import opd_names, prefill
from ckanext.satudata.model.daftar_data import DITETAPKAN, DaftarData
from ckanext.satudata.model.revision import Version
from ckanext.satudata.model.template import Template
from ckanext.satudata.revision import review as revision_review
from ckanext.satudata.revision import service as revision_service
from ckanext.satudata.table_template import downloads
from ckanext.satudata.views.request import can
from ckanext.satudata.views.workflow import KEPT_FORM
from ckanext.satudata.workflow.definition import configured, describe_duration

# CKAN's render_datetime, chained ---------------------------------------------

@tk.chained_helper
def render_datetime(
    next_helper: Callable[..., str],
    datetime_: Any,
    date_format: str | None = None,
    with_hours: bool = False,
    with_seconds: bool = False,
) -> str:
    """Indonesian pages get ``5 Desember 2026, 03.41 WIB`` (see dates); an
    explicit strftime date_format and other languages stay CKAN's."""
    if date_format or tk.h.lang() != dates.LOCALE:
        return next_helper(datetime_, date_format, with_hours, with_seconds)
    return dates.indonesian(datetime_, with_hours, with_seconds)


# CKAN's facet links, on an address routed once per page ------------------------

@tk.chained_helper
def add_url_param(
    next_helper: Callable[..., str],
    alternative_url: str | None = None,
    controller: str | None = None,
    action: str | None = None,
    extras: dict[str, Any] | None = None,
    new_params: dict[str, Any] | None = None,
) -> str:
    """CKAN's, on the page address of :func:`facets.page_url`."""
    return next_helper(
        alternative_url=alternative_url or facets.page_url(controller, action, extras),
        new_params=new_params,
    )


@tk.chained_helper
def remove_url_param(
    next_helper: Callable[..., str],
    key: list[str] | str,
    value: str | None = None,
    replace: str | None = None,
    controller: str | None = None,
    action: str | None = None,
    extras: dict[str, Any] | None = None,
    alternative_url: str | None = None,
) -> str:
    """CKAN's, on the page address of :func:`facets.page_url`."""
    return next_helper(
        key, value=value, replace=replace,
        alternative_url=alternative_url or facets.page_url(controller, action, extras),
    )


def satudata_facet_lists(
    facet_titles: dict[str, str], search_facets: dict[str, Any]
) -> Markup:
    """A search page's facet lists, drawn once for the same inputs."""
    return facets.lists(facet_titles, search_facets)


# The dataset page's side panel ------------------------------------------------

def satudata_dataset_organization(organization_id: str) -> dict[str, Any]:
    """The dataset's OPD as its side panel shows it: CKAN's organization_show
    without what the panel leaves out (the datasets and their count, the
    members, followers, groups and tags). CKAN's ``h.get_organization`` asks
    for all of it: a search and the members' user records on every dataset
    page, a fifth of the page's time."""
    organization: dict[str, Any] = tk.get_action("organization_show")({}, {
        "id": organization_id,
        "include_datasets": False,
        "include_dataset_count": False,
        "include_users": False,
        "include_followers": False,
        "include_groups": False,
        "include_tags": False,
    })
    return organization


# CKAN's activity page: names CKAN shows raw -----------------------------------

def _activity_type_labels() -> dict[str, str]:
    return {
        "new package": tk._("Dataset baru"),
        "changed package": tk._("Dataset diubah"),
        "deleted package": tk._("Dataset dihapus"),
        "follow dataset": tk._("Mulai mengikuti dataset"),
        "new resource view": tk._("Tampilan sumber daya baru"),
        "changed resource view": tk._("Tampilan sumber daya diubah"),
        "deleted resource view": tk._("Tampilan sumber daya dihapus"),
        "new organization": tk._("Organisasi baru"),
        "changed organization": tk._("Organisasi diubah"),
        "deleted organization": tk._("Organisasi dihapus"),
        "new group": tk._("Grup baru"),
        "changed group": tk._("Grup diubah"),
        "deleted group": tk._("Grup dihapus"),
        "follow group": tk._("Mulai mengikuti grup"),
        "follow organization": tk._("Mulai mengikuti organisasi"),
        "new user": tk._("Pengguna baru"),
        "changed user": tk._("Pengguna diubah"),
        "follow user": tk._("Mulai mengikuti pengguna"),
    }


def satudata_activity_type_label(activity_type: str) -> str:
    """The activity stream filter's option: ``changed package`` ->
    ``Dataset diubah``."""
    return _activity_type_labels().get(activity_type, activity_type.title())


def satudata_http_error(code: Any, name: str | None, content: Any) -> dict[str, Any]:
    """The error page's title and text in the page's language."""
    return http_errors.describe(code, name, content)


# Dataset schema (ckanext-scheming) -------------------------------------------

def satudata_vocabulary_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    """Scheming ``choices_helper``: the vocabulary named by ``field.vocabulary``."""
    choices: dict[str, str] = getattr(vocabularies, field["vocabulary"])
    return [{"value": value, "label": label} for value, label in choices.items()]


def satudata_daftar_data_choices(selected: str | None = None) -> list[dict[str, Any]]:
    """Established Daftar Data rows of the OPDs the user may add datasets to.

    One group per OPD, newest year first. The row already linked stays in the
    list even if it has been revoked since, so editing does not drop it.
    """
    orgs = {o["id"]: o for o in tk.h.organizations_available("create_dataset")}
    if not orgs and not selected:
        return []
    condition = sa.and_(
        DaftarData.status == DITETAPKAN, DaftarData.owner_org.in_(list(orgs))
    )
    if selected:
        condition = sa.or_(condition, DaftarData.id == selected)
    rows = model.Session.scalars(
        sa.select(DaftarData)
        .where(condition)
        .order_by(DaftarData.tahun.desc(), DaftarData.kode)
    )
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        org = orgs.get(row.owner_org)
        title = org["display_name"] if org else row.owner_org
        group = groups.setdefault(row.owner_org, {"opd": title, "rows": []})
        label = _daftar_data_label(row)
        if row.status != DITETAPKAN:
            label += f" [{tk._(vocabularies.STATUS_DAFTAR_DATA[row.status])}]"
        group["rows"].append({"value": row.id, "label": label,
                              "fill": prefill.dataset_fields(row)})
    return sorted(groups.values(), key=lambda g: g["opd"].lower())


# CKAN JavaScript messages that a CKAN version's JavaScript catalogue leaves
# out: 2.11's ckan.pot does not mark the autocomplete's "Searching..." as
# JavaScript. Asked through a name, not a literal, so that extraction keeps
# them CKAN core entries of the id catalogue.
_JS_MESSAGES = ("Searching...",)


def satudata_js_messages() -> dict[str, str]:
    """The translations of :data:`_JS_MESSAGES` that differ from the message,
    for dialog_words.js to give CKAN's modules."""
    found = {message: tk._(message) for message in _JS_MESSAGES}
    return {m: t for m, t in found.items() if t != m}


def satudata_opd_other_names() -> dict[str, list[str]]:
    """Other names of the OPDs the user may add datasets to, by id: the
    dataset form's OPD list is searched by them as well as by title."""
    def work_out() -> dict[str, list[str]]:
        orgs = tk.h.organizations_available("create_dataset")
        return opd_names.other_names([o["id"] for o in orgs])

    # Asked once per option of the list.
    return request_memo.remembered(("opd_other_names", tk.current_user.name), work_out)


def satudata_daftar_data_prefill(data: dict[str, Any]) -> str | None:
    """Fill the empty fields of a new dataset form opened from a Daftar Data
    row (``?daftar_data=<row id>``), in ``data`` itself; the text of why the
    row cannot be used, if it cannot (the form would refuse it on saving)."""
    row_id = data.get("daftar_data")
    if not row_id or data.get("id"):
        return None
    # CKAN's form page has no NUL-byte guard; PostgreSQL cannot compare one.
    row = None if "\x00" in str(row_id) else DaftarData.get(str(row_id))
    if row is None:
        return tk._("Baris Daftar Data yang dipilih tidak ditemukan.")
    orgs = {o["id"] for o in tk.h.organizations_available("create_dataset")}
    if row.status != DITETAPKAN:
        return tk._("Baris Daftar Data {kode} belum ditetapkan atau sudah "
                    "dicabut; dataset hanya dapat dibuat untuk baris yang "
                    "ditetapkan.").format(kode=row.kode)
    if row.owner_org not in orgs:
        return tk._("Baris Daftar Data {kode} milik OPD lain; Anda tidak dapat "
                    "membuat dataset untuknya.").format(kode=row.kode)
    for field, value in prefill.dataset_fields(row).items():
        if not data.get(field):
            data[field] = value
    if not data.get("name"):
        # CKAN's script makes the URL from the title as it is typed; a
        # title filled in here is never typed.
        data["name"] = prefill.free_name(row)
    return None


def _daftar_data_label(row: DaftarData) -> str:
    return f"{row.kode} — {row.nama_data} ({row.tahun})"


def satudata_daftar_data_link(id: str | None) -> dict[str, str] | None:
    """Label and public URL of a Daftar Data row, for the dataset page."""
    row = DaftarData.get(id)
    if row is None:
        return None
    return {
        "label": _daftar_data_label(row),
        "url": tk.h.url_for("satudata_daftar_data.read", id=row.id),
        "status": row.status,
    }


def satudata_region_name(code: str | None) -> str | None:
    """Name of a Kemendagri region code (None for a desa or an unknown code)."""
    if not code or not region_codes.is_well_formed(code):
        return None
    return region_codes.name(code)


# Daftar Data register ---------------------------------------------------------

def satudata_daftar_data_vocabulary(name: str) -> dict[str, str]:
    """A vocabulary of ``vocabularies`` by name, e.g. ``"JENIS_DATA"``."""
    return getattr(vocabularies, name)


def satudata_daftar_data_vocab_label(name: str, value: str | None) -> str:
    """The label of ``value`` in the vocabulary ``name``; '' for no value."""
    if not value:
        return ""
    return tk._(getattr(vocabularies, name).get(value, value))


def satudata_daftar_data_filter_url(endpoint: str, filters: dict[str, Any],
                             **changes: Any) -> str:
    """The URL of a Daftar Data listing with ``filters`` changed by ``changes``
    (a value of None drops the filter)."""
    params = {k: v for k, v in {**filters, **changes}.items() if v not in (None, "")}
    return tk.h.url_for(endpoint, **params)


def satudata_daftar_data_options(name: str) -> list[dict[str, str]]:
    """Options of a select box for the vocabulary ``name``, blank first."""
    return [{"value": "", "text": tk._("— pilih —")}] + [
        {"value": value, "text": tk._(label)}
        for value, label in getattr(vocabularies, name).items()
    ]


# Satu Data roles -------------------------------------------------------------

def satudata_role_label(role: str) -> str:
    """The Indonesian label of a Satu Data role (the role itself if unknown)."""
    return tk._(roles.ROLE_LABELS.get(role, role))


def satudata_can_list_roles(organization_id: str) -> bool:
    """Whether the current user may see the organization's Satu Data roles."""
    return tk.h.check_access("satudata_role_list", {"organization": organization_id})


# Table templates and conformance checks --------------------------------------

def satudata_template_type_label(field_type: str) -> str:
    """A column type as a producer would say it, e.g. ``bilangan bulat``."""
    return check_messages.type_name(field_type)


def satudata_check_code_label(code: str) -> str:
    """A short name of a kind of finding of a conformance check."""
    return check_messages.code_label(code)


def satudata_column_letter(position: int | None) -> str:
    """The spreadsheet letter of a 1-based column position (3 -> C)."""
    return get_column_letter(position) if position else ""


def satudata_validation_status_label(status: str | None) -> str:
    """The Indonesian label of a report status."""
    return {
        "pending": tk._("Menunggu antrean"),
        "running": tk._("Sedang diperiksa"),
        "success": tk._("Sesuai template"),
        "failure": tk._("Tidak sesuai template"),
        "error": tk._("Gagal diperiksa"),
    }.get(status or "", tk._("Belum diperiksa"))


def satudata_template_columns(resource: dict[str, Any]) -> dict[str, Any] | None:
    """The columns of the template a resource was checked against, as the
    template page's fields table wants them, with the template's name and
    version; None when the resource was not checked against one."""
    schema = resource.get("schema")
    template = Template.get(resource.get("satudata_template_id"))
    if not isinstance(schema, dict) or not schema.get("fields") or template is None:
        return None
    version = template.version(resource.get("satudata_template_version"))
    options = version.options if version is not None else {}
    primary_key = schema.get("primaryKey") or []
    return {
        "template": template,
        "version": resource.get("satudata_template_version"),
        "fields": schema["fields"],
        "notes": {f["name"]: downloads.field_notes(f, options)
                  for f in schema["fields"]},
        "primary_key": [primary_key] if isinstance(primary_key, str) else primary_key,
    }


def satudata_default_license() -> str:
    """The licence a new dataset's form pre-selects
    (``ckanext.satudata.default_license``)."""
    return tk.config.get("ckanext.satudata.default_license")


def satudata_max_resource_size() -> int:
    """The upload limit of a resource file in MB (``ckan.max_resource_size``)."""
    return upload_limit.max_megabytes()



# Approval workflow -------------------------------------------------------------

def satudata_workflow_state_label(state: str | None) -> str:
    """The label of a workflow state in the configured definition."""
    return configured().state_label(state) if state else ""


def satudata_workflow_state_class(state: str | None) -> str:
    """CSS modifier of a status badge: where the dataset stands."""
    definition = configured()
    if not state:
        return "unknown"
    if definition.is_public(state):
        return "public"
    if state == definition.initial_state:
        return "draft"
    if any(t.returns and t.target == state for t in definition.transitions.values()):
        return "returned"
    return "review"


def satudata_workflow(package_id: str) -> dict[str, Any] | None:
    """``satudata_workflow_show`` for the current user, or None if they may
    not follow this dataset's workflow. Asked once per request: the return
    box on top and the panel in the sidebar share it (it may run the
    conformance gate)."""
    shown = tk.g.setdefault("satudata_workflow_shown", {})
    if package_id not in shown:
        try:
            shown[package_id] = tk.get_action("satudata_workflow_show")(
                {}, {"id": package_id}
            )
        except (tk.NotAuthorized, tk.ObjectNotFound):
            shown[package_id] = None
    return shown[package_id]


def satudata_workflow_kept_form(pkg: dict[str, Any]) -> dict[str, Any]:
    """The workflow form the user sent for this dataset and had refused, so
    that the panel shows their note and ticks again. It is taken from the
    session on the first page after the refusal (kept for the rest of that
    request, as CKAN may render the panel's block more than once)."""
    if KEPT_FORM not in tk.g:
        setattr(tk.g, KEPT_FORM, session.pop(KEPT_FORM, None) or {})
    kept = getattr(tk.g, KEPT_FORM)
    if kept.get("dataset") not in (pkg.get("id"), pkg.get("name")):
        return {}
    return kept


def satudata_duration(seconds: int | float | None) -> str:
    """``5400`` -> ``1 jam 30 menit``."""
    return describe_duration(seconds)


# Table preview ---------------------------------------------------------------

def satudata_table_preview(resource_id: str, page: int = 1) -> dict[str, Any] | None:
    """``{"preview": ..., "problem": ...}`` of a data resource for the current
    user: the page, or why there is none (the file is missing, not a table);
    None for a user who may not see previews of it, who then sees nothing."""
    try:
        return {"preview": tk.get_action("satudata_table_preview")(
            {}, {"resource_id": resource_id, "page": page}), "problem": None}
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    except tk.ValidationError as e:
        problems = [str(m) for v in e.error_dict.values()
                    for m in (v if isinstance(v, list) else [v])]
        return {"preview": None, "problem": " ".join(problems)}


def satudata_previewable_resources(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    """The data resources of an unpublished dataset whose preview the current
    user may open (the dataset page lists them; the first one is shown)."""
    if not pkg.get("private"):
        return []
    return [
        r for r in pkg.get("resources") or []
        if check_runner.is_data_resource(r) and tk.h.check_access(
            "satudata_table_preview", {"resource_id": r["id"]})
    ]


# Navigation ------------------------------------------------------------------

def satudata_nav_entries() -> list[navigation.Entry]:
    """The header entries of the extension's pages the user may open."""
    return navigation.entries()


# Revisions and versions ------------------------------------------------------

def satudata_revision(package_id: str) -> dict[str, Any] | None:
    """For the dataset page: the revision the dataset is the draft of, or
    the live dataset's open one, as ``satudata_revision_show`` gives it to
    the current user; ``can_start`` and ``can_abandon`` say which buttons
    they get. ``None`` when there is nothing for them to see or do."""
    try:
        revision = tk.get_action("satudata_revision_show")({}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        revision = None
    if revision is not None:
        can_abandon = revision["state"] == "open" and can(
            "satudata_revision_abandon", {"id": package_id})
        return {"revision": revision, "can_start": False,
                "can_abandon": can_abandon,
                "is_draft": revision["draft_id"] == package_id}
    pkg = model.Package.get(package_id)
    if pkg is None or pkg.state != "active" or not pkg.owner_org:
        return None
    if revision_service.start_refusal(pkg, configured()) is not None or not can(
        "satudata_revision_start", {"id": package_id}
    ):
        return None
    return {"revision": None, "can_start": True, "can_abandon": False,
            "is_draft": False}


def satudata_revision_changes(draft_id: str) -> revision_review.Changes | None:
    """For a revision draft's page: what the open revision changes against
    the published dataset, for whoever may see the revision."""
    revision = revision_service.for_draft(draft_id)
    if revision is None or revision.state != "open" or not can(
        "satudata_revision_diff", {"id": draft_id}
    ):
        return None
    return revision_review.changes(revision)


def satudata_version_count(package_id: str) -> int:
    """How many published versions the dataset has (for the page's link)."""
    return int(model.Session.execute(
        sa.select(sa.func.count()).select_from(Version)
        .where(Version.package_id == package_id)
    ).scalar() or 0)
# The portal's home and Tentang pages ----------------------------------------

def satudata_portal() -> dict[str, Any]:
    """The configured regency name, logo, colours and contact."""
    return portal.settings()


def satudata_portal_about() -> list[str]:
    return portal.about_paragraphs()


def satudata_home() -> dict[str, Any]:
    """What the home page lists: the newest public datasets, this year's
    progress per OPD and the OPDs."""
    return {
        "latest": portal.latest_datasets(),
        "progress": portal.progress(),
        "organizations": portal.organizations(),
    }
