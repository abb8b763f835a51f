"""Real ``ckan run`` servers over the test database, for tests that need HTTP.

The server inherits the test environment (CKAN_SQLALCHEMY_URL and friends),
so it serves the database, index and storage the fixtures filled.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import requests

HERE = os.path.dirname(__file__)
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
TEST_INI = os.path.join(ROOT, "test.ini")
CKAN = os.path.join(os.path.dirname(sys.executable), "ckan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _derived_ini(directory: Path, port: int, settings: Mapping[str, str]) -> str:
    """test.ini plus ``settings``, with the site URL the browser really uses
    (redirects after login are built from it).

    ``use = config:`` chains only the app section: CKAN reads the logging
    sections from the named file itself, so they are copied.
    """
    lines = ["[app:main]", f"use = config:{TEST_INI}",
             f"ckan.site_url = http://127.0.0.1:{port}"]
    lines += [f"{key} = {value}" for key, value in settings.items()]
    with open(TEST_INI) as base:
        text = base.read()
    logging = text[text.index("[loggers]"):]
    path = directory / f"server-{port}.ini"
    path.write_text("\n".join(lines) + "\n\n" + logging)
    return str(path)


@contextlib.contextmanager
def ckan_server(settings: Mapping[str, str] | None = None,
                directory: Path | None = None) -> Iterator[str]:
    """Run ``ckan run`` on a free port until the block ends; yields its URL.

    With ``settings`` the server reads an ini written to ``directory`` that
    extends test.ini with them.
    """
    port = _free_port()
    ini = TEST_INI
    if settings is not None:
        assert directory is not None, "settings need a directory for the ini"
        ini = _derived_ini(directory, port, settings)
    # A file, not a pipe: a chatty server would block on a full pipe.
    log = tempfile.TemporaryFile()
    env = dict(os.environ)
    if settings and "ckan.storage_path" in settings:
        # CKAN reads the variable over the ini's value.
        env.pop("CKAN_STORAGE_PATH", None)
    process = subprocess.Popen(
        [CKAN, "-c", ini, "run", "-H", "127.0.0.1", "-p", str(port), "-r", "-t"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, env=env,
    )
    url = f"http://127.0.0.1:{port}"

    def tail() -> str:
        log.seek(0)
        return log.read().decode(errors="replace")[-3000:]

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{url}/api/3/action/status_show", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(tail())
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
