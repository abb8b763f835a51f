"""Background jobs of the checker, run by ``ckan jobs worker`` (RQ)."""
from __future__ import annotations

from . import runner


def check_report(report_id: str) -> None:
    """Run the pending check ``report_id``; progress is written to the report."""
    runner.run_report(report_id)
