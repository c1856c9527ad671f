"""The pages keep the same promises as the API about dates and refusals (hazard H35, issue 15):
a date at the ends of the calendar is said next to its field, a refused form writes nothing, and a
patient whose check-ins fail is shown to the clinic as "check-in failed"."""

import html
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import update

from rehab.contracts.records import DiaryEntryIn
from rehab.core.engine.safety import RED_FLAGS
from rehab.services import checkins, logs, patients
from rehab.store import tables


def form_id(page: str, name: str = "id") -> str:
    return re.search(rf'name="{name}" value="([0-9a-f-]{{36}})"', page).group(1)


def diary_of(cast, who):
    return logs.list_diary(cast.uow(), cast.bob, who.patient_id)


def test_a_diary_form_refused_for_its_second_entry_writes_neither(cast, browse):
    """The diary page sends today's entry and the morning check of the day before. When the second
    is refused (here its id was used before for another entry: 409), the first is not kept either."""
    yesterday = TODAY - timedelta(days=1)
    used = uuid.uuid4()
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=used, date=yesterday, pain=6))
    carol = browse("carol")
    form = carol.get("/me/diary").text
    sent = carol.post("/me/diary", data={"csrf": carol.csrf, "id": form_id(form), "morning_id": str(used),
                                         "pain": "4", "pain_next_morning": "3", "note": "Walked to the shops"})
    assert sent.status_code == 409
    assert [(e.date, e.pain, e.note) for e in diary_of(cast, cast.carol)] == [(yesterday, 6, None)]


def test_a_morning_check_before_the_days_a_log_may_be_dated_is_said_on_the_form_and_nothing_is_kept(cast, browse):
    cast.clock.day = date(2026, 9, 24)  # a week before Carol's enrolment: yesterday is one day too early
    carol = browse("carol")
    form = carol.get("/me/diary").text
    sent = carol.post("/me/diary", data={"csrf": carol.csrf, "id": form_id(form), "morning_id": form_id(form, "morning_id"),
                                         "pain": "4", "pain_next_morning": "3"})
    assert sent.status_code == 422
    assert "2026-09-23 is before this patient&#39;s program (enrolled on 2026-10-01)" in sent.text
    assert diary_of(cast, cast.carol) == []


def clinician_forms(cast, bob, day: str) -> dict[str, dict]:
    carol = f"/clinic/patients/{cast.carol.patient_id}"
    answers = {f"q_{n}": "no" for n in [*RED_FLAGS, "new_neuro_symptoms", "unexplained_swelling"]}
    return {
        "/clinic/patients/new": {"csrf": bob.csrf, "display_name": "Gail", "condition": "knee pain", "enrolled_on": day},
        f"{carol}/screenings/red-flags": {"csrf": bob.csrf, "taken_on": day, **answers},
        f"{carol}/assessments": {"csrf": bob.csrf, "instrument": "nprs", "taken_on": day, "item_1": "5"},
        f"{carol}/discharge": {"csrf": bob.csrf, "discharged_on": day},
    }


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_clinician_form_dated_at_the_ends_of_the_calendar_says_so_next_to_the_date(cast, browse, day):
    bob = browse("bob")
    for path, data in clinician_forms(cast, bob, day).items():
        sent = bob.post(path, data=data)
        assert sent.status_code == 422, (path, sent.status_code)
        assert "1900-01-01 to 2100-12-31" in html.unescape(sent.text), path
        assert re.search(r'id="f-(enrolled_on|taken_on|discharged_on)-problem"', sent.text), path
    assert patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id) == []
    assert patients.get_patient(cast.uow(), cast.bob, cast.carol.patient_id).status == "active"


def test_a_screening_or_discharge_dated_in_the_future_is_said_next_to_the_date(cast, browse):
    bob = browse("bob")
    later = (TODAY + timedelta(days=2)).isoformat()
    forms = clinician_forms(cast, bob, later)
    for path in [p for p in forms if p.endswith(("red-flags", "discharge"))]:
        sent = bob.post(path, data=forms[path])
        assert sent.status_code == 422 and f"{later} is in the future" in sent.text, path
    assert patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id) == []


def test_a_patient_whose_check_ins_fail_is_shown_as_check_in_failed_on_the_caseload_and_the_patient_page(cast, browse):
    with cast.sessions() as session:  # a record the old API let in, written past every check
        session.execute(update(tables.Patient).where(tables.Patient.id == cast.dave.patient_id).values(
            last_entry_on=date(1, 1, 1), checkins_due_since=datetime.combine(TODAY, time(6), tzinfo=UTC)))
        session.commit()
    checkins.run_due(cast.uow())
    bob = browse("bob")
    caseload = bob.get("/clinic").text
    assert "Check-in failed: date value out of range" in caseload
    page = bob.get(f"/clinic/patients/{cast.dave.patient_id}").text
    assert 'id="checkin-failed">Check-in failed: date value out of range' in page
    assert "Check-in failed" not in bob.get(f"/clinic/patients/{cast.carol.patient_id}").text
