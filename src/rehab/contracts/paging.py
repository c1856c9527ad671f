"""One page of a list that grows with a person's history (diary, sessions, decisions, ...).

A diary kept for a year is hundreds of entries; a phone or a report asks for the newest first and
goes back only as far as it needs. So every such list answers a page: at most ``limit`` items,
newest first, and a ``next_cursor`` that asks for the page after it (older). Counting every row is
work a phone rarely needs, so the total is given only when asked for (``total=true``).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[T] = Field(description="newest first")
    next_cursor: str | None = Field(
        description="send as `cursor` to get the next, older page; null when this page is the last")
    total: int | None = Field(None, description="how many items the whole list holds; only when asked with total=true")
