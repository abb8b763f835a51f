"""The satudata blueprints, one per domain."""
from __future__ import annotations

from flask import Blueprint

from . import (
    berita_acara,
    calendar,
    csrf,
    daftar_data,
    guard,
    navigation,
    report,
    revision,
    roles,
    template,
    validation,
    workflow,
)


def get_blueprints() -> list[Blueprint]:
    return [csrf.bp, guard.bp, navigation.bp, roles.bp, daftar_data.bp, template.bp,
            validation.bp, workflow.bp, revision.bp, report.bp, calendar.bp,
            berita_acara.bp]
