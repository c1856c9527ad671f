"""Psychosocial support is a referral step, not a module to read (on SQLite and PostgreSQL).

Carol fills in her mood and pain-belief questionnaires. Moderate depression (PHQ-9 14) and high
catastrophising (PCS 32) open two referral steps, to her GP and to a psychologist, each with its
reason and scores; Bob sees them and, at the next review, records whether they were taken up.
When she answers PHQ-9 item 9 above 0, a same-day risk assessment opens and automated advice
pauses (every check-in holds) until Bob records that he assessed the risk (clinical reference §1.4).
"""

import uuid

import pytest
from clinic_cast import TODAY
from sqlalchemy import select

from rehab.contracts.records import AssessmentIn, DiaryEntryIn, ReferralFollowUpIn
from rehab.services import assessments, logs, referrals
from rehab.services.errors import Denied, Invalid, NotFound
from rehab.store import tables

PHQ9_MODERATE = [2, 2, 2, 2, 2, 2, 1, 1, 0]  # 14, item 9 at 0
PHQ9_SELF_HARM = [0, 1, 0, 0, 0, 0, 0, 0, 1]  # 2, item 9 at 1
PHQ9_ITEM_9_UNANSWERED = [0, 1, 0, 0, 0, 0, 0, 0, None]  # item 9 left blank: no total
PCS_HIGH = [3, 3, 3, 3, 2, 2, 2, 2, 3, 3, 2, 2, 2]  # 32


def answer(cast, instrument, answers, actor=None):
    return assessments.record_assessment(cast.uow(), actor or cast.carol, cast.carol.patient_id,
                                         AssessmentIn(instrument=instrument, taken_on=TODAY, answers=answers))


def steps(cast):
    return referrals.list_steps(cast.uow(), cast.bob, cast.carol.patient_id)


def audit(cast):
    with cast.sessions() as session:
        return list(session.scalars(select(tables.AuditEntry.action).where(tables.AuditEntry.resource == "referral_step")
                                    .order_by(tables.AuditEntry.id)))


def check_ins(cast):
    """Every activity's check-in, as after a diary entry that runs them at once."""
    return logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                          DiaryEntryIn(id=uuid.uuid4(), date=TODAY, pain=3), now=True).decisions


def test_moderate_depression_and_high_catastrophising_open_a_gp_and_a_psychology_step_with_their_scores(cast):
    answer(cast, "phq9", PHQ9_MODERATE)
    answer(cast, "pcs", PCS_HIGH)
    found = {s.destination: s for s in steps(cast)}
    assert set(found) == {"gp", "psychology"}
    assert found["gp"].scores == {"phq9": 14} and found["gp"].status == "open" and not found["gp"].same_day
    assert "PHQ9 14" in found["gp"].reason and "the GP" in found["gp"].asks
    assert found["psychology"].scores == {"pcs": 32} and "Sullivan" in found["psychology"].source
    assert audit(cast) == ["create", "create", "read"]


def test_the_same_scores_never_open_the_same_step_twice_and_a_mild_score_opens_none(cast):
    answer(cast, "phq9", PHQ9_MODERATE)
    answer(cast, "pseq", [4] * 10)  # 40: high self-efficacy, no referral
    answer(cast, "phq9", PHQ9_MODERATE)  # still moderate: the open GP step stands
    assert [s.destination for s in steps(cast)] == ["gp"]


def test_bob_records_at_the_review_that_carol_took_up_the_gp_referral(cast):
    answer(cast, "phq9", PHQ9_MODERATE)
    [step] = steps(cast)
    waiting = referrals.follow_up(cast.uow(), cast.bob, cast.carol.patient_id, step.id,
                                  ReferralFollowUpIn(outcome="not_yet", on=TODAY, note="appointment next week"))
    assert waiting.status == "open" and [f.outcome for f in waiting.follow_ups] == ["not_yet"]
    done = referrals.follow_up(cast.uow(), cast.bob, cast.carol.patient_id, step.id,
                               ReferralFollowUpIn(outcome="taken_up", on=TODAY, note="seeing her GP"))
    assert done.status == "taken_up" and [f.note for f in done.follow_ups] == ["appointment next week", "seeing her GP"]
    assert audit(cast)[-2:] == ["update", "update"]
    with pytest.raises(Invalid, match="already closed"):
        referrals.follow_up(cast.uow(), cast.bob, cast.carol.patient_id, step.id,
                            ReferralFollowUpIn(outcome="declined", on=TODAY))


def test_a_wrong_answer_or_a_stranger_changes_nothing(cast):
    answer(cast, "phq9", PHQ9_MODERATE)
    [step] = steps(cast)
    with pytest.raises(Invalid) as refused:
        referrals.follow_up(cast.uow(), cast.bob, cast.carol.patient_id, step.id,
                            ReferralFollowUpIn(outcome="risk_assessed", on=TODAY))
    assert refused.value.field == "outcome"
    with pytest.raises(Denied):
        referrals.list_steps(cast.uow(), cast.carol, cast.carol.patient_id)
    with pytest.raises((Denied, NotFound)):
        referrals.follow_up(cast.uow(), cast.erin, cast.carol.patient_id, step.id,
                            ReferralFollowUpIn(outcome="taken_up", on=TODAY))
    [again] = steps(cast)
    assert again.status == "open" and again.follow_ups == []


def test_thoughts_of_self_harm_pause_every_check_in_until_bob_records_the_risk_assessment(cast):
    before = check_ins(cast)
    assert all("self_harm_risk_assessed" not in [c.name for c in d.criteria] for d in before)
    answer(cast, "phq9", PHQ9_SELF_HARM)
    [step] = steps(cast)
    assert step.destination == "risk_assessment" and step.same_day
    paused = check_ins(cast)
    assert paused and all(d.decision.value == "hold" for d in paused)
    assert all(d.message_patient.startswith("Thank you for your honest answers") for d in paused)
    referrals.follow_up(cast.uow(), cast.bob, cast.carol.patient_id, step.id,
                        ReferralFollowUpIn(outcome="risk_assessed", on=TODAY, note="low risk, safety plan agreed"))
    resumed = check_ins(cast)
    assert all("self_harm_risk_assessed" not in [c.name for c in d.criteria] for d in resumed)


def test_a_risk_assessment_cannot_be_closed_as_taken_up(cast):
    answer(cast, "phq9", PHQ9_SELF_HARM)
    [step] = steps(cast)
    with pytest.raises(Invalid, match="risk_assessed"):
        referrals.follow_up(cast.uow(), cast.bob, cast.carol.patient_id, step.id,
                            ReferralFollowUpIn(outcome="taken_up", on=TODAY))
    assert steps(cast)[0].status == "open"


def test_item_9_left_unanswered_pauses_every_check_in_like_an_answer_above_0_until_bob_has_asked(cast):
    """Carol leaves the self-harm question blank. A missing answer is not a no: the same same-day step
    opens (asking the question), advice pauses, and it resumes once Bob records that he asked."""
    answer(cast, "phq9", PHQ9_ITEM_9_UNANSWERED)
    [step] = steps(cast)
    assert step.destination == "risk_assessment" and step.same_day and step.status == "open"
    assert "left unanswered" in step.reason and step.scores == {}
    paused = check_ins(cast)
    assert paused and all(d.decision.value == "hold" for d in paused)
    assert all("self_harm_risk_assessed" in [c.name for c in d.criteria if not c.passed] for d in paused)
    assert all("left unanswered" in " ".join(a.message for a in d.alerts) for d in paused)
    answer(cast, "phq9", PHQ9_ITEM_9_UNANSWERED)  # the same blank again: still the one open step
    assert [s.destination for s in steps(cast)] == ["risk_assessment"]
    referrals.follow_up(cast.uow(), cast.bob, cast.carol.patient_id, step.id,
                        ReferralFollowUpIn(outcome="risk_assessed", on=TODAY, note="asked by phone: no such thoughts"))
    resumed = check_ins(cast)
    assert all("self_harm_risk_assessed" not in [c.name for c in d.criteria] for d in resumed)
