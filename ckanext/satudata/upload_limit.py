"""The refusal of a resource file above ``ckan.max_resource_size``, in
Indonesian and before anything is stored.

CKAN refuses such a file only while copying it, after the resource has been
added to the dataset, with an untranslated "File upload too large".
"""
from __future__ import annotations

import io
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

MB = 1024 * 1024


def _size(upload: FileStorage) -> int:
    stream = upload.stream
    position = stream.tell()
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(position)
    return size


def refuse_oversized(resource: dict[str, Any]) -> None:
    upload = resource.get("upload")
    if not isinstance(upload, FileStorage):
        return
    limit = tk.config.get("ckan.max_resource_size")
    # CKAN copies in whole megabytes and refuses past the limit's last one
    if _size(upload) > limit * MB:
        raise tk.ValidationError({"upload": [tk._(
            "Berkas terlalu besar: ukuran unggahan paling besar {limit} MB."
        ).format(limit=limit)]})
