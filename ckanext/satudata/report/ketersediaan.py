"""The availability check's figures in the board and the Laporan: per OPD,
the Daftar Data rows of the year (revoked ones left out), how many a Berita
Acara checked and what it found, and the Berita Acara signed.

A row's result is its summary field, which the latest signed Berita Acara
writes (:mod:`ckanext.satudata.model.berita_acara`); drafts count as
nothing yet. Two queries, whatever the number of OPDs and rows.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ckanext.satudata.model.berita_acara import DITANDATANGANI
from ckanext.satudata.model.daftar_data import DICABUT

from .figures import Scope

__all__ = ["COUNTS", "compute"]

COUNTS = ("baris", "diperiksa", "tersedia", "sebagian", "tidak_tersedia",
          "belum_diperiksa", "berita_acara")


def compute(scope: Scope) -> dict[str, Any]:
    """``per_opd`` (OPDs with rows, by title: ``organisasi`` and each of
    :data:`COUNTS`) and ``ringkasan`` (the totals)."""
    params: dict[str, Any] = {"tahun": scope.tahun, "dicabut": DICABUT,
                              "signed": DITANDATANGANI}
    org_filter = ""
    if scope.organizations is not None:
        org_filter = "AND owner_org = ANY(:orgs)"
        params["orgs"] = list(scope.organizations)
    rows = model.Session.execute(sa.text(f"""
SELECT dd.owner_org, g.name, g.title,
       count(*) AS baris,
       count(dd.ketersediaan) AS diperiksa,
       count(*) FILTER (WHERE dd.ketersediaan = 'tersedia') AS tersedia,
       count(*) FILTER (WHERE dd.ketersediaan = 'sebagian') AS sebagian,
       count(*) FILTER (WHERE dd.ketersediaan = 'tidak_tersedia')
         AS tidak_tersedia,
       count(*) FILTER (WHERE dd.ketersediaan IS NULL) AS belum_diperiksa
FROM satudata_daftar_data dd LEFT JOIN "group" g ON g.id = dd.owner_org
WHERE dd.tahun = :tahun AND dd.status <> :dicabut {org_filter}
GROUP BY dd.owner_org, g.name, g.title
"""), params).all()
    signed = dict(model.Session.execute(sa.text(f"""
SELECT owner_org, count(*) FROM satudata_berita_acara
WHERE tahun = :tahun AND status = :signed {org_filter}
GROUP BY owner_org
"""), params).all())
    lines = []
    for r in rows:
        line: dict[str, Any] = {
            "organisasi": {"id": r.owner_org, "name": r.name or r.owner_org,
                             "title": r.title or r.name or r.owner_org},
        }
        for key in COUNTS[:-1]:
            line[key] = int(getattr(r, key))
        line["berita_acara"] = int(signed.get(r.owner_org, 0))
        lines.append(line)
    lines.sort(key=lambda line: line["organisasi"]["title"].lower())
    return {
        "per_opd": lines,
        "ringkasan": {key: sum(line[key] for line in lines) for key in COUNTS},
    }

