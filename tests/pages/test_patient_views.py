"""What the patient's pages work out from their records, as plain functions (no server)."""

import uuid
from datetime import UTC, date, datetime, timedelta

from rehab.content.loader import packaged_library
from rehab.content.readability import grade
from rehab.contracts.records import (
    DiaryEntryOut,
    PatientOut,
    ProgramVersionOut,
    SessionLogOut,
)
from rehab.web.pages import patient_views as views

LIBRARY = packaged_library()
DAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def diary(day, **values):
    return DiaryEntryOut(id=uuid.uuid4(), date=day, recorded_at=NOW, **values)


def session(day):
    return SessionLogOut(id=uuid.uuid4(), activity_id="walking", date=day, completed={"duration_s": 600},
                         recorded_at=NOW)


def program(document=None, prescriptions=()):
    return ProgramVersionOut(version=1, reason="first", created_at=NOW, prescriptions=list(prescriptions),
                             document=document or {})


def patient(enrolled_on=date(2026, 11, 1), status="active"):
    return PatientOut(id=uuid.uuid4(), display_name="Carol", condition="back pain", birth_year=None, sex=None,
                      status=status, enrolled_on=enrolled_on, clinician_id=None, user_id=None, last_entry_on=None,
                      reassess_on=None)


def test_a_logging_streak_counts_days_in_a_row_and_may_end_yesterday():
    entries = [diary(DAY - timedelta(days=n), pain=3) for n in (1, 2, 4)]
    assert views.logging_streak(entries, [session(DAY - timedelta(days=3))], DAY) == 4
    assert views.logging_streak(entries, [], DAY) == 2
    assert views.logging_streak([], [], DAY) == 0


def test_the_exercise_on_the_rung_the_level_names_is_the_one_shown():
    document = {"planned": {"phases": [{"prescriptions": [
        {"id": "sit_to_stand_high", "ladder": ["sit_to_stand_high", "sit_to_stand_chair", "sit_to_stand_slow"]}]}]}}
    shown = views.library_entry(LIBRARY, document, "sit_to_stand_high", {"level": 2, "reps": 8})
    assert shown.id == "sit_to_stand_chair"
    assert views.library_entry(LIBRARY, {}, "sit_to_stand_high", {"reps": 8}).id == "sit_to_stand_high"
    assert views.library_entry(LIBRARY, {}, "walking", {"duration_s": 600}).how.startswith("Walk for your quota")
    assert views.library_entry(LIBRARY, {}, "not_in_the_library", {"reps": 8}) is None


def test_without_written_steps_the_flare_plan_is_the_lesson_and_calling_the_clinic_is_kept_apart():
    steps = views.flare_steps(program(), LIBRARY)
    assert steps.source == "library"
    assert any("cut back for you" in s for s in steps.what_to_do)
    assert not any("about half" in s or "feel well" in s for s in steps.what_to_do)
    shown = views.flare_steps(program(), LIBRARY, doses_shown=True)
    assert any(s.startswith("The amounts shown above are already cut back") for s in shown.what_to_do)
    assert all(grade(s) <= 8 for s in shown.what_to_do)
    assert steps.contact_clinic_if and all("clinician" in s.lower() for s in steps.contact_clinic_if)


def test_without_a_schedule_three_lessons_open_each_week_in_the_librarys_order():
    week, lessons = views.lessons(None, patient(enrolled_on=DAY - timedelta(days=8)), DAY, LIBRARY)
    assert week == 2
    due = [x.module.id for x in lessons if x.due]
    assert due[:3] == ["how_pain_works", "when_to_seek_help", "pacing"] and len(due) == 6
    assert "active_at_work" not in {x.module.id for x in lessons}


def test_after_discharge_every_lesson_is_open():
    _, lessons = views.lessons(None, patient(enrolled_on=DAY, status="maintenance"), DAY, LIBRARY)
    assert all(x.due for x in lessons)


def test_a_dose_grown_in_one_dimension_and_not_cut_in_another_counts_as_built_up():
    assert views._grown({"sets": 2, "reps": 10}, {"sets": 2, "reps": 12})
    assert not views._grown({"sets": 2, "reps": 10}, {"sets": 3, "reps": 6})
    assert not views._grown({"duration_s": 600}, {"duration_s": 600})


def test_pain_against_the_usual_range_needs_a_weeks_diary_before_the_last_week():
    few = [diary(DAY - timedelta(days=n), pain=4) for n in range(5)]
    picture = views.pain_picture(few, DAY)
    assert picture.chart is not None and picture.usual is None and picture.change is None
    assert views.pain_picture([], DAY).chart is None
