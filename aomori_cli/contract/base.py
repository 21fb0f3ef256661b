"""The machinery of the output contract: a Shape is a kind of result object, its Fields in
a fixed order, each with its JSON value, flat cell, schema, description and how people read
it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Json = Any

INT = {"type": "integer"}
STR = {"type": "string"}
BOOL = {"type": "boolean"}
NUM = {"type": "number"}
FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
STRS = {"type": "array", "items": STR}
NAME_EN = "the programme's short English name (curated, not in the report)"
KPI_NAME_EN = "its English name (curated, not in the report; empty if the dataset gives none)"
# Where search looks (aomori_cli.search.index scores each in its own band).
SEARCH_FIELDS = (
    "name", "reading", "romaji", "name_en", "keywords", "kpi", "overview", "results", "division",
    "group",
)  # fmt: skip


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def array_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": ref(name)}


def plain(value: object) -> str:
    """A flat value written for people: thousands grouped, ○ for true, and for none what
    the tables write (- in Japanese, n/a in English)."""
    if value is None:
        from aomori_cli.numbers import missing

        return missing()
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(plain(v) for v in value)
    return str(value)


def percent_of(value: object) -> str:
    from aomori_cli.numbers import pct

    return pct(value) if isinstance(value, float) else plain(value)


def human_change(value: object) -> str:
    from aomori_cli.numbers import change

    return change(value) if isinstance(value, int) or value is None else plain(value)


def human_change_pct(value: object) -> str:
    from aomori_cli.numbers import change_pct

    return change_pct(value) if isinstance(value, float) or value is None else plain(value)


class Field(Generic[T]):
    """One key of a shape: its JSON value, its flat cell, its schema and its meaning, and
    how people read it (``human`` writes the flat cell; ``human_number`` aligns it right)."""

    __slots__ = ("name", "schema", "description", "value", "cell", "human", "human_number")

    def __init__(
        self,
        name: str,
        schema: dict[str, Any],
        description: str,
        value: Callable[[T], Json],
        cell: Callable[[T], object] | None = None,
        *,
        human: Callable[[object], str] = plain,
    ) -> None:
        self.name = name
        self.schema = schema
        self.description = description
        self.value = value
        self.cell = cell or value
        self.human = human
        kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
        self.human_number = bool(kinds & {"integer", "number"})


class Shape(Generic[T]):
    """A kind of result object: its fields in their fixed order."""

    __slots__ = ("name", "description", "fields", "_by_name")

    def __init__(self, name: str, description: str, fields: Sequence[Field[T]]) -> None:
        self.name = name
        self.description = description
        self.fields = tuple(fields)
        self._by_name = {f.name: f for f in self.fields}

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field[T]:
        return self._by_name[name]

    def to_json(self, item: T, names: Sequence[str] | None = None) -> dict[str, Json]:
        fields = self.fields if names is None else [self._by_name[n] for n in names]
        return {f.name: f.value(item) for f in fields}

    def cells(self, item: T, names: Sequence[str] | None = None) -> dict[str, object]:
        fields = self.fields if names is None else [self._by_name[n] for n in names]
        return {f.name: f.cell(item) for f in fields}

    def schema(self, *, chosen: bool = False) -> dict[str, Any]:
        """Its JSON object's schema: every key required; ``chosen``, the object --fields
        prints, which holds only the keys chosen (one or more of these)."""
        required = {"minProperties": 1} if chosen else {"required": self.columns}
        return {
            "description": self.description,
            "type": "object",
            "additionalProperties": False,
            **required,
            "properties": {f.name: {**f.schema, "description": f.description} for f in self.fields},
        }
