"""Keyset paging for lists that grow with a person's history, newest first.

A page is read with an index range scan: ``WHERE patient_id = ? AND (date, recorded_at, id) < (the
last row's keys) ORDER BY date DESC, recorded_at DESC, id DESC LIMIT n``. Unlike ``OFFSET``, the
cost of a page does not grow with how far back it is, and a new entry written between two pages
neither repeats nor skips a row. The cursor is the last row's keys, encoded; it means nothing to
the client and is checked when it comes back.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from rehab.contracts.paging import DEFAULT_LIMIT, MAX_LIMIT, Page
from rehab.services.errors import Invalid

T = TypeVar("T")

_PARSE: dict[type, Callable[[str], Any]] = {date: date.fromisoformat, datetime: datetime.fromisoformat,
                                             uuid.UUID: uuid.UUID, int: int}


@dataclass(frozen=True)
class Paging:
    """What the client asked for: how many, after which cursor, and whether to count them all."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    with_total: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise Invalid("limit", f"must be from 1 to {MAX_LIMIT}, got {self.limit}")


def _encode(values: Sequence[Any]) -> str:
    text = json.dumps([v.isoformat() if isinstance(v, date | datetime) else str(v) for v in values])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _python_type(key: InstrumentedAttribute) -> type:
    kind = key.type
    return getattr(kind, "impl_instance", kind).python_type  # a TypeDecorator (Timestamp) says what it wraps


def _decode(cursor: str, keys: Sequence[InstrumentedAttribute]) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError
        return [_PARSE[_python_type(key)](value) for key, value in zip(keys, values, strict=True)]
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise Invalid("cursor", "is not a cursor this list gave; start again without one") from None


def read_page(session: Session, query: Select, keys: Sequence[InstrumentedAttribute], paging: Paging,
              out: Callable[[Any], T], keys_of: Callable[[Any], Sequence[Any]] | None = None,
              scalars: bool = True) -> Page[T]:
    """One page of ``query`` ordered by ``keys`` descending (the last key unique, so the order is
    total). ``keys_of`` gives a row's key values (default: the keys' attributes of the row)."""
    keys_of = keys_of or (lambda row: [getattr(row, key.key) for key in keys])
    total = None
    if paging.with_total:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if paging.cursor is not None:
        after = _decode(paging.cursor, keys)
        query = query.where(tuple_(*keys) < tuple_(*[bindparam(None, v, type_=k.type) for k, v in zip(keys, after, strict=True)]))
    query = query.order_by(*[key.desc() for key in keys]).limit(paging.limit + 1)
    rows = list(session.scalars(query) if scalars else session.execute(query))
    more = len(rows) > paging.limit
    rows = rows[:paging.limit]
    next_cursor = _encode(keys_of(rows[-1])) if more else None
    return Page(items=[out(row) for row in rows], next_cursor=next_cursor, total=total)
