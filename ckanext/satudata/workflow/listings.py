"""Tag and format listings that count only the datasets the caller may see.

CKAN lists free tags (``tag_list``, ``tag_search``, ``tag_autocomplete``)
and resource formats (``format_autocomplete``, and the ``/api/2/util``
autocompletes that call them) straight from its tables, so an unpublished
dataset's tags and formats would reach anyone. The search index already
applies the caller's permission labels; its facets give the tags and
formats of the datasets the caller may see, and the listings keep only
those. Vocabulary tags are the vocabulary's terms, not a dataset's, and
stay as CKAN lists them.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

__all__ = ["visible_formats", "visible_tags"]


def _facet(context: Context, field: str) -> set[str]:
    result = tk.get_action("package_search")(
        # Never ignore_auth here: CKAN drops the permission labels then.
        {"user": context.get("user") or ""},
        {
            "q": "*:*",
            "rows": 0,
            "facet.field": [field],
            "facet.limit": -1,
            "include_private": True,
        },
    )
    return {item["name"] for item in result["search_facets"].get(field, {})
            .get("items", [])}


def visible_tags(context: Context) -> set[str]:
    """Free tags of the datasets the caller may see."""
    return _facet(context, "tags")


def visible_formats(context: Context) -> set[str]:
    """Resource formats (lower case) of the datasets the caller may see."""
    return {f.lower() for f in _facet(context, "res_format")}


def tag_name(tag: Any) -> str:
    """A tag as the listings return it: a name or a tag dictionary."""
    return tag["name"] if isinstance(tag, dict) else str(tag)
