from __future__ import annotations

import pytest

from .factories import People


@pytest.fixture
def people(clean_db):
    return People()
