from __future__ import annotations

import pytest

from ckanext.satudata.tests.database import restored

from .factories import People


@pytest.fixture
def people(clean_db):
    return restored("template.people", People)
