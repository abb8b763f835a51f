"""Emails on transitions, the overdue digest (``ckan satudata remind``).

A transition queues its emails as a background job; :func:`deliver` runs
the queued jobs in this process, where CKAN's ``mail_server`` fixture
catches what they send.
"""
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
from ckan.lib import jobs
from ckan.tests import helpers

from ckanext.satudata.model import utcnow
from ckanext.satudata.model.workflow import WorkflowState


@pytest.fixture(autouse=True)
def _no_jobs_of_other_tests(clean_queues):
    """Queued emails of earlier tests must not be delivered here."""


def deliver() -> int:
    """Run the queued jobs; returns how many ran."""
    queue = jobs.get_queue()
    ran = 0
    for job in queue.jobs:
        job.perform()
        job.delete()
        ran += 1
    return ran


def clear(mail_server) -> None:
    deliver()
    mail_server.clear_smtp_messages()


def mails(mail_server) -> dict[str, dict[str, str]]:
    """Recipient address -> {"subject", "body"} of each message sent."""
    deliver()
    result = {}
    for _none, _sender, recipients, raw in mail_server.get_smtp_messages():
        # The default policy parses into an EmailMessage (get_content).
        message = cast(EmailMessage, email.message_from_string(
            raw, policy=email.policy.default))
        body = message.get_content()
        subject = " ".join(str(message["Subject"]).split())
        for address in recipients:
            assert address not in result, "one email per person"
            result[address] = {"subject": subject, "body": body}
    return result


def address(who: str) -> str:
    return f"{who}@mojokertokab.go.id"


class TestTransitionEmails:
    def test_emails_wait_for_the_job_not_the_request(self, world, mail_server):
        dataset = world.dataset()
        clear(mail_server)
        world.take(dataset["id"], "ajukan")
        assert mail_server.get_smtp_messages() == []
        titles = [job.meta.get("title", "") for job in jobs.get_queue().jobs]
        assert titles == [f"satudata: email alur kerja ajukan {dataset['id']}"]
        assert deliver() == 1
        assert address(world.actor("sesuai")) in mails(mail_server)

    def test_job_of_a_purged_dataset_sends_nothing(self, world, mail_server):
        dataset = world.dataset()
        clear(mail_server)
        world.take(dataset["id"], "ajukan")
        helpers.call_action("dataset_purge", id=dataset["id"])
        assert deliver() == 1
        assert mail_server.get_smtp_messages() == []

    def test_submission_tells_the_checker(self, world, mail_server):
        dataset = world.dataset()
        world.take(dataset["id"], "ajukan")
        sent = mails(mail_server)
        checker = world.actor("sesuai")
        assert address(checker) in sent
        assert address("produsen") not in sent  # the actor
        assert address("kepala_opd") not in sent
        mail = sent[address(checker)]
        assert mail["subject"] == (
            "[Satu Data] Jumlah Penduduk menurut Kecamatan: Ajukan (status Diajukan)")
        body = mail["body"]
        assert "melakukan «Ajukan» pada dataset «Jumlah Penduduk menurut Kecamatan»" \
            in body
        assert "(Dinas Kependudukan dan Pencatatan Sipil)" in body
        assert "Langkah berikutnya:" in body
        assert "Aksi yang dapat Anda lakukan: «Sesuai», «Tidak sesuai»." in body
        assert f"http://test.ckan.net/dataset/{dataset['name']}" in body
        assert "http://test.ckan.net/satudata/tugas" in body
        standard = {"mojokerto": "30 menit", "trenggalek": "1 hari"}[world.preset]
        assert f"Standar waktu: {standard}." in body

    def test_return_tells_the_producer_with_the_note(self, world, mail_server):
        dataset = world.dataset("diajukan")
        clear(mail_server)
        world.take(dataset["id"], "tidak_sesuai",
                   note="Kolom jumlah berisi teks pada baris 2.")
        sent = mails(mail_server)
        assert set(sent) == {address("produsen")}
        body = sent[address("produsen")]["body"]
        assert "Status sekarang: Dikembalikan." in body
        assert "Catatan:\nKolom jumlah berisi teks pada baris 2." in body
        assert "Butir yang belum sesuai:" in body
        assert "«Ajukan»" in body

    def test_approval_return_and_publication(self, mojokerto, mail_server):
        dataset = mojokerto.dataset("menunggu_persetujuan")
        clear(mail_server)
        mojokerto.take(dataset["id"], "kembalikan", note="Angka 2023 belum final.")
        sent = mails(mail_server)
        assert set(sent) == {address("produsen")}
        assert "Angka 2023 belum final." in sent[address("produsen")]["body"]

        mojokerto.walk(dataset["id"], "disetujui")
        clear(mail_server)
        mojokerto.take(dataset["id"], "terbitkan")
        sent = mails(mail_server)
        assert set(sent) == {address("produsen")}
        assert "Dataset ini sekarang dapat dilihat publik." in (
            sent[address("produsen")]["body"])

    def test_withdrawal_tells_the_producer(self, mojokerto, mail_server):
        dataset = mojokerto.dataset("terbit")
        clear(mail_server)
        mojokerto.take(dataset["id"], "tarik", note="Ada kesalahan kode wilayah.")
        sent = mails(mail_server)
        assert address("produsen") in sent
        assert "Ada kesalahan kode wilayah." in sent[address("produsen")]["body"]


def backdate(package_id: str, **delta) -> None:
    model.Session.execute(
        sa.update(WorkflowState)
        .where(WorkflowState.package_id == package_id)
        .values(entered=utcnow() - datetime.timedelta(**delta))
    )
    model.Session.commit()


class TestRemind:
    def test_one_digest_per_person_with_their_overdue_items(
        self, cli, mojokerto, mail_server
    ):
        late_check = [mojokerto.dataset("diajukan") for _ in range(2)]
        on_time = mojokerto.dataset("diajukan")
        late_approval = mojokerto.dataset("menunggu_persetujuan")
        published = mojokerto.dataset("terbit")
        for dataset in late_check:
            backdate(dataset["id"], minutes=31)
        backdate(late_approval["id"], minutes=16)
        backdate(published["id"], days=30)
        clear(mail_server)

        result = cli.invoke(ckan, ["satudata", "remind"])
        assert result.exit_code == 0, result.output
        assert "admin-opd: 2 tugas terlambat" in result.output
        assert "kepala-opd: 1 tugas terlambat" in result.output
        assert "2 email pengingat dikirim." in result.output

        sent = mails(mail_server)
        assert set(sent) == {address("admin_opd"), address("kepala_opd")}
        digest = sent[address("admin_opd")]
        assert digest["subject"] == "[Satu Data] 2 tugas melewati standar waktu"
        for dataset in late_check:
            assert f"/dataset/{dataset['name']}" in digest["body"]
        assert f"/dataset/{on_time['name']}" not in digest["body"]
        assert "standar 30 menit" in digest["body"]
        approval = sent[address("kepala_opd")]["body"]
        assert f"/dataset/{late_approval['name']}" in approval

    def test_nothing_overdue(self, cli, mojokerto, mail_server):
        mojokerto.dataset("diajukan")
        clear(mail_server)
        result = cli.invoke(ckan, ["satudata", "remind"])
        assert result.exit_code == 0, result.output
        assert "0 email pengingat dikirim." in result.output
        assert mails(mail_server) == {}

    def test_separation_of_duties_in_reminders(self, cli, mojokerto, mail_server):
        from .conftest import act

        act("satudata_role_assign", mojokerto.sysadmin,
            user=mojokerto.users["produsen"], role="admin_opd",
            organization=mojokerto.opd["id"])
        dataset = mojokerto.dataset("diajukan")
        backdate(dataset["id"], hours=1)
        clear(mail_server)
        cli.invoke(ckan, ["satudata", "remind"])
        assert set(mails(mail_server)) == {address("admin_opd")}


class TestHeaders:
    """Titles and names come from users; a line break in one must neither
    add a header nor stop the emails (Python's email package refuses a
    header value with CR or LF, which killed the whole job)."""

    def test_a_title_with_a_line_break_is_one_subject_line(self, world, mail_server):
        from .conftest import act

        dataset = world.dataset()
        act("package_patch", world.users["produsen"], id=dataset["id"],
            title="Data\r\nBcc: penyusup@example.invalid")
        clear(mail_server)
        world.take(dataset["id"], "ajukan")
        deliver()
        messages = mail_server.get_smtp_messages()
        reached = {a for _none, _sender, recipients, _raw in messages
                   for a in recipients}
        assert address(world.actor("sesuai")) in reached
        assert not any("penyusup" in a for a in reached)
        for _none, _sender, _recipients, raw in messages:
            parsed = email.message_from_string(raw, policy=email.policy.default)
            assert parsed["Bcc"] is None
            assert " ".join(str(parsed["Subject"]).split()) == (
                "[Satu Data] Data Bcc: penyusup@example.invalid: Ajukan "
                "(status Diajukan)")

    def test_a_name_with_a_line_break_still_gets_its_email(self, world, mail_server):
        checker = world.actor("sesuai")
        user = model.User.get(world.users[checker])
        user.fullname = "Admin\nBcc: penyusup@example.invalid"
        model.Session.commit()
        dataset = world.dataset()
        clear(mail_server)
        world.take(dataset["id"], "ajukan")
        sent = mails(mail_server)
        assert address(checker) in sent
        assert "penyusup" not in "".join(sent)

    def test_header_text(self):
        from ckanext.satudata.workflow.notifications import header_text

        assert header_text("a\r\nb\tc\x00d\u2028e\x85f") == "a b c d e f"
        long = header_text("x" * 500)
        assert len(long) == 200 and long.endswith("…")
