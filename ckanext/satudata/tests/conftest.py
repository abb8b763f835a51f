from __future__ import annotations

import pytest


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """An empty database with the plugin tables (and activity's) in place."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("satudata")


@pytest.fixture(autouse=True)
def _satudata_loaded(with_plugins):
    """Every test here runs with the plugins of test.ini loaded."""
