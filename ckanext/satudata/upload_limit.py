"""The upload limit of resources (``ckan.max_resource_size``), said in
Bahasa Indonesia.

CKAN refuses a file above the limit only while storing it, in English
("File upload too large"). The plugin measures the file before the resource
is saved and refuses it first, with the same limit and the same key
(``upload``), so the resource form shows the refusal above its fields.
"""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

MB = 1 << 20


def max_megabytes() -> int:
    return tk.config.get("ckan.max_resource_size")


def refuse_oversize(resource: dict[str, Any]) -> None:
    """Raise a ValidationError if the resource's new file is over the limit."""
    upload = resource.get("upload")
    if not isinstance(upload, FileStorage):
        return
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0, os.SEEK_SET)
    limit = max_megabytes()
    if size > limit * MB:
        raise tk.ValidationError({"upload": [tk._(
            "Berkas «{name}» terlalu besar ({size} MB): batas unggahan "
            "portal ini {limit} MB. Perkecil berkas atau bagi menjadi "
            "beberapa berkas.").format(
                name=upload.filename or "",
                # The decimal comma of Bahasa Indonesia; babel's formatting
                # needs a request, and API clients and jobs have none.
                size=f"{size / MB:.1f}".replace(".", ","), limit=limit)]})
