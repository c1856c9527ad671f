"""The planner's week kept with the program (issue 13, "Completing the records"): which weekdays
hold session A or B, which are rest days, and Today's guidance names today's session only. Both
databases.

Dave's program is planned from Margaret's intake: five days a week, sessions A and B alternating,
Sunday and Monday rest. Today is Friday 2026-11-27, a session-B day.
"""

import json
import uuid
from datetime import timedelta
from pathlib import Path

from clinic_cast import TODAY

from rehab.contracts.planning import IntakeIn
from rehab.contracts.records import PlannedProgramIn, PrescriptionIn, ProgramIn
from rehab.core.models import Strategy
from rehab.services import programs
from rehab.services import today as todays

DOCS = Path(__file__).parents[2] / "docs"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def plan_daves_program(cast):
    intake = IntakeIn.model_validate(json.loads((DOCS / "examples" / "margaret.json").read_text()))
    return programs.plan_program(cast.uow(), cast.bob, cast.dave.patient_id,
                                 PlannedProgramIn(reason="first program", intake=intake))


def test_the_planned_program_keeps_the_planners_week_monday_first(cast):
    version = plan_daves_program(cast)
    assert [d.day for d in version.week.days] == list(WEEKDAYS)
    assert [d.session for d in version.week.days] == [None, "A", "B", "A", "B", "A", None]
    planned = version.document["planned"]["phases"][0]
    assert version.week.sessions == {p["id"]: p["session"] for p in planned["prescriptions"]}
    again = programs.get_program(cast.uow(), cast.dave, cast.dave.patient_id)
    assert again.week == version.week


def test_todays_guidance_names_todays_session_and_leaves_the_other_for_its_days(cast):
    version = plan_daves_program(cast)
    guidance = todays.todays_guidance(cast.uow(), cast.dave, cast.dave.patient_id, TODAY)
    placed = version.week.sessions
    assert guidance.session == "B" and not guidance.rest_day
    due = {a.activity_id for a in guidance.due_today}
    assert due == {a for a, s in placed.items() if s is None or "B" in s.split("+")}
    only_a = [a for a, s in placed.items() if s == "A"]  # Saturday's (which ones is the planner's choice)
    assert only_a and not set(only_a) & due
    assert "walking" in due  # a quota across the day is due every day
    assert len(guidance.activities) == len(placed)  # every dose is still known (a late log, the flare page)
    assert [(d.day.strftime("%A"), d.session) for d in guidance.week] == [
        ("Friday", "B"), ("Saturday", "A"), ("Sunday", None), ("Monday", None), ("Tuesday", "A"),
        ("Wednesday", "B"), ("Thursday", "A")]


def test_on_a_rest_day_only_the_daily_activity_is_due(cast):
    plan_daves_program(cast)
    sunday = TODAY + timedelta(days=2)
    guidance = todays.todays_guidance(cast.uow(), cast.dave, cast.dave.patient_id, sunday)
    assert guidance.rest_day
    assert [a.activity_id for a in guidance.due_today] == ["walking"]


def test_a_program_saved_without_a_week_shows_every_activity_every_day(cast):
    """Carol's program was set by hand (as every version before the week was kept): the old behaviour."""
    guidance = todays.todays_guidance(cast.uow(), cast.carol, cast.carol.patient_id, TODAY)
    assert not guidance.week_known and guidance.week == ()
    assert [a.activity_id for a in guidance.due_today] == ["sit_to_stand", "walking"]
    assert programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id).week is None


def test_a_version_changed_by_hand_keeps_the_week_and_a_new_activity_is_due_daily(cast):
    version = plan_daves_program(cast)
    kept = [PrescriptionIn.model_validate(p.model_dump(exclude={"starting_dose", "current_dose"})
                                          | {"dose": p.starting_dose}) for p in version.prescriptions]
    added = PrescriptionIn(activity_id="bridge", name="Bridge", strategy=Strategy.SYMPTOM_CONTINGENT,
                           dose={"sets": 2, "reps": 8}, sessions_per_week=2)
    changed = programs.set_program(cast.uow(), cast.bob, cast.dave.patient_id,
                                   ProgramIn(reason="bridge added", prescriptions=[*kept, added]))
    assert changed.version == 2 and changed.week == version.week
    guidance = todays.todays_guidance(cast.uow(), cast.dave, cast.dave.patient_id, TODAY + timedelta(days=2))
    assert {a.activity_id for a in guidance.due_today} == {"walking", "bridge"}


def test_each_planned_version_is_a_new_week_and_uuid_free(cast):
    """The week is plain data (weekday numbers, names, labels) so it reads the same on both databases."""
    version = plan_daves_program(cast)
    assert all(isinstance(d.weekday, int) and 0 <= d.weekday <= 6 for d in version.week.days)
    assert [d.weekday for d in version.week.days] == list(range(7))
    assert not any(isinstance(v, uuid.UUID) for v in version.week.sessions.values())
