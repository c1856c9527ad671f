"""Re-baselining through the API (clinical reference §7.2 step 5): Bob moves Carol's yardstick after
her GP changed her analgesic. Who may, what a bad window says, and that a retry stores it once."""

import uuid
from datetime import timedelta

from clinic_cast import TODAY, as_
from sqlalchemy import select

from rehab.contracts.records import DiaryEntryIn
from rehab.services import logs
from rehab.store import tables

API = "/api/v1"


def fourteen_days(cast, pain=(5, 6, 5, 6, 6, 5, 5)):
    for n in range(14):
        day = TODAY - timedelta(days=14 - n)
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=day, pain=pain[n % 7]))


def window(**changes):
    return {"first": (TODAY - timedelta(days=14)).isoformat(), "last": (TODAY - timedelta(days=1)).isoformat(),
            "reason": "medication_change", "note": "GP changed her analgesic", **changes}


def url(cast, patient=None):
    return f"{API}/patients/{patient or cast.carol.patient_id}/baseline"


def stored(cast):
    with cast.sessions() as session:
        return session.scalars(select(tables.BaselineAnchor)).all()


def test_a_clinician_re_baselines_and_the_baseline_shows_the_new_window(client, tokens, cast):
    fourteen_days(cast)
    response = client.post(url(cast), json=window(), headers=as_(tokens, "bob"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["first"], body["last"], body["reason"], body["confirmed_on"], body["confirmed_by_name"]) == (
        window()["first"], window()["last"], "medication_change", TODAY.isoformat(), "Bob")
    assert body["note"] == "GP changed her analgesic"
    shown = client.get(url(cast), headers=as_(tokens, "carol")).json()
    assert shown["current"]["kind"] == "medication_change"
    assert shown["current"]["first"] == window()["first"] and 5 <= shown["current"]["mean"] <= 6
    assert [a["id"] for a in shown["history"]] == [body["id"]]


def test_a_retry_of_the_same_re_baseline_returns_it_and_stores_nothing_more(client, tokens, cast):
    fourteen_days(cast)
    first = client.post(url(cast), json=window(), headers=as_(tokens, "bob"))
    again = client.post(url(cast), json=window(), headers=as_(tokens, "bob"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json() and len(stored(cast)) == 1


def test_bad_windows_are_422_naming_the_field_and_store_nothing(client, tokens, cast):
    fourteen_days(cast)
    cases = [
        (window(reason="felt_like_it"), "reason"),  # not a reason of §7.2 step 5
        (window(first=TODAY.isoformat()), "last"),  # last before first
        (window(last=(TODAY + timedelta(days=3)).isoformat()), "last"),  # days not yet lived
        (window(first=(TODAY - timedelta(days=40)).isoformat()), "first"),  # before her diary began
        (window(first=(TODAY - timedelta(days=6)).isoformat()), "first"),  # only 6 days with pain
        (window(first="27/11/2026"), "first"),
    ]
    for body, field in cases:
        response = client.post(url(cast), json=body, headers=as_(tokens, "bob"))
        assert response.status_code == 422, (body, response.text)
        assert response.json()["problems"][0]["field"] == field, (body, response.json())
    assert stored(cast) == []


def test_carol_may_see_her_baseline_but_not_move_it(client, tokens, cast):
    fourteen_days(cast)
    response = client.post(url(cast), json=window(), headers=as_(tokens, "carol"))
    assert response.status_code == 403
    assert client.get(url(cast), headers=as_(tokens, "carol")).status_code == 200
    assert stored(cast) == []


def test_another_clinics_clinician_cannot_see_or_move_carols_baseline(client, tokens, cast):
    fourteen_days(cast)
    assert client.post(url(cast), json=window(), headers=as_(tokens, "erin")).status_code == 404
    assert client.get(url(cast), headers=as_(tokens, "erin")).status_code == 404
    assert client.post(url(cast, cast.frank.patient_id), json=window(), headers=as_(tokens, "bob")).status_code == 404
    assert stored(cast) == []


def test_the_re_baseline_is_in_carols_audit_trail(client, tokens, cast):
    fourteen_days(cast)
    client.post(url(cast), json=window(), headers=as_(tokens, "bob"))
    trail = client.get(f"{API}/patients/{cast.carol.patient_id}/audit", headers=as_(tokens, "bob")).json()["items"]
    moves = [e for e in trail if e["resource"] == "baseline_anchor"]
    assert [(e["action"], e["user_id"], e["resource_id"]) for e in moves] == [
        ("create", str(cast.bob.user_id), f"{window()['first']}..{window()['last']}")]
