"""Ruth's reassessment checkpoints and Carol's discharge, from a physiotherapist's review
(docs/safety/review-2026-12-03d-checkpoints-red-flags-comorbidities-quotas.md, findings 4, 6 and 9;
the cases in docs/safety/cases-2026-12-03d/drive_checkpoints.py). Through the service, on a real
database.

- Safety first (H56): new numbness at the reassessment refers the same day (§4.2); a self-harm
  answer pauses (§1.4); a Timed Up and Go newly past the fall-risk cut-off pauses and is named (§2.3).
- Importance is judged from the first score, or the re-baseline, not from the last 4-week slice
  (§7.1, §7.2 step 4): steady gains advance, and improving never reformulates.
- Discharge caps exercise at twice a week, never the daily walking quota.
"""

import uuid
from datetime import date, timedelta

import pytest
from clinic_cast import TODAY
from sqlalchemy import select

from rehab.contracts.records import (
    AssessmentIn,
    DiaryEntryIn,
    DischargeIn,
    ReassessmentIn,
    RebaselineIn,
    RedFlagScreeningIn,
)
from rehab.services import assessments, care, logs
from rehab.store import tables

INTAKE = date(2026, 10, 2)
FIRST_CHECK = INTAKE + timedelta(weeks=4)  # 30 October
SECOND_CHECK = FIRST_CHECK + timedelta(weeks=4)  # 27 November (the clinic's today)


def pseq(total: int) -> list[int]:
    """Ten PSEQ answers (0-6) adding up to ``total``."""
    return [6] * (total // 6) + [total % 6] + [0] * (9 - total // 6)


def psfs(rating: float) -> dict[str, float]:
    return {"bending to put on socks": rating, "sitting 1 hour": rating, "walking to the shop": rating}


def intake(cast, *measures):
    for instrument, answers in measures:
        assessments.record_assessment(cast.uow(), cast.bob, cast.carol.patient_id,
                                      AssessmentIn(instrument=instrument, taken_on=INTAKE, answers=answers))


def reassess(cast, day: date, *measures, new_neuro: bool = False, swelling: bool = False,
             rebaseline: RebaselineIn | None = None):
    return care.reassess(cast.uow(), cast.bob, cast.carol.patient_id, ReassessmentIn(
        taken_on=day, red_flags=RedFlagScreeningIn(taken_on=day, new_neuro_symptoms=new_neuro,
                                                   unexplained_swelling=swelling),
        assessments=[AssessmentIn(instrument=i, taken_on=day, answers=a) for i, a in measures], rebaseline=rebaseline))


def alert_codes(cast) -> list[str]:
    with cast.sessions() as session:
        return list(session.scalars(select(tables.Alert.code).where(tables.Alert.patient_id == cast.carol.patient_id)))


def named(reasons: list[str], instrument: str) -> str:
    return next(r for r in reasons if r.startswith(f"{instrument}: "))


# ---- safety at the checkpoint (H56) ------------------------------------------------------------

def test_new_numbness_reported_at_the_reassessment_refers_her_the_same_day_though_her_pain_is_much_better(cast):
    intake(cast, ("nprs", [7]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), new_neuro=True)
    assert out.recommendation == "refer", out.reasons
    assert "same day" in out.reasons[0] and "§4.2" in out.reasons[0]
    assert "better: -3 points" in named(out.reasons, "nprs")  # her pain is still listed
    assert "clinician today" in out.screening.result["advice"]  # what she reads: plain, no sources
    assert "§" not in out.screening.result["advice"]


def test_unexplained_swelling_reported_at_the_reassessment_pauses_until_she_is_examined(cast):
    intake(cast, ("nprs", [7]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), swelling=True)
    assert out.recommendation == "pause", out.reasons
    assert out.reasons[0].startswith("unexplained swelling reported: hold until examined")
    assert named(out.reasons, "nprs")


def test_a_self_harm_answer_at_the_reassessment_pauses_the_checkpoint_until_a_clinician_has_assessed_the_risk(cast):
    intake(cast, ("nprs", [7]), ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 1]))
    assert out.recommendation == "pause", out.reasons
    assert "risk assessment" in out.reasons[0] and "§1.4" in out.reasons[0]
    assert named(out.reasons, "nprs") and named(out.reasons, "phq9")
    assert "checkpoint_reformulate" not in alert_codes(cast)


def test_a_timed_up_and_go_that_crossed_the_fall_risk_cut_off_pauses_and_is_named(cast):
    intake(cast, ("nprs", [7]), ("timed_up_and_go", [11.0]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("timed_up_and_go", [14.5]))
    assert out.recommendation == "pause", out.reasons
    assert out.reasons[0].startswith("timed_up_and_go is newly at or above the fall-risk cut-off (12 s)")
    assert "+3.5 s" in named(out.reasons, "timed_up_and_go")  # every measure is in the reasons
    assert "better: -3 points" in named(out.reasons, "nprs")


def test_a_timed_up_and_go_of_12_5_s_pauses_the_checkpoint_as_it_changed_the_plan(cast):
    """Carol walks the Timed Up and Go in 11 s at intake and 12.5 s at the reassessment. The planner
    counts 12 s or more as a fall risk (CDC STEADI, clinical reference §2.3; H25), so the checkpoint
    must pause and name it too (H56), not advance her balance work."""
    intake(cast, ("nprs", [7]), ("timed_up_and_go", [11.0]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("timed_up_and_go", [12.5]))
    assert out.recommendation == "pause", out.reasons
    assert out.reasons[0].startswith("timed_up_and_go is newly at or above the fall-risk cut-off (12 s)")
    assert "+1.5 s" in named(out.reasons, "timed_up_and_go")


def test_a_timed_up_and_go_already_past_the_cut_off_at_intake_does_not_pause_an_advance_again(cast):
    """The plan was made knowing it (H25); only a new crossing pauses."""
    intake(cast, ("nprs", [7]), ("timed_up_and_go", [15.0]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("timed_up_and_go", [14.5]))
    assert out.recommendation == "advance", out.reasons
    assert named(out.reasons, "timed_up_and_go")


def test_a_timed_up_and_go_of_12_s_at_intake_that_slows_to_16_s_pauses_for_the_higher_fall_risk_band(cast):
    """Carol walks the Timed Up and Go in 12.0 s at intake (already at CDC STEADI's 12 s) and 16.0 s
    at the reassessment: 4 s slower and past Shumway-Cook's 13.5 s (clinical reference §2.3). Her pain
    is much better, but the checkpoint must pause and name the test and both times, not advance her
    (a physiotherapist's review, 2026-12-03g, finding 4; H56)."""
    intake(cast, ("nprs", [7]), ("timed_up_and_go", [12.0]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("timed_up_and_go", [16.0]))
    assert out.recommendation == "pause", out.reasons
    assert out.reasons[0] == ("timed_up_and_go is newly at or above the higher fall-risk cut-off (13.5 s, "
                              "Shumway-Cook 2000), from 12 s to 16 s: pause and check balance and falls "
                              "before moving on (clinical reference §2.3, §2.6)")
    assert "+4 s" in named(out.reasons, "timed_up_and_go")


def test_a_timed_up_and_go_of_12_s_that_slows_to_12_5_s_stays_in_its_band_and_does_not_pause(cast):
    """12.0 s then 12.5 s: both at or above 12 s and below 13.5 s, and the reference gives the TUG no
    MDC: +0.5 s is under the 2 s rehab convention, so nothing new about her fall risk is known: the plan
    already treats her as at risk (H25)."""
    intake(cast, ("nprs", [7]), ("timed_up_and_go", [12.0]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("timed_up_and_go", [12.5]))
    assert out.recommendation == "advance", out.reasons
    assert "+0.5 s" in named(out.reasons, "timed_up_and_go")


@pytest.mark.parametrize("before, after, slower", [(13.5, 18.0, "+4.5 s"), (14.0, 20.0, "+6 s")])
def test_a_timed_up_and_go_already_past_13_5_s_that_slows_by_2_s_or_more_pauses_by_a_rehab_convention(
        cast, before, after, slower):
    """Carol is already past both TUG cut-offs at intake (13.5 s or 14 s) and much slower at the
    reassessment (18 s or 20 s). Her pain is much better, but she is among the frailest: the
    checkpoint must pause and name both times, with the 2 s rule said to be a rehab convention (no
    TUG MDC is known). Before the re-check of 2026-12-03h (problem B) both advanced (H56)."""
    intake(cast, ("nprs", [7]), ("timed_up_and_go", [before]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("timed_up_and_go", [after]))
    assert out.recommendation == "pause", out.reasons
    assert out.reasons[0] == (f"timed_up_and_go was already at or above the fall-risk cut-off (12 s) and is worse "
                              f"by {slower[1:]}, at least the 2 s a rehab convention counts (no MDC is known for "
                              f"this test), from {before:g} s to {after:g} s: pause and check balance and falls "
                              f"before moving on (clinical reference §2.3, §2.6)")
    assert slower in named(out.reasons, "timed_up_and_go")


def test_a_timed_up_and_go_of_14_s_that_slows_to_14_5_s_does_not_pause(cast):
    """+0.5 s is within what a retest varies by: the plan already treats her as at risk (H25)."""
    intake(cast, ("nprs", [7]), ("timed_up_and_go", [14.0]))
    out = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("timed_up_and_go", [14.5]))
    assert out.recommendation == "advance", out.reasons
    assert "+0.5 s" in named(out.reasons, "timed_up_and_go")


# ---- importance from baseline (§7.1, §7.2 step 4) ---------------------------------------------

def test_steady_improvement_over_two_4_week_slices_advances_from_intake_and_never_reformulates(cast):
    intake(cast, ("nprs", [6]), ("pseq", pseq(30)), ("psfs", psfs(3)))
    first = reassess(cast, FIRST_CHECK, ("nprs", [5]), ("pseq", pseq(36)), ("psfs", psfs(4)))
    assert first.recommendation == "pause" and "keep going" in first.reasons[0], first.reasons
    second = reassess(cast, SECOND_CHECK, ("nprs", [4]), ("pseq", pseq(42)), ("psfs", psfs(5)))
    assert second.recommendation == "advance", second.reasons
    nprs = named(second.reasons, "nprs")
    assert nprs.startswith("nprs: from the first score on 2026-10-02: better: -2 points (-33%); reaches the MCID")
    assert "last step, since 2026-10-30: no reliable change: -1 points" in nprs  # the step beside it
    assert "reaches the MCID of 11 points" in named(second.reasons, "pseq")
    assert "checkpoint_reformulate" not in alert_codes(cast)


def test_improvement_below_the_mcid_keeps_going_and_only_a_plateau_reformulates(cast):
    intake(cast, ("pseq", pseq(30)))
    for day, total in ((FIRST_CHECK, 34), (SECOND_CHECK, 38)):  # +4 a month: below the MCID of 11
        out = reassess(cast, day, ("pseq", pseq(total)))
        assert out.recommendation == "pause" and "keep going" in out.reasons[0], (day, out.reasons)
    assert "checkpoint_reformulate" not in alert_codes(cast)
    cast.clock.day = TODAY + timedelta(weeks=8)
    flat = [reassess(cast, TODAY + timedelta(weeks=w), ("pseq", pseq(38))).recommendation for w in (4, 8)]
    assert flat == ["pause", "reformulate"]  # two checkpoints in a row without progress
    assert "checkpoint_reformulate" in alert_codes(cast)


def test_after_a_re_baseline_importance_is_judged_from_the_re_baseline_score(cast):
    """Pain 8 at intake, 5 at the first checkpoint where Bob re-baselines for the next phase (§7.2
    step 5), then 4 and 3: from the re-baseline that is -1 (keep going), then -2 and -40% (advance)."""
    cast.clock.day = FIRST_CHECK
    for n in range(28):
        day = INTAKE + timedelta(days=n)
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id, DiaryEntryIn(id=uuid.uuid4(), date=day, pain=5))
    intake(cast, ("nprs", [8]))
    window = RebaselineIn(first=FIRST_CHECK - timedelta(days=14), last=FIRST_CHECK - timedelta(days=1), reason="new_phase")
    assert reassess(cast, FIRST_CHECK, ("nprs", [5]), rebaseline=window).recommendation == "advance"
    cast.clock.day = SECOND_CHECK
    second = reassess(cast, SECOND_CHECK, ("nprs", [4]))
    assert second.recommendation == "pause", second.reasons  # not -4 from intake
    assert named(second.reasons, "nprs").startswith("nprs: from the re-baseline on 2026-10-30: ")
    cast.clock.day = SECOND_CHECK + timedelta(weeks=4)
    third = reassess(cast, SECOND_CHECK + timedelta(weeks=4), ("nprs", [3]))
    assert third.recommendation == "advance", third.reasons
    assert "-2 points (-40%)" in named(third.reasons, "nprs")


# ---- discharge (finding 9) ---------------------------------------------------------------------

def test_discharge_keeps_her_daily_walking_quota_and_caps_only_exercise_at_twice_a_week(cast):
    out = care.discharge(cast.uow(), cast.bob, cast.carol.patient_id, DischargeIn(discharged_on=TODAY))
    kept = {p.activity_id: p.sessions_per_week for p in out.plan}
    assert kept == {"sit_to_stand": 2.0, "walking": 5.0}  # walking was 5 a week, sit-to-stand 3
