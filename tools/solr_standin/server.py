"""HTTP front end: routes Solr core URLs to the handlers and formats errors."""

from __future__ import annotations

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import store
from .dates import now_millis
from .errors import SolrError
from .index import Index
from .params import Params
from .schema import Schema
from .search import select
from .update import apply_update, parse_update

log = logging.getLogger(__name__)

Response = tuple[int, str, bytes]
_JSON = "application/json;charset=utf-8"
_XML = "application/xml;charset=utf-8"


def _json(status: int, payload: dict[str, Any]) -> Response:
    return status, _JSON, json.dumps(payload, ensure_ascii=False).encode("utf-8")


def error_response(code: int, message: str) -> Response:
    return _json(
        code,
        {
            "responseHeader": {"status": code, "QTime": 0},
            "error": {
                "metadata": [
                    "error-class",
                    "org.apache.solr.common.SolrException",
                    "root-error-class",
                    "org.apache.solr.common.SolrException",
                ],
                "msg": message,
                "code": code,
            },
        },
    )


class SolrStandin:
    """One Solr core: its schema, index and optional data file."""

    def __init__(
        self, schema: Schema, core: str = "ckan", data_file: Path | None = None
    ) -> None:
        self.schema = schema
        self.core = core
        self.index = Index(schema)
        self.data_file = data_file
        self._save_lock = threading.Lock()
        self._unsaved = False
        if data_file is not None:
            count = store.load(data_file, self.index, now_millis())
            log.info("loaded %d documents from %s", count, data_file)

    def handle(
        self, method: str, path: str, query: str, body: bytes, content_type: str
    ) -> Response:
        prefix = f"/solr/{self.core}/"
        route = path.rstrip("/") + "/"
        if not route.startswith(prefix):
            return error_response(404, f"No such core or path: {path}")
        handler = route[len(prefix) :].strip("/")
        try:
            params = Params.from_query_strings(query)
            if handler == "select" and method in ("GET", "POST"):
                if method == "POST" and "x-www-form-urlencoded" in content_type:
                    params = Params.from_query_strings(query, body.decode("utf-8"))
                return _json(200, select(self.index, params, now_millis()))
            if handler == "update" and method in ("GET", "POST"):
                return self._update(params, body, content_type)
            if handler == "schema" and method == "GET":
                if params.get("wt") != "schema.xml":
                    return error_response(
                        400, "The Solr stand-in serves the schema only as wt=schema.xml"
                    )
                return 200, _XML, self.schema.xml
            if handler == "admin/file" and method == "GET":
                if params.get("file") != "schema.xml":
                    return error_response(404, f"Can not find: {params.get('file')}")
                return 200, _XML, self.schema.xml
            if handler == "admin/ping" and method == "GET":
                return _json(
                    200, {"responseHeader": {"status": 0, "QTime": 0}, "status": "OK"}
                )
            return error_response(404, f"No handler for {method} {path}")
        except SolrError as e:
            return error_response(e.code, e.message)
        except Exception as e:
            log.exception("request failed: %s %s", method, path)
            return error_response(500, f"{type(e).__name__}: {e}")

    def _update(self, params: Params, body: bytes, content_type: str) -> Response:
        started = time.perf_counter()
        commands = parse_update(body, content_type)
        try:
            changed, committed = apply_update(
                self.index, commands, params, now_millis()
            )
        except SolrError:
            # Commands before the failing one stay applied, as in Solr.
            self._unsaved = True
            raise
        self._unsaved = self._unsaved or changed
        if committed:
            self.persist()
        qtime = int((time.perf_counter() - started) * 1000)
        return _json(200, {"responseHeader": {"status": 0, "QTime": qtime}})

    def persist(self) -> None:
        if self.data_file is None:
            return
        with self._save_lock:
            if self._unsaved:
                self._unsaved = False
                store.save(self.data_file, self.index)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The response goes out in several small writes (status line, headers,
    # body). On a kept-alive connection Nagle's algorithm held each last one
    # back until the client acknowledged the one before, which it delays by
    # 40 ms: every request of a client that reuses its connection (pysolr
    # does) took 40 ms longer than the work.
    disable_nagle_algorithm = True
    server: StandinServer

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, ctype, payload = self.server.app.handle(
            method, url.path, url.query, body, self.headers.get("Content-Type", "")
        )
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


class StandinServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, app: SolrStandin, host: str, port: int) -> None:
        super().__init__((host, port), _Handler)
        self.app = app
