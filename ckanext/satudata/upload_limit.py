"""The upload limit of resources (``ckan.max_resource_size``), said in
Bahasa Indonesia.

CKAN refuses a file above the limit only while storing it, in English
("File upload too large", a string CKAN does not mark for translation, in
``ckan/lib/uploader.py``). The plugin measures the file before the resource
is saved and refuses it first, with the same limit and the same key
(``upload``), so the resource form shows the refusal above its fields.

A file can also arrive inside the ``resources`` of ``package_create`` or
``package_update``: that is how ``package_revise`` attaches one in a
multipart call (``update__resources__-1__upload``), and CKAN stores it in
``package_update``, with no resource hook on the way. Those are refused by
:func:`refuse_oversize_resources` first, under the resource's position.
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
    refusal = _refusal(resource)
    if refusal:
        raise tk.ValidationError({"upload": [refusal]})


def refuse_oversize_resources(dataset: dict[str, Any]) -> None:
    """Raise a ValidationError if a file of the dataset's resources is over
    the limit: ``{"resources": [{}, {"upload": [...]}]}``, as CKAN places
    the errors of a resource in a dataset."""
    resources = dataset.get("resources")
    if not isinstance(resources, list):
        return
    errors: list[dict[str, list[str]]] = [
        {"upload": [refusal]} if (refusal := _refusal(resource)) else {}
        for resource in resources
    ]
    if any(errors):
        raise tk.ValidationError({"resources": errors})


def _refusal(resource: Any) -> str | None:
    upload = resource.get("upload") if isinstance(resource, dict) else None
    if not isinstance(upload, FileStorage):
        return None
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0, os.SEEK_SET)
    limit = max_megabytes()
    if size <= limit * MB:
        return None
    return tk._(
        "Berkas «{name}» terlalu besar ({size} MB): batas unggahan "
        "portal ini {limit} MB. Perkecil berkas atau bagi menjadi "
        "beberapa berkas.").format(
            name=upload.filename or "",
            # The decimal comma of Bahasa Indonesia; babel's formatting
            # needs a request, and API clients and jobs have none.
            size=f"{size / MB:.1f}".replace(".", ","), limit=limit)
