"""Whoever walks in, the hard constraints hold: checked over many generated people."""

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from people import aisha, dev, margaret

from rehab.core.planning import build_program
from rehab.core.planning.comorbidities import CLEARANCES, comorbidity_rules
from rehab.core.planning.intake import COMORBIDITY_CAUTIONS, BloodPressure, PerformanceTest, excluded_cautions
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


@st.composite
def people_with_comorbidities(draw):
    """Anyone, with any comorbidities, weeks of pregnancy or since birth, blood pressure, grip, a
    balance test and clearances or none."""
    intake = draw(intakes())
    pregnant, postpartum = "pregnancy" in intake.constraints.comorbidities, "postpartum" in intake.constraints.comorbidities
    constraints = replace(
        intake.constraints,
        gestation_weeks=draw(st.integers(0, 42)) if pregnant else None,
        postpartum_weeks=draw(st.integers(0, 104)) if postpartum else None,
        clearances=draw(st.dictionaries(st.sampled_from(sorted(CLEARANCES)), st.just(date(2026, 11, 20)))),
    )
    performance = tuple(draw(st.lists(st.sampled_from([
        PerformanceTest("Timed Up and Go", 14.0, "s"), PerformanceTest("Timed Up and Go", 8.0, "s"),
        PerformanceTest("grip strength", 9.0, "kg"), PerformanceTest("grip strength", 30.0, "kg"),
        PerformanceTest("4-stage balance test", 4.0, "s")]), max_size=3, unique=True)))
    pressure = draw(st.none() | st.builds(BloodPressure, st.integers(100, 200), st.integers(60, 99)))
    baseline = replace(intake.baseline, performance=performance, resting_blood_pressure=pressure)
    return replace(intake, constraints=constraints, baseline=baseline)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people_with_comorbidities())
def test_no_generated_person_gets_a_movement_their_comorbidities_leave_out_or_hold_or_a_load_above_their_grip_cap(library, intake):
    rules = comorbidity_rules(intake)
    program = build_program(intake, library)
    held = {caution for hold in program.holds for caution in hold.cautions}
    assert held <= set(rules.excluded)
    for phase in program.phases:
        for p in phase.prescriptions:
            item = library.exercises.get(p.activity_id) or library.activities[p.activity_id]
            assert not item.cautions & set(rules.excluded), f"{phase.name}: {p.activity_id}"
            assert "every_exercise" not in rules.excluded, "a blood pressure in the crisis range holds everything"
            if rules.grip_cap_kg is not None and "grip_loading" in item.cautions:
                # The cap is for one hand: a two-bag carry (load_in_each) shares its load between two.
                hands = 2 if getattr(item, "load_in_each", None) else 1
                assert (p.target.get("load_kg") or 0) <= rules.grip_cap_kg * hands
                assert (p.dose.get("load_kg") or 0) <= rules.grip_cap_kg * hands
