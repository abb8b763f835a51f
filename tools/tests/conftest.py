"""The portal `make run` serves, shared by the checks in tools/tests.

`make run` is started once per session against a scratch database and data
directory (test_make_run.py checks `make run` itself; test_harvest_contract.py
harvests the portal). A module that finds it stopped (test_make_run.py ends by
pressing Ctrl-C) starts it again: `make run` is idempotent, so that costs a
start, not a set-up.

The defaults below are the ones `make test` uses; a developer running these
beside another portal moves them with the SATUDATA_SMOKE_* variables.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSION = os.environ.get("CKAN_VERSION", "2.11")
SUFFIX = VERSION.replace(".", "_")


def _setting(name: str, defaults: dict[str, Any]) -> str:
    return os.environ.get(f"SATUDATA_SMOKE_{name}") or str(defaults[VERSION])


WEB_PORT = int(_setting("WEB_PORT", {"2.11": 5011, "2.12": 5012}))
SOLR_PORT = int(_setting("SOLR_PORT", {"2.11": 8981, "2.12": 8982}))
MAIL_PORT = int(_setting("MAIL_PORT", {"2.11": 8026, "2.12": 8027}))
REDIS_DB = _setting("REDIS_DB", {"2.11": 13, "2.12": 14})
DEV_DIR = Path(_setting("DIR", {v: ROOT / ".dev" / f"smoke-{v}"
                                for v in ("2.11", "2.12")}))
DB = _setting("DB", {v: f"satudata_smoke_{v.replace('.', '_')}"
                     for v in ("2.11", "2.12")})
BASE = f"http://127.0.0.1:{WEB_PORT}"
# CKAN_* overrides that make test exports for its own suites must not leak
# into the portal under test.
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("CKAN_")},
    "CKAN_VERSION": VERSION,
    "WEB_PORT": str(WEB_PORT),
    "SOLR_DEV_PORT": str(SOLR_PORT),
    "MAIL_DEV_PORT": str(MAIL_PORT),
    "SATUDATA_DEV_DIR": str(DEV_DIR),
    "SATUDATA_DEV_DB": DB,
    "SATUDATA_REDIS_DB": REDIS_DB,
}


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def api(action: str, token: str | None = None, **data: Any) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{BASE}/api/3/action/{action}",
        data=json.dumps(data).encode(),
        headers={
            "Content-Type": "application/json",
            **({"Authorization": token} if token else {}),
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    assert body["success"], body
    return body["result"]


def get(path: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        BASE + path, headers={"Authorization": token} if token else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Portal:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.output = ""
        deadline = time.monotonic() + 600
        assert self.proc.stdout
        for line in self.proc.stdout:
            self.output += line
            if "Press Ctrl-C to stop." in line or time.monotonic() > deadline:
                break
        assert "Press Ctrl-C to stop." in self.output, self.output

    def credentials(self) -> dict[str, str]:
        text = (DEV_DIR / "demo-credentials.txt").read_text().splitlines()[1:]
        return {line.split()[0]: line.split()[-1] for line in text}

    def interrupt(self) -> str:
        os.killpg(self.proc.pid, signal.SIGINT)
        rest, _ = self.proc.communicate(timeout=60)
        return rest


def drop_database(name: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "dropdb", "--if-exists", name],
        cwd="/",
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def portals():
    """The session's portals: ``first`` is the one that did the set-up."""
    drop_database(DB)
    subprocess.run(["rm", "-rf", str(DEV_DIR)], check=True)
    started = {"first": Portal()}
    started["current"] = started["first"]
    yield started
    if started["current"].proc.poll() is None:
        started["current"].interrupt()


@pytest.fixture(scope="module")
def portal(portals) -> Portal:
    """A running portal with the demo data."""
    if portals["current"].proc.poll() is not None:
        portals["current"] = Portal()
    return portals["current"]
