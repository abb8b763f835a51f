"""``ckan satudata remind``: the overdue digest and the reminders of
periodic updates due soon, for cron."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import click


@click.command(short_help="Kirim email pengingat tugas terlambat dan pemutakhiran.")
def remind() -> None:
    """Kirim setiap orang satu email berisi dataset yang menunggu mereka
    melewati standar waktu langkah SOP-nya, dan Produsen Data pengingat
    pemutakhiran yang jatuh tempo dalam ckanext.satudata.calendar.remind_days
    hari (sekali per periode). Jalankan dari cron, mis. harian."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    result = tk.get_action("satudata_workflow_remind")(
        {"user": site_user["name"]}, {}
    )
    sent = result["sent"]
    for name, count in sorted(sent.items()):
        click.echo(tk.ungettext(
            "{user}: {n} tugas terlambat", "{user}: {n} tugas terlambat", count
        ).format(user=name, n=count))
    click.echo(tk.ungettext(
        "{n} email pengingat dikirim.", "{n} email pengingat dikirim.", len(sent)
    ).format(n=len(sent)))
    updates = tk.get_action("satudata_calendar_remind")(
        {"user": site_user["name"]}, {}
    )["terkirim"]
    for reminder in updates:
        click.echo(tk._("{kode} ({mulai} s.d. {selesai}): {penerima}").format(
            kode=reminder["kode"], mulai=reminder["mulai"],
            selesai=reminder["selesai"],
            penerima=", ".join(reminder["penerima"]) or "-",
        ))
    click.echo(tk.ungettext(
        "{n} pengingat pemutakhiran dikirim.", "{n} pengingat pemutakhiran dikirim.",
        len(updates),
    ).format(n=len(updates)))
