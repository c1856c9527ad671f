"""The comparison server for bench/api.py: one endpoint, one INSERT into the same diary table,
with rehab's database settings and the same uvicorn settings as `rehab serve`."""

from __future__ import annotations

import argparse
import os
import uuid
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import insert, select

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


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    uvicorn.run(app, host="127.0.0.1", port=parser.parse_args().port, log_level="warning")
