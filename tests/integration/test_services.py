"""The use cases on a real database (SQLite and PostgreSQL), each test rolled back."""

import json
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from clinic_cast import PASSWORD, TODAY
from sqlalchemy import func, select, text

from rehab.contracts.planning import IntakeIn
from rehab.contracts.records import (
    AssessmentIn,
    DiaryEntryIn,
    DischargeIn,
    FlareIn,
    GoalIn,
    GoalUpdate,
    OverrideIn,
    PlannedProgramIn,
    ReassessmentIn,
    RedFlagScreeningIn,
    SessionLogIn,
)
from rehab.services import (
    accounts,
    assessments,
    care,
    logs,
    oversight,
    patients,
    programs,
)
from rehab.services.errors import (
    Conflict,
    ExercisePaused,
    Invalid,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from rehab.settings import load_settings
from rehab.store import tables

DOCS = Path(__file__).resolve().parents[2] / "docs"


def count(cast, table) -> int:
    with cast.sessions() as session:
        return session.scalar(select(func.count()).select_from(table))


def diary(cast, day: date, pain: float = 4, **more):
    return logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                          DiaryEntryIn(id=uuid.uuid4(), date=day, pain=pain, pain_next_morning=pain, **more))


def prescribed(cast, activity: str = "sit_to_stand") -> dict:
    program = programs.get_program(cast.uow(), cast.carol, cast.carol.patient_id)
    return next(p.current_dose for p in program.prescriptions if p.activity_id == activity)


def session(cast, day: date, pain: float = 3, activity: str = "sit_to_stand", completed: dict | None = None, **more):
    """Carol does what is prescribed today (or ``completed``) and logs it."""
    completed = completed or prescribed(cast, activity)
    return logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id,
                            SessionLogIn(id=uuid.uuid4(), activity_id=activity, date=day, completed=completed,
                                         pain_during=pain, rpe=6, **more))


def live_two_weeks(cast, pains=(4, 5, 4, 3, 4, 5, 4)):
    """Carol keeps her diary for two weeks and does sit-to-stand on Mondays, Wednesdays and Fridays;
    the worker runs the check-ins her diary queued each day, as on the server. An advance waits for
    the next morning of each session it counts (§3.1), so it comes on a day after a session."""
    from rehab.services import checkins

    start = TODAY - timedelta(days=14)
    for n in range(14):
        day = start + timedelta(days=n)
        cast.clock.day = day
        if day.weekday() in (0, 2, 4):
            session(cast, day)
        diary(cast, day, pain=pains[n % len(pains)])
        checkins.run_due(cast.uow())
    cast.clock.day = TODAY


def test_logging_a_session_runs_its_check_in_and_stores_the_decision(cast):
    result = session(cast, TODAY)
    assert not result.replayed
    assert [d.activity_id for d in result.decisions] == ["sit_to_stand"]
    assert result.decisions[0].decision.value == "hold"  # no diary yet: no personal baseline
    assert count(cast, tables.Decision) == 1


def test_a_retry_with_the_same_id_returns_the_stored_record_and_creates_nothing(cast):
    entry = SessionLogIn(id=uuid.uuid4(), activity_id="sit_to_stand", date=TODAY, completed={"sets": 2, "reps": 10},
                         pain_during=3, rpe=6)
    first = logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, entry)
    rows = (count(cast, tables.SessionLog), count(cast, tables.Decision))
    again = logs.log_session(cast.uow(), cast.carol, cast.carol.patient_id, entry)
    assert again.replayed and again.session == first.session and again.decisions == first.decisions
    assert (count(cast, tables.SessionLog), count(cast, tables.Decision)) == rows


def test_a_diary_entry_is_stored_at_once_and_its_check_ins_run_moments_later_once(cast):
    from rehab.services import checkins

    for pain in (4, 5):  # two entries before the worker comes round
        result = diary(cast, TODAY, pain=pain)
        assert result.checkins == "queued" and result.decisions == []
    assert count(cast, tables.Decision) == 0
    assert checkins.run_due(cast.uow()) == 1  # one patient, both entries, one round of check-ins
    assert count(cast, tables.Decision) == 2  # sit-to-stand and walking
    assert checkins.run_due(cast.uow()) == 0


def test_the_same_id_with_different_content_is_a_conflict_and_changes_nothing(cast):
    entry = DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=4)
    logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, entry)
    with pytest.raises(Conflict):
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, entry.model_copy(update={"pain": 7}))
    assert [e.pain for e in logs.list_diary(cast.uow(), cast.bob, cast.carol.patient_id)] == [4]


def test_a_log_for_an_activity_outside_the_program_is_refused_and_nothing_is_written(cast):
    before = count(cast, tables.AuditEntry), count(cast, tables.SessionLog)
    with pytest.raises(Invalid) as refused:
        session(cast, TODAY, activity="skipping_rope", completed={"reps": 50})
    assert refused.value.field == "activity_id"
    assert (count(cast, tables.AuditEntry), count(cast, tables.SessionLog)) == before


def test_a_log_dated_in_the_future_is_refused(cast):
    with pytest.raises(Invalid) as refused:
        diary(cast, TODAY + timedelta(days=3))
    assert refused.value.field == "date"


def test_two_weeks_of_good_sessions_and_a_steady_diary_advance_the_dose(cast):
    live_two_weeks(cast)
    stored = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand")
    advances = [d.decision for d in stored if d.decision.decision.value == "advance"]
    assert advances and all(c.passed for a in advances for c in a.criteria)
    assert advances[0].next_dose == {"sets": 2, "reps": 11}
    assert prescribed(cast) == advances[-1].next_dose


def test_a_declared_flare_starts_the_plan_for_every_activity_and_alerts_the_clinician(cast):
    live_two_weeks(cast)
    result = logs.declare_flare(cast.uow(), cast.carol, cast.carol.patient_id, FlareIn(id=uuid.uuid4(), date=TODAY, pain=8))
    assert {d.activity_id: d.decision.value for d in result.decisions} == {"sit_to_stand": "flare", "walking": "flare"}
    walking = next(d for d in result.decisions if d.activity_id == "walking")
    assert walking.next_dose == {"duration_s": 600}
    assert walking.flare_plan.steps[-1].dose == {"duration_s": 1200}
    alerts = oversight.open_alerts(cast.uow(), cast.bob)
    assert [a.code for a in alerts] == ["decision_flare"]  # one alert, not one per activity
    with cast.sessions() as s:
        assert s.scalar(select(func.count()).select_from(tables.FlareEpisode).where(tables.FlareEpisode.ended_on.is_(None))) == 2


def test_a_red_flag_answer_refers_at_once_stops_exercise_and_tops_the_caseload(cast):
    live_two_weeks(cast)
    screening, decisions = patients.record_red_flags(cast.uow(), cast.carol, cast.carol.patient_id,
                                                     RedFlagScreeningIn(taken_on=TODAY, red_flags=["saddle_anaesthesia"]))
    assert screening.result["urgency"] == "emergency"
    assert "emergency department" in screening.result["advice"]
    assert {d.decision.value for d in decisions} == {"refer"}
    assert all(d.next_dose is None for d in decisions)
    # No later log can progress her past it: the screening stays until a clinician records a new one,
    # and until then no session is stored at all.
    with pytest.raises(ExercisePaused):
        session(cast, TODAY, completed={"sets": 2, "reps": 10})
    rows = patients.caseload(cast.uow(), cast.bob, TODAY)
    assert rows[0].patient.id == cast.carol.patient_id
    assert "refer now (emergency)" in rows[0].reason


def test_a_clinician_override_is_kept_beside_the_decision_and_sets_the_dose(cast):
    live_two_weeks(cast)
    stored = [d for d in logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id, "sit_to_stand")
              if d.decision.decision.value == "advance"][-1]
    override = logs.override_decision(cast.uow(), cast.bob, stored.id, OverrideIn(
        decision="hold", next_dose={"sets": 2, "reps": 10}, reason="Carol asked to stay at 10 until her holiday"))
    shown = next(d for d in logs.list_decisions(cast.uow(), cast.carol, cast.carol.patient_id, "sit_to_stand")
                 if d.id == stored.id)
    assert shown.override == override and shown.decision.decision.value == "advance"
    program = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    assert next(p.current_dose for p in program.prescriptions if p.activity_id == "sit_to_stand") == {"sets": 2, "reps": 10}
    with pytest.raises(Conflict):
        logs.override_decision(cast.uow(), cast.bob, stored.id, OverrideIn(decision="advance", reason="changed my mind"))


def test_only_the_care_team_overrides(cast):
    live_two_weeks(cast)
    stored = logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id)[-1]
    from rehab.services.errors import Denied
    with pytest.raises(Denied):
        logs.override_decision(cast.uow(), cast.carol, stored.id, OverrideIn(decision="advance", reason="I feel great"))
    with pytest.raises(NotFound):
        logs.override_decision(cast.uow(), cast.erin, stored.id, OverrideIn(decision="advance", reason="not my patient"))


def test_the_caseload_shows_missed_logs_and_the_nightly_round_alerts_once(cast):
    live_two_weeks(cast)
    cast.clock.day = TODAY + timedelta(days=5)
    rows = {r.patient.display_name: r for r in patients.caseload(cast.uow(), cast.bob, cast.clock.day)}
    assert rows["Carol"].reason == "No logs for 6 days"
    assert rows["Dave"].reason == "No logs yet, 62 days since enrolment"
    assert oversight.missed_logs(cast.uow(), cast.clock.day) >= 2
    assert oversight.missed_logs(cast.uow(), cast.clock.day) == 0  # running it again adds nothing


def test_every_read_and_write_of_patient_data_is_in_the_audit_log(cast):
    session(cast, TODAY)
    logs.list_sessions(cast.uow(), cast.bob, cast.carol.patient_id)
    trail = oversight.audit_trail(cast.uow(), cast.alice, cast.carol.patient_id)
    seen = [(e.role, e.action, e.resource) for e in trail.items]
    assert ("patient", "create", "session_log") in seen
    assert ("clinician", "read", "session_logs") in seen
    assert ("admin", "read", "audit_log") in seen  # reading the trail is itself recorded


def test_the_audit_log_cannot_be_changed_even_in_the_database(cast):
    session(cast, TODAY)
    with cast.sessions() as s:
        with pytest.raises(Exception, match="append-only"):
            s.execute(text("UPDATE audit_log SET action = 'nothing'"))
            s.flush()
    with cast.sessions() as s:
        with pytest.raises(Exception, match="append-only"):
            s.execute(text("DELETE FROM audit_log"))
            s.flush()


def test_a_use_case_that_fails_half_way_writes_nothing(cast, monkeypatch):
    from sqlalchemy.exc import DBAPIError

    # The last statement of a diary entry (after the audit entry and the entry itself) fails.
    monkeypatch.setattr(logs, "_SAW_ENTRY_CHECKINS_DUE", text("UPDATE no_such_table SET x = 1"))
    before = count(cast, tables.DiaryEntry), count(cast, tables.AuditEntry)
    with pytest.raises(DBAPIError):
        diary(cast, TODAY)
    assert (count(cast, tables.DiaryEntry), count(cast, tables.AuditEntry)) == before


def test_program_versions_are_kept_and_an_activity_keeps_its_progress(cast):
    live_two_weeks(cast)
    progress = prescribed(cast)
    assert progress != {"sets": 2, "reps": 10}
    from clinic_cast import CAROLS_PROGRAM
    sit, walk = CAROLS_PROGRAM.prescriptions
    changed = CAROLS_PROGRAM.model_copy(update={"reason": "walking five days is too much this month",
                                                "prescriptions": [sit, walk.model_copy(update={"sessions_per_week": 4})]})
    version = programs.set_program(cast.uow(), cast.bob, cast.carol.patient_id, changed)
    assert version.version == 2
    assert next(p.current_dose for p in version.prescriptions if p.activity_id == "sit_to_stand") == progress
    first = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id, version=1)
    assert first.reason == "first program" and first.prescriptions[1].sessions_per_week == 5


def test_the_planner_builds_a_program_from_an_intake(cast):
    intake = IntakeIn.model_validate(json.loads((DOCS / "examples" / "margaret.json").read_text()))
    version = programs.plan_program(cast.uow(), cast.bob, cast.dave.patient_id, PlannedProgramIn(reason="first program", intake=intake))
    assert version.version == 1 and version.prescriptions
    assert version.document["phase"] == "foundation"
    assert all(p.current_dose == p.starting_dose for p in version.prescriptions)


def test_a_phq9_self_harm_answer_raises_an_urgent_alert_whatever_the_total(cast):
    out = assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                        AssessmentIn(instrument="phq9", taken_on=TODAY, answers=[0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert out.score.band == "minimal"
    alerts = oversight.open_alerts(cast.uow(), cast.bob, cast.carol.patient_id)
    assert [(a.code, a.severity) for a in alerts] == [("phq9_self_harm", "urgent")]
    assert patients.caseload(cast.uow(), cast.bob, TODAY)[0].patient.id == cast.carol.patient_id


def test_an_assessment_with_wrong_answers_names_the_field_and_writes_nothing(cast):
    before = count(cast, tables.Assessment)
    with pytest.raises(Invalid) as refused:
        assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                      AssessmentIn(instrument="phq9", taken_on=TODAY, answers=[0, 1]))
    assert refused.value.field == "answers"
    assert count(cast, tables.Assessment) == before


def test_goals_keep_their_history_of_gas_ratings(cast):
    goal = assessments.set_goal(cast.uow(), cast.bob, cast.carol.patient_id, GoalIn(
        words="Carry the shopping home", icf_code="d430", task="carry two 5 kg bags 200 m",
        success_criterion="without stopping, pain during <= 4/10", baseline="one 2 kg bag 50 m",
        gas_levels={"-2": "less than now", "-1": "one 2 kg bag 50 m", "0": "two 5 kg bags 200 m",
                    "1": "two 5 kg bags 400 m", "2": "two 5 kg bags home from the market"}))
    assert goal.gas_level == -1
    rated = assessments.update_goal(cast.uow(), cast.bob, goal.id, GoalUpdate(gas_level=0))
    assert [h["gas_level"] for h in rated.history] == [-1, 0]


def test_a_checkpoint_advances_when_function_improves_by_the_mcid(cast):
    assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                  AssessmentIn(instrument="nprs", taken_on=TODAY - timedelta(weeks=4), answers=[7]))
    out = care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, ReassessmentIn(
        taken_on=TODAY, red_flags=RedFlagScreeningIn(taken_on=TODAY),
        assessments=[AssessmentIn(instrument="nprs", taken_on=TODAY, answers=[4])]))
    assert out.recommendation == "advance", out.reasons
    assert out.next_reassessment == TODAY + timedelta(weeks=4)


def test_discharge_to_maintenance_sets_reassessment_dates_and_re_entry_triggers(cast):
    out = care.discharge(cast.uow(), cast.bob, cast.carol.patient_id,
                         DischargeIn(discharged_on=TODAY, re_entry_triggers=["Walking the dog becomes hard again"]))
    assert out.reassessment_dates == [date(2027, 2, 27), date(2027, 5, 27), date(2027, 11, 27)]
    assert out.re_entry_triggers[-1] == "Walking the dog becomes hard again"
    # Exercise twice a week; the daily walking quota keeps its days (review 2026-12-03d, finding 9).
    assert {p.activity_id: p.sessions_per_week for p in out.plan} == {"sit_to_stand": 2, "walking": 5}
    assert patients.get_patient(cast.uow(), cast.bob, cast.carol.patient_id).status == "maintenance"


def test_login_checks_the_password_limits_attempts_and_logout_revokes(cast):
    settings = load_settings({"REHAB_LOGIN_ATTEMPTS": "3"})
    token, out, _ = accounts.login(cast.uow(), settings, "Carol@Riverside.test", PASSWORD, "10.0.0.1")
    assert out.user.patient_id == cast.carol.patient_id
    assert accounts.authenticate(cast.uow(), token).patient_id == cast.carol.patient_id
    accounts.logout(cast.uow(), token)
    with pytest.raises(Unauthenticated):
        accounts.authenticate(cast.uow(), token)
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            accounts.login(cast.uow(), settings, "carol@riverside.test", "wrong password", "10.0.0.2")
    with pytest.raises(TooManyAttempts):  # that address waits; Carol elsewhere does not (tests/integration/test_logins.py)
        accounts.login(cast.uow(), settings, "carol@riverside.test", PASSWORD, "10.0.0.2")
    with cast.sessions() as s:
        stored = s.scalar(select(tables.User.password_hash).where(tables.User.email == "carol@riverside.test"))
    assert stored.startswith("$argon2id$")


def test_an_expired_login_no_longer_works(cast):
    token = accounts.login(cast.uow(), load_settings({}), "bob@riverside.test", PASSWORD, "10.0.0.9").token
    cast.clock.day = TODAY + timedelta(days=1)
    with pytest.raises(Unauthenticated):
        accounts.authenticate(cast.uow(), token)


def test_a_referral_stands_when_the_patient_later_ticks_nothing_until_the_clinician_screens_again(cast):
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["saddle_anaesthesia"]))
    _, decisions = patients.record_red_flags(cast.uow(), cast.carol, cast.carol.patient_id,
                                             RedFlagScreeningIn(taken_on=TODAY, red_flags=[]))
    assert {d.decision.value for d in decisions} == {"refer"}
    _, decisions = patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                                             RedFlagScreeningIn(taken_on=TODAY, red_flags=[]))
    assert "refer" not in {d.decision.value for d in decisions}
