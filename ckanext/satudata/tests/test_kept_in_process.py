"""Answers kept in a process's memory (shared_memo.InProcess): for the
generation they were read in, for the configured time, the newest few."""
from __future__ import annotations

import time

import pytest

from ckanext.satudata import shared_memo


def test_an_answer_serves_only_its_generation():
    kept: shared_memo.InProcess[str] = shared_memo.InProcess(size=10)
    kept.keep(7, "a", "tujuh")
    assert kept.recalled(7, "a") == "tujuh"
    assert kept.recalled(8, "a") is None
    # forgotten once a newer generation asked
    assert kept.recalled(7, "a") is None


def test_the_oldest_used_answer_goes_first():
    kept: shared_memo.InProcess[int] = shared_memo.InProcess(size=2)
    kept.keep(1, "a", 1)
    kept.keep(1, "b", 2)
    assert kept.recalled(1, "a") == 1  # "b" is now the least recently used
    kept.keep(1, "c", 3)
    assert kept.recalled(1, "b") is None
    assert (kept.recalled(1, "a"), kept.recalled(1, "c")) == (1, 3)


@pytest.mark.ckan_config("ckanext.satudata.shared_memo.ttl", 60)
def test_an_answer_lives_the_configured_time_at_most(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    kept: shared_memo.InProcess[str] = shared_memo.InProcess(size=10)
    kept.keep(1, "a", "x")
    now[0] += 59
    assert kept.recalled(1, "a") == "x"
    now[0] += 2
    assert kept.recalled(1, "a") is None
