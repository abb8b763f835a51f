"""The extension's own tables, all named satudata_*, on CKAN's shared metadata,
and the read of CKAN's users that their listings share."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

__all__ = ["BaseModel", "users", "utcnow"]

if TYPE_CHECKING:
    # CKAN ships no type information, so to mypy its declarative base is Any
    # and every column of a subclass would be untyped. The checker gets a
    # declarative base of its own, which SQLAlchemy's mypy plugin reads; at
    # run time the tables live on CKAN's metadata as before.
    from sqlalchemy.orm import declarative_base

    BaseModel = declarative_base()
else:
    BaseModel = tk.BaseModel


def utcnow() -> datetime.datetime:
    """Now in UTC without a zone: the form of every timestamp column here and
    in CKAN's tables (``timestamp without time zone``)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def users(ids: Iterable[str | None]) -> dict[str, model.User]:
    """CKAN's users of ``ids`` (``None`` left out), by id, in one query: a
    listing that names a user per row (a history's events, a dataset's
    versions, the role assignments) reads them all at once."""
    wanted = {id_ for id_ in ids if id_}
    if not wanted:
        return {}
    return {user.id: user for user in model.Session.execute(
        sa.select(model.User).where(model.User.id.in_(wanted))).scalars()}
