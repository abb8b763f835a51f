"""The public face of the portal: the home page's settings and figures and
the Tentang page's text, from ``ckanext.satudata.portal.*`` and the
existing actions.

The progress figures come from ``satudata_report_summary`` (asked as the
site user: the home page shows every OPD's counts, which are public
aggregates), so they are the board's own numbers.
"""
from __future__ import annotations

import datetime
import re
from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["about_paragraphs", "latest_datasets", "organizations", "progress",
           "settings"]

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_DEFAULT_PRIMARY = "#0b5c8a"
_DEFAULT_ACCENT = "#f2b705"
_LATEST = 6


def _colour(key: str, default: str) -> str:
    # The value goes into a style attribute: anything but a hex colour could
    # carry CSS of its own.
    value = (tk.config.get(key) or "").strip()
    return value if _HEX_COLOUR.fullmatch(value) else default


def settings() -> dict[str, Any]:
    return {
        "region": tk.config.get("ckanext.satudata.nama_wilayah"),
        "logo": (tk.config.get("ckanext.satudata.portal.logo") or "").strip(),
        "primary": _colour("ckanext.satudata.portal.primary_colour",
                           _DEFAULT_PRIMARY),
        "accent": _colour("ckanext.satudata.portal.accent_colour", _DEFAULT_ACCENT),
        "contact": (tk.config.get("ckanext.satudata.portal.contact") or "").strip(),
    }


def about_paragraphs() -> list[str]:
    """The configured text about the portal, or the standard one."""
    text = (tk.config.get("ckanext.satudata.portal.about") or "").strip()
    if not text:
        region = tk.config.get("ckanext.satudata.nama_wilayah")
        return [
            tk._("Portal Satu Data {wilayah} menyajikan data statistik sektoral"
                 " yang dihasilkan Perangkat Daerah (OPD) {wilayah}, sesuai"
                 " Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data"
                 " Indonesia.").format(wilayah=region),
        ]
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def progress(tahun: int | None = None) -> dict[str, Any]:
    """This year's Daftar Data per OPD: rows established, datasets
    published, rows late; OPDs without an established row are left out."""
    tahun = tahun or datetime.date.today().year
    report = tk.get_action("satudata_report_summary")(
        _site_context(), {"tahun": tahun})
    keys = ("ditetapkan", "terbit", "terlambat")
    lines = [
        {"organisasi": line["organisasi"], **{k: line[k] for k in keys}}
        for line in report["per_opd"] if line["ditetapkan"]
    ]
    return {
        "tahun": tahun,
        "per_opd": lines,
        "ringkasan": {k: report["ringkasan"][k] for k in keys},
    }


def latest_datasets() -> list[dict[str, Any]]:
    """The newest public datasets (a search as anonymous: nothing private)."""
    result = tk.get_action("package_search")(
        {"user": "", "ignore_auth": False},
        {"rows": _LATEST, "sort": "metadata_modified desc",
         "include_private": False},
    )
    results: list[dict[str, Any]] = result["results"]
    return results


def organizations() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = tk.get_action("organization_list")(
        {"user": "", "ignore_auth": False},
        {"all_fields": True, "sort": "title asc"},
    )
    return found
