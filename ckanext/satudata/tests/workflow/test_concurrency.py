"""Racing transitions against running servers: exactly one wins.

Two ``ckan run`` processes (two web workers, as behind a proxy) serve the
test database; conflicting transitions on one dataset are fired at both at
once. One request succeeds, every other gets a 409 naming the state the
winner left, none a 500, and exactly one event is recorded.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import requests
from ckan.tests import helpers

from .servers import ckan_server


@pytest.fixture
def servers(mojokerto, tmp_path) -> Iterator[list[str]]:
    # The servers read the files this test uploaded: CKAN's create_with_upload
    # fixture keeps them in a directory of the test's own.
    settings = {"ckan.storage_path": tk.config["ckan.storage_path"]}
    with ckan_server(settings, tmp_path) as first, \
            ckan_server(settings, tmp_path) as second:
        yield [first, second]


def test_parallel_conflicting_transitions(mojokerto, servers):
    dataset = mojokerto.dataset("diajukan")
    token = mojokerto.headers("admin_opd")["Authorization"]
    checklist = {k: True for k in ("format_tabel", "kebenaran_data", "metadata",
                                   "kode_referensi")}
    payloads: list[dict[str, Any]] = []
    for i in range(8):
        if i % 2:
            payloads.append({"transition": "tidak_sesuai", "note": f"Salah {i}"})
        else:
            payloads.append({"transition": "sesuai", "checklist": checklist})
    barrier = threading.Barrier(len(payloads))
    responses: list[requests.Response] = [None] * len(payloads)

    def fire(i: int) -> None:
        url = servers[i % 2] + "/api/3/action/satudata_workflow_transition"
        barrier.wait()
        responses[i] = requests.post(
            url, json={"id": dataset["id"], **payloads[i]},
            headers={"Authorization": token}, timeout=60,
        )

    threads = [threading.Thread(target=fire, args=(i,)) for i in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * (len(payloads) - 1), [
        (r.status_code, r.text[:300]) for r in responses]
    winner = next(r for r in responses if r.status_code == 200).json()["result"]
    label = winner["state_label"]
    for response in responses:
        if response.status_code == 409:
            message = " ".join(response.json()["error"]["transition"])
            assert f"«{label}»" in message, message

    history = helpers.call_action("satudata_workflow_history", id=dataset["id"])
    taken = winner["event"]["transition"]
    assert [e["transition"] for e in history] == ["ajukan", taken]
    assert mojokerto.state(dataset["id"]) == winner["state"]


def test_parallel_publications_of_one_revision(mojokerto, servers):
    """«Terbitkan» on an approved revision's draft fired at both servers at
    once: one publication, one new version; every other request is refused
    with a 409 (the draft has moved, or its revision is closed), none 500."""
    live = mojokerto.dataset("terbit")
    draft = helpers.call_action(
        "satudata_revision_start",
        {"user": mojokerto.users["produsen"], "ignore_auth": False},
        id=live["id"])["draft_id"]
    mojokerto.walk(draft, "disetujui")
    token = mojokerto.headers("admin_opd")["Authorization"]
    barrier = threading.Barrier(6)
    responses: list[requests.Response] = [None] * 6

    def fire(i: int) -> None:
        url = servers[i % 2] + "/api/3/action/satudata_workflow_transition"
        barrier.wait()
        responses[i] = requests.post(
            url, json={"id": draft, "transition": "terbitkan"},
            headers={"Authorization": token}, timeout=60,
        )

    threads = [threading.Thread(target=fire, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 5, [
        (r.status_code, r.text[:300]) for r in responses]
    winner = next(r for r in responses if r.status_code == 200).json()["result"]
    assert (winner["id"], winner["state"]) == (live["id"], "terbit")
    versions = helpers.call_action("satudata_version_list", id=live["id"])
    assert [v["number"] for v in versions] == [2, 1]
    history = helpers.call_action("satudata_workflow_history", id=live["id"])
    assert [e["transition"] for e in history].count("terbitkan") == 2
    assert mojokerto.state(live["id"]) == "terbit"
