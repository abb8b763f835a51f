"""Answers worked out once per web request and reused within it.

A dataset page asks who the user is in Satu Data terms a dozen times
(permission labels, the auth functions, the workflow panel, the header's
"Tugas saya"); each answer costs queries. :func:`remembered` keeps an answer
for the rest of the request, in the request's WSGI environ, so it is never
seen by another request and, keyed by user id, never by another user.

An answer is only as good as the rows it was read from, so every change the
database session makes forgets all of them: a flush (the ORM writing
objects), an UPDATE, INSERT or DELETE statement run through the session, a
commit and a rollback. CKAN's session does not autoflush, so a query never
saw objects added but not flushed yet; neither does a kept answer. Outside a
request (CLI, background jobs) nothing is kept.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import ckan.model as model
import flask
import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState

__all__ = ["forget", "recalled", "remember", "remembered"]

T = TypeVar("T")

_ENVIRON_KEY = "ckanext.satudata.request_memo"


def _store() -> dict[Hashable, Any] | None:
    if not flask.has_request_context():
        return None
    store: dict[Hashable, Any] = flask.request.environ.setdefault(_ENVIRON_KEY, {})
    return store


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave earlier in this request for ``key``."""
    store = _store()
    if store is None:
        return compute()
    if key in store:
        value: T = store[key]
        return value
    value = compute()
    store[key] = value
    return value


def recalled(key: Hashable) -> Any:
    """What was kept for ``key`` in this request, or ``None``."""
    store = _store()
    return store.get(key) if store else None


def remember(key: Hashable, value: Any) -> None:
    """Keep ``value`` for ``key`` (worked out on the way to something else)."""
    store = _store()
    if store is not None:
        store[key] = value


def forget(*_: Any) -> None:
    """Forget every answer of this request (any signature: a session event)."""
    store = _store()
    if store:
        store.clear()


def _forget_after_write(state: ORMExecuteState) -> None:
    if not state.is_select:
        forget()


sa.event.listen(model.Session, "after_flush", forget)
sa.event.listen(model.Session, "after_commit", forget)
sa.event.listen(model.Session, "after_rollback", forget)
sa.event.listen(model.Session, "do_orm_execute", _forget_after_write)
