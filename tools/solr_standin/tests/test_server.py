"""The stand-in over real HTTP, the command line, persistence and shutdown."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from solr_standin.schema import Schema
from solr_standin.server import SolrStandin, StandinServer

from .conftest import SCHEMA_PATH, dataset

TOOLS_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def base_url(schema: Schema) -> Iterator[str]:
    server = StandinServer(SolrStandin(schema), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/solr/ckan"
    finally:
        server.shutdown()
        server.server_close()


def request(
    url: str, data: bytes | None = None, ctype: str | None = None
) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read()


def test_http_round_trip(base_url: str) -> None:
    body = json.dumps([dataset("a", title="Hello world")]).encode()
    status, ctype, _ = request(
        f"{base_url}/update/?commit=true", body, "application/json; charset=utf-8"
    )
    assert (status, ctype) == (200, "application/json;charset=utf-8")

    status, _, payload = request(f"{base_url}/select/?q=title:hello&wt=json")
    assert status == 200
    assert json.loads(payload)["response"]["docs"][0]["id"] == "a"

    # pysolr switches to a form-encoded POST for long parameter lists.
    form = urlencode({"q": "*:*", "fq": "+title:world", "fl": "id", "wt": "json"})
    status, _, payload = request(
        f"{base_url}/select/", form.encode(), "application/x-www-form-urlencoded"
    )
    assert json.loads(payload)["response"]["numFound"] == 1


def test_schema_endpoints_serve_the_schema_file(base_url: str) -> None:
    expected = SCHEMA_PATH.read_bytes()
    assert request(f"{base_url}/schema?wt=schema.xml")[2] == expected
    assert request(f"{base_url}/admin/file/?file=schema.xml")[2] == expected
    assert request(f"{base_url}/admin/file/?file=solrconfig.xml")[0] == 404


def test_errors_look_like_solr(base_url: str) -> None:
    status, _, payload = request(f"{base_url}/select/?q=title:(")
    error = json.loads(payload)
    assert status == 400
    assert error["responseHeader"]["status"] == 400
    assert error["error"]["code"] == 400
    assert "Cannot parse" in error["error"]["msg"]
    assert request(f"{base_url}/nothing-here")[0] == 404
    assert request(base_url.replace("/ckan", "/other") + "/select?q=*:*")[0] == 404
    assert request(f"{base_url}/admin/ping")[0] == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(port: int, data_file: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(TOOLS_DIR)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "solr_standin",
            "--port",
            str(port),
            "--schema",
            str(SCHEMA_PATH),
            "--data-file",
            str(data_file),
        ],
        env=env,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            request(f"http://127.0.0.1:{port}/solr/ckan/admin/ping")
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the stand-in did not start")


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_cli_persists_and_stops_cleanly(tmp_path: Path, stop_signal: int) -> None:
    port = _free_port()
    data_file = tmp_path / "index.json"
    url = f"http://127.0.0.1:{port}/solr/ckan"
    proc = _start(port, data_file)
    try:
        body = json.dumps([dataset("a"), dataset("b")]).encode()
        assert request(f"{url}/update/?commit=true", body, "application/json")[0] == 200
        assert data_file.exists()
        # Not committed: only saved at shutdown.
        body = json.dumps([dataset("c")]).encode()
        assert request(f"{url}/update/", body, "application/json")[0] == 200
    finally:
        proc.send_signal(stop_signal)
        _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 0, stderr.decode()

    proc = _start(port, data_file)
    try:
        payload = request(f"{url}/select/?q=*:*&fl=id&sort=id+asc")[2]
        docs = json.loads(payload)["response"]["docs"]
        assert [d["id"] for d in docs] == ["a", "b", "c"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
    assert proc.returncode == 0
