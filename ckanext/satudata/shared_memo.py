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

What every anonymous read needs about a dataset (:mod:`.shown`) is kept in
the process's own memory instead (:class:`InProcess`), checked against the
same generation: a Redis round trip where the query cost a dozen. An answer
kept there is never used by a session that has written since its last
commit, whose change is in no generation yet. Between another process's
commit and its move of the generation (one Redis round trip) a
reader may still get the answer from before the commit, as it would had it
started a moment earlier. The permission labels do not rest on a kept
answer alone: a dataset is public only when CKAN's own ``private`` flag,
read with the dataset and held equal to the state row by the database,
says so as well.
"""
from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError
from sqlalchemy.orm import ORMExecuteState, Session

__all__ = ["InProcess", "database_changed", "generation", "kept"]

log = logging.getLogger(__name__)

T = TypeVar("T")
V = TypeVar("V")

GENERATION = "ckanext.satudata.shared_memo.generation"
_WROTE = "ckanext.satudata.shared_memo.wrote"


def kept(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave since the database last changed.

    The answer must survive a round trip through JSON. Without Redis the
    answer is worked out each time."""
    try:
        redis = _redis()
        stored_key = f"ckanext.satudata.shared_memo:{_generation(redis)}:{key}"
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


_CLIENTS: dict[str, Any] = {}


def _redis() -> Any:
    """One client a process and Redis URL: CKAN's ``connect_to_redis`` makes
    a new one each call (on a shared pool of connections), which costs as
    much as the command."""
    url = tk.config.get("ckan.redis.url")
    client = _CLIENTS.get(url)
    if client is None:
        client = _CLIENTS[url] = connect_to_redis()
    return client


def _start_if_lost(commands: Any) -> None:
    # A random start, not 0 (or INCR's 1): when Redis loses its data (a
    # restart without persistence, a FLUSHDB) the counter must not come back
    # to a value that answers kept in a process's memory were read in.
    commands.set(GENERATION, secrets.randbits(52), nx=True)


def _generation(redis: Any) -> int:
    found = redis.get(GENERATION)
    if found is None:
        _start_if_lost(redis)
        found = redis.get(GENERATION)
    return int(found)


def database_changed() -> None:
    """Forget every kept answer: for a change made past CKAN's session."""
    # one round trip on every commit that wrote
    with _redis().pipeline() as pipe:
        _start_if_lost(pipe)
        pipe.incr(GENERATION)
        pipe.execute()


def generation() -> int | None:
    """The generation an answer read now belongs to, or ``None`` when kept
    answers must not be used: Redis does not answer, or the session has
    written since its last commit."""
    session = model.Session()
    if session.info.get(_WROTE) or _changed(session):
        return None
    try:
        return _generation(_redis())
    except RedisError:
        log.warning("Redis did not answer: nothing kept is used")
        return None


class InProcess(Generic[V]):
    """Answers kept in this process's memory, each for the generation it
    was read in and ``ckanext.satudata.shared_memo.ttl`` seconds at most;
    the ``size`` used last."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[Hashable, tuple[int, float, V]] = OrderedDict()
        # web servers answer requests on several threads of one process
        self._lock = threading.Lock()

    def recalled(self, generation: int, key: Hashable) -> V | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            read_in, until, value = found
            if read_in != generation or until < time.monotonic():
                del self._kept[key]
                return None
            self._kept.move_to_end(key)
            return value

    def keep(self, generation: int, key: Hashable, value: V) -> None:
        until = time.monotonic() + tk.config.get("ckanext.satudata.shared_memo.ttl")
        with self._lock:
            self._kept[key] = (generation, until, value)
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)


# What CKAN writes while merely serving a request: the time an API token
# was last used (every API call with one) and a user's last activity.
_BOOKKEEPING = {model.ApiToken: {"last_access"}, model.User: {"last_active"}}


def _bookkeeping(obj: Any) -> bool:
    columns = _BOOKKEEPING.get(type(obj))
    if columns is None:
        return False
    changed = {a.key for a in sa.inspect(obj).attrs if a.history.has_changes()}
    return changed <= columns


def _changed(session: Session) -> bool:
    """Whether the session holds changes other than CKAN's bookkeeping."""
    return bool(session.new or session.deleted) or not all(
        _bookkeeping(obj) for obj in session.dirty)


def _wrote(session: Session, *_: Any) -> None:
    session.info[_WROTE] = True


def _flushed(session: Session, *_: Any) -> None:
    if _changed(session):
        _wrote(session)


def _wrote_by_statement(state: ORMExecuteState) -> None:
    if not state.is_select:
        _wrote(state.session)


def _committed(session: Session) -> None:
    if session.info.pop(_WROTE, False):
        try:
            database_changed()
        except RedisError:
            log.exception("Redis did not answer: kept answers may be stale")


def _rolled_back(session: Session) -> None:
    session.info.pop(_WROTE, None)


sa.event.listen(model.Session, "after_flush", _flushed)
sa.event.listen(model.Session, "do_orm_execute", _wrote_by_statement)
sa.event.listen(model.Session, "after_commit", _committed)
sa.event.listen(model.Session, "after_rollback", _rolled_back)
