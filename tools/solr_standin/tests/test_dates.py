from __future__ import annotations

import pytest

from solr_standin.dates import format_date, parse_date
from solr_standin.errors import SolrError

NOW = parse_date("2024-02-29T13:45:30.250Z", 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-06-10T08:24:12.782257Z", "2014-06-10T08:24:12.782Z"),
        ("2014-03-22T00:00:00Z", "2014-03-22T00:00:00Z"),
        ("2019-10-10T01:15:00+00:00", "2019-10-10T01:15:00Z"),
        ("2019-10-10T03:15:00+02:00", "2019-10-10T01:15:00Z"),
        ("NOW", "2024-02-29T13:45:30.250Z"),
        ("NOW/DAY", "2024-02-29T00:00:00Z"),
        ("NOW-1DAY", "2024-02-28T13:45:30.250Z"),
        ("NOW+1YEAR", "2025-02-28T13:45:30.250Z"),
        ("NOW-1MONTH/MONTH", "2024-01-01T00:00:00Z"),
        ("NOW/YEAR+2HOURS", "2024-01-01T02:00:00Z"),
        ("2020-01-31T00:00:00Z+1MONTH", "2020-02-29T00:00:00Z"),
    ],
)
def test_parse_and_format(text: str, expected: str) -> None:
    assert format_date(parse_date(text, NOW)) == expected


@pytest.mark.parametrize(
    "text", ["2014-03-22", "not a date", "2014-13-01T00:00:00Z", "NOW-1FORTNIGHT"]
)
def test_invalid_dates(text: str) -> None:
    with pytest.raises(SolrError, match="Invalid Date String"):
        parse_date(text, NOW)
