"""What the clinician's review pages stand on: the kind of need on each caseload line, accepting
an engine's decision with a reason, and the names of who decided (SQLite and PostgreSQL)."""

import uuid
from datetime import timedelta

import pytest
from clinic_cast import TODAY

from rehab.contracts.records import DiaryEntryIn, OverrideIn, RedFlagScreeningIn
from rehab.services import accounts, logs, patients
from rehab.services.errors import Conflict, Denied, Invalid, NotFound


def two_weeks_of_diary(cast):
    for n in range(14):
        cast.clock.day = TODAY - timedelta(days=14 - n)
        logs.log_diary(cast.uow(), cast.carol, cast.carol.patient_id,
                       DiaryEntryIn(id=uuid.uuid4(), date=cast.clock.day, pain=4 + n % 2), now=True)
    cast.clock.day = TODAY


def latest(cast, activity="sit_to_stand"):
    return logs.list_decisions(cast.uow(), cast.bob, cast.carol.patient_id, activity)[-1]


def test_each_caseload_line_names_its_kind_of_need(cast):
    two_weeks_of_diary(cast)
    rows = {r.patient.display_name: r for r in patients.caseload(cast.uow(), cast.bob, TODAY)}
    assert rows["Dave"].need == "missed_logs"
    assert rows["Carol"].need == "none" and rows["Carol"].reason == "On track"
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["constant_night_pain"]))
    top = patients.caseload(cast.uow(), cast.bob, TODAY)[0]
    assert (top.patient.display_name, top.need) == ("Carol", "refer")


def test_accepting_a_decision_keeps_the_engines_decision_and_dose_with_the_reason(cast):
    two_weeks_of_diary(cast)
    decision = latest(cast)
    accepted = logs.accept_decision(cast.uow(), cast.bob, decision.id, "  Agreed with Carol at the visit ")
    assert accepted.decision == decision.decision.decision
    assert accepted.next_dose == decision.decision.next_dose
    assert logs.acceptance(accepted) == "Agreed with Carol at the visit"
    assert latest(cast).override == accepted
    with pytest.raises(Conflict):
        logs.accept_decision(cast.uow(), cast.bob, decision.id, "twice")


def test_an_override_is_not_an_acceptance_even_with_the_same_kind(cast):
    two_weeks_of_diary(cast)
    decision = latest(cast)
    out = logs.override_decision(cast.uow(), cast.bob, decision.id,
                                 OverrideIn(decision=decision.decision.decision, reason="same kind, my reasons"))
    assert logs.acceptance(out) is None


def test_accepting_needs_a_reason_and_the_care_team(cast):
    two_weeks_of_diary(cast)
    decision = latest(cast)
    with pytest.raises(Invalid) as refused:
        logs.accept_decision(cast.uow(), cast.bob, decision.id, "   ")
    assert refused.value.field == "reason"
    with pytest.raises((Denied, NotFound)):
        logs.accept_decision(cast.uow(), cast.erin, decision.id, "not my patient")
    with pytest.raises(Denied):
        logs.accept_decision(cast.uow(), cast.carol, decision.id, "I agree with myself")
    assert latest(cast).override is None


def test_an_accepted_referral_stays_on_top_of_the_caseload(cast):
    two_weeks_of_diary(cast)
    patients.record_red_flags(cast.uow(), cast.bob, cast.carol.patient_id,
                              RedFlagScreeningIn(taken_on=TODAY, red_flags=["constant_night_pain"]))
    for activity in ("sit_to_stand", "walking"):
        logs.accept_decision(cast.uow(), cast.bob, latest(cast, activity).id, "Referred to the GP today")
    top = patients.caseload(cast.uow(), cast.bob, TODAY)[0]
    assert (top.patient.display_name, top.need) == ("Carol", "refer")
    assert top.reason.endswith("referred, as the engine advised and a clinician accepted.")


def test_clinicians_see_the_names_of_their_own_clinics_staff_only(cast):
    names = accounts.colleagues(cast.uow(), cast.bob)
    assert names == {cast.alice.user_id: "Alice", cast.bob.user_id: "Bob"}
    assert cast.erin.user_id not in names
    with pytest.raises(Denied):
        accounts.colleagues(cast.uow(), cast.carol)
