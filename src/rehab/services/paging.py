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


class Keyset:
    """A list's statements, newest first: the first page, the page after a cursor, and the count.
    A list read on every phone's visit (the diary) builds its Keyset once, at import, with the
    patient as a bound parameter, so each request only binds values: building and compiling the
    statement anew was a third of a page's SELECT. Other lists build one per request."""

    def __init__(self, base: Select, keys: Sequence[InstrumentedAttribute]) -> None:
        self.keys = tuple(keys)
        newest_first = [key.desc() for key in self.keys]
        limit = bindparam("page_limit")
        self.first = base.order_by(*newest_first).limit(limit)
        after = tuple_(*[bindparam(f"after_{n}", type_=key.type) for n, key in enumerate(self.keys)])
        self.after = base.where(tuple_(*self.keys) < after).order_by(*newest_first).limit(limit)
        self.count = select(func.count()).select_from(base.subquery())


def read_page(session: Session, query: Select | Keyset, keys: Sequence[InstrumentedAttribute], paging: Paging,
              out: Callable[[Any], T], keys_of: Callable[[Any], Sequence[Any]] | None = None,
              rows: str = "objects", parameters: dict[str, Any] | None = None,
              all_at_once: Callable[[list[Any]], list[T]] | None = None) -> Page[T]:
    """One page of ``query`` ordered by ``keys`` descending (the last key unique, so the order is
    total), with ``parameters`` bound. ``keys_of`` gives a row's key values (default: the keys'
    attributes of the row). ``all_at_once`` turns the page's rows into items in one call, in place
    of ``out`` row by row (one validation of a list costs a third of a hundred).
    ``rows`` says how the query is read: "objects" (one ORM entity a row), "tuples" (several
    entities a row) or "columns" (plain columns, read on the session's connection without the
    ORM's per-row bookkeeping: the busiest list, the diary, is read this way)."""
    keyset = query if isinstance(query, Keyset) else Keyset(query, keys)
    keys_of = keys_of or (lambda row: [getattr(row, key.key) for key in keys])
    values = {**(parameters or {}), "page_limit": paging.limit + 1}
    read = {"objects": session.scalars, "tuples": session.execute,
            "columns": lambda q, v: session.connection().execute(q, v)}[rows]
    total = session.scalar(keyset.count, values) if paging.with_total else None
    if paging.cursor is None:
        statement = keyset.first
    else:
        statement = keyset.after
        values.update({f"after_{n}": value for n, value in enumerate(_decode(paging.cursor, keys))})
    found = list(read(statement, values))
    more = len(found) > paging.limit
    found = found[:paging.limit]
    next_cursor = _encode(keys_of(found[-1])) if more else None
    items = all_at_once(found) if all_at_once is not None else [out(row) for row in found]
    return Page(items=items, next_cursor=next_cursor, total=total)


def first_and_latest(entity: Any, group: InstrumentedAttribute, order: Sequence[InstrumentedAttribute], *where: Any,
                     latest: int, first: bool = True) -> Select:
    """The rows of ``entity`` matching ``where``: of each ``group`` (an instrument, a hierarchy item)
    its latest ``latest`` in ``order`` and, with ``first``, its first; oldest first. A record
    re-measured at every review for years is read as much as one measured twice: the first is what
    change is measured from, the latest what is shown and acted on. The last key of ``order`` must
    make it total and name one row of the table (its primary key)."""
    ranked = (select(order[-1].label("ranked_key"),
                     func.row_number().over(partition_by=group, order_by=[key.desc() for key in order]).label("newest"),
                     func.row_number().over(partition_by=group, order_by=list(order)).label("oldest"))
              .where(*where).subquery())
    kept = ranked.c.newest <= latest
    if first:
        kept = kept | (ranked.c.oldest == 1)
    return select(entity).join(ranked, ranked.c.ranked_key == order[-1]).where(kept).order_by(*order)
