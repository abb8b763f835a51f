"""Actions of the Berita Acara of the availability check
(satudata_berita_acara_*)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from ckanext.satudata import vocabularies
from ckanext.satudata.daftar_data import berita_acara as documents
from ckanext.satudata.logic import acting_user_id, commit, validate
from ckanext.satudata.logic.auth import daftar_data as daftar_data_auth
from ckanext.satudata.logic.schema import berita_acara as schema
from ckanext.satudata.logic.validators.daftar_data import (
    satudata_daftar_data_ketersediaan,
    satudata_daftar_data_text,
)
from ckanext.satudata.model import utcnow
from ckanext.satudata.model.berita_acara import (
    DITANDATANGANI,
    DRAF,
    BeritaAcara,
    BeritaAcaraItem,
)
from ckanext.satudata.model.daftar_data import DICABUT, DaftarData

_FIELDS = ("nomor", "tanggal", "tempat", "peserta", "catatan")


def _organization(org_id: str) -> dict[str, Any]:
    group = model.Session.get(model.Group, org_id)
    if group is None:
        return {"id": org_id, "name": None, "title": None}
    return {"id": group.id, "name": group.name, "title": group.title}


def _counts(items: list[BeritaAcaraItem]) -> dict[str, int]:
    counts = dict.fromkeys(vocabularies.KETERSEDIAAN, 0)
    for item in items:
        counts[item.ketersediaan] = counts.get(item.ketersediaan, 0) + 1
    return counts


def _dictize(document: BeritaAcara, with_items: bool = True) -> dict[str, Any]:
    data = document.as_dict()
    data["organization"] = _organization(document.owner_org)
    data["jumlah_baris"] = len(document.items)
    data["ringkasan"] = _counts(document.items)
    if with_items:
        rows = {r.id: r for r in model.Session.scalars(
            sa.select(DaftarData).where(
                DaftarData.id.in_([i.daftar_data_id for i in document.items])))}
        data["hasil"] = [{
            "daftar_data_id": item.daftar_data_id,
            "kode": rows[item.daftar_data_id].kode,
            "nama_data": rows[item.daftar_data_id].nama_data,
            "status": rows[item.daftar_data_id].status,
            "ketersediaan": item.ketersediaan,
            "keterangan": item.keterangan,
        } for item in document.items]
    return data


def _get_or_404(data_dict: DataDict) -> BeritaAcara:
    id = data_dict.get("id")
    document = BeritaAcara.get(id) if isinstance(id, str) else None
    if document is None:
        raise tk.ObjectNotFound(tk._("Berita Acara tidak ditemukan."))
    return document


def _items(
    hasil: Any, owner_org: str, tahun: int, context: Context
) -> list[BeritaAcaraItem]:
    """The checked rows of ``hasil`` as items, or a ValidationError that
    names each wrong line (counted from 1)."""
    if not isinstance(hasil, list) or not all(isinstance(h, dict) for h in hasil):
        raise tk.ValidationError({"hasil": [tk._(
            "Hasil pemeriksaan harus berupa daftar baris (list of objects).")]})
    if not hasil:
        raise tk.ValidationError({"hasil": [tk._(
            "Isi hasil pemeriksaan untuk sedikitnya satu baris Daftar Data.")]})
    ids = [h.get("daftar_data_id") for h in hasil]
    rows = {r.id: r for r in model.Session.scalars(sa.select(DaftarData).where(
        DaftarData.id.in_([i for i in ids if isinstance(i, str)])))}
    errors: list[str] = []
    items: list[BeritaAcaraItem] = []
    seen: set[str] = set()
    for number, line in enumerate(hasil, start=1):
        row_id = line.get("daftar_data_id")
        row = rows.get(row_id) if isinstance(row_id, str) else None
        if row is None:
            errors.append(tk._("Baris {n}: Daftar Data tidak ditemukan.").format(
                n=number))
            continue
        if row.owner_org != owner_org or row.tahun != tahun:
            errors.append(tk._(
                "Baris {n}: {kode} bukan Daftar Data OPD dan tahun Berita Acara "
                "ini.").format(n=number, kode=row.kode))
            continue
        if row.status == DICABUT:
            errors.append(tk._(
                "Baris {n}: {kode} sudah dicabut dan tidak diperiksa lagi."
            ).format(n=number, kode=row.kode))
            continue
        if row.id in seen:
            errors.append(tk._("Baris {n}: {kode} disebut lebih dari sekali.")
                          .format(n=number, kode=row.kode))
            continue
        try:
            result = satudata_daftar_data_ketersediaan(
                line.get("ketersediaan"), context)
        except tk.Invalid as e:
            errors.append(tk._("Baris {n}: {message}").format(
                n=number, message=e.error))
            continue
        if result is None:
            errors.append(tk._("Baris {n}: pilih hasil ketersediaan {kode}.")
                          .format(n=number, kode=row.kode))
            continue
        seen.add(row.id)
        items.append(BeritaAcaraItem(
            daftar_data_id=row.id, position=len(items), ketersediaan=result,
            keterangan=satudata_daftar_data_text(line.get("keterangan"), context),
        ))
    if errors:
        raise tk.ValidationError({"hasil": errors})
    return items


def _commit(context: Context) -> None:
    commit(context, "hasil", tk._(
        "Berita Acara ini baru saja diubah oleh orang lain; muat ulang "
        "halamannya."))


def _summarise(row_ids: list[str]) -> None:
    """Write on each row the result, number and date of its latest signed
    Berita Acara (by date, then by when its scan came)."""
    if not row_ids:
        return
    latest = model.Session.execute(sa.text("""
SELECT DISTINCT ON (i.daftar_data_id)
       i.daftar_data_id, i.ketersediaan, b.nomor, b.tanggal
FROM satudata_berita_acara_item i
JOIN satudata_berita_acara b ON b.id = i.berita_acara_id
WHERE b.status = :signed AND i.daftar_data_id = ANY(:ids)
ORDER BY i.daftar_data_id, b.tanggal DESC, b.scan_uploaded DESC NULLS LAST,
         b.created DESC
"""), {"signed": DITANDATANGANI, "ids": row_ids})
    for r in latest:
        row = model.Session.get(DaftarData, r.daftar_data_id)
        if row is not None:
            row.ketersediaan = r.ketersediaan
            row.no_berita_acara = r.nomor
            row.tanggal_berita_acara = r.tanggal


def satudata_berita_acara_create(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Record an availability check of an OPD's Daftar Data of a year, as a
    draft Berita Acara.

    :param owner_org: the OPD checked (id or name)
    :type owner_org: string
    :param tahun: the year of its Daftar Data
    :type tahun: int
    :param tanggal: the day of the check, YYYY-MM-DD
    :type tanggal: string
    :param nomor: the Berita Acara's number (optional; often given at signing)
    :param tempat: where the check was held (optional)
    :param peserta: the participants, one a line (optional)
    :param catatan: notes (optional)
    :param hasil: the rows checked, each ``{daftar_data_id, ketersediaan,
        keterangan}``; ``ketersediaan`` a key of ``vocabularies.KETERSEDIAAN``
        (``tersedia``, ``sebagian``, ``tidak_tersedia``); rows of that OPD
        and year, not revoked
    :type hasil: list of dictionaries

    :returns: the Berita Acara, with ``hasil`` (each row's ``kode`` and
        ``nama_data`` added), ``ringkasan`` (count per result),
        ``jumlah_baris`` and ``organization``
    :rtype: dictionary
    """
    tk.check_access("satudata_berita_acara_create", context, data_dict)
    data_dict = dict(data_dict)
    hasil = data_dict.pop("hasil", None)
    data = validate(data_dict, schema.berita_acara_create_schema(), context)
    items = _items(hasil, data["owner_org"], data["tahun"], context)
    user_id = acting_user_id(context)
    document = BeritaAcara(
        owner_org=data["owner_org"], tahun=data["tahun"], status=DRAF,
        creator_user_id=user_id, modifier_user_id=user_id,
    )
    for key in _FIELDS:
        setattr(document, key, data.get(key))
    document.items = items
    model.Session.add(document)
    _commit(context)
    return _dictize(document)


def satudata_berita_acara_update(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Change a draft Berita Acara; keys left out keep their value, ``hasil``
    given replaces every result. A signed one is a record and stays as
    signed (its scan may still be replaced).

    :param id: the Berita Acara's id
    :type id: string

    The other parameters are those of ``satudata_berita_acara_create``,
    except ``owner_org`` and ``tahun``, which are fixed.

    :returns: the Berita Acara, as ``satudata_berita_acara_show``
    :rtype: dictionary
    """
    document = _get_or_404(data_dict)
    context["satudata_berita_acara"] = document
    tk.check_access("satudata_berita_acara_update", context, data_dict)
    data_dict = dict(data_dict)
    hasil = data_dict.pop("hasil", None)
    fixed = {
        key: [tk._("OPD dan tahun Berita Acara tidak dapat diubah; buat Berita "
                   "Acara baru untuk OPD atau tahun lain.")]
        for key in ("owner_org", "tahun")
        if key in data_dict and str(data_dict[key]) not in (
            str(getattr(document, key)), _organization(document.owner_org)["name"])
    }
    if fixed:
        raise tk.ValidationError(fixed)
    data_dict.pop("owner_org", None)
    data_dict.pop("tahun", None)
    data = validate(data_dict, schema.berita_acara_update_schema(), context)
    if document.status != DRAF:
        raise tk.ValidationError({"status": [tk._(
            "Berita Acara yang sudah ditandatangani tidak dapat diubah; "
            "hanya pindaiannya yang dapat diganti.")]})
    for key in _FIELDS:
        if key in data:
            setattr(document, key, data[key])
    if hasil is not None:
        items = _items(hasil, document.owner_org, document.tahun, context)
        # The old results go first: the new ones may name the same rows.
        document.items.clear()
        model.Session.flush()
        document.items.extend(items)
    document.modifier_user_id = acting_user_id(context)
    document.modified = utcnow()
    _commit(context)
    return _dictize(document)


@tk.side_effect_free
def satudata_berita_acara_show(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """One Berita Acara with its results. Drafts are seen by the OPD checked,
    the Walidata, Forum and Pembina Data; signed ones by everybody.

    :param id: the Berita Acara's id
    :type id: string

    :returns: the Berita Acara: ``nomor``, ``tahun``, ``owner_org``,
        ``organization``, ``tanggal``, ``tempat``, ``peserta``, ``catatan``,
        ``status`` (``draf`` or ``ditandatangani``), ``scan`` (``name``,
        ``mimetype``, ``size``, ``uploaded``; null without a scan),
        ``hasil``, ``ringkasan`` and ``jumlah_baris``
    :rtype: dictionary
    """
    document = _get_or_404(data_dict)
    context["satudata_berita_acara"] = document
    tk.check_access("satudata_berita_acara_show", context, data_dict)
    return _dictize(document)


@tk.side_effect_free
def satudata_berita_acara_list(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The Berita Acara the user may see, newest first, without their
    results (``ringkasan`` counts them).

    :param tahun: only this year
    :type tahun: int
    :param organization: only this OPD (id or name)
    :type organization: string
    :param status: ``draf`` or ``ditandatangani``
    :type status: string
    :param daftar_data_id: only those that checked this row
    :type daftar_data_id: string

    :rtype: list of dictionaries
    """
    tk.check_access("satudata_berita_acara_list", context, data_dict)
    data = validate(data_dict, schema.berita_acara_list_schema(), context)
    query = sa.select(BeritaAcara)
    if not context.get("ignore_auth") and not daftar_data_auth._reads_everything(
            context):
        visible = BeritaAcara.status == DITANDATANGANI
        own = daftar_data_auth._opd_organizations(context)
        if own:
            visible = sa.or_(visible, BeritaAcara.owner_org.in_(own))
        query = query.where(visible)
    if "tahun" in data:
        query = query.where(BeritaAcara.tahun == data["tahun"])
    if "organization" in data:
        query = query.where(BeritaAcara.owner_org == data["organization"])
    if "status" in data:
        query = query.where(BeritaAcara.status == data["status"])
    if "daftar_data_id" in data:
        query = query.where(BeritaAcara.items.any(
            BeritaAcaraItem.daftar_data_id == data["daftar_data_id"]))
    documents = model.Session.scalars(query.order_by(
        BeritaAcara.tanggal.desc(), BeritaAcara.created.desc())).all()
    return [_dictize(d, with_items=False) for d in documents]


def satudata_berita_acara_upload(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Upload the signed scan of a Berita Acara (PDF, JPG or PNG, at most
    ``ckanext.satudata.berita_acara.max_scan_mb``). The Berita Acara becomes
    ``ditandatangani`` and its results the summary of the rows it checked;
    uploading again replaces the scan.

    :param id: the Berita Acara's id
    :type id: string
    :param upload: the file (multipart upload)
    :type upload: file

    :returns: the Berita Acara, as ``satudata_berita_acara_show``
    :rtype: dictionary
    """
    document = _get_or_404(data_dict)
    context["satudata_berita_acara"] = document
    tk.check_access("satudata_berita_acara_upload", context, data_dict)
    scan = documents.store_scan(data_dict.get("upload"), document.scan_url)
    document.scan_url = scan.url
    document.scan_name = scan.name
    document.scan_mimetype = scan.mimetype
    document.scan_size = scan.size
    document.scan_uploaded = utcnow()
    document.status = DITANDATANGANI
    document.modifier_user_id = acting_user_id(context)
    model.Session.flush()
    _summarise([item.daftar_data_id for item in document.items])
    _commit(context)
    return _dictize(document)
