"""Solr local parameters: ``{!type key=value key='quoted value'}query``."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import SolrError


@dataclass
class LocalParams:
    params: dict[str, list[str]] = field(default_factory=dict)
    # The text after the closing brace.
    rest: str = ""

    def get(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None


def _error(text: str, reason: str) -> SolrError:
    return SolrError(
        400, f"org.apache.solr.search.SyntaxError: {reason} in local params: {text}"
    )


def parse_local_params(text: str, deref: dict[str, list[str]]) -> LocalParams | None:
    """Parse a leading ``{!...}``; None when text does not start with one.

    ``$name`` values are looked up in the request parameters (``deref``).
    """
    if not text.startswith("{!"):
        return None
    result = LocalParams()
    i = 2
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise _error(text, "missing '}'")
        if text[i] == "}":
            result.rest = text[i + 1 :]
            return result
        start = i
        while i < n and not text[i].isspace() and text[i] not in "=}":
            i += 1
        key = text[start:i]
        if not key:
            raise _error(text, "expected a parameter name")
        if i >= n or text[i] != "=":
            # A bare first word names the query parser.
            if result.params:
                raise _error(text, f"expected '=' after {key}")
            result.params["type"] = [key]
            continue
        i += 1
        value, quoted, i = _value(text, i)
        if value.startswith("$") and not quoted:
            value = (deref.get(value[1:]) or [""])[0]
        result.params.setdefault(key, []).append(value)


def _value(text: str, i: int) -> tuple[str, bool, int]:
    """Read a value at i: (value, whether it was quoted, index after it)."""
    n = len(text)
    if i < n and text[i] in "'\"":
        quote = text[i]
        out: list[str] = []
        i += 1
        while i < n and text[i] != quote:
            if text[i] == "\\" and i + 1 < n:
                i += 1
            out.append(text[i])
            i += 1
        if i >= n:
            raise _error(text, "unterminated quoted value")
        return "".join(out), True, i + 1
    start = i
    while i < n and not text[i].isspace() and text[i] != "}":
        i += 1
    return text[start:i], False, i
