"""Answers kept across requests, in Redis, until the database next changes.

The header's "Tugas saya" count is on every page a role holder opens and
costs a search and several queries; it changes only when the database does.
:func:`kept` stores an answer under the current *generation*, a counter in
Redis that every commit which wrote anything moves on (in every process
with the plugin loaded: web workers, the jobs worker, the CLI), so an answer
is never served after a change it could depend on (CKAN's own bookkeeping
of a request, the last use of an API token and a user's last activity,
leaves them be). A change made outside
CKAN's session (by hand in psql) is seen when the answer expires:
``ckanext.satudata.shared_memo.ttl`` seconds at most.

Only answers that depend on nothing but the database belong here.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError
from sqlalchemy.orm import ORMExecuteState, Session

__all__ = ["kept"]

log = logging.getLogger(__name__)

T = TypeVar("T")

GENERATION = "ckanext.satudata.shared_memo.generation"
_WROTE = "ckanext.satudata.shared_memo.wrote"


def kept(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave since the database last changed.

    The answer must survive a round trip through JSON. Without Redis the
    answer is worked out each time."""
    try:
        redis = connect_to_redis()
        generation = int(redis.get(GENERATION) or 0)
        stored_key = f"ckanext.satudata.shared_memo:{generation}:{key}"
        stored = redis.get(stored_key)
    except RedisError:
        log.warning("Redis did not answer: %s worked out afresh", key)
        return compute()
    if stored is not None:
        answer: T = json.loads(stored)
        return answer
    answer = compute()
    ttl = tk.config.get("ckanext.satudata.shared_memo.ttl")
    try:
        redis.set(stored_key, json.dumps(answer), ex=ttl)
    except RedisError:
        log.warning("Redis did not keep %s", key)
    return answer


# What CKAN writes while merely serving a request: the time an API token
# was last used (every API call with one) and a user's last activity.
_BOOKKEEPING = {model.ApiToken: {"last_access"}, model.User: {"last_active"}}


def _bookkeeping(obj: Any) -> bool:
    columns = _BOOKKEEPING.get(type(obj))
    if columns is None:
        return False
    changed = {a.key for a in sa.inspect(obj).attrs if a.history.has_changes()}
    return changed <= columns


def _wrote(session: Session, *_: Any) -> None:
    session.info[_WROTE] = True


def _flushed(session: Session, *_: Any) -> None:
    if session.new or session.deleted or not all(
            _bookkeeping(obj) for obj in session.dirty):
        _wrote(session)


def _wrote_by_statement(state: ORMExecuteState) -> None:
    if not state.is_select:
        _wrote(state.session)


def _committed(session: Session) -> None:
    if session.info.pop(_WROTE, False):
        try:
            connect_to_redis().incr(GENERATION)
        except RedisError:
            log.exception("Redis did not answer: kept answers may be stale")


def _rolled_back(session: Session) -> None:
    session.info.pop(_WROTE, None)


sa.event.listen(model.Session, "after_flush", _flushed)
sa.event.listen(model.Session, "do_orm_execute", _wrote_by_statement)
sa.event.listen(model.Session, "after_commit", _committed)
sa.event.listen(model.Session, "after_rollback", _rolled_back)
