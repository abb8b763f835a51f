"""The release schedule rules (daftar_data/schedule.py), without a database."""
from __future__ import annotations

import datetime

from ckanext.satudata.daftar_data import schedule

D = datetime.date


def _statuses(releases: list[schedule.Release]) -> list[tuple[int, str, D | None]]:
    return [(r.period.number, r.status, r.published)
            for r in releases if r.period is not None]


class TestPeriods:
    def test_a_schedule_gives_its_periods_of_the_year(self):
        quarters = schedule.periods("triwulanan", 2025)
        assert [(p.start, p.end) for p in quarters] == [
            (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30)),
            (D(2025, 7, 1), D(2025, 9, 30)), (D(2025, 10, 1), D(2025, 12, 31)),
        ]
        assert len(schedule.periods("bulanan", 2024)) == 12
        assert schedule.periods("bulanan", 2024)[1].end == D(2024, 2, 29)
        assert [p.end for p in schedule.periods("semesteran", 2025)] == [
            D(2025, 6, 30), D(2025, 12, 31)]
        assert [p.end for p in schedule.periods("empat_bulanan", 2025)] == [
            D(2025, 4, 30), D(2025, 8, 31), D(2025, 12, 31)]
        assert [(p.start, p.end) for p in schedule.periods("tahunan", 2025)] == [
            (D(2025, 1, 1), D(2025, 12, 31))]

    def test_daily_and_weekly_are_followed_per_month_two_yearly_per_year(self):
        assert len(schedule.periods("harian", 2025)) == 12
        assert len(schedule.periods("mingguan", 2025)) == 12
        assert len(schedule.periods("dua_tahunan", 2025)) == 1

    def test_unscheduled_rows_expect_nothing(self):
        for jadwal in ("insidental", None, "", "tidak-dikenal"):
            assert schedule.periods(jadwal, 2025) == []
            assert not schedule.is_scheduled(jadwal)

    def test_periods_ended_before_the_sk_are_not_expected(self):
        found = schedule.periods("bulanan", 2025, since=D(2025, 3, 15))
        assert [p.number for p in found] == list(range(3, 13))


class TestStatus:
    def test_on_time_late_published_missing_and_scheduled(self):
        releases = schedule.releases(
            "bulanan", 2025,
            [D(2025, 2, 10), D(2025, 1, 20), D(2025, 4, 5)],
            today=D(2025, 12, 6),
        )
        assert _statuses(releases) == [
            (1, "terbit", D(2025, 1, 20)),
            (2, "terbit", D(2025, 2, 10)),
            # The April release is March's update, late, and April's.
            (3, "terbit_terlambat", D(2025, 4, 5)),
            (4, "terbit", D(2025, 4, 5)),
            *[(n, "terlambat", None) for n in range(5, 12)],
            (12, "dijadwalkan", None),
        ]

    def test_the_last_day_of_a_period_is_on_time_the_next_is_late(self):
        on_time = schedule.releases("tahunan", 2025, [D(2025, 12, 31)], D(2026, 2, 1))
        late = schedule.releases("tahunan", 2025, [D(2026, 1, 1)], D(2026, 2, 1))
        assert _statuses(on_time) == [(1, "terbit", D(2025, 12, 31))]
        assert _statuses(late) == [(1, "terbit_terlambat", D(2026, 1, 1))]

    def test_the_due_day_itself_is_still_scheduled(self):
        assert _statuses(schedule.releases("tahunan", 2025, [], D(2025, 12, 31))) == [
            (1, "dijadwalkan", None)]
        assert _statuses(schedule.releases("tahunan", 2025, [], D(2026, 1, 1))) == [
            (1, "terlambat", None)]

    def test_grace_days_move_the_due_date(self):
        releases = schedule.releases(
            "triwulanan", 2025, [D(2025, 4, 10)], D(2025, 4, 20), grace_days=14)
        assert releases[0].due == D(2025, 4, 14)
        # In March's grace and inside April: both quarters' update.
        assert _statuses(releases)[:3] == [
            (1, "terbit", D(2025, 4, 10)), (2, "terbit", D(2025, 4, 10)),
            (3, "dijadwalkan", None)]

    def test_a_late_release_settles_every_earlier_missing_period(self):
        releases = schedule.releases("bulanan", 2025, [D(2025, 3, 2)], D(2025, 3, 5))
        assert _statuses(releases)[:4] == [
            (1, "terbit_terlambat", D(2025, 3, 2)),
            (2, "terbit_terlambat", D(2025, 3, 2)),
            (3, "terbit", D(2025, 3, 2)), (4, "dijadwalkan", None)]

    def test_several_releases_in_one_period_fill_it_once(self):
        releases = schedule.releases(
            "bulanan", 2025, [D(2025, 1, 5), D(2025, 1, 25)], D(2025, 2, 15))
        assert _statuses(releases)[:2] == [
            (1, "terbit", D(2025, 1, 5)), (2, "dijadwalkan", None)]

    def test_publications_before_the_year_fill_nothing(self):
        releases = schedule.releases("tahunan", 2025, [D(2024, 12, 30)], D(2026, 1, 5))
        assert _statuses(releases) == [(1, "terlambat", None)]

    def test_an_unscheduled_row_lists_its_publications_of_the_year(self):
        releases = schedule.releases(
            "insidental", 2025, [D(2025, 9, 9), D(2024, 12, 30), D(2025, 6, 1)],
            D(2025, 12, 6))
        assert [(r.period, r.status, r.published, r.due) for r in releases] == [
            (None, "terbit", D(2025, 6, 1), None),
            (None, "terbit", D(2025, 9, 9), None),
        ]
