"""The one exception type that becomes a Solr error response."""

from __future__ import annotations


class SolrError(Exception):
    """An error Solr would report with this HTTP status and message."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class QuerySyntaxError(SolrError):
    """A query Solr's parser would reject (edismax retries these as text)."""

    def __init__(self, query: str, detail: str = "") -> None:
        message = f"org.apache.solr.search.SyntaxError: Cannot parse '{query}'"
        super().__init__(400, f"{message}: {detail}" if detail else message)
