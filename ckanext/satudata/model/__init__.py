"""The extension's own tables, all named satudata_*, on CKAN's shared metadata."""
from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import ckan.plugins.toolkit as tk

__all__ = ["BaseModel", "utcnow"]

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
