"""Browsers keep the portal's static files.

CKAN answers every file with ``Cache-Control: no-cache``, so a browser asks
again for each of a page's twenty scripts, stylesheets, images and fonts on
every page it opens, and each question is a full request through CKAN: on
a regency's network, twenty round trips a page.

- A script or stylesheet bundle's URL carries a hash of its content
  (``/webassets/vendor/240e5086_jquery.js``): a changed bundle is a new
  URL, so the answer is kept for a year without asking.
- CKAN's own images and fonts (``/base/...``) and the JavaScript
  translations every page fetches (``/api/i18n/<language>``) change only
  when CKAN or a plugin is upgraded: they are kept for a day.

Everything else (the pages, the rest of the API, uploads, downloads) keeps
CKAN's headers.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["BUNDLE", "CORE_FILE", "KeptFiles"]

BUNDLE = "max-age=31536000, immutable"
CORE_FILE = "max-age=86400"
_HASHED = re.compile(r"/[0-9a-f]{8}_[^/]+$")
# What a kept answer must not carry: CKAN's no-cache, and Vary: Cookie (a
# file is the same whoever is logged in).
_REPLACED = {"cache-control", "expires", "pragma", "vary"}

StartResponse = Callable[..., Any]


class KeptFiles:
    """WSGI middleware: the ``Cache-Control`` of the files above."""

    def __init__(self, app: Callable[..., Iterable[bytes]],
                 bundle_prefix: str) -> None:
        self.app = app
        self.bundle_prefix = bundle_prefix.rstrip("/") + "/"

    def _kept_for(self, path: str) -> str | None:
        if path.startswith(self.bundle_prefix) and _HASHED.search(path):
            return BUNDLE
        if path.startswith(("/base/", "/api/i18n/")):
            return CORE_FILE
        return None

    def __call__(self, environ: dict[str, Any],
                 start_response: StartResponse) -> Iterable[bytes]:
        kept = self._kept_for(environ.get("PATH_INFO", ""))
        if kept is None:
            return self.app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]],
                  exc_info: Any = None) -> Any:
            if status[:3] in ("200", "304"):
                # An answer that sets a cookie stays with this browser alone.
                scope = ("private" if any(k.lower() == "set-cookie"
                                          for k, _ in headers) else "public")
                headers = [(k, v) for k, v in headers
                           if k.lower() not in _REPLACED]
                headers.append(("Cache-Control", f"{scope}, {kept}"))
            return start_response(status, headers, exc_info)

        return self.app(environ, start)
