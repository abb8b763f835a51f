"""What a revision changes in a published dataset: fields and resources.

The checker and the approver compare the revision (a private draft copy of
the dataset, a CKAN package of its own) with the live version before they
decide. :func:`package_diff` takes both as ``package_show`` returns them and
says which metadata fields changed and which resources were added, replaced,
removed or kept, each labelled as the dataset form labels it. The rows of a
replaced table are compared by :mod:`.table_diff`.
"""
from __future__ import annotations

import dataclasses
import posixpath
import urllib.parse
from collections.abc import Mapping
from typing import Any

from ckanext.scheming.helpers import scheming_get_dataset_schema

# Fields a revision has of its own or that the portal keeps, not what the
# producer changed: the draft copy has its own id, name and visibility, and
# the workflow and provenance fields (satudata_*) describe its review.
_IGNORED = frozenset({
    "id", "name", "private", "state", "type",
    "metadata_created", "metadata_modified", "revision_id", "creator_user_id",
    "num_resources", "num_tags", "organization", "groups", "relationships_as_object",
    "relationships_as_subject", "extras", "resources", "tags", "isopen",
    "license_title", "license_url",
})
# Resource fields compared besides the file itself.
_RESOURCE_FIELDS = ("name", "description", "format")


@dataclasses.dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclasses.dataclass(frozen=True)
class ResourceChange:
    """One resource of either version and what happened to it.

    ``kind`` is ``ditambah`` (only in the revision), ``diganti`` (the
    revision's replaces a live one and differs), ``dihapus`` (a live one the
    revision drops) or ``tetap`` (copied unchanged). ``file_changed`` says
    whether the content differs, ``fields`` which of its own fields do.
    """

    kind: str
    name: str
    live_id: str | None
    draft_id: str | None
    file_changed: bool = False
    fields: tuple[FieldChange, ...] = ()


@dataclasses.dataclass(frozen=True)
class PackageDiff:
    fields: tuple[FieldChange, ...]
    resources: tuple[ResourceChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(r.kind != TETAP for r in self.resources)

    def of_kind(self, kind: str) -> list[ResourceChange]:
        return [r for r in self.resources if r.kind == kind]


DITAMBAH = "ditambah"
DIGANTI = "diganti"
DIHAPUS = "dihapus"
TETAP = "tetap"


def package_diff(live: dict[str, Any], draft: dict[str, Any],
                 replaces: Mapping[str, str]) -> PackageDiff:
    """What ``draft`` changes in ``live``.

    :param replaces: draft resource id -> the live resource id it replaces;
        a draft resource not in it is new, a live resource no draft resource
        replaces is removed
    """
    schema = scheming_get_dataset_schema(live.get("type") or "dataset") or {}
    fields = tuple(
        change for field in schema.get("dataset_fields", [])
        if field["field_name"] not in _IGNORED
        and not field["field_name"].startswith("satudata_")
        and (change := _field_change(field, live, draft)) is not None
    )
    resource_labels = {f["field_name"]: _label(f)
                       for f in schema.get("resource_fields", [])}
    live_resources = {r["id"]: r for r in live.get("resources") or []}
    changes = []
    replaced = set()
    for resource in draft.get("resources") or []:
        old = live_resources.get(replaces.get(resource["id"], ""))
        if old is None:
            changes.append(ResourceChange(DITAMBAH, _name(resource), None,
                                          resource["id"]))
            continue
        replaced.add(old["id"])
        field_changes = tuple(
            FieldChange(name, resource_labels.get(name, name), _text(old.get(name)),
                        _text(resource.get(name)))
            for name in _RESOURCE_FIELDS
            if _text(old.get(name)) != _text(resource.get(name)))
        file_changed = not same_file(old, resource)
        changes.append(ResourceChange(
            DIGANTI if file_changed or field_changes else TETAP,
            _name(resource), old["id"], resource["id"], file_changed,
            field_changes))
    changes += [ResourceChange(DIHAPUS, _name(r), r["id"], None)
                for r in live.get("resources") or [] if r["id"] not in replaced]
    return PackageDiff(fields, tuple(changes))


def same_file(live: dict[str, Any], draft: dict[str, Any]) -> bool:
    """Whether two resources hold the same content.

    A hash, where both have one, decides. Otherwise an upload is the same
    when its file name and size are (its URL names the package and resource
    it belongs to, so it differs for every copy), and a link when its URL is.
    """
    if live.get("hash") and draft.get("hash"):
        return bool(live["hash"] == draft["hash"])
    if (live.get("url_type") == "upload") != (draft.get("url_type") == "upload"):
        return False
    if live.get("url_type") == "upload":
        return (_file_name(live) == _file_name(draft)
                and live.get("size") == draft.get("size")
                and live.get("size") is not None)
    return bool(live.get("url") == draft.get("url"))


def _file_name(resource: dict[str, Any]) -> str:
    path = urllib.parse.urlsplit(resource.get("url") or "").path
    return posixpath.basename(path)


def _field_change(field: dict[str, Any], live: dict[str, Any],
                  draft: dict[str, Any]) -> FieldChange | None:
    name = field["field_name"]
    if name == "tag_string":
        old, new = _tags(live), _tags(draft)
    else:
        old, new = _text(live.get(name)), _text(draft.get(name))
    if old == new:
        return None
    return FieldChange(name, _label(field), old, new)


def _tags(pkg: dict[str, Any]) -> str:
    return ", ".join(sorted(t["name"] for t in pkg.get("tags") or []))


def _label(field: dict[str, Any]) -> str:
    label = field.get("label") or field["field_name"]
    if isinstance(label, dict):
        return str(label.get("id") or label.get("en") or field["field_name"])
    return str(label)


def _name(resource: dict[str, Any]) -> str:
    return str(resource.get("name") or _file_name(resource) or resource["id"])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value).strip()
