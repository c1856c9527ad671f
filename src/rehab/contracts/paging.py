"""One page of a list that grows with a person's history (diary, sessions, decisions, ...).

A diary kept for a year is hundreds of entries; a phone or a report asks for the newest first and
goes back only as far as it needs. So every such list answers a page: at most ``limit`` items,
newest first, and a ``next_cursor`` that asks for the page after it (older). Counting every row is
work a phone rarely needs, so the total is given only when asked for (``total=true``).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from typing_extensions import TypedDict

T = TypeVar("T")

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[T] = Field(description="newest first")
    next_cursor: str | None = Field(
        description="send as `cursor` to get the next, older page; null when this page is the last")
    total: int | None = Field(None, description="how many items the whole list holds; only when asked with total=true")


class RowPage(Generic[T]):
    """A page whose items are stored rows already in the shape of a contract's model (``Page[model]``),
    written to JSON without building and validating a model per row.

    Validating a hundred diary rows that the server itself stored and checked on the way in was the
    largest single cost of a diary page (issue 15 §7); the rows are written by a serialiser of the
    same fields (:func:`rows_of`), so the bytes are those ``Page[model]`` writes (a test compares
    them) and the OpenAPI description, which names ``Page[model]``, is unchanged."""

    __slots__ = ("items", "next_cursor", "total", "_writer")

    def __init__(self, items: list[dict[str, Any]], next_cursor: str | None, total: int | None,
                 writer: TypeAdapter[Any]) -> None:
        self.items, self.next_cursor, self.total, self._writer = items, next_cursor, total, writer

    def to_json(self) -> bytes:
        return self._writer.dump_json({"items": self.items, "next_cursor": self.next_cursor, "total": self.total})


def rows_of(model: type[BaseModel]) -> TypeAdapter[Any]:
    """A serialiser of a page of ``model`` given as dicts (one key per field, in any order): a
    TypedDict of the model's own field types, whose JSON is the model's (flat models only: a
    field that is itself a model would need an instance)."""
    fields = model.model_fields
    nested = [name for name, field in fields.items() if isinstance(field.annotation, type)
              and issubclass(field.annotation, BaseModel)]
    if nested:
        raise TypeError(f"{model.__name__} has fields that are models ({', '.join(nested)}); give it Page[...]")
    row = TypedDict(f"{model.__name__}Row", {name: field.annotation for name, field in fields.items()})  # type: ignore[misc]
    page = TypedDict(f"{model.__name__}RowPage",  # type: ignore[misc]
                     {"items": list[row], "next_cursor": str | None, "total": int | None})  # type: ignore[valid-type]
    return TypeAdapter(page)
