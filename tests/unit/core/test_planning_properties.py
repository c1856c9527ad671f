"""Whoever walks in, the hard constraints hold: checked over many generated people."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from people import aisha, dev, margaret

from rehab.core.planning import build_program
from rehab.core.planning.intake import COMORBIDITY_CAUTIONS, excluded_cautions
from rehab.core.planning.library import CAUTIONS, HOME_KIT, HOUSEHOLD_EQUIPMENT, Region

people = st.sampled_from([margaret, dev, aisha]).map(lambda make: make())
conditions = st.frozensets(st.sampled_from(sorted(c for c in COMORBIDITY_CAUTIONS if c != "acute_flare")))


@st.composite
def intakes(draw):
    base = draw(people)
    preferences = replace(
        base.preferences,
        minutes_per_day=draw(st.integers(5, 90)),
        days_per_week=draw(st.integers(1, 7)),
        equipment=draw(st.frozensets(st.sampled_from(sorted(HOME_KIT)))),
        lacks=draw(st.frozensets(st.sampled_from(sorted(HOUSEHOLD_EQUIPMENT)))),
        gym_access=draw(st.booleans()),
    )
    constraints = replace(
        base.constraints,
        comorbidities=draw(conditions),
        cautions=draw(st.frozensets(st.sampled_from(sorted(CAUTIONS)))),
        in_flare=draw(st.booleans()),
    )
    person = replace(base.person, pain_regions=tuple(draw(st.sets(st.sampled_from(list(Region)), min_size=1))))
    return replace(base, preferences=preferences, constraints=constraints, person=person)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(intakes())
def test_no_generated_person_ever_gets_missing_equipment_an_excluded_movement_or_an_overlong_session(library, intake):
    program = build_program(intake, library)
    available = intake.preferences.available_equipment
    excluded = set(excluded_cautions(intake.constraints))
    for phase in program.phases:
        assert all(day.minutes <= intake.preferences.minutes_per_day for day in phase.week)
        assert any(day.session is None for day in phase.week)
        for p in phase.prescriptions:
            item = library.exercises.get(p.activity_id) or library.activities[p.activity_id]
            assert item.equipment <= available
            assert not item.cautions & excluded
            assert p.dose.items() and p.target.covers(p.dose)
    assert len(program.goals) == len(intake.goals)
