"""The extension's own tables, all named satudata_*, on CKAN's shared metadata."""
from __future__ import annotations

import datetime

__all__ = ["utcnow"]


def utcnow() -> datetime.datetime:
    """Now in UTC without a zone: the form of every timestamp column here and
    in CKAN's tables (``timestamp without time zone``)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
