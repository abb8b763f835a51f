from __future__ import annotations

import http.server
import threading

import pytest

from ckanext.satudata.tests.database import restored
from ckanext.satudata.tests.template.factories import People


@pytest.fixture
def people(clean_db):
    return restored("template.people", People)


@pytest.fixture
def file_server():
    """A local HTTP server: put bytes in ``server.files[path]``, fetch
    ``server.url(path)``. Tests never reach the internet."""
    files: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.files = files  # type: ignore[attr-defined]
    server.url = lambda path: f"http://127.0.0.1:{server.server_port}{path}"  # type: ignore[attr-defined]
    yield server
    server.shutdown()
    server.server_close()
