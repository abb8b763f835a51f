"""Passing conformance verdicts, for tests where the checker is not under test.

A workflow test needs datasets that the submission gate lets through, not
another reading of their file: within :func:`seeded_checks` a check records
the verdict on a conforming table (:func:`passing_result`) without reading
the file. The rest of the check stays the product's: the report's row and
its course from pending to finished, the file it covers, the search index
brought up to date. ``test_factories.py`` holds the report so written equal
to the one the checker writes for the same file.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from ckanext.satudata.checks import conformance


def passing_result() -> conformance.Result:
    """The checker's verdict on a conforming table of two rows under one
    header row, such as the workflow tests' ``GOOD_CSV``."""
    return conformance.Result(
        status="success", errors=[], warnings=[],
        counts={"rows": 2, "errors": 0, "warnings": 0, "by_code": {},
                "by_column": [], "header_rows": [1]},
    )


@contextlib.contextmanager
def seeded_checks() -> Iterator[None]:
    """Within it, every check of a file records :func:`passing_result`."""
    def check_file(*args: Any, **kwargs: Any) -> conformance.Result:
        return passing_result()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(conformance, "check_file", check_file)
        yield
