"""Completing the records over HTTP (issue 13), on SQLite and PostgreSQL: late entries within the
clinic's limit, the planner's week on the program, and a reassessment that re-baselines.

Today is Friday 2026-11-27. Carol's own entries may be up to 3 days late (the default).
"""

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from clinic_cast import TODAY, as_
from databases import postgres_database, sqlite_database
from fastapi.testclient import TestClient

from rehab.settings import load_settings
from rehab.web.app import create_app

API = "/api/v1"
DOCS = Path(__file__).parents[2] / "docs"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    if request.param == "sqlite":
        yield sqlite_database(tmp_path_factory.mktemp("records"))
    else:
        yield from postgres_database()


def day(days_ago: int) -> str:
    return str(TODAY - timedelta(days=days_ago))


def test_a_session_up_to_three_days_late_is_kept_and_marked_late(client, tokens, cast):
    url = f"{API}/patients/{cast.carol.patient_id}/sessions"
    body = {"id": str(uuid.uuid4()), "activity_id": "sit_to_stand", "date": day(3), "completed": {"sets": 2, "reps": 10}}
    stored = client.post(url, json=body, headers=as_(tokens, "carol"))
    assert stored.status_code == 201, stored.text
    assert stored.json()["session"]["late"] is True
    assert [d["date"] for d in stored.json()["decisions"]] == [str(TODAY)]
    listed = client.get(url, headers=as_(tokens, "bob")).json()["items"]
    assert [(s["date"], s["late"]) for s in listed] == [(day(3), True)]


@pytest.mark.parametrize("path", ["sessions", "diary"])
def test_an_entry_four_days_late_is_422_naming_the_field_and_the_limit(client, tokens, cast, path):
    url = f"{API}/patients/{cast.carol.patient_id}/{path}"
    body = {"id": str(uuid.uuid4()), "date": day(4), "pain": 4} if path == "diary" else {
        "id": str(uuid.uuid4()), "activity_id": "sit_to_stand", "date": day(4), "completed": {"sets": 2, "reps": 10}}
    refused = client.post(url, json=body, headers=as_(tokens, "carol"))
    assert refused.status_code == 422
    assert refused.json()["error"].startswith("date: ")
    assert "more than 3 days ago; an entry made late can be dated from 2026-11-24 to 2026-11-28" in refused.json()["error"]
    assert client.get(url, headers=as_(tokens, "bob")).json()["items"] == []


def test_the_late_entry_limit_is_a_setting(cast, database, tokens):
    settings = load_settings({"REHAB_DATABASE_URL": database.url, "REHAB_LATE_ENTRY_DAYS": "1"})
    with TestClient(create_app(settings, sessions=cast.sessions, clock=cast.clock), raise_server_exceptions=False) as strict:
        url = f"{API}/patients/{cast.carol.patient_id}/diary"
        refused = strict.post(url, json={"id": str(uuid.uuid4()), "date": day(2), "pain": 4}, headers=as_(tokens, "carol"))
        assert refused.status_code == 422 and "more than 1 day ago" in refused.json()["error"]
        kept = strict.post(url, json={"id": str(uuid.uuid4()), "date": day(1), "pain": 4}, headers=as_(tokens, "carol"))
        assert kept.status_code == 201 and kept.json()["diary_entry"]["late"] is True


def test_the_planned_program_carries_its_week(client, tokens, cast):
    intake = json.loads((DOCS / "examples" / "margaret.json").read_text())
    planned = client.post(f"{API}/patients/{cast.dave.patient_id}/program/plan",
                          json={"reason": "first program", "intake": intake}, headers=as_(tokens, "bob"))
    assert planned.status_code == 201, planned.text
    read = client.get(f"{API}/patients/{cast.dave.patient_id}/program", headers=as_(tokens, "dave")).json()
    assert [(d["day"], d["session"]) for d in read["week"]["days"]][:3] == [("Monday", None), ("Tuesday", "A"),
                                                                            ("Wednesday", "B")]
    assert read["week"]["sessions"]["walking"] is None
    carol = client.get(f"{API}/patients/{cast.carol.patient_id}/program", headers=as_(tokens, "bob")).json()
    assert carol["week"] is None  # set by hand, no week: every activity every day


def test_a_reassessment_can_re_baseline_and_a_bad_window_is_422_naming_the_field(client, tokens, cast):
    carol = f"{API}/patients/{cast.carol.patient_id}"
    for n in range(28, 0, -1):  # Bob copies in four weeks of Carol's paper diary
        assert client.post(f"{carol}/diary", json={"id": str(uuid.uuid4()), "date": day(n), "pain": 4 + n % 2},
                           headers=as_(tokens, "bob")).status_code == 201
    body = {"taken_on": str(TODAY), "red_flags": {"taken_on": str(TODAY)},
            "rebaseline": {"first": day(2), "last": day(1), "reason": "setback"}}
    refused = client.post(f"{carol}/reassessments", json=body, headers=as_(tokens, "bob"))
    assert refused.status_code == 422 and refused.json()["error"].startswith("rebaseline.")
    assert client.get(f"{carol}/baseline", headers=as_(tokens, "bob")).json()["history"] == []
    body["rebaseline"] = {"first": day(14), "last": day(1), "reason": "medication_change", "note": "new analgesic"}
    done = client.post(f"{carol}/reassessments", json=body, headers=as_(tokens, "bob"))
    assert done.status_code == 201, done.text
    assert done.json()["rebaseline"]["reason"] == "medication_change"
    history = client.get(f"{carol}/baseline", headers=as_(tokens, "bob")).json()["history"]
    assert [h["id"] for h in history] == [done.json()["rebaseline"]["id"]]
