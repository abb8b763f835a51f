"""Emails of the workflow, in Bahasa Indonesia, through CKAN's mailer.

After every transition (in a background job, :func:`send_transition_emails`,
so that a slow or unreachable mail server never holds up the request) the
people who must act next (holders of the roles
of the transitions out of the new state, in the dataset's OPD or
regency-wide) get an email with a link to the dataset. On a return or a
withdrawal (``returns: true``) and on publication the producer (whoever last
took a produsen transition, else the dataset's creator) gets one too, with
the note. The actor is never emailed about their own step, and users
without an email address are skipped.

``ckan satudata remind`` (:func:`send_reminders`, for cron) sends each
person one digest of the items waiting for them past their time standard.

Bodies are composed here rather than in Jinja templates so that they can be
sent from a background context without a request (the CLI).
"""
from __future__ import annotations

import dataclasses
import datetime
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib import mailer

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.model import utcnow
from ckanext.satudata.model.workflow import WorkflowEvent, WorkflowState

from . import engine, timing
from . import state as wf_state
from .definition import Definition, Transition, configured, describe_duration

log = logging.getLogger(__name__)

__all__ = [
    "enqueue_transition_emails",
    "footer",
    "header_text",
    "notify_transition",
    "send_email",
    "send_reminders",
    "send_transition_emails",
]


def _site() -> str:
    return tk.config.get("ckan.site_url").rstrip("/")


def dataset_url(pkg: model.Package) -> str:
    return f"{_site()}/dataset/{pkg.name}"


def queue_url() -> str:
    return f"{_site()}/satudata/tugas"


def footer() -> str:
    """The signature of every email the portal sends."""
    return "\n".join([
        "",
        "--",
        tk._("Portal Satu Data {wilayah}").format(
            wilayah=tk.config.get("ckanext.satudata.nama_wilayah")
        ),
        tk._("Email ini dikirim otomatis oleh portal; mohon tidak dibalas."),
    ])


def _holders(role: str, organization_id: str) -> list[str]:
    scope = organization_id if role in satudata_roles.OPD_ROLES else None
    return satudata_roles.users_with_role(role, scope)


def _producer(pkg: model.Package) -> str | None:
    for event in reversed(wf_state.events(pkg.id)):
        if event.role == "produsen":
            return event.user_id
    return pkg.creator_user_id


# Control characters (CR and LF above all) and Unicode line breaks: an email
# header cannot hold them, and Python's email package refuses the message.
_NOT_IN_HEADERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SUBJECT_MAX = 200
_NAME_MAX = 100


def header_text(text: str, limit: int = _SUBJECT_MAX) -> str:
    """``text`` fit for an email header: one line, no control characters,
    at most ``limit`` characters. Titles and names come from users."""
    line = " ".join(_NOT_IN_HEADERS.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def send_email(user_id: str, subject: str, body: str) -> bool:
    """Email an active user with an address; False when nothing was sent."""
    user = model.User.get(user_id)
    if user is None or user.state != "active" or not user.email:
        return False
    try:
        # mail_recipient rather than mail_user: the display name goes into
        # the To header too.
        mailer.mail_recipient(
            header_text(user.display_name, _NAME_MAX), user.email,
            header_text(subject), body,
        )
    except mailer.MailerException:
        log.exception("Could not email %s", user.name)
        return False
    return True


def _organization_title(pkg: model.Package) -> str:
    org = model.Group.get(pkg.owner_org) if pkg.owner_org else None
    return org.display_name if org else ""


def notify_transition(
    definition: Definition,
    pkg: model.Package,
    transition: Transition,
    event: Any,
    actor: model.User,
) -> list[str]:
    """Email the next actors and, where due, the producer. Returns the ids
    of the users emailed."""
    target = definition.states[transition.target]
    next_actors: dict[str, list[Transition]] = defaultdict(list)
    if not definition.is_public(target.name):
        for t in definition.outgoing(target.name):
            for user_id in _holders(t.role, pkg.owner_org):
                next_actors[user_id].append(t)
    informed: set[str] = set()
    if transition.returns or definition.is_public(target.name):
        producer = _producer(pkg)
        if producer:
            informed.add(producer)

    title = pkg.title or pkg.name
    subject = tk._("[Satu Data] {title}: {action} (status {state})").format(
        title=title, action=transition.label, state=target.label
    )
    header = [
        tk._(
            "{actor} ({role}) melakukan «{action}» pada dataset «{title}» ({opd})."
        ).format(
            actor=actor.display_name,
            role=tk._(satudata_roles.ROLE_LABELS[event.role]),
            action=transition.label,
            title=title,
            opd=_organization_title(pkg),
        ),
        tk._("Status sekarang: {state}.").format(state=target.label),
    ]
    if event.note:
        header += ["", tk._("Catatan:"), event.note]
    if event.checklist and not all(event.checklist.values()):
        labels = {item.key: item.label for item in transition.checklist}
        header += ["", tk._("Butir yang belum sesuai:")]
        header += [
            f"- {labels.get(k, k)}" for k, ok in event.checklist.items() if not ok
        ]

    sent = []
    for user_id in sorted((set(next_actors) | informed) - {actor.id}):
        lines = list(header) + [""]
        actions = next_actors.get(user_id)
        if actions:
            lines.append(tk._("Langkah berikutnya: {step}").format(step=target.step))
            if target.time_standard:
                lines.append(tk._("Standar waktu: {duration}.").format(
                    duration=describe_duration(target.time_standard.total_seconds())
                ))
            lines.append(tk._("Aksi yang dapat Anda lakukan: {actions}.").format(
                actions=", ".join(f"«{t.label}»" for t in actions)
            ))
        elif definition.is_public(target.name):
            lines.append(tk._("Dataset ini sekarang dapat dilihat publik."))
        else:
            lines.append(tk._("Silakan perbaiki dataset sesuai catatan di atas,"
                              " lalu ajukan kembali."))
        lines += [
            "",
            tk._("Buka dataset: {url}").format(url=dataset_url(pkg)),
            tk._("Daftar tugas Anda: {url}").format(url=queue_url()),
            footer(),
        ]
        if send_email(user_id, subject, "\n".join(lines)):
            sent.append(user_id)
    return sent


def enqueue_transition_emails(event: WorkflowEvent) -> None:
    tk.enqueue_job(
        send_transition_emails,
        [event.id],
        title=f"satudata: email alur kerja {event.transition} {event.package_id}",
    )


def send_transition_emails(event_id: str) -> list[str]:
    """The background job: the emails of one recorded transition."""
    event = model.Session.get(WorkflowEvent, event_id)
    pkg = model.Package.get(event.package_id) if event else None
    actor = model.User.get(event.user_id) if event else None
    definition = configured()
    transition = definition.transitions.get(event.transition) if event else None
    if pkg is None or actor is None or transition is None:
        log.warning("No emails for workflow event %s: it no longer applies", event_id)
        return []
    return notify_transition(definition, pkg, transition, event, actor)


def _waiting_datasets(
    definition: Definition,
) -> Iterable[tuple[model.Package, wf_state.Current]]:
    """Active OPD datasets in any state but the public one."""
    rows = model.Session.execute(
        sa.select(model.Package, WorkflowState.state, WorkflowState.version,
                  WorkflowState.entered)
        .outerjoin(WorkflowState, WorkflowState.package_id == model.Package.id)
        .where(
            model.Package.state == "active",
            model.Package.owner_org.isnot(None),
            model.Package.type == "dataset",
            WorkflowState.public.isnot(True),
        )
    )
    for pkg, state, version, entered in rows:
        current = (
            wf_state.implied(pkg, definition) if state is None
            else wf_state.Current(state, version, entered)
        )
        if not definition.is_public(current.state):
            yield pkg, current


def send_reminders(
    definition: Definition, now: datetime.datetime | None = None
) -> dict[str, int]:
    """One email per person listing their overdue items.

    Returns user name -> number of overdue items in the email sent.
    """
    now = now or utcnow()
    separation = tk.config.get("ckanext.satudata.separation_of_duties")
    waiting: dict[
        str, list[tuple[model.Package, wf_state.Current, str, datetime.timedelta]]
    ] = defaultdict(list)
    holders: dict[tuple[str, str], list[str]] = {}
    for pkg, current in _waiting_datasets(definition):
        known = definition.states.get(current.state)
        if known is None or known.time_standard is None or not timing.is_overdue(
            definition, current.state, now - current.entered
        ):
            continue
        facts = engine.Facts(
            user_id=None,
            submission=wf_state.submission(pkg.id, definition),
            separation_of_duties=separation,
        )
        people: set[str] = set()
        for role in {t.role for t in definition.outgoing(current.state)}:
            key = (role, pkg.owner_org)
            if key not in holders:
                holders[key] = _holders(role, pkg.owner_org)
            people.update(
                user_id for user_id in holders[key]
                if engine.awaiting(
                    definition, current.state,
                    satudata_roles.user_roles(user_id, pkg.owner_org),
                    dataclasses.replace(facts, user_id=user_id),
                )
            )
        for user_id in people:
            waiting[user_id].append(
                (pkg, current, known.label, known.time_standard))

    sent: dict[str, int] = {}
    for user_id, items in waiting.items():
        items.sort(key=lambda item: item[1].entered)
        lines = [
            tk._("Ada {n} dataset yang menunggu tindakan Anda melewati standar"
                 " waktu SOP:").format(n=len(items)),
            "",
        ]
        for pkg, current, label, standard in items:
            lines += [
                f"- {pkg.title or pkg.name} ({_organization_title(pkg)})",
                "  " + tk._("Status: {state}; menunggu {waited}, standar {standard}.")
                .format(
                    state=label,
                    waited=describe_duration((now - current.entered).total_seconds()),
                    standard=describe_duration(standard.total_seconds()),
                ),
                "  " + dataset_url(pkg),
            ]
        lines += [
            "",
            tk._("Daftar tugas Anda: {url}").format(url=queue_url()),
            footer(),
        ]
        subject = tk._("[Satu Data] {n} tugas melewati standar waktu").format(
            n=len(items)
        )
        if send_email(user_id, subject, "\n".join(lines)):
            user = model.User.get(user_id)
            sent[user.name if user else user_id] = len(items)
    return sent
