"""Reminders before a periodic update is due (``ckan satudata remind``):
to the OPD's Produsen Data, within the configured lead time, once per
period, never for a period already published."""
from __future__ import annotations

import datetime
import email
import email.policy
from email.message import EmailMessage
from typing import cast

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.cli.cli import ckan

from ckanext.satudata.daftar_data import reminders
from ckanext.satudata.model import utcnow
from ckanext.satudata.model.reminder import UpdateReminder
from ckanext.satudata.tests.daftar_data.test_calendar import _dataset, _history
from ckanext.satudata.tests.schemas.factories import daftar_data_row
from ckanext.satudata.tests.workflow.conftest import make_world


def _mails(mail_server) -> list[tuple[list[str], str, str]]:
    found = []
    for _none, _sender, recipients, raw in mail_server.get_smtp_messages():
        message = cast(EmailMessage, email.message_from_string(
            raw, policy=email.policy.default))
        found.append((sorted(recipients), " ".join(str(message["Subject"]).split()),
                      message.get_content()))
    return found


@pytest.fixture
def world(clean_db, clean_index, create_with_upload, mail_server):
    world = make_world("mojokerto", create_with_upload)
    mail_server.clear_smtp_messages()
    return world


def _at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2025, month, day, 5, 0)  # 12.00 WIB


@pytest.mark.ckan_config("ckanext.satudata.calendar.remind_days", "7")
class TestReminders:
    def test_sent_within_the_lead_time_once_per_period(self, world, mail_server):
        daftar_data_row(world.opd["id"], tahun=2025, kode="BLN-1",
                        nama_data="Jumlah kelahiran", jadwal_pemutakhiran="bulanan")
        # 31 March is due; 23 March is eight days before: too early.
        assert reminders.send_update_reminders(_at(3, 23)) == []
        assert _mails(mail_server) == []

        sent = reminders.send_update_reminders(_at(3, 24))
        assert [(r.kode, r.period.start, r.period.end, r.recipients) for r in sent] == [
            ("BLN-1", datetime.date(2025, 3, 1), datetime.date(2025, 3, 31),
             ("produsen",))]
        [(to, subject, body)] = _mails(mail_server)
        assert to == ["produsen@mojokertokab.go.id"]
        assert subject == "[Satu Data] Pemutakhiran BLN-1 jatuh tempo 2025-03-31"
        assert "BLN-1 Jumlah kelahiran" in body
        assert "Dinas Kependudukan dan Pencatatan Sipil" in body
        assert "2025-03-01 s.d. 2025-03-31" in body

        # Cron runs again: nothing new for March.
        assert reminders.send_update_reminders(_at(3, 26)) == []
        assert len(_mails(mail_server)) == 1
        recorded = model.Session.scalars(sa.select(UpdateReminder)).all()
        assert [(r.period_start, r.recipients) for r in recorded] == [
            (datetime.date(2025, 3, 1), 1)]

        # April's reminder comes in its own time.
        sent = reminders.send_update_reminders(_at(4, 24))
        assert [r.period.start for r in sent] == [datetime.date(2025, 4, 1)]

    def test_not_for_a_published_period_nor_a_proposed_or_unscheduled_row(
            self, world, mail_server):
        done = daftar_data_row(world.opd["id"], tahun=2025, kode="BLN-2",
                               jadwal_pemutakhiran="bulanan")
        _history(world, _dataset(world, world.opd, done.id),
                 [datetime.datetime(2025, 3, 2, 3, 0)])
        daftar_data_row(world.opd["id"], tahun=2025, kode="BLN-3",
                        jadwal_pemutakhiran="bulanan", status="usulan")
        daftar_data_row(world.opd["id"], tahun=2025, kode="INS-1",
                        jadwal_pemutakhiran="insidental")
        assert reminders.send_update_reminders(_at(3, 28)) == []
        assert _mails(mail_server) == []

    def test_only_the_opds_own_produsen(self, world, mail_server):
        daftar_data_row(world.other_opd["id"], tahun=2025, kode="TW-1",
                        jadwal_pemutakhiran="triwulanan")
        sent = reminders.send_update_reminders(_at(6, 25))
        assert [r.recipients for r in sent] == [("other-opd",)]
        assert [m[0] for m in _mails(mail_server)] == [["other_opd@mojokertokab.go.id"]]

@pytest.mark.ckan_config("ckanext.satudata.calendar.remind_days", "0")
def test_zero_days_turns_them_off(world, mail_server):
    daftar_data_row(world.opd["id"], tahun=2025, kode="BLN-4",
                    jadwal_pemutakhiran="bulanan")
    assert reminders.send_update_reminders(_at(3, 31)) == []


@pytest.mark.ckan_config("ckanext.satudata.calendar.remind_days", "31")
def test_the_cli_sends_once(world, mail_server, cli):
    # Today's year and month: December's due date is at most 31 days away.
    year = utcnow().year
    daftar_data_row(world.opd["id"], tahun=year, kode="TH-1",
                    jadwal_pemutakhiran="bulanan")
    first = cli.invoke(ckan, ["satudata", "remind"])
    assert first.exit_code == 0, first.output
    assert "1 pengingat pemutakhiran dikirim." in first.output
    assert "TH-1" in first.output and "produsen" in first.output
    second = cli.invoke(ckan, ["satudata", "remind"])
    assert second.exit_code == 0, second.output
    assert "0 pengingat pemutakhiran dikirim." in second.output
    assert len([m for m in _mails(mail_server) if "TH-1" in m[1]]) == 1
