"""The comparison server for bench/api.py: one endpoint with one INSERT into the same diary table,
and one with the SELECT of a diary page that `GET /api/v1/patients/{id}/diary` makes (the same
index range, newest first, 100 rows), with rehab's database settings and the same uvicorn settings
as `rehab serve`; and, for bench/pages.py, a page rendered by Jinja from one SELECT. No login,
no access check, no audit entry: the floor rehab is measured against."""

from __future__ import annotations

import argparse
import os
import uuid
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from pydantic import BaseModel
from sqlalchemy import bindparam, insert, select

from rehab.services.logs import DIARY_ORDER

from rehab.store import tables
from rehab.store.database import make_engine

engine = make_engine(os.environ["REHAB_DATABASE_URL"])
with engine.connect() as connection:
    RECORDED_BY = connection.scalar(select(tables.User.id).limit(1))

app = FastAPI()


class Entry(BaseModel):
    id: uuid.UUID
    date: str
    pain: float | None = None
    pain_next_morning: float | None = None
    sleep_hours: float | None = None


@app.post("/diary/{patient_id}", status_code=201)
def diary(patient_id: uuid.UUID, entry: Entry) -> dict:
    with engine.begin() as connection:
        connection.execute(insert(tables.DiaryEntry).values(
            id=entry.id, patient_id=patient_id, date=datetime.fromisoformat(entry.date).date(), pain=entry.pain,
            pain_next_morning=entry.pain_next_morning, sleep_hours=entry.sleep_hours, recorded_by=RECORDED_BY,
            recorded_at=datetime.now(UTC)))
    return {"id": str(entry.id)}


_diary = tables.DiaryEntry.__table__
_PAGE = (select(_diary.c.id, _diary.c.date, _diary.c.pain, _diary.c.pain_next_morning, _diary.c.sleep_hours,
                _diary.c.mood, _diary.c.stress, _diary.c.flare_declared, _diary.c.note, _diary.c.tags,
                _diary.c.recorded_at, _diary.c.late)
         .where(_diary.c.patient_id == bindparam("patient_id"))
         .order_by(*[key.desc() for key in DIARY_ORDER]).limit(101))


@app.get("/diary/{patient_id}")
def diary_page(patient_id: uuid.UUID) -> dict:
    with engine.connect() as connection:
        rows = connection.execute(_PAGE, {"patient_id": patient_id}).all()
    items = [dict(row._mapping) for row in rows[:100]]
    return {"items": items, "next_cursor": str(rows[-1].id) if len(rows) > 100 else None, "total": None}


_PAGE_TEMPLATE = Environment(autoescape=True).from_string(
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Patients</title></head><body><h1>Patients</h1>"
    "<ul>{% for name in names %}<li>{{ name }}</li>{% endfor %}</ul></body></html>")


@app.get("/page", response_class=HTMLResponse)
def bare_page() -> str:
    """The floor for bench/pages.py: one SELECT and a Jinja template, no login, no audit entry."""
    with engine.connect() as connection:
        names = connection.scalars(select(tables.Patient.display_name).limit(20)).all()
    return _PAGE_TEMPLATE.render(names=names)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1, help="web processes, as `rehab serve --workers`")
    args = parser.parse_args()
    if args.workers > 1:
        uvicorn.run("bare_app:app", app_dir=os.path.dirname(os.path.abspath(__file__)), host="127.0.0.1",
                    port=args.port, workers=args.workers, log_level="warning")
    else:
        uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
