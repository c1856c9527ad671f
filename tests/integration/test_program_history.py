"""The program's version history, the flare plan kept through discharge, and checkpoints among the
screenings: services the clinician's pages read."""

import pytest
from clinic_cast import CAROLS_PROGRAM, TODAY

from rehab.contracts.records import DischargeIn
from rehab.services import care, programs
from rehab.services.errors import Denied, NotFound


def test_the_history_lists_every_version_newest_first(cast):
    programs.set_program(cast.uow(), cast.bob, cast.carol.patient_id,
                         CAROLS_PROGRAM.model_copy(update={"reason": "walking four days"}))
    history = programs.list_versions(cast.uow(), cast.bob, cast.carol.patient_id)
    assert [(v.version, v.reason) for v in history] == [(2, "walking four days"), (1, "first program")]
    assert history[1].prescriptions[0].activity_id == "sit_to_stand"


def test_only_the_care_team_and_the_patient_read_the_history(cast):
    assert programs.list_versions(cast.uow(), cast.carol, cast.carol.patient_id)
    with pytest.raises((Denied, NotFound)):
        programs.list_versions(cast.uow(), cast.erin, cast.carol.patient_id)
    with pytest.raises((Denied, NotFound)):
        programs.list_versions(cast.uow(), cast.dave, cast.carol.patient_id)


def test_discharge_keeps_the_patients_own_flare_plan(cast):
    flare_plan = {"what_to_do": ["Halve the walks for two days"], "contact_clinic_if": ["Not settling in a week"]}
    programs.set_program(cast.uow(), cast.bob, cast.carol.patient_id,
                         CAROLS_PROGRAM.model_copy(update={"reason": "flare plan", "document": {"flare_plan": flare_plan}}))
    care.discharge(cast.uow(), cast.bob, cast.carol.patient_id, DischargeIn(discharged_on=TODAY))
    current = programs.get_program(cast.uow(), cast.bob, cast.carol.patient_id)
    assert current.document["flare_plan"] == flare_plan
    assert current.document["maintenance"]["discharged_on"] == TODAY.isoformat()


def test_screenings_are_still_listed_after_a_checkpoint(cast):
    from rehab.contracts.records import ReassessmentIn, RedFlagScreeningIn
    from rehab.services import patients

    care.reassess(cast.uow(), cast.bob, cast.carol.patient_id,
                  ReassessmentIn(taken_on=TODAY, red_flags=RedFlagScreeningIn(taken_on=TODAY)))
    kinds = [s.kind for s in patients.list_screenings(cast.uow(), cast.bob, cast.carol.patient_id)]
    assert sorted(kinds) == ["checkpoint", "red_flags"]  # stored in one transaction: the same moment
