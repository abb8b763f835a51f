"""The figures of the monitoring board and the annual report.

Everything is computed set-wise in PostgreSQL, in a fixed number of queries
whatever the number of OPDs, rows, datasets and events (a test counts them):
the per-OPD table, the datasets per workflow state, the time-standard
compliance per step, the returns and the published datasets.

Scope: the Daftar Data rows of one year (optionally of some OPDs) and the
active datasets linked to them (``daftar_data_id``). Workflow states are the
current ones; the events (steps, returns, publications) are counted when they
happened inside the period, by default the calendar year. Steps and returns
count for every dataset that was linked to a row in scope, deleted and
purged ones too (a purge leaves a record, ``satudata_purged_dataset``): the
work was done, and deleting a dataset must not rewrite the report.

A row is **late** when it is established, has a periodic update schedule
(``jadwal_pemutakhiran``; ``insidental`` or none is never late) and its data
were not published within one period: the deadline is the last publication
of any of its datasets, or, if none was published yet, the start of the year
(the date of the SK if later), plus one period; the row is late when that
deadline lies before the reference moment (now, or the end of the period if
it is over).

The time spent in a step is measured like the workflow panel does: from
entering a state (the previous event, or the creation of the dataset for the
first one) to the event that leaves it, against that state's time standard in
the configured workflow definition. The definition's
``template_announcement`` (SOP step 3) comes first: from the template linked
to a row (or its announced version created, if later) to «Informasikan».
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ckanext.satudata.model import utcnow
from ckanext.satudata.model.daftar_data import DITETAPKAN, USULAN
from ckanext.satudata.workflow.definition import Definition

__all__ = [
    "DRILL_MEASURES", "PERIOD_DAYS", "Scope", "compute", "default_scope",
    "drill_rows", "link_join",
]

# One period of each update schedule, in days; insidental has no period.
PERIOD_DAYS: dict[str, int] = {
    "harian": 1,
    "mingguan": 7,
    "bulanan": 31,
    "triwulanan": 92,
    "empat_bulanan": 123,
    "semesteran": 183,
    "tahunan": 366,
    "dua_tahunan": 731,
}

# What a number on the board can be drilled into.
DRILL_MEASURES = ("baris", "ditetapkan", "tertaut", "belum_tertaut",
                  "terlambat", "status")


@dataclasses.dataclass(frozen=True)
class Scope:
    """Which rows and which period a report covers."""

    tahun: int
    organizations: tuple[str, ...] | None = None  # None: every OPD
    start: datetime.date | None = None
    end: datetime.date | None = None
    # Lateness is judged at the end of this day (default: the period's end).
    judged: datetime.date | None = None

    @property
    def first_day(self) -> datetime.date:
        return self.start or datetime.date(self.tahun, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.end or datetime.date(self.tahun, 12, 31)

    def reference(self, now: datetime.datetime) -> datetime.datetime:
        """The moment lateness is judged at."""
        end = datetime.datetime.combine(
            (self.judged or self.last_day) + datetime.timedelta(days=1),
            datetime.time(),
        )
        return min(now, end)


def link_join() -> str:
    """SQL joining ``package p`` to the rows ``dd`` it links to."""
    # CKAN 2.12 keeps the scheming fields in package.extras (JSONB); 2.11 in
    # the package_extra table.
    if "extras" in model.package_table.c:
        return "JOIN dd ON dd.id = p.extras ->> 'daftar_data_id'"
    return (
        "JOIN package_extra x ON x.package_id = p.id"
        " AND x.key = 'daftar_data_id' AND x.state = 'active'"
        " JOIN dd ON dd.id = x.value"
    )


def _period_case() -> str:
    whens = " ".join(
        f"WHEN '{key}' THEN {days}" for key, days in PERIOD_DAYS.items()
    )
    return f"CASE dd.jadwal_pemutakhiran {whens} END"


def _base(scope: Scope) -> str:
    """The shared CTEs: ``dd`` rows in scope, ``pkg`` their datasets with
    state and last publication, ``facts`` one line per row."""
    org_filter = "AND owner_org = ANY(:orgs)" if scope.organizations is not None else ""
    return f"""
WITH dd AS (
  SELECT id, kode, nama_data, owner_org, status, jadwal_pemutakhiran,
         tanggal_sk, tahun
  FROM satudata_daftar_data
  WHERE tahun = :tahun {org_filter}
),
pkg0 AS (
  SELECT p.id, p.name, p.title, p.metadata_created, dd.id AS row_id,
         dd.owner_org,
         COALESCE(ws.state, :initial) AS state
  FROM package p
  {link_join()}
  LEFT JOIN satudata_workflow_state ws ON ws.package_id = p.id
  WHERE p.state = 'active' AND p.type = 'dataset'
    -- A revision's draft is an update of its dataset, not another one.
    AND NOT EXISTS (SELECT 1 FROM satudata_revision rv
                    WHERE rv.draft_package_id = p.id)
),
pub AS (
  SELECT e.package_id, max(e.created) AS published
  FROM satudata_workflow_event e JOIN pkg0 ON pkg0.id = e.package_id
  WHERE e.to_state = :public
  GROUP BY e.package_id
),
pkg AS (
  -- Public since before the extension: no publication event.
  SELECT pkg0.*, COALESCE(pub.published,
           CASE WHEN pkg0.state = :public THEN pkg0.metadata_created END)
           AS published
  FROM pkg0 LEFT JOIN pub ON pub.package_id = pkg0.id
),
facts AS (
  SELECT dd.id, dd.kode, dd.nama_data, dd.owner_org, dd.status,
         dd.jadwal_pemutakhiran,
         count(pkg.id) AS datasets,
         max(pkg.published) AS last_published,
         COALESCE(max(pkg.published),
                  GREATEST(make_date(dd.tahun, 1, 1), dd.tanggal_sk))
           + make_interval(days => {_period_case()}) AS due
  FROM dd LEFT JOIN pkg ON pkg.row_id = dd.id
  GROUP BY dd.id, dd.kode, dd.nama_data, dd.owner_org, dd.status,
           dd.jadwal_pemutakhiran, dd.tahun, dd.tanggal_sk
),
rowfacts AS (
  SELECT facts.*,
         facts.status = :ditetapkan AND facts.due IS NOT NULL
           AND facts.due < :reference AS late
  FROM facts
),
evpkg AS (
  -- Whose events count (steps, returns): every dataset linked to a row in
  -- scope, deleted and purged ones too, since the work was done.
  SELECT p.id, p.name, p.title, p.metadata_created, dd.owner_org
  FROM package p
  {link_join()}
  WHERE p.type = 'dataset'
  UNION ALL
  SELECT r.package_id, r.name, r.title, r.metadata_created, dd.owner_org
  FROM satudata_purged_dataset r JOIN dd ON dd.id = r.daftar_data_id
  WHERE NOT EXISTS (SELECT 1 FROM package p WHERE p.id = r.package_id)
)
"""


def _params(
    scope: Scope, definition: Definition, now: datetime.datetime
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "tahun": scope.tahun,
        "initial": definition.initial_state,
        "public": definition.public_state,
        "usulan": USULAN,
        "ditetapkan": DITETAPKAN,
        "reference": scope.reference(now),
        "period_start": datetime.datetime.combine(scope.first_day, datetime.time()),
        "period_end": datetime.datetime.combine(
            scope.last_day + datetime.timedelta(days=1), datetime.time()
        ),
    }
    if scope.organizations is not None:
        params["orgs"] = list(scope.organizations)
    return params


def _rows(sql: str, params: dict[str, Any]) -> list[Any]:
    return list(model.Session.execute(sa.text(sql), params))


def _without_jit() -> None:
    # The planner cannot estimate the join on daftar_data_id (an extra), so
    # its cost estimates are high enough to trigger JIT compilation, which
    # costs a second or more for queries that run in milliseconds. Only for
    # the current transaction.
    model.Session.execute(sa.text("SET LOCAL jit = off"))


def _organizations(scope: Scope, ids: set[str]) -> list[dict[str, Any]]:
    """The OPDs in scope: every active organization (or the chosen ones) and
    any that owns a row, ordered by title."""
    where = "(is_organization AND state = 'active')"
    params: dict[str, Any] = {"ids": sorted(ids)}
    if scope.organizations is not None:
        where = "id = ANY(:orgs)"
        params["orgs"] = list(scope.organizations)
    rows = _rows(
        f'SELECT id, name, title FROM "group" WHERE {where} OR id = ANY(:ids)',
        params,
    )
    found = {r.id: {"id": r.id, "name": r.name, "title": r.title or r.name}
             for r in rows}
    for missing in ids - set(found):
        # The register outlives organizations (no foreign key).
        found[missing] = {"id": missing, "name": missing, "title": missing}
    return sorted(found.values(), key=lambda o: (o["title"] or "").lower())


def default_scope(
    tahun: int,
    organizations: tuple[str, ...] | None,
    definition: Definition,
    now: datetime.datetime | None = None,
) -> Scope:
    """The period a year is shown for when none is chosen: its calendar
    year, stretched to the first and the last workflow event of the
    datasets of its rows when the work fell outside it (the Daftar Data of
    2025 is often processed and published in 2026). Lateness is still judged
    at the end of the calendar year (or now): the obligation is the year's.
    """
    year = Scope(tahun, organizations)
    params = _params(year, definition, now or utcnow())
    _without_jit()
    first, last = _rows(_base(year) + """
SELECT min(e.created), max(e.created)
FROM satudata_workflow_event e JOIN evpkg ON evpkg.id = e.package_id
""", params)[0]
    return Scope(
        tahun, organizations,
        start=min(year.first_day, first.date()) if first else None,
        end=max(year.last_day, last.date()) if last else None,
        judged=year.last_day,
    )


def _steps(
    scope: Scope, definition: Definition, params: dict[str, Any]
) -> list[dict[str, Any]]:
    standards = {
        name: int(state.time_standard.total_seconds())
        for name, state in definition.states.items()
        if state.time_standard is not None
    }
    case = " ".join(
        f"WHEN :std_state_{i} THEN :std_seconds_{i}" for i in range(len(standards))
    )
    step_params = dict(params)
    for i, (name, seconds) in enumerate(standards.items()):
        step_params[f"std_state_{i}"] = name
        step_params[f"std_seconds_{i}"] = seconds
    standard_expr = f"CASE timed.from_state {case} END" if standards else "NULL"
    sql = _base(scope) + f""",
timed AS (
  SELECT e.from_state, e.created,
         EXTRACT(EPOCH FROM e.created - COALESCE(
           lag(e.created) OVER (PARTITION BY e.package_id ORDER BY e.version),
           evpkg.metadata_created)) AS seconds
  FROM satudata_workflow_event e JOIN evpkg ON evpkg.id = e.package_id
)
SELECT timed.from_state AS state, count(*) AS events,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY timed.seconds) AS median,
       count(*) FILTER (WHERE timed.seconds <= {standard_expr}) AS within
FROM timed
WHERE timed.created >= :period_start AND timed.created < :period_end
GROUP BY timed.from_state
"""
    measured = {r.state: r for r in _rows(sql, step_params)}
    steps = []
    # Definition order first, then states the definition no longer knows.
    unknown = sorted(set(measured) - set(definition.states))
    for name in list(definition.states) + unknown:
        row = measured.get(name)
        standard = standards.get(name)
        if row is None and name not in standards:
            continue
        events = int(row.events) if row else 0
        within = int(row.within) if row and standard is not None else None
        steps.append({
            "status": name,
            "label_status": definition.state_label(name),
            "langkah": (
                definition.states[name].step if name in definition.states else ""
            ),
            "standar_waktu_detik": standard,
            "jumlah_peristiwa": events,
            "median_detik": (
                float(row.median) if row and row.median is not None else None
            ),
            "sesuai_standar": within,
            "porsi_sesuai_standar": (
                within / events if within is not None and events else None
            ),
        })
    return _announcement_step(scope, definition, params) + steps


def _announcement_step(
    scope: Scope, definition: Definition, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """SOP step 3, «Informasikan» of a row's template, when the definition
    has it: each announcement of a row in scope made in the period, timed
    from its ``clock_start`` (the template linked to the row, or its
    announced version created, whichever came later)."""
    step = definition.template_announcement
    if step is None:
        return []
    standard = (
        int(step.time_standard.total_seconds()) if step.time_standard else None)
    row = _rows(_base(scope) + """
SELECT count(*) AS events,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY a.seconds) AS median,
       count(*) FILTER (WHERE a.seconds <= :std) AS within
FROM (SELECT EXTRACT(EPOCH FROM t.created - t.clock_start) AS seconds
      FROM satudata_template_announcement t JOIN dd ON dd.id = t.daftar_data_id
      WHERE t.created >= :period_start AND t.created < :period_end) a
""", params | {"std": standard})[0]
    events = int(row.events)
    within = int(row.within) if standard is not None else None
    return [{
        "status": step.name,
        "label_status": step.label,
        "langkah": step.step,
        "standar_waktu_detik": standard,
        "jumlah_peristiwa": events,
        "median_detik": float(row.median) if row.median is not None else None,
        "sesuai_standar": within,
        "porsi_sesuai_standar": (
            within / events if within is not None and events else None
        ),
    }]


def compute(
    scope: Scope,
    definition: Definition,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Every figure of the board and the report, as plain JSON-able data."""
    now = now or utcnow()
    params = _params(scope, definition, now)
    base = _base(scope)
    _without_jit()

    per_org_rows = _rows(base + """
SELECT owner_org,
       count(*) AS baris,
       count(*) FILTER (WHERE status = :usulan) AS usulan,
       count(*) FILTER (WHERE status = :ditetapkan) AS ditetapkan,
       count(*) FILTER (WHERE status = :ditetapkan AND datasets > 0) AS tertaut,
       count(*) FILTER (WHERE late) AS terlambat
FROM rowfacts GROUP BY owner_org
""", params)
    state_rows = _rows(base + """
SELECT owner_org, state, count(*) AS n,
       count(*) FILTER (WHERE published >= :period_start
                          AND published < :period_end) AS published_in_period
FROM pkg GROUP BY owner_org, state
""", params)
    returns_transitions = [t.name for t in definition.transitions.values() if t.returns]
    return_rows = _rows(base + """
SELECT evpkg.owner_org, evpkg.name, evpkg.title, e.transition, e.from_state,
       e.to_state, e.role, e.note, e.created, u.name AS user_name,
       u.fullname AS user_fullname
FROM satudata_workflow_event e
JOIN evpkg ON evpkg.id = e.package_id
LEFT JOIN "user" u ON u.id = e.user_id
WHERE e.transition = ANY(:returns)
  AND e.created >= :period_start AND e.created < :period_end
ORDER BY e.created, evpkg.name
""", params | {"returns": returns_transitions})
    published_rows = _rows(base + """
SELECT pkg.owner_org, pkg.name, pkg.title, pkg.published, dd.kode, dd.nama_data
FROM pkg JOIN dd ON dd.id = pkg.row_id
WHERE pkg.state = :public
ORDER BY pkg.published DESC NULLS LAST, pkg.name
""", params)
    steps = _steps(scope, definition, params)

    org_ids = {r.owner_org for r in per_org_rows} | {r.owner_org for r in state_rows}
    organizations = _organizations(scope, org_ids)

    states = list(definition.states)
    table: dict[str, dict[str, Any]] = {}
    for org in organizations:
        table[org["id"]] = {
            "organisasi": org,
            "baris": 0, "usulan": 0, "ditetapkan": 0, "tertaut": 0,
            "terlambat": 0, "dataset": 0, "terbit": 0,
            "terbit_periode": 0, "dikembalikan": 0,
            "status": {s: 0 for s in states},
        }
    for r in per_org_rows:
        line = table[r.owner_org]
        for key in ("baris", "usulan", "ditetapkan", "tertaut", "terlambat"):
            line[key] = int(getattr(r, key))
    for r in state_rows:
        line = table[r.owner_org]
        line["status"][r.state] = line["status"].get(r.state, 0) + int(r.n)
        line["dataset"] += int(r.n)
        if r.state == definition.public_state:
            line["terbit"] += int(r.n)
        line["terbit_periode"] += int(r.published_in_period)

    returns = []
    for r in return_rows:
        table[r.owner_org]["dikembalikan"] += 1
        returns.append({
            "organisasi": table[r.owner_org]["organisasi"],
            "name": r.name,
            "title": r.title or r.name,
            "transisi": r.transition,
            "label_transisi": (
                definition.transitions[r.transition].label
                if r.transition in definition.transitions else r.transition
            ),
            "dari_status": r.from_state,
            "label_dari_status": definition.state_label(r.from_state),
            "ke_status": r.to_state,
            "peran": r.role,
            "pengguna": r.user_name,
            "nama_pengguna": r.user_fullname or r.user_name,
            "catatan": r.note or "",
            "waktu": r.created.isoformat(),
        })
    published = [{
        "organisasi": table[r.owner_org]["organisasi"],
        "name": r.name,
        "title": r.title or r.name,
        "terbit_pada": r.published.isoformat() if r.published else None,
        "kode": r.kode,
        "nama_data": r.nama_data,
    } for r in published_rows]

    lines = list(table.values())
    totals: dict[str, Any] = {
        key: sum(line[key] for line in lines)
        for key in ("baris", "usulan", "ditetapkan", "tertaut", "terlambat",
                    "dataset", "terbit", "terbit_periode", "dikembalikan")
    }
    totals["status"] = {s: sum(line["status"].get(s, 0) for line in lines)
                        for s in {s for line in lines for s in line["status"]}}
    totals["opd"] = len(lines)
    totals["opd_dengan_baris"] = sum(1 for line in lines if line["baris"])
    timed = [s for s in steps if s["sesuai_standar"] is not None]
    measured_events = sum(s["jumlah_peristiwa"] for s in timed)
    totals["langkah_diukur"] = measured_events
    totals["langkah_sesuai_standar"] = sum(s["sesuai_standar"] for s in timed)
    totals["kepatuhan_standar"] = (
        totals["langkah_sesuai_standar"] / measured_events if measured_events else None
    )
    totals["porsi_tertaut"] = (
        totals["tertaut"] / totals["ditetapkan"] if totals["ditetapkan"] else None
    )

    return {
        "tahun": scope.tahun,
        "mulai": scope.first_day.isoformat(),
        "sampai": scope.last_day.isoformat(),
        "acuan": scope.reference(now).isoformat(),
        "id_organisasi": [o["id"] for o in organizations],
        "alur_kerja": definition.name,
        "judul_alur_kerja": definition.title,
        "status_publik": definition.public_state,
        "daftar_status": [{"status": s, "label": definition.state_label(s)}
                          for s in states],
        "ringkasan": totals,
        "per_opd": lines,
        "langkah": steps,
        "pengembalian": returns,
        "dataset_terbit": published,
    }


def drill_rows(
    scope: Scope,
    definition: Definition,
    measure: str,
    state: str | None = None,
    now: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """The Daftar Data rows behind one number of the board, with their
    datasets; ``measure`` is one of :data:`DRILL_MEASURES` (``status``
    needs ``state``)."""
    if measure not in DRILL_MEASURES:
        raise ValueError(measure)
    params = _params(scope, definition, now or utcnow())
    _without_jit()
    condition = {
        "baris": "TRUE",
        "ditetapkan": "rowfacts.status = :ditetapkan",
        "tertaut": "rowfacts.status = :ditetapkan AND rowfacts.datasets > 0",
        "belum_tertaut": "rowfacts.status = :ditetapkan AND rowfacts.datasets = 0",
        "terlambat": "rowfacts.late",
        "status": "pkg.state = :state",
    }[measure]
    params["state"] = state or ""
    result = _rows(_base(scope) + f"""
SELECT rowfacts.id, rowfacts.kode, rowfacts.nama_data, rowfacts.owner_org,
       rowfacts.status, rowfacts.jadwal_pemutakhiran, rowfacts.last_published,
       rowfacts.due, rowfacts.late, pkg.name AS pkg_name, pkg.title AS pkg_title,
       pkg.state AS pkg_state
FROM rowfacts LEFT JOIN pkg ON pkg.row_id = rowfacts.id
WHERE {condition}
ORDER BY rowfacts.kode, pkg.name
""", params)
    rows: dict[str, dict[str, Any]] = {}
    for r in result:
        row = rows.setdefault(r.id, {
            "id": r.id, "kode": r.kode, "nama_data": r.nama_data,
            "id_organisasi": r.owner_org, "status": r.status,
            "jadwal_pemutakhiran": r.jadwal_pemutakhiran,
            "terbit_terakhir": (
                r.last_published.isoformat() if r.last_published else None
            ),
            "batas": r.due.isoformat() if r.due else None,
            "terlambat": bool(r.late),
            "dataset": [],
        })
        if r.pkg_name:
            row["dataset"].append({
                "name": r.pkg_name, "title": r.pkg_title or r.pkg_name,
                "status": r.pkg_state,
                "label_status": definition.state_label(r.pkg_state),
            })
    return list(rows.values())
