"""A person's history is read a page at a time, newest first, over HTTP, on SQLite and PostgreSQL.

Carol has kept her diary for months: 250 entries, several on some days, all stored at the same
moment by the test clock (so only the id tells them apart). Bob reads it back page by page.
"""

import uuid
from datetime import datetime, timedelta

import pytest
from clinic_cast import EMAILS, PASSWORD, TODAY, as_
from fastapi.testclient import TestClient

from rehab.contracts.records import DiaryEntryIn, SessionLogIn
from rehab.services import logs, oversight
from rehab.services.errors import Invalid
from rehab.services.paging import Paging
from rehab.settings import load_settings
from rehab.web.app import create_app

API = "/api/v1"
ENTRIES = 250


@pytest.fixture
def client(cast, database):
    app = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=cast.sessions, clock=cast.clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def tokens(client):
    out = {}
    for name in ("bob", "carol", "dave"):
        response = client.post(f"{API}/auth/login", json={"email": EMAILS[name], "password": PASSWORD})
        out[name] = response.json()["token"]
    client.cookies.clear()
    return out


def carols_diary(cast, count=ENTRIES) -> list[DiaryEntryIn]:
    """``count`` entries over the last two months, three or four a day, oldest written first."""
    entries = [DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=(count - n) // 4), pain=n % 10)
               for n in range(count)]
    for entry in entries:
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, entry)
    return entries


def newest_first(entries) -> list[str]:
    """The order the diary is listed in: latest date first; on one date (same stored moment) by id, descending."""
    return [str(e.id) for e in sorted(entries, key=lambda e: (e.date, e.id), reverse=True)]


def every_page(client, url, headers, **query) -> list[dict]:
    pages, cursor = [], None
    while True:
        answer = client.get(url, headers=headers, params={**query, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        pages.append(answer.json())
        cursor = pages[-1]["next_cursor"]
        if cursor is None:
            return pages


def test_bob_reads_carols_long_diary_newest_first_a_hundred_at_a_time(client, tokens, cast):
    entries = carols_diary(cast)
    pages = every_page(client, f"{API}/patients/{cast.carol.patient_id}/diary", as_(tokens, "bob"))
    assert [len(p["items"]) for p in pages] == [100, 100, 50]
    assert [e["id"] for p in pages for e in p["items"]] == newest_first(entries)
    assert all(p["total"] is None for p in pages)  # counting is only done when asked


def test_a_page_can_be_small_or_as_large_as_500_and_the_total_is_given_when_asked(client, tokens, cast):
    entries = carols_diary(cast)
    url = f"{API}/patients/{cast.carol.patient_id}/diary"
    small = client.get(url, headers=as_(tokens, "carol"), params={"limit": 7, "total": "true"}).json()
    assert [e["id"] for e in small["items"]] == newest_first(entries)[:7]
    assert small["total"] == ENTRIES and small["next_cursor"] is not None
    whole = client.get(url, headers=as_(tokens, "carol"), params={"limit": 500}).json()
    assert len(whole["items"]) == ENTRIES and whole["next_cursor"] is None


@pytest.mark.parametrize("limit", [0, -1, 501, 10_000, "many"])
def test_a_limit_outside_1_to_500_is_422_naming_the_field(client, tokens, cast, limit):
    answer = client.get(f"{API}/patients/{cast.carol.patient_id}/diary", headers=as_(tokens, "bob"), params={"limit": limit})
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("limit:")


def test_a_cursor_the_server_did_not_give_is_422_naming_the_field(client, tokens, cast):
    for cursor in ("not-a-cursor", "WzFd", "W10"):  # nonsense, [1], []
        answer = client.get(f"{API}/patients/{cast.carol.patient_id}/diary", headers=as_(tokens, "bob"),
                            params={"cursor": cursor})
        assert answer.status_code == 422, cursor
        assert answer.json()["error"].startswith("cursor:")


def test_an_entry_written_between_two_pages_neither_repeats_nor_hides_an_older_one(client, tokens, cast):
    entries = carols_diary(cast, 30)
    url = f"{API}/patients/{cast.carol.patient_id}/diary"
    first = client.get(url, headers=as_(tokens, "bob"), params={"limit": 10}).json()
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=2))
    rest = every_page(client, url, as_(tokens, "bob"), limit=10, cursor=first["next_cursor"])
    assert [e["id"] for e in first["items"]] + [e["id"] for p in rest for e in p["items"]] == newest_first(entries)


def test_every_list_of_a_persons_records_pages_newest_first(client, tokens, cast):
    for n in range(3):
        logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
            id=uuid.uuid4(), activity_id="walking", date=TODAY - timedelta(days=3 - n), completed={"duration_s": 1200}))
    for path, key in (("sessions", "date"), ("decisions", "decided_at"), ("audit", "at")):
        pages = every_page(client, f"{API}/patients/{cast.carol.patient_id}/{path}", as_(tokens, "bob"), limit=1)
        # compared as times, not strings ("12:00:00Z" sorts after "12:00:00.000001Z" as text)
        listed = [datetime.fromisoformat(item[key] if key in item else item["decision"][key])
                  if key != "date" else item[key] for p in pages for item in p["items"]]
        assert len(pages) >= 3 and all(len(p["items"]) == 1 for p in pages), path
        assert listed == sorted(listed, reverse=True), path
    for path in ("screenings", "assessments", "sessions"):
        answer = client.get(f"{API}/patients/{cast.carol.patient_id}/{path}", headers=as_(tokens, "bob"),
                            params={"limit": 501})
        assert answer.status_code == 422 and answer.json()["error"].startswith("limit:"), path
    assert client.get(f"{API}/alerts", headers=as_(tokens, "bob"), params={"total": "true"}).json()["total"] >= 0


def test_paging_does_not_open_another_patients_diary(client, tokens, cast):
    carols_diary(cast, 3)
    answer = client.get(f"{API}/patients/{cast.carol.patient_id}/diary", headers=as_(tokens, "dave"), params={"limit": 1})
    assert answer.status_code == 404


def test_the_services_refuse_a_limit_outside_1_to_500_for_any_caller(cast):
    for limit in (0, 501):
        with pytest.raises(Invalid, match="limit"):
            oversight.audit_trail(cast.uow(), cast.bob, cast.carol.patient_id, Paging(limit=limit))


def test_since_keeps_to_the_days_asked_for_page_after_page(client, tokens, cast):
    entries = carols_diary(cast, 60)
    since = TODAY - timedelta(days=5)
    pages = every_page(client, f"{API}/patients/{cast.carol.patient_id}/diary", as_(tokens, "bob"),
                       since=since.isoformat(), limit=4, total="true")
    recent = [e for e in entries if e.date >= since]
    assert [e["id"] for p in pages for e in p["items"]] == newest_first(recent)
    assert pages[0]["total"] == len(recent)


def test_each_page_read_is_in_the_audit_log_and_a_refused_one_reads_nothing(client, tokens, cast):
    carols_diary(cast, 3)
    url = f"{API}/patients/{cast.carol.patient_id}/diary"
    client.get(url, headers=as_(tokens, "bob"), params={"limit": 1})
    client.get(url, headers=as_(tokens, "dave"), params={"limit": 1})
    trail = oversight.audit_trail(cast.uow(), cast.bob, cast.carol.patient_id, Paging(limit=5)).items
    reads = [(e.user_id, e.resource) for e in trail if e.action == "read" and e.resource == "diary_entries"]
    assert reads == [(cast.bob.user_id, "diary_entries")]


def test_the_latest_decision_of_each_activity_is_read_alone(cast):
    """The flare page asks for each activity's latest decision; it reads one a activity, the same
    one the full list ends with, and none dated after the day asked about."""
    for n in range(4):
        for activity, dose in (("walking", {"duration_s": 1200}), ("sit_to_stand", {"sets": 2, "reps": 10})):
            logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, SessionLogIn(
                id=uuid.uuid4(), activity_id=activity, date=TODAY - timedelta(days=8 - 2 * n), completed=dose))
    everything = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id)
    latest = logs.latest_decisions(cast.uow(), cast.carol, cast.carol.patient_id, TODAY)
    assert set(latest) == {"walking", "sit_to_stand"}
    for activity, stored in latest.items():
        assert stored.id == [d for d in everything if d.decision.activity_id == activity][-1].id
    # late logs are checked in on the day they arrive, so every decision is dated today
    assert logs.latest_decisions(cast.uow(), cast.carol, cast.carol.patient_id, TODAY - timedelta(days=1)) == {}


def test_the_diary_list_gives_each_entry_as_carol_wrote_it_tags_notes_and_late_marks_included(client, tokens, cast):
    """Carol marks the triggers of her days and fills in two days late; Bob's list of her diary
    says so, entry for entry as the write answered it (the list once showed every entry untagged
    and on time)."""
    written = []
    for n, body in enumerate([
            {"date": TODAY.isoformat(), "pain": 4.5, "sleep_hours": 6.5, "mood": 3, "stress": 7, "tags": ["work", "stress"],
             "note": "Long shift — back stiff after lifting boxes"},
            {"date": (TODAY - timedelta(days=2)).isoformat(), "pain": 6, "pain_next_morning": 5, "tags": ["weather"]},
            {"date": (TODAY - timedelta(days=1)).isoformat(), "flare_declared": False}]):
        answer = client.post(f"{API}/patients/{cast.carol.patient_id}/diary", headers=as_(tokens, "carol"),
                             json={"id": str(uuid.UUID(int=n + 1)), **body})
        assert answer.status_code == 201, answer.text
        written.append(answer.json()["diary_entry"])
    listed = client.get(f"{API}/patients/{cast.carol.patient_id}/diary", headers=as_(tokens, "bob")).json()["items"]
    by_id = {entry["id"]: entry for entry in listed}
    for entry in written:
        assert by_id[entry["id"]] == entry
    assert [by_id[e["id"]]["late"] for e in written] == [False, True, True]
    assert sorted(by_id[written[0]["id"]]["tags"]) == ["stress", "work"]


def test_the_diary_page_is_written_byte_for_byte_as_the_contract_writes_it(cast):
    """The diary page is written from its stored rows without a model per row; what it writes is
    exactly what Page[DiaryEntryOut] writes for the same entries."""
    from rehab.contracts.paging import Page
    from rehab.contracts.records import DiaryEntryOut

    for n, extra in enumerate([{"tags": ["activity"], "note": "ça va, 20 min walk\n\"ok\""}, {"mood": 0, "stress": 10},
                               {"sleep_hours": 7.25, "pain_next_morning": 0.5}, {"flare_declared": True}]):
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=TODAY - timedelta(days=n), pain=n + 0.5, **extra))
    page = logs.diary_page(cast.uow(), cast.bob, cast.carol.patient_id, Paging(limit=3))
    as_models = Page[DiaryEntryOut](items=[DiaryEntryOut.model_validate(item) for item in page.items],
                                    next_cursor=page.next_cursor, total=page.total)
    assert page.to_json() == as_models.model_dump_json().encode()
    assert page.next_cursor is not None and len(page.items) == 3
