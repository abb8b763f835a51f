"""A pytest plugin for CKAN's own search tests (``make test`` runs them
against the Solr stand-in): CKAN's factories fill titles and notes with
random Faker words, so a test such as ``test_name_multiple_results`` (the
word «record» must find two datasets of three) fails on any Solr whenever a
random note happens to say «record». Seeding Faker from each test's id
makes every run see the same data."""
from __future__ import annotations

import zlib

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    from ckan.tests import factories

    factories.fake.seed_instance(zlib.crc32(item.nodeid.encode()))
