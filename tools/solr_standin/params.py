"""Request parameters: every Solr parameter may repeat, most are read once."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs

from .errors import SolrError


class Params:
    def __init__(self, data: Mapping[str, list[str]]) -> None:
        self.data = dict(data)

    @classmethod
    def from_query_strings(cls, *query_strings: str) -> Params:
        data: dict[str, list[str]] = {}
        for qs in query_strings:
            for key, values in parse_qs(qs, keep_blank_values=True).items():
                data.setdefault(key, []).extend(values)
        return cls(data)

    def overlay(self, overrides: Mapping[str, list[str]]) -> Params:
        """These parameters with some replaced (local params win over the request's)."""
        return Params({**self.data, **overrides})

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.data.get(name)
        return values[0] if values else default

    def getlist(self, name: str) -> list[str]:
        return self.data.get(name, [])

    def get_int(self, name: str, default: int, field: str | None = None) -> int:
        """An integer parameter; with field, ``f.<field>.<name>`` wins."""
        value = self.field_param(field, name) if field else self.get(name)
        if value is None or value.strip() == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise SolrError(
                400, f"Invalid value '{value}' for parameter '{name}'"
            ) from None

    def get_float(self, name: str, default: float) -> float:
        value = self.get(name)
        if value is None or value.strip() == "":
            return default
        try:
            return float(value)
        except ValueError:
            raise SolrError(
                400, f"Invalid value '{value}' for parameter '{name}'"
            ) from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        if value is None:
            return default
        return value.strip().lower() in ("true", "on", "yes", "1")

    def field_param(self, field: str, name: str) -> str | None:
        """A per-field parameter (``f.<field>.<name>``) or its global value."""
        return self.get(f"f.{field}.{name}", self.get(name))

    def echo(self) -> dict[str, str | list[str]]:
        return {k: v[0] if len(v) == 1 else list(v) for k, v in self.data.items()}
