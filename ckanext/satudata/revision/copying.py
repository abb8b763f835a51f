"""What of a dataset's ``package_show`` a revision copies, both ways.

The draft gets the live dataset's metadata and files; publishing gives the
live dataset the draft's. Neither copies what CKAN or the workflow own:
ids, names, timestamps, the CKAN and workflow state, ``private``, the
approval provenance, the counters.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ckan.lib import uploader

from ckanext.satudata.workflow import provenance

__all__ = ["archive_root", "copy_file", "dataset_fields", "file_name", "file_path",
           "is_upload", "resource_fields", "uploaded_file"]

_DATASET_OWNED = frozenset({
    "id", "name", "resources", "num_resources", "num_tags", "metadata_created",
    "metadata_modified", "creator_user_id", "organization", "revision_id",
    "state", "private", "type", "relationships_as_object",
    "relationships_as_subject", "tracking_summary", *provenance.MIRRORED,
})
_RESOURCE_OWNED = frozenset({
    "id", "package_id", "created", "last_modified", "metadata_modified",
    "position", "size", "hash", "mimetype", "mimetype_inner", "cache_url",
    "cache_last_updated", "datastore_active", "tracking_summary", "url",
    "url_type", "validation_status", "validation_timestamp",
})


def dataset_fields(shown: dict[str, Any]) -> dict[str, Any]:
    """The metadata a revision carries from one dataset to the other."""
    fields = {k: v for k, v in shown.items() if k not in _DATASET_OWNED}
    if isinstance(fields.get("extras"), list):
        fields["extras"] = [
            e for e in fields["extras"]
            if isinstance(e, dict) and e.get("key") not in provenance.MIRRORED
        ]
    if isinstance(fields.get("groups"), list):
        fields["groups"] = [{"id": g["id"]} for g in fields["groups"]]
    return fields


def resource_fields(shown: dict[str, Any]) -> dict[str, Any]:
    """The fields of a resource a revision carries over, without its file."""
    return {k: v for k, v in shown.items() if k not in _RESOURCE_OWNED}


def is_upload(resource: dict[str, Any]) -> bool:
    return resource.get("url_type") == "upload"


def file_path(resource: dict[str, Any], resource_id: str | None = None) -> str:
    """Where the uploaded file of ``resource`` lies (or would lie under
    ``resource_id``) in the local storage."""
    upload = uploader.get_resource_uploader(dict(resource))
    return str(upload.get_path(resource_id or resource["id"]))


def file_name(resource: dict[str, Any]) -> str:
    """The uploaded file's name as CKAN keeps it (the last part of its URL)."""
    return str(resource.get("url") or "").rstrip("/").rsplit("/", 1)[-1] or "berkas"


@contextmanager
def uploaded_file(resource: dict[str, Any]) -> Iterator[Any]:
    """The resource's uploaded file, open for reading."""
    with open(file_path(resource), "rb") as stream:
        yield stream


def copy_file(source: str, target: str) -> None:
    """Copy a file, making the target's directory; the copy is written
    aside and renamed into place so no reader sees half a file."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    partial = f"{target}.satudata-partial"
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def archive_root() -> str:
    return os.path.join(uploader.get_storage_path(), "satudata", "versions")
