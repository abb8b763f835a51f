"""Actions of the Daftar Data register (satudata_daftar_data_*)."""
from __future__ import annotations

import re
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict
from sqlalchemy.exc import IntegrityError

from ckanext.satudata.daftar_data import opd_names
from ckanext.satudata.logic import acting_user_id, commit, flat_validator, validate
from ckanext.satudata.logic.auth import daftar_data as auth
from ckanext.satudata.logic.schema import daftar_data as schema
from ckanext.satudata.model import utcnow
from ckanext.satudata.model.daftar_data import (
    CONTENT_FIELDS,
    DICABUT,
    DITETAPKAN,
    EDITABLE_WHEN_ESTABLISHED,
    USULAN,
    DaftarData,
)
from ckanext.satudata.model.opd_alias import OpdAlias
from ckanext.satudata.model.template import Template
from ckanext.satudata.vocabularies import BELUM_DIPERIKSA

_LIST_LIMIT = 50
_LIST_MAX = 1000
_SEARCHED = ("kode", "nama_data", "nama_indikator", "kode_indikator", "definisi")


def _commit(context: Context) -> None:
    commit(context, "kode", tk._("ID ini sudah dipakai pada tahun yang sama."))


def _organizations(ids: set[str]) -> dict[str, dict[str, str]]:
    if not ids:
        return {}
    rows = model.Session.execute(
        sa.select(model.Group.id, model.Group.name, model.Group.title).where(
            model.Group.id.in_(ids)
        )
    )
    return {r.id: {"id": r.id, "name": r.name, "title": r.title} for r in rows}


def _dictize(rows: list[DaftarData]) -> list[dict[str, Any]]:
    orgs = _organizations({r.owner_org for r in rows})
    result = []
    for row in rows:
        data = row.as_dict()
        data["organization"] = orgs.get(
            row.owner_org, {"id": row.owner_org, "name": None, "title": None}
        )
        result.append(data)
    return result


def _get_or_404(data_dict: DataDict) -> DaftarData:
    id = data_dict.get("id")
    if id is not None and not isinstance(id, str):
        raise tk.ValidationError({"id": [tk._("ID harus berupa teks.")]})
    row = DaftarData.get(id)
    if row is None:
        raise tk.ObjectNotFound(tk._("Daftar Data tidak ditemukan."))
    return row


def _next_kode(tahun: int) -> str:
    """``DD-<region>-<year>-NNN``, one above the highest number used."""
    region = tk.config.get("ckanext.satudata.kode_wilayah").replace(".", "")
    prefix = f"DD-{region}-{tahun}-"
    used = model.Session.scalars(
        sa.select(DaftarData.kode).where(
            DaftarData.tahun == tahun, DaftarData.kode.startswith(prefix)
        )
    )
    numbers = [
        int(kode[len(prefix):]) for kode in used if kode[len(prefix):].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _changes(row: DaftarData, data: DataDict) -> dict[str, Any]:
    return {
        key: data[key]
        for key in CONTENT_FIELDS
        if key in data and getattr(row, key) != data[key]
    }


def _template_of(data: DataDict) -> None:
    """``template_id`` as the template's id (a name is accepted), or a
    refusal naming what was given; empty clears the row's template."""
    given = data.get("template_id")
    if not given:
        if "template_id" in data:
            data["template_id"] = None
        return
    template = Template.get(given)
    if template is None:
        raise tk.ValidationError({"template_id": [
            tk._("Template {name} tidak ditemukan; pilih template dari daftar.")
            .format(name=given)]})
    data["template_id"] = template.id


def _refuse_locked(row: DaftarData, changes: dict[str, Any]) -> dict[str, list[str]]:
    """Errors for the changes the row's status does not allow.

    Established rows are the SK Bupati's annex: what the SK decided stays,
    only what happens afterwards (availability check, links, template,
    notes) may be filled in. Revoked rows are closed.
    """
    if row.status == DICABUT and changes:
        return {
            key: [tk._("Daftar Data yang sudah dicabut tidak dapat diubah.")]
            for key in changes
        }
    if row.status == DITETAPKAN:
        return {
            key: [tk._("Tidak dapat diubah setelah Daftar Data ditetapkan; "
                       "cabut dan usulkan baris baru bila perlu.")]
            for key in changes
            if key not in EDITABLE_WHEN_ESTABLISHED
        }
    return {}


def satudata_daftar_data_create(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Propose a Daftar Data row (status ``usulan``).

    :param tahun: the year the row obliges
    :type tahun: int
    :param kode: the ID DDD, unique within the year (optional: generated as
        ``DD-<kode wilayah>-<tahun>-NNN`` when left out)
    :type kode: string
    :param nama_data: the data name
    :type nama_data: string
    :param owner_org: the producing OPD (organization id or name)
    :type owner_org: string
    :param jenis_data: ``statistik``, ``geospasial`` or ``keuangan``
    :type jenis_data: string
    :param klasifikasi_akses: ``terbuka``, ``terbatas`` or ``tertutup``
    :type klasifikasi_akses: string
    :param indikator_variabel: ``indikator`` or ``variabel`` (optional)
    :param jadwal_pemutakhiran: a key of ``vocabularies.FREKUENSI`` (optional)
    :param data_prioritas: whether this is priority data (optional, bool)
    :param ketersediaan: the Berita Acara result, a key of
        ``vocabularies.KETERSEDIAAN`` (optional), with ``no_berita_acara``
        and ``tanggal_berita_acara`` (YYYY-MM-DD)
    :param kode_ddp, sumber_referensi, kode_indikator, nama_indikator,
        kode_standar_data, definisi, satuan, klasifikasi_penyajian,
        kode_metadata, link_portal_daerah, link_portal_sdi, catatan,
        template_id: optional text

    :returns: the new row
    :rtype: dictionary
    """
    tk.check_access("satudata_daftar_data_create", context, data_dict)
    data = validate(data_dict, schema.daftar_data_create_schema(), context)
    data["kode"] = data.get("kode") or _next_kode(data["tahun"])
    _template_of(data)
    if DaftarData.by_kode(data["kode"], data["tahun"]):
        raise tk.ValidationError({"kode": [
            tk._("ID {kode} sudah dipakai pada tahun {tahun}.").format(**data)
        ]})
    user_id = acting_user_id(context)
    row = DaftarData(
        tahun=data["tahun"],
        status=USULAN,
        creator_user_id=user_id,
        modifier_user_id=user_id,
        **_content(data),
    )
    row.data_prioritas = bool(data.get("data_prioritas"))
    if row.template_id:
        row.template_linked = utcnow()
    model.Session.add(row)
    _commit(context)
    return _dictize([row])[0]


def satudata_daftar_data_update(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Change a Daftar Data row; keys left out keep their value.

    A row ``usulan`` may change in every field. A ``ditetapkan`` row only in
    ``catatan``, ``kode_metadata``, ``link_portal_daerah``,
    ``link_portal_sdi``, ``template_id`` and the Berita Acara fields
    (``ketersediaan``, ``no_berita_acara``, ``tanggal_berita_acara``); a
    ``dicabut`` row not at all.

    :param id: the row's id
    :type id: string

    The other parameters are those of ``satudata_daftar_data_create``.

    :returns: the updated row
    :rtype: dictionary
    """
    row = _get_or_404(data_dict)
    context["satudata_daftar_data"] = row
    tk.check_access("satudata_daftar_data_update", context, data_dict)
    data = validate(data_dict, schema.daftar_data_update_schema(), context)
    if "tahun" in data and data["tahun"] != row.tahun:
        if row.status != USULAN:
            raise tk.ValidationError({"tahun": [
                tk._("Tidak dapat diubah setelah Daftar Data ditetapkan; "
                     "cabut dan usulkan baris baru bila perlu.")
            ]})
        row.tahun = data["tahun"]
    _template_of(data)
    changes = _changes(row, data)
    errors = _refuse_locked(row, changes)
    if errors:
        raise tk.ValidationError(errors)
    kode = changes.get("kode", row.kode)
    other = DaftarData.by_kode(kode, row.tahun)
    if other is not None and other.id != row.id:
        raise tk.ValidationError({"kode": [
            tk._("ID {kode} sudah dipakai pada tahun {tahun}.").format(
                kode=kode, tahun=row.tahun)
        ]})
    for key, value in changes.items():
        setattr(row, key, bool(value) if key == "data_prioritas" else value)
    if changes.get("template_id"):
        row.template_linked = utcnow()
    row.modifier_user_id = acting_user_id(context)
    _commit(context)
    return _dictize([row])[0]


@tk.side_effect_free
def satudata_daftar_data_show(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """One Daftar Data row.

    :param id: the row's id; or give ``kode`` and ``tahun`` instead
    :type id: string

    :returns: the row, with ``organization`` (id, name, title)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.daftar_data_show_schema(), context)
    if data.get("id"):
        row = DaftarData.get(data["id"])
    elif data.get("kode") and data.get("tahun"):
        row = DaftarData.by_kode(data["kode"], data["tahun"])
    else:
        raise tk.ValidationError(
            {"id": [tk._("Berikan id, atau kode beserta tahun.")]}
        )
    if row is None:
        raise tk.ObjectNotFound(tk._("Daftar Data tidak ditemukan."))
    context["satudata_daftar_data"] = row
    tk.check_access("satudata_daftar_data_show", context, {"id": row.id})
    return _dictize([row])[0]


def _filters(context: Context, data: DataDict) -> dict[str, Any]:
    """The WHERE clauses of a list request, by the parameter they come from."""
    clauses: dict[str, Any] = {}
    if not context.get("ignore_auth") and not auth._reads_everything(context):
        visible = DaftarData.status == DITETAPKAN
        own = auth._opd_organizations(context)
        if own:
            visible = sa.or_(visible, DaftarData.owner_org.in_(own))
        clauses["visibility"] = visible
    if "tahun" in data:
        clauses["tahun"] = DaftarData.tahun == data["tahun"]
    if "organization" in data:
        clauses["organization"] = DaftarData.owner_org == data["organization"]
    for key in ("status", "jenis_data", "klasifikasi_akses", "data_prioritas"):
        if key in data:
            clauses[key] = getattr(DaftarData, key) == data[key]
    if "ketersediaan" in data:
        # The row's result is the summary of its latest signed Berita Acara.
        clauses["ketersediaan"] = (
            DaftarData.ketersediaan.is_(None)
            if data["ketersediaan"] == BELUM_DIPERIKSA
            else DaftarData.ketersediaan == data["ketersediaan"])
    if data.get("q"):
        pattern = "%{}%".format(re.sub(r"([\\%_])", r"\\\1", data["q"].strip()))
        clauses["q"] = sa.or_(
            *(getattr(DaftarData, c).ilike(pattern) for c in _SEARCHED)
        )
    return clauses


def _where(clauses: dict[str, Any], *, without: str = "") -> Any:
    return sa.and_(sa.true(), *(c for k, c in clauses.items() if k != without))


@tk.side_effect_free
def satudata_daftar_data_list(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Search the Daftar Data rows the user may see.

    Anonymous users and users without a Satu Data role see established rows
    only; OPD roles also their own OPD's rows; Walidata, Forum and Pembina
    every row.

    :param tahun: only this year
    :type tahun: int
    :param organization: only this OPD (id or name)
    :param status: ``usulan``, ``ditetapkan`` or ``dicabut``
    :param jenis_data: ``statistik``, ``geospasial`` or ``keuangan``
    :param klasifikasi_akses: ``terbuka``, ``terbatas`` or ``tertutup``
    :param data_prioritas: only priority (true) or only other (false) rows
    :param ketersediaan: only rows whose latest Berita Acara found the data
        ``tersedia``, ``sebagian`` or ``tidak_tersedia``; or
        ``belum_diperiksa``, the rows no Berita Acara checked yet
    :param q: free text, matched in kode, nama_data, nama_indikator,
        kode_indikator and definisi
    :param limit: rows per page (default 50, at most 1000)
    :param offset: rows to skip; or give ``page`` (from 1) instead

    :returns: ``count`` (rows matching), ``results`` (ordered by year, OPD
        and kode), ``limit``, ``offset``, ``page`` and ``counts``:
        ``status`` maps each status to its count, ``organization`` lists
        ``{id, name, title, count}`` per OPD. Each count applies every
        filter except its own, like a search facet.
    :rtype: dictionary
    """
    tk.check_access("satudata_daftar_data_list", context, data_dict)
    data = validate(data_dict, schema.daftar_data_list_schema(), context)
    limit = min(data.get("limit", _LIST_LIMIT), _LIST_MAX)
    offset = data.get("offset", 0)
    if "page" in data:
        offset = (data["page"] - 1) * limit
    clauses = _filters(context, data)

    session = model.Session
    count = session.scalar(
        sa.select(sa.func.count()).select_from(DaftarData).where(_where(clauses))
    )
    rows = list(session.scalars(
        sa.select(DaftarData)
        .where(_where(clauses))
        .order_by(
            DaftarData.tahun.desc(), DaftarData.owner_org, DaftarData.kode
        )
        .limit(limit)
        .offset(offset)
    ))
    by_status = dict(session.execute(
        sa.select(DaftarData.status, sa.func.count())
        .where(_where(clauses, without="status"))
        .group_by(DaftarData.status)
    ).all())
    by_org = dict(session.execute(
        sa.select(DaftarData.owner_org, sa.func.count())
        .where(_where(clauses, without="organization"))
        .group_by(DaftarData.owner_org)
    ).all())
    orgs = _organizations(set(by_org))
    per_org = sorted(
        (
            {**orgs.get(org_id, {"id": org_id, "name": None, "title": None}),
             "count": n}
            for org_id, n in by_org.items()
        ),
        key=lambda o: (o["title"] or o["name"] or o["id"]).lower(),
    )
    return {
        "count": count,
        "results": _dictize(rows),
        "limit": limit,
        "offset": offset,
        "page": offset // limit + 1,
        "counts": {"status": by_status, "organization": per_org},
    }


def satudata_daftar_data_delete(
    context: Context, data_dict: DataDict
) -> None:
    """Delete a proposed row. Established or revoked rows are a legal record
    and stay: revoke them instead.

    :param id: the row's id
    :type id: string
    """
    row = _get_or_404(data_dict)
    context["satudata_daftar_data"] = row
    tk.check_access("satudata_daftar_data_delete", context, data_dict)
    if row.status != USULAN:
        raise tk.ValidationError({"status": [
            tk._("Hanya Daftar Data berstatus usulan yang dapat dihapus; "
                 "yang sudah ditetapkan dicabut.")
        ]})
    model.Session.delete(row)
    _commit(context)


def _content(data: dict[str, Any]) -> dict[str, Any]:
    """The register's own fields of validated input, absent ones as None."""
    return {key: data.get(key) for key in CONTENT_FIELDS}


def _transition(
    context: Context, row: DaftarData, source: str, values: dict[str, Any]
) -> None:
    # A conditional UPDATE: of two Forum members acting at once, exactly one
    # changes the row and the other gets the error.
    result = model.Session.execute(
        sa.update(DaftarData)
        .where(DaftarData.id == row.id, DaftarData.status == source)
        .values(
            modified=utcnow(),
            modifier_user_id=acting_user_id(context),
            **values,
        )
    )
    if result.rowcount != 1:
        model.Session.rollback()
        message = {
            USULAN: tk._("Hanya Daftar Data berstatus usulan yang dapat "
                           "ditetapkan."),
            DITETAPKAN: tk._("Hanya Daftar Data yang sudah ditetapkan yang "
                               "dapat dicabut."),
        }[source]
        raise tk.ValidationError({"status": [message]})
    _commit(context)
    model.Session.refresh(row)


def satudata_daftar_data_establish(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Establish a proposed row by SK Bupati (``usulan`` -> ``ditetapkan``).

    :param id: the row's id
    :type id: string
    :param no_sk: the number of the SK Bupati
    :type no_sk: string
    :param tanggal_sk: its date, YYYY-MM-DD
    :type tanggal_sk: string

    :returns: the established row
    :rtype: dictionary
    """
    row = _get_or_404(data_dict)
    context["satudata_daftar_data"] = row
    tk.check_access("satudata_daftar_data_establish", context, data_dict)
    data = validate(data_dict, schema.daftar_data_establish_schema(), context)
    _transition(context, row, USULAN, {
        "status": DITETAPKAN,
        "no_sk": data["no_sk"],
        "tanggal_sk": data["tanggal_sk"],
    })
    return _dictize([row])[0]


def satudata_daftar_data_establish_bulk(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Establish every proposed row of a year (optionally of one OPD) by one
    SK Bupati.

    :param tahun: the year
    :type tahun: int
    :param no_sk: the number of the SK Bupati
    :type no_sk: string
    :param tanggal_sk: its date, YYYY-MM-DD
    :type tanggal_sk: string
    :param organization: only this OPD's rows (id or name, optional)
    :type organization: string

    :returns: ``count``, the number of rows established
    :rtype: dictionary
    """
    tk.check_access("satudata_daftar_data_establish_bulk", context, data_dict)
    data = validate(
        data_dict, schema.daftar_data_establish_bulk_schema(), context
    )
    where = [DaftarData.tahun == data["tahun"], DaftarData.status == USULAN]
    if data.get("organization"):
        where.append(DaftarData.owner_org == data["organization"])
    result = model.Session.execute(
        sa.update(DaftarData)
        .where(*where)
        .values(
            status=DITETAPKAN,
            no_sk=data["no_sk"],
            tanggal_sk=data["tanggal_sk"],
            modified=utcnow(),
            modifier_user_id=acting_user_id(context),
        )
    )
    _commit(context)
    return {"count": result.rowcount}


def satudata_daftar_data_revoke(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Revoke an established row (``ditetapkan`` -> ``dicabut``).

    :param id: the row's id
    :type id: string
    :param alasan: why it is revoked (e.g. the revoking SK)
    :type alasan: string

    :returns: the revoked row
    :rtype: dictionary
    """
    row = _get_or_404(data_dict)
    context["satudata_daftar_data"] = row
    tk.check_access("satudata_daftar_data_revoke", context, data_dict)
    data = validate(data_dict, schema.daftar_data_revoke_schema(), context)
    _transition(context, row, DITETAPKAN, {
        "status": DICABUT,
        "alasan_pencabutan": data["alasan"],
    })
    return _dictize([row])[0]


def satudata_daftar_data_import(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Create or update many rows of one year, matched on ``kode``.

    Rows are checked one by one: a row with errors is skipped and reported,
    the others are written (in one transaction). A row matching an
    established row may only change the fields an established row allows;
    an unchanged row is left alone.

    :param tahun: the year of every row
    :type tahun: int
    :param rows: the rows, each with the keys of
        ``satudata_daftar_data_create`` (``kode`` required, ``tahun``
        ignored)
    :type rows: list of dictionaries
    :param dry_run: check and count only, write nothing (default false)
    :type dry_run: bool

    :returns: ``created``, ``updated``, ``unchanged`` (counts), ``dry_run``
        and ``errors``: a list of ``{index, kode, errors}`` where ``index``
        is the row's position in ``rows`` and ``errors`` maps each field to
        its messages
    :rtype: dictionary
    """
    tk.check_access("satudata_daftar_data_import", context, data_dict)
    data_dict = dict(data_dict)
    rows = data_dict.pop("rows", None)
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise tk.ValidationError(
            {"rows": [tk._("Harus berupa daftar baris (list of objects).")]})
    data = validate(data_dict, schema.daftar_data_import_schema(), context)
    tahun = data["tahun"]
    dry_run = data.get("dry_run", False)

    existing = {row.kode: row for row in DaftarData.for_year(tahun)}
    context["satudata_organizations"] = _resolve_organizations(rows)
    check = flat_validator(schema.daftar_data_create_schema(), context)
    seen: set[str] = set()
    user_id = acting_user_id(context)
    created: list[dict[str, Any]] = []
    summary: dict[str, Any] = {
        "created": 0, "updated": 0, "unchanged": 0, "errors": [],
        "dry_run": dry_run,
    }
    for index, raw in enumerate(rows):
        values, errors = check(dict(raw, tahun=tahun))
        kode: str = values.get("kode") or ""
        if not errors and not kode:
            errors = {"kode": [tk._("ID Daftar Data wajib diisi untuk impor.")]}
        if not errors and kode in seen:
            errors = {"kode": [
                tk._("ID {kode} muncul lebih dari sekali dalam berkas.").format(
                    kode=kode)
            ]}
        current = existing.get(kode) if not errors else None
        changes: dict[str, Any] = {}
        if current is not None:
            if "data_prioritas" in values:
                values["data_prioritas"] = bool(values["data_prioritas"])
            changes = _changes(current, values)
            errors = _refuse_locked(current, changes)
        if errors:
            summary["errors"].append({
                "index": index, "kode": kode or raw.get("kode"),
                "errors": errors,
            })
            continue
        seen.add(kode)
        if current is None:
            created.append(dict(
                _content(values), tahun=tahun, status=USULAN,
                creator_user_id=user_id, modifier_user_id=user_id,
                data_prioritas=bool(values.get("data_prioritas")),
            ))
        elif changes:
            summary["updated"] += 1
            if not dry_run:
                for key, value in changes.items():
                    setattr(current, key, value)
                current.modifier_user_id = user_id
        else:
            summary["unchanged"] += 1
    summary["created"] = len(created)
    if not dry_run:
        _insert(context, created)
        _commit(context)
    return summary


def _resolve_organizations(rows: list[dict[str, Any]]) -> dict[str, str | None]:
    """The organization of every distinct producer of ``rows``, as
    ``satudata_daftar_data_organization`` resolves it (an active
    organization by id, then by URL name, then any name an OPD is known
    by), found with one query and at most one resolver, not one lookup
    per row."""
    keys = {str(raw["owner_org"]).strip() for raw in rows
            if isinstance(raw.get("owner_org"), str)}
    if not keys:
        return {}
    groups = model.Session.execute(
        sa.select(model.Group.id, model.Group.name, model.Group.is_organization,
                  model.Group.state)
        .where(sa.or_(model.Group.id.in_(keys), model.Group.name.in_(keys)))
    ).all()
    by_id = {g.id: g for g in groups}
    by_name = {g.name: g for g in groups}
    resolved: dict[str, str | None] = {}
    resolver: opd_names.OpdResolver | None = None
    for key in keys:
        group = by_id.get(key) or by_name.get(key)
        if group is not None and group.is_organization and group.state == "active":
            resolved[key] = group.id
            continue
        resolver = resolver or opd_names.OpdResolver()
        resolved[key] = resolver.find(key).org_id
    return resolved


def _insert(context: Context, created: list[dict[str, Any]]) -> None:
    """Insert the new rows of an import in one statement. The unique ID per
    year is checked by the database here, as a commit checks it."""
    if not created:
        return
    try:
        model.Session.execute(sa.insert(DaftarData), created)
    except IntegrityError:
        model.Session.rollback()
        raise tk.ValidationError({"kode": [
            tk._("ID ini sudah dipakai pada tahun yang sama.")]}) from None


def _dictize_aliases(aliases: list[OpdAlias]) -> list[dict[str, Any]]:
    orgs = _organizations({a.owner_org for a in aliases})
    return [
        dict(alias.as_dict(), organization=orgs.get(
            alias.owner_org, {"id": alias.owner_org, "name": None, "title": None}
        ))
        for alias in aliases
    ]


@tk.side_effect_free
def satudata_opd_alias_list(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The other names of the OPDs that the import and the register's forms
    resolve (the Walidata's list).

    :param organization: only this OPD's aliases (id, name or any name it is
        known by; optional)
    :type organization: string

    :returns: the aliases, each with ``id``, ``owner_org``, ``alias`` as
        written, ``created``, ``creator_user_id`` and ``organization`` (id,
        name, title), ordered by OPD title and alias
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_opd_alias_list", context, data_dict)
    data = validate(data_dict, schema.opd_alias_list_schema(), context)
    aliases = [a for a in OpdAlias.all()
               if "organization" not in data or a.owner_org == data["organization"]]
    result = _dictize_aliases(aliases)
    return sorted(result, key=lambda a: (
        (a["organization"]["title"] or a["owner_org"]).lower(),
        a["alias"].lower()))


def satudata_opd_alias_create(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Add a name by which an OPD is known ("Dinas Kominfo", "DINKES").

    Names are compared as :func:`~ckanext.satudata.daftar_data.opd_names.
    normalise` reads them (case, "&"/"dan", a region suffix and punctuation
    do not count), and one name means one OPD: a name that already means
    an OPD (its title, URL name, singkatan, kode OPD or an alias) is refused.

    :param owner_org: the OPD (id or name)
    :type owner_org: string
    :param alias: the other name
    :type alias: string

    :returns: the alias, as in ``satudata_opd_alias_list``
    :rtype: dictionary
    """
    tk.check_access("satudata_opd_alias_create", context, data_dict)
    data = validate(data_dict, schema.opd_alias_create_schema(), context)
    normalised = opd_names.normalise(data["alias"])
    if not normalised:
        raise tk.ValidationError({"alias": [
            tk._("Alias harus memuat huruf atau angka.")]})
    resolver = opd_names.OpdResolver()
    taken = resolver.taken(data["alias"])
    if taken is not None:
        raise tk.ValidationError({"alias": [
            tk._('"{alias}" sudah berarti OPD {opd}.').format(
                alias=data["alias"], opd=resolver.titles.get(taken, taken))
        ]})
    alias = OpdAlias(
        owner_org=data["owner_org"], alias=data["alias"], normalised=normalised,
        creator_user_id=acting_user_id(context),
    )
    model.Session.add(alias)
    _commit_alias(context)
    return _dictize_aliases([alias])[0]


def _commit_alias(context: Context) -> None:
    commit(context, "alias", tk._("Alias ini baru saja ditambahkan untuk OPD lain."))


def satudata_opd_alias_delete(context: Context, data_dict: DataDict) -> None:
    """Remove an alias; rows already imported keep their OPD.

    :param id: the alias's id
    :type id: string
    """
    tk.check_access("satudata_opd_alias_delete", context, data_dict)
    id = data_dict.get("id")
    alias = model.Session.get(OpdAlias, id) if isinstance(id, str) else None
    if alias is None:
        raise tk.ObjectNotFound(tk._("Alias OPD tidak ditemukan."))
    model.Session.delete(alias)
    _commit_alias(context)


def satudata_opd_alias_seed(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Add the common short names of the portal's OPDs to the alias list.

    For each OPD whose title is one of the usual full names ("Dinas
    Komunikasi dan Informatika", "Dinas Kependudukan dan Pencatatan Sipil",
    ...), its usual short names ("Dinas Kominfo", "Diskominfo", ...) are
    added unless they already mean an OPD
    (:data:`~ckanext.satudata.daftar_data.opd_names.COMMON_SHORT_NAMES`).
    Running it again adds only what is new.

    :returns: ``created``, the aliases added (as in
        ``satudata_opd_alias_list``)
    :rtype: dictionary
    """
    tk.check_access("satudata_opd_alias_seed", context, data_dict)
    user_id = acting_user_id(context)
    aliases = [
        OpdAlias(owner_org=org_id, alias=name,
                 normalised=opd_names.normalise(name), creator_user_id=user_id)
        for org_id, name in opd_names.seed_candidates(opd_names.OpdResolver())
    ]
    model.Session.add_all(aliases)
    _commit_alias(context)
    return {"created": _dictize_aliases(aliases)}
