from __future__ import annotations

import pytest
from ckan.tests import factories

from .factories import daftar_data_row


@pytest.fixture
def opd(clean_db):
    return factories.Organization(title="Dinas Kependudukan dan Pencatatan Sipil")


@pytest.fixture
def other_opd(clean_db):
    return factories.Organization(title="Dinas Kesehatan")


@pytest.fixture
def row(opd):
    """An established 2024 row of ``opd``."""
    return daftar_data_row(opd["id"], kode="DD.3516.0001", tahun=2024)
