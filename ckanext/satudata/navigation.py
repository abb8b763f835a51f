"""Where each role finds the extension: the header's entries and the page
a Satu Data role lands on after logging in.

An entry is shown only when the user may open its page, as the page's own
auth function answers; nothing here restates who may see what. "Tugas saya"
is for holders of a Satu Data role: others have no task to wait for them.
"""
from __future__ import annotations

import dataclasses
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError
from ckan.types import Context

from ckanext.satudata import roles
from ckanext.satudata.workflow import queue

__all__ = ["QUEUE_ENDPOINT", "Entry", "entries", "lands_on_queue", "logged_in_user"]

log = logging.getLogger(__name__)

QUEUE_ENDPOINT = "satudata_workflow.queue"


@dataclasses.dataclass(frozen=True)
class Entry:
    label: str
    url: str
    active: bool
    #: datasets waiting for the user (only "Tugas saya" has one)
    count: int | None = None


def _active(blueprint: str, endpoint: str | None = None) -> bool:
    current_blueprint, current_endpoint = tk.get_endpoint()
    if current_blueprint != blueprint:
        return False
    return endpoint is None or endpoint == f"{blueprint}.{current_endpoint}"


def logged_in_user() -> model.User | None:
    user = tk.current_user
    if not user or not user.is_authenticated:
        return None
    return model.User.get(user.id)


def lands_on_queue(user: model.User | None) -> bool:
    """Whether ``user`` starts on "Tugas saya" rather than CKAN's dashboard."""
    return user is not None and roles.holds_any_role(user)


def _may(action: str, user: model.User | None) -> bool:
    """``tk.h.check_access``, but with the user already found: the helper
    looks the user up again for each question, and the header asks six on
    every page."""
    context: Context = {"user": user.name if user else "", "auth_user_obj": user}
    try:
        return tk.check_access(action, context)
    except tk.NotAuthorized:
        return False


def entries() -> list[Entry]:
    """The extension's header entries the logged-in (or anonymous) user may
    open, in the order of the work: the register, the table formats, the
    board, then the user's own tasks."""
    found: list[Entry] = []
    user = logged_in_user()
    # Walidata and Forum keep the register: their entry opens the managing
    # page; everyone else reads the public list.
    daftar_data = (
        "satudata_daftar_data.manage"
        if _may("satudata_daftar_data_create", user)
        else "satudata_daftar_data.index"
    )
    if _may("satudata_daftar_data_list", user):
        found.append(Entry(tk._("Daftar Data"), tk.h.url_for(daftar_data),
                           _active("satudata_daftar_data")))
    if _may("satudata_calendar", user):
        found.append(Entry(tk._("Kalender rilis"),
                           tk.h.url_for("satudata_calendar.index"),
                           _active("satudata_calendar")))
    if _may("satudata_template_list", user):
        found.append(Entry(tk._("Template Tabel"),
                           tk.h.url_for("satudata_template.index"),
                           _active("satudata_template")))
    if _may("satudata_report_summary", user):
        found.append(Entry(tk._("Pemantauan"), tk.h.url_for("satudata_report.board"),
                           _active("satudata_report")))
    if lands_on_queue(user) and _may("satudata_workflow_queue", user):
        assert user is not None
        found.append(Entry(tk._("Tugas saya"), tk.h.url_for(QUEUE_ENDPOINT),
                           _active("satudata_workflow", QUEUE_ENDPOINT),
                           count=_waiting(user)))
    return found


def _waiting(user: model.User) -> int | None:
    # The header is on every page: a search index that does not answer must
    # not take the pages down with it; the entry then shows no number.
    try:
        return queue.count(user)
    except SearchError:
        log.exception("Tugas saya: the search index did not answer")
        return None
