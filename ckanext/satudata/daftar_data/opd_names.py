"""Which OPD a name written in an annex or a form means.

An SK annex names the producing OPD however its author knows it: with the
regency after it ("Dinas Kesehatan Kab. Trenggalek"), "&" for "dan", a
short name ("Dinas Kominfo", "DINKES"), or several producers in one cell
("1. BPS; 2. Dinas Perinaker"). :func:`normalise` reduces a name to the form
the lookups compare; :class:`OpdResolver` finds the organization by its URL
name, title, ``kode_opd``, ``singkatan`` or one of the aliases the Walidata
keeps (:class:`~ckanext.satudata.model.opd_alias.OpdAlias`);
:func:`split_producers` takes a multi-producer cell apart.

:data:`COMMON_SHORT_NAMES` is what ``satudata_opd_alias_seed`` adds to the
alias list: the short names by which Javanese regencies' OPDs are commonly
known, for each OPD whose title is one of the usual full names. Seeding
writes them into the list, so the Walidata sees and may delete each one.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ckanext.satudata.model.opd_alias import OpdAlias

# Full names (normalised) -> short names, as annexes and letters write them.
COMMON_SHORT_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("dinas komunikasi dan informatika",
      "dinas komunikasi informatika dan statistik",
      "dinas komunikasi informatika statistik dan persandian"),
     ("Dinas Kominfo", "Diskominfo", "Kominfo", "Diskominfo Statistik")),
    (("dinas kependudukan dan pencatatan sipil",),
     ("Disdukcapil", "Dispendukcapil", "Dukcapil", "Dinas Dukcapil")),
    (("badan perencanaan pembangunan daerah penelitian dan pengembangan",),
     ("Bappedalitbang", "Bappeda Litbang")),
    (("badan perencanaan pembangunan daerah",
      "badan perencanaan penelitian dan pengembangan daerah"),
     ("Bappeda",)),
    (("dinas kesehatan",
      "dinas kesehatan pengendalian penduduk dan keluarga berencana"),
     ("Dinkes", "Dinas Kes", "Dinas Kesehatan")),
    (("dinas perindustrian dan tenaga kerja",
      "dinas perindustrian dan ketenagakerjaan"),
     ("Dinas Perinaker", "Disperinaker")),
    (("dinas tenaga kerja",), ("Disnaker",)),
    (("dinas pendidikan", "dinas pendidikan pemuda dan olahraga"),
     ("Dispendik", "Disdik", "Dindik")),
    (("dinas sosial",
      "dinas sosial pemberdayaan perempuan dan perlindungan anak"),
     ("Dinsos", "Dinas Sosial")),
    (("dinas pekerjaan umum dan penataan ruang",),
     ("Dinas PUPR", "DPUPR", "PUPR")),
    (("badan pengelola keuangan dan aset daerah",
      "badan pengelolaan keuangan dan aset daerah"),
     ("BPKAD",)),
    (("badan kepegawaian dan pengembangan sumber daya manusia",),
     ("BKPSDM",)),
    (("badan penanggulangan bencana daerah",), ("BPBD",)),
    (("dinas lingkungan hidup",), ("DLH",)),
    (("dinas perhubungan",), ("Dishub",)),
    (("dinas penanaman modal dan pelayanan terpadu satu pintu",),
     ("DPMPTSP",)),
    (("badan pusat statistik",), ("BPS",)),
)

# "... Kab. Trenggalek", "... Kabupaten Mojokerto", "..., Kota Batu": the
# regency after the name adds nothing inside one regency's portal.
_REGION_SUFFIX = re.compile(
    r"[\s,]+(?:pemerintah\s+)?(?:kab|kabupaten|kota|prov|provinsi)\b\.?"
    r"\s+[a-z][a-z .'-]*$"
)
_LEADING_NUMBER = re.compile(r"^\s*\(?\d{1,2}\s*[.)]\s*")
# "1. BPS 2. Dinas Perinaker": a number starting an item of a list.
_ITEM_NUMBER = re.compile(r"(?:^|\s)\(?\d{1,2}[.)]\s+")


def normalise(name: str) -> str:
    """``name`` as the lookups compare it: lower case, "&" read as "dan",
    list numbering and the region suffix dropped, runs of anything but
    letters and digits as one space."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    text = text.replace("&", " dan ")
    text = _LEADING_NUMBER.sub("", text).strip()
    text = _REGION_SUFFIX.sub("", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def split_producers(cell: str) -> list[str]:
    """The producers a cell names, in order: items separated by ";", a line
    break or list numbers ("1. BPS; 2. Dinas Perinaker"). Commas do not
    separate, as OPD titles contain them."""
    names = []
    for part in re.split(r"[;\n]+", cell):
        for item in _ITEM_NUMBER.split(part):
            item = " ".join(item.split()).strip(" ,.")
            if item:
                names.append(item)
    return names


@dataclass(frozen=True)
class Match:
    """What a name resolved to: the organization (id and title) or, when
    ``candidates`` holds more than one, nothing because it is ambiguous."""

    org_id: str | None
    title: str | None
    candidates: int


class OpdResolver:
    """The active organizations by every name they are known by.

    Built once per import or validation: a regency has a few dozen OPDs and
    at most a few hundred aliases.
    """

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self._keys: dict[str, set[str]] = {}
        self._ids: set[str] = set()
        self._found: dict[str, Match] = {}
        # ``Group.extras`` is a dict on both CKAN 2.11 (group_extra rows)
        # and 2.12 (a JSONB column).
        for org in _organizations(
            model.Group.is_organization, model.Group.state == "active"
        ):
            self._ids.add(org.id)
            self.titles[org.id] = org.title or org.name
            extras = org.extras or {}
            for key in (org.name, org.title, extras.get("kode_opd"),
                        extras.get("singkatan")):
                self._add(key, org.id)
        for alias in OpdAlias.all():
            if alias.owner_org in self._ids:
                self._add(alias.alias, alias.owner_org)

    def _add(self, key: str | None, org_id: str) -> None:
        if key and normalise(key):
            self._keys.setdefault(normalise(key), set()).add(org_id)

    def find(self, name: str) -> Match:
        # An annex names a few dozen OPDs over hundreds of rows.
        if name not in self._found:
            self._found[name] = self._find(name)
        return self._found[name]

    def _find(self, name: str) -> Match:
        if name in self._ids:
            return Match(name, self.titles[name], 1)
        ids = self._keys.get(normalise(name), set())
        if len(ids) == 1:
            org_id = next(iter(ids))
            return Match(org_id, self.titles[org_id], 1)
        return Match(None, None, len(ids))

    def taken(self, name: str) -> str | None:
        """The id of an organization ``name`` already means, if any."""
        ids = self._keys.get(normalise(name), set())
        return next(iter(ids)) if ids else None


def _organizations(*where: Any) -> list[model.Group]:
    """The groups matching ``where``, with their extras."""
    query = sa.select(model.Group).where(*where)
    # On 2.11 the extras are group_extra rows, read one query per
    # organization unless loaded together.
    group_extras = getattr(model.Group, "_extras", None)
    if group_extras is not None:
        query = query.options(sa.orm.selectinload(group_extras))
    return list(model.Session.scalars(query))


def other_names(org_ids: Collection[str]) -> dict[str, list[str]]:
    """The names besides its title by which each of these organizations is
    known (``kode_opd``, ``singkatan``, the Walidata's aliases), as written,
    so that a list of OPDs can be searched by any of them."""
    names: dict[str, list[str]] = {}
    if not org_ids:
        return names
    for org in _organizations(model.Group.id.in_(list(org_ids))):
        extras = org.extras or {}
        for key in ("kode_opd", "singkatan"):
            if extras.get(key):
                names.setdefault(org.id, []).append(str(extras[key]))
    for alias in model.Session.scalars(
        sa.select(OpdAlias)
        .where(OpdAlias.owner_org.in_(list(org_ids)))
        .order_by(OpdAlias.alias)
    ):
        names.setdefault(alias.owner_org, []).append(alias.alias)
    return names


def seed_candidates(resolver: OpdResolver) -> list[tuple[str, str]]:
    """(organization id, short name) of :data:`COMMON_SHORT_NAMES` for the
    OPDs whose title is one of the full names, where the short name does
    not already mean an OPD."""
    by_title = {normalise(title): org_id
                for org_id, title in resolver.titles.items()}
    found = []
    for full_names, short_names in COMMON_SHORT_NAMES:
        org_ids = {by_title[n] for n in full_names if n in by_title}
        if len(org_ids) != 1:
            continue
        org_id = org_ids.pop()
        seen = set()
        for short in short_names:
            if normalise(short) in seen or resolver.taken(short):
                continue
            seen.add(normalise(short))
            found.append((org_id, short))
    return found
