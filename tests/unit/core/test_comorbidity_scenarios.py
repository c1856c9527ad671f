"""Comorbidities the planner must respect, as a physiotherapist would check them.

Each scenario is written from the source of its rule: ACSM's Guidelines for Exercise Testing and
Prescription, 11th ed. (resting blood pressure 160/100 mmHg or more needs medical clearance before
vigorous exercise; no Valsalva); IFOMPT's cervical framework (Rushton 2020) and the engine's own red
flags (neck pain with dizziness is a vascular red flag, clinical reference §4.2); ACOG Committee
Opinion 804 and RCOG (pregnancy and after birth); joint protection for hand osteoarthritis (a
rehab convention of a third of grip); CDC STEADI and clinical reference §2.3 and §2.6 (fall risk).
"""

from dataclasses import replace
from datetime import date

import pytest
from people import TODAY, aisha, dev, with_constraints

from rehab.content.readability import grade
from rehab.core.models import Dose
from rehab.core.planning import build_program
from rehab.core.planning.comorbidities import comorbidity_rules
from rehab.core.planning.goals import Goal, Task
from rehab.core.planning.intake import (
    Baseline,
    BloodPressure,
    Intake,
    PerformanceTest,
    Person,
    Preferences,
)
from rehab.core.planning.library import Component, DoseRange, Exercise, Region
from rehab.core.planning.selection import blocked

CLEARED = date(2026, 11, 20)


def prescribed(program, library):
    """Every exercise of every phase, with the library entry."""
    return [(phase.name, p, library.exercises[p.activity_id])
            for phase in program.phases for p in phase.prescriptions if p.kind == "exercise"]


def tagged(program, library, *cautions):
    return {p.activity_id for _, p, e in prescribed(program, library) if e.cautions & set(cautions)}


def with_baseline(intake: Intake, **changes) -> Intake:
    return replace(intake, baseline=replace(intake.baseline, **changes))


def cyclist_who_lifts(**baseline) -> Intake:
    """58, low back pain, lifts boxes at work and wants his fitness back on the bike (bike intervals)."""
    intake = dev()
    fitness = Goal(id="fit", words="Get my fitness back on the bike", icf="d455",
                   task=Task("20 minutes of bike intervals", Dose(duration_s=1200), Dose(duration_s=300), "bike_intervals"),
                   priority=3, target_date=date(2027, 6, 30))
    intake = replace(intake, person=Person(58, (Region.LUMBAR,)), goals=intake.goals + (fitness,))
    return with_baseline(intake, **baseline)


def walker(**baseline) -> Intake:
    """A 58-year-old with knee pain who wants to walk 5 km with her club; 45 minutes, a gym."""
    return Intake(
        today=TODAY, person=Person(58, (Region.KNEE,)), baseline=Baseline(usual_pain=3, **baseline),
        goals=(Goal(id="walk", words="Walk 5 km with my club", icf="d450",
                    task=Task("walk 5 km", Dose(distance_m=5000), Dose(distance_m=2000), "hill_walk"),
                    priority=1, target_date=date(2027, 5, 1)),),
        preferences=Preferences(minutes_per_day=45, days_per_week=4, gym_access=True),
    )


# --- Uncontrolled blood pressure (ACSM 11th ed.) -------------------------------------------------

def test_without_high_blood_pressure_the_cyclist_gets_intervals_and_heavy_lifting(library):
    program = build_program(cyclist_who_lifts(resting_blood_pressure=BloodPressure(128, 82)), library)
    assert {"bike_intervals"} <= tagged(program, library, "interval_bursts")
    assert tagged(program, library, "heavy_straining")
    assert program.holds == ()


def test_blood_pressure_172_over_104_gets_no_interval_bursts_or_straining_and_is_sent_for_clearance(library):
    program = build_program(cyclist_who_lifts(resting_blood_pressure=BloodPressure(172, 104)), library)
    assert tagged(program, library, "interval_bursts", "heavy_straining") == set()
    (hold,) = program.holds
    assert hold.clearance == "blood_pressure" and hold.cautions == ("interval_bursts",)
    assert "172/104" in hold.reason and "ACSM" in hold.reason and "11th" in hold.reason
    assert "doctor" in hold.advice and "under control" in hold.advice and "breath" in hold.advice
    easy = [p for _, p, _ in prescribed(program, library) if p.activity_id == "bike_easy"]
    assert easy, "the cyclist still cycles, on the easy rung"
    assert any("Cycling with harder bursts" in r and "until a doctor clears you" in r for r in easy[0].rationale)


def test_after_the_blood_pressure_clearance_intervals_return_but_straining_stays_out(library):
    intake = with_constraints(cyclist_who_lifts(resting_blood_pressure=BloodPressure(172, 104)),
                              clearances={"blood_pressure": CLEARED})
    program = build_program(intake, library)
    assert "bike_intervals" in tagged(program, library, "interval_bursts")
    assert tagged(program, library, "heavy_straining") == set()  # no Valsalva, cleared or not
    assert program.holds == ()
    assert any("clearance recorded on 2026-11-20" in d for d in program.rationale)


@pytest.mark.parametrize("systolic, diastolic, held", [
    (159, 99, False), (160, 90, True), (150, 100, True), (172, 104, True),
])
def test_clearance_is_needed_from_160_systolic_or_100_diastolic(systolic, diastolic, held):
    rules = comorbidity_rules(cyclist_who_lifts(resting_blood_pressure=BloodPressure(systolic, diastolic)))
    assert ("interval_bursts" in rules.excluded) is held
    assert bool(rules.holds) is held


def test_hypertension_the_clinician_calls_uncontrolled_is_held_without_a_reading(library):
    intake = with_constraints(cyclist_who_lifts(), comorbidities=frozenset({"uncontrolled_hypertension"}))
    program = build_program(intake, library)
    assert [h.clearance for h in program.holds] == ["blood_pressure"]
    assert tagged(program, library, "interval_bursts", "heavy_straining") == set()


# --- Blood pressure in the crisis range (ACC/AHA 2017; ACSM 11th ed.; hazard H55) -----------------

def every_prescription(program):
    return [p for phase in program.phases for p in phase.prescriptions]


def test_a_resting_blood_pressure_of_190_over_125_holds_every_exercise_until_a_doctor_has_checked_it(library):
    """The reviewer's Tom (review 2026-12-03d, finding 1): at 190/125 the plan started on the day
    with 30 exercises rising, the same plan as at 172/104. 180/120 or more is a hypertensive crisis
    (ACC/AHA 2017): no exercise, a doctor the same day, an ambulance with chest pain, a severe
    headache, or a change in vision or speech."""
    intake = cyclist_who_lifts(resting_blood_pressure=BloodPressure(190, 125))
    program = build_program(intake, library)
    assert every_prescription(program) == [], "no exercise and no daily quota before the doctor"
    assert all(day.session is None for phase in program.phases for day in phase.week)
    (hold,) = program.holds
    assert hold.clearance == "blood_pressure" and hold.cautions == ("every_exercise",)
    assert "190/125" in hold.reason and "ACC/AHA" in hold.reason and "ACSM" in hold.reason
    assert "contact your doctor today" in hold.advice and "call an ambulance" in hold.advice
    for sign in ("chest pain", "headache", "seeing", "speaking"):
        assert sign in hold.advice, sign
    assert grade(hold.advice) <= 8 and not any(w in hold.advice for w in ("ACSM", "AHA", "mmHg"))
    assert program.decisions[0] == hold.advice  # said first
    assert all("waits until a doctor has checked your blood pressure" in g.note and not g.on_track for g in program.goals)
    assert blocked(library.exercises["bike_easy"], intake, comorbidity_rules(intake).excluded) is not None
    # Once a doctor has checked it and cleared exercise, the plan starts; straining stays out.
    seen = build_program(with_constraints(intake, clearances={"blood_pressure": CLEARED}), library)
    assert every_prescription(seen) and seen.holds == ()
    assert tagged(seen, library, "heavy_straining") == set()


@pytest.mark.parametrize("systolic, diastolic, all_held", [
    (179, 109, False), (180, 90, True), (150, 110, True), (172, 104, False), (210, 125, True),
])
def test_every_exercise_is_held_from_180_systolic_or_110_diastolic(systolic, diastolic, all_held):
    rules = comorbidity_rules(cyclist_who_lifts(resting_blood_pressure=BloodPressure(systolic, diastolic)))
    assert ("every_exercise" in rules.excluded) is all_held
    assert [h.cautions for h in rules.holds] == ([("every_exercise",)] if all_held else [("interval_bursts",)])


# --- Uncontrolled blood pressure below the crisis range: an effort cap until cleared (ACSM; H21) ---

def test_blood_pressure_172_over_104_caps_effort_at_5_on_every_prescription_and_a_session_felt_at_8_holds(library):
    """The reviewer's Tom (review 2026-12-03d, finding 2): the hold is for *vigorous* exercise until a
    doctor clears it, yet strength work went up at 8 out of 10, which is vigorous. Until the
    clearance every prescription carries 5 out of 10 to the check-in, as heart disease carries 4."""
    from builders import after_earlier_sessions, checkin, criterion, session

    from rehab.contracts.checkin import LimitsIn
    from rehab.core.engine.progression import check_in
    from rehab.core.models import DecisionKind
    from rehab.services.programs import from_planner

    program = build_program(cyclist_who_lifts(resting_blood_pressure=BloodPressure(172, 104)), library)
    planned = every_prescription(program)
    assert planned and all(p.effort_limit == 5 for p in planned)
    assert "5 out of 10 or less" in program.effort_cap and "talk" in program.effort_cap
    assert grade(program.effort_cap) <= 8 and program.effort_cap in program.patient_texts()
    assert "effort stays at 5 out of 10 or less" in build_criteria(program)  # not 8 out of 10
    assert any("5/10" in d and "ACSM" in d for d in program.rationale)
    stored = from_planner(planned[0]).limits.to_core()
    assert stored.rpe_max_to_advance == 5
    at_eight = after_earlier_sessions(session(3, rpe=8), session(1, rpe=8))
    held = check_in(checkin(sessions=at_eight, limits=stored))
    assert held.kind is DecisionKind.HOLD and not criterion(held, "effort_within_cap").passed
    assert check_in(checkin(sessions=at_eight, limits=LimitsIn().to_core())).kind is DecisionKind.ADVANCE
    # With the doctor's clearance the cap lifts (straining stays out, as before).
    intake = with_constraints(cyclist_who_lifts(resting_blood_pressure=BloodPressure(172, 104)),
                              clearances={"blood_pressure": CLEARED})
    cleared = build_program(intake, library)
    assert cleared.effort_cap == "" and all(p.effort_limit is None for p in every_prescription(cleared))


# --- Heart disease or heart failure (ACSM 11th ed.; 2021 ESC heart failure guidelines; Piepoli 2011) --

def older_walker_with_heart_failure(**constraints) -> Intake:
    """78, knee pain, heart failure: wants to walk to the shops; a daily walk and strength work."""
    intake = replace(walker(), person=Person(78, (Region.KNEE,)))
    return with_constraints(intake, comorbidities=frozenset({"heart_disease"}), **constraints)


def build_criteria(program) -> str:
    return " ".join(program.phase("build").progression_criteria)


def test_an_older_person_with_heart_failure_gets_an_effort_cap_in_the_plan(library):
    program = build_program(older_walker_with_heart_failure(), library)
    assert "4 out of 10 or less" in program.effort_cap and "talk in full sentences" in program.effort_cap
    assert "all your exercises and walks" in program.effort_cap
    assert "effort stays at 4 out of 10 or less" in build_criteria(program)  # not 8 out of 10
    said = " ".join(program.rationale)
    assert "RPE 11-14" in said and "Borg 6-20" in said and "talk test" in said and "ACSM" in said


def test_an_older_person_with_heart_failure_is_told_the_signs_to_stop_and_get_help_in_plain_words(library):
    program = build_program(older_walker_with_heart_failure(), library)
    signs = program.stop_signs
    assert signs is not None and signs.condition == "heart condition"
    listed = " ".join(signs.signs).lower()
    for sign in ("chest", "out of breath", "dizzy", "faint", "racing", "ankles", "weight"):
        assert sign in listed, sign
    assert "stop" in signs.what_to_do.lower() and "ambulance" in signs.what_to_do
    for text in (*signs.signs, signs.what_to_do, program.effort_cap):
        assert grade(text) <= 8, text
        assert not any(word in text for word in ("ACSM", "ESC", "Piepoli", "RPE", "Borg"))
    assert set(signs.signs) <= set(program.patient_texts())


def test_an_older_person_with_heart_failure_waits_for_her_clinician_to_confirm_the_heart_is_stable(library):
    program = build_program(older_walker_with_heart_failure(), library)
    (hold,) = program.holds
    assert hold.clearance == "heart_condition_stable" and hold.cautions == ("interval_bursts",)
    assert "stable" in hold.reason and "before the program starts" in hold.reason
    assert "ACSM" in hold.reason and "ESC" in hold.reason and "Piepoli" in hold.reason
    assert "stable" in hold.advice and grade(hold.advice) <= 8
    assert hold.advice in program.decisions


def test_a_cyclist_with_heart_disease_gets_no_harder_bursts_until_his_heart_is_confirmed_stable(library):
    program = build_program(with_constraints(cyclist_who_lifts(), comorbidities=frozenset({"heart_disease"})), library)
    assert tagged(program, library, "interval_bursts", "heavy_straining") == set()
    assert [h.clearance for h in program.holds] == ["heart_condition_stable"]


def test_once_the_heart_is_confirmed_stable_the_hold_lifts_but_the_cap_the_signs_and_no_straining_stay(library):
    intake = with_constraints(cyclist_who_lifts(), comorbidities=frozenset({"heart_disease"}),
                              clearances={"heart_condition_stable": CLEARED})
    program = build_program(intake, library)
    assert program.holds == ()
    assert "bike_intervals" in tagged(program, library, "interval_bursts")
    assert tagged(program, library, "heavy_straining") == set()
    assert program.effort_cap and program.stop_signs is not None
    assert any("confirmed stable on 2026-11-20" in d for d in program.rationale)


def test_a_person_without_heart_disease_gets_no_effort_cap_no_heart_signs_and_no_heart_hold(library):
    program = build_program(replace(walker(), person=Person(78, (Region.KNEE,))), library)
    assert program.effort_cap == "" and program.stop_signs is None
    assert program.holds == ()
    assert "effort stays at 8 out of 10 or less" in build_criteria(program)
    assert not any("heart" in d.lower() for d in (*program.decisions, *program.rationale))


# --- Neck pain with dizziness (IFOMPT 2020; clinical reference §4.2) -----------------------------

def test_neck_pain_without_dizziness_gets_neck_turns_and_gaze_work(library):
    program = build_program(aisha(), library)
    assert tagged(program, library, "neck_rotation") and tagged(program, library, "gaze_stability")


def test_neck_pain_with_dizziness_gets_no_neck_rotation_or_gaze_work_and_asks_for_a_cervical_arterial_screen(library):
    program = build_program(with_constraints(aisha(), comorbidities=frozenset({"dizziness"})), library)
    assert tagged(program, library, "neck_rotation", "gaze_stability", "rapid_head_movement") == set()
    (hold,) = program.holds
    assert hold.clearance == "cervical_arterial_screen"
    assert set(hold.cautions) == {"cervical_region", "neck_rotation", "gaze_stability"}
    assert "IFOMPT" in hold.reason
    assert "emergency" in hold.advice and "double vision" in hold.advice


def test_neck_pain_with_dizziness_holds_every_neck_and_upper_back_exercise_until_the_screen(library):
    """The engine treats neck pain with dizziness as an emergency red flag (clinical reference §4.2;
    IFOMPT 2020). The reviewer's plan still started chin nods on day 1 and open book in week 4,
    whose arm is followed round by the eyes and head. Until the screen is recorded no exercise that
    works the neck and upper back is prescribed in any phase, and the person is told so plainly."""
    program = build_program(with_constraints(aisha(), comorbidities=frozenset({"dizziness"})), library)
    neck = {p.activity_id for _, p, e in prescribed(program, library) if Region.CERVICAL_THORACIC in e.regions}
    assert neck == set()
    assert not {"open_book", "chin_nod_lift", "chin_tuck_lying", "neck_press_hand", "chin_tuck_sitting",
                "seated_thoracic_turn", "thread_the_needle"} & {p.activity_id for _, p, _ in prescribed(program, library)}
    (hold,) = program.holds
    assert "all neck and upper back exercises are left out" in hold.advice
    assert hold.advice in program.decisions
    # The person reads the first few names and "and N more"; the clinician's rationale keeps them all
    # (a physiotherapist's review, 2026-12-03d, finding 14).
    assert any(d.startswith("Left out neck and upper back exercise because of neck pain with dizziness")
               and " more." in d for d in program.decisions)
    assert any(r.startswith("In full: Left out neck and upper back exercise because of neck pain with dizziness")
               and "Open book" in r for r in program.rationale)
    assert "cervical-region" in hold.reason


def test_after_the_screen_the_neck_and_upper_back_work_returns(library):
    intake = with_constraints(aisha(), comorbidities=frozenset({"dizziness"}),
                              clearances={"cervical_arterial_screen": CLEARED})
    program = build_program(intake, library)
    assert any(Region.CERVICAL_THORACIC in e.regions for _, _, e in prescribed(program, library))


def test_after_the_cervical_arterial_screen_neck_turns_return_but_quick_head_turns_stay_out(library):
    intake = with_constraints(aisha(), comorbidities=frozenset({"dizziness"}),
                              clearances={"cervical_arterial_screen": CLEARED})
    program = build_program(intake, library)
    cautions = comorbidity_rules(intake).excluded
    assert tagged(program, library, "neck_rotation")
    assert blocked(library.exercises["gaze_head_turns_sitting"], intake, cautions) is None
    assert "quick turns of the head" in blocked(library.exercises["gaze_head_turns_standing"], intake, cautions)
    assert program.holds == ()


def test_dizziness_without_neck_pain_needs_no_cervical_screen(library):
    rules = comorbidity_rules(with_constraints(walker(), comorbidities=frozenset({"dizziness"})))
    assert rules.holds == ()
    assert "neck_rotation" not in rules.excluded


# --- Pregnancy and after birth (ACOG Committee Opinion 804, 2020; RCOG) --------------------------

def pregnant(weeks: int) -> Intake:
    intake = replace(aisha(), person=Person(34, (Region.CERVICAL_THORACIC, Region.SHOULDER)))
    return with_constraints(intake, comorbidities=frozenset({"pregnancy"}), gestation_weeks=weeks)


def crunch() -> Exercise:
    return Exercise(id="curl_up", name="Curl-up", regions=(Region.LUMBAR,), component=Component.RESISTANCE,
                    position="lying", equipment=frozenset(), difficulty=3,
                    dose=(DoseRange("sets", 1, 3), DoseRange("reps", 5, 10)), time_per_set_s=40, icf=("d410",),
                    cautions=frozenset({"abdominal_end_range"}), steps=("Curl up.",), cues=("Slowly.",), errors=("Pulling the neck.",))


def test_without_pregnancy_the_neck_program_has_front_and_back_lying(library):
    program = build_program(replace(aisha(), person=Person(34, aisha().person.pain_regions)), library)
    assert tagged(program, library, "prone_lying") and tagged(program, library, "supine_lying")


def test_24_weeks_pregnant_no_prone_no_supine_no_end_range_abdominal_work(library):
    intake = pregnant(24)
    program = build_program(intake, library)
    assert tagged(program, library, "prone_lying", "supine_lying", "abdominal_end_range", "heavy_straining", "high_impact") == set()
    assert "belly muscles" in blocked(crunch(), intake, comorbidity_rules(intake).excluded)
    assert any("24 weeks pregnant" in d and "ACOG" in d for d in program.rationale)


def test_10_weeks_pregnant_prone_is_out_and_lying_on_the_back_too_as_the_program_runs_past_20_weeks(library):
    # Was "lying on the back is allowed at 10 weeks": the program's maintenance runs until the birth, so
    # she lies on her back past 20 weeks unless it is left out from the start (review 2026-12-03h, problem A).
    intake = pregnant(10)
    program = build_program(intake, library)
    cautions = comorbidity_rules(intake).excluded
    assert tagged(program, library, "prone_lying", "supine_lying", "unsupported_balance") == set()
    assert cautions["supine_lying"] == "pregnancy: you reach 20 weeks in this program"
    assert blocked(crunch(), intake, cautions) is not None
    assert any("10 weeks pregnant" in d and "week 11 of the program" in d for d in program.rationale)


def test_16_weeks_pregnant_no_bridge_on_her_back_in_any_phase(library):
    """The reviewer's n1 (review 2026-12-03h, problem A): at 16 weeks she reaches 20 weeks in week 5 of the
    program, and kept "Bridge with a march" and "Single-leg bridge" to the birth."""
    intake = pregnant(16)
    program = build_program(intake, library)
    assert program.phases and tagged(program, library, "supine_lying", "unsupported_balance") == set()


def test_24_weeks_pregnant_she_is_told_the_signs_to_stop_and_get_help_in_plain_words(library):
    """The reviewer's Priya (review 2026-12-03d, finding 5): no warning signs at all. ACOG Committee
    Opinion 804 lists them: bleeding, regular painful contractions, fluid leaking, chest pain, calf
    pain or swelling, dizziness or headache, breathlessness before effort, weakness affecting balance."""
    program = build_program(pregnant(24), library)
    signs = program.stop_signs
    assert signs is not None and signs.condition == "pregnancy"
    listed = " ".join(signs.signs).lower()
    for sign in ("bleeding", "contractions", "fluid leaking", "chest", "calf", "dizzy", "headache",
                 "short of breath before you start", "balance"):
        assert sign in listed, sign
    assert "Stop exercising" in signs.what_to_do and "midwife" in signs.what_to_do and "ambulance" in signs.what_to_do
    for text in (*signs.signs, signs.what_to_do):
        assert grade(text) <= 8, text
        assert not any(word in text for word in ("ACOG", "RCOG", "804"))
    assert set(signs.signs) <= set(program.patient_texts())


def test_24_weeks_pregnant_waits_for_her_midwife_or_obstetrician_to_confirm_no_reason_not_to_exercise(library):
    program = build_program(pregnant(24), library)
    (hold,) = program.holds
    assert hold.clearance == "pregnancy_cleared" and hold.cautions == ("interval_bursts",)
    assert "midwife or obstetrician" in hold.reason and "ACOG" in hold.reason
    assert "midwife" in hold.advice and grade(hold.advice) <= 8 and hold.advice in program.decisions
    cleared = build_program(with_constraints(pregnant(24), clearances={"pregnancy_cleared": CLEARED}), library)
    assert cleared.holds == () and cleared.stop_signs == program.stop_signs  # the signs stay
    assert any("recorded on 2026-11-20" in d for d in cleared.rationale)


def test_24_weeks_pregnant_the_plan_ends_by_36_weeks_and_is_made_again_after_the_birth(library):
    """Her program ran to about 37 weeks, then maintenance (full side plank, carries) ran through the
    due date into the weeks after the birth with 3-, 6- and 12-month reviews, and the postpartum rule
    was never applied."""
    program = build_program(pregnant(24), library)
    assert program.active_weeks <= 36 - 24
    after_birth = [c for c in program.checkpoints if "re-plan after the birth (postpartum rule)" in c.decides]
    assert len(after_birth) == 1 and after_birth[0].week == 40 - 24
    assert not any("month review" in c.decides for c in program.checkpoints)
    said = " ".join(program.decisions)
    assert "week 36 of your pregnancy" in said and "new plan" in said and "baby is born" in said
    assert any("36 weeks" in r and "postpartum" in r for r in program.rationale)
    assert all(grade(d) <= 8 for d in program.decisions if "week 36" in d)
    # The same person not pregnant keeps her plan's length and the 3-, 6- and 12-month reviews.
    not_pregnant = build_program(replace(aisha(), person=Person(34, (Region.CERVICAL_THORACIC, Region.SHOULDER))), library)
    assert not_pregnant.stop_signs is None and not_pregnant.holds == ()
    assert not_pregnant.active_weeks > program.active_weeks
    assert sum("month review" in c.decides for c in not_pregnant.checkpoints) == 3


def test_pregnancy_with_the_weeks_unknown_is_treated_as_later_pregnancy():
    intake = with_constraints(aisha(), comorbidities=frozenset({"pregnancy"}))
    assert "supine_lying" in comorbidity_rules(intake).excluded


def test_six_weeks_after_birth_no_impact_straining_or_end_range_abdominal_work():
    intake = with_constraints(walker(), comorbidities=frozenset({"postpartum"}), postpartum_weeks=6)
    rules = comorbidity_rules(intake)
    assert {"high_impact", "heavy_straining", "abdominal_end_range"} <= set(rules.excluded)
    assert "prone_lying" not in rules.excluded and "supine_lying" not in rules.excluded
    assert any("6 weeks after birth" in d and "ACOG" in d for d in rules.decisions)


def test_from_twelve_weeks_after_birth_impact_may_return():
    rules = comorbidity_rules(with_constraints(walker(), comorbidities=frozenset({"postpartum"}), postpartum_weeks=12))
    assert not {"high_impact", "heavy_straining", "abdominal_end_range"} & set(rules.excluded)


# --- Hand osteoarthritis: carried load capped from grip (rehab convention) -----------------------

GRIP_15 = (PerformanceTest("grip strength", 15, "kg"),)


def test_without_hand_arthritis_the_walker_carries_up_to_10_kg(library):
    program = build_program(walker(performance=GRIP_15), library)
    loads = [p.target.get("load_kg") for _, p, e in prescribed(program, library) if "grip_loading" in e.cautions]
    assert max(load for load in loads if load is not None) > 5


def test_hand_arthritis_with_a_15_kg_grip_never_carries_more_than_5_kg_at_any_phase(library):
    intake = with_constraints(walker(performance=GRIP_15), comorbidities=frozenset({"hand_arthritis"}))
    program = build_program(intake, library)
    held = [(phase, p, e) for phase, p, e in prescribed(program, library) if "grip_loading" in e.cautions]
    assert held, "the walker still carries, only lighter"
    for phase, p, e in held:
        hands = 2 if e.load_in_each else 1  # the cap is for what one hand holds: two bags share the load
        for dose in (p.dose, p.target):
            assert (dose.get("load_kg") or 0) / hands <= 5, f"{phase}: {p.activity_id} {dose}"
        ceiling = p.to_activity().increments.get("load_kg")
        assert ceiling is None or ceiling.ceiling is None or ceiling.ceiling / hands <= 5
    assert any("grip of 15 kg" in d and "5 kg" in d for d in program.rationale)


def test_a_carry_goal_of_12_kg_is_capped_too(library):
    carry = Goal(id="shopping", words="Carry my shopping home", icf="d430",
                 task=Task("carry 12 kg of shopping 50 m", Dose(sets=1, load_kg=12, distance_m=50),
                           Dose(load_kg=4, distance_m=20), "farmer_carry"),
                 priority=1, target_date=date(2027, 5, 1))
    intake = with_constraints(replace(walker(performance=GRIP_15), goals=(carry,)), comorbidities=frozenset({"hand_arthritis"}))
    program = build_program(intake, library)
    farmer = [p for _, p, _ in prescribed(program, library) if p.activity_id == "farmer_carry"]
    # farmer_carry shares its load between two hands (load_in_each): 5 kg in each hand, 10 kg in all
    assert farmer and all(p.target.load_kg <= 10 and p.dose.load_kg <= 10 for p in farmer)
    assert program.goals[0].projected_week is None  # 6 kg in each hand is above the cap


def test_a_carry_goal_above_the_grip_cap_is_never_promised_and_both_readers_are_told(library):
    """The reviewer's 10 kg compost bag with a 15 kg grip was projected "on track, around week 13"
    while the program never goes above 5 kg: a false promise that pushes the person to carry what
    joint protection advises against (EULAR 2018 hand OA recommendations). The goal is marked not
    reachable within the cap, and the person is asked to talk it over with their clinician."""
    compost = Goal(id="compost", words="Carry a 10 kg bag of compost", icf="d430",
                   task=Task("carry a 10 kg bag 20 m", Dose(load_kg=10), Dose(load_kg=4), "suitcase_carry"),
                   priority=1, target_date=date(2027, 4, 1))
    intake = with_constraints(replace(walker(performance=GRIP_15), goals=(compost,)), comorbidities=frozenset({"hand_arthritis"}))
    program = build_program(intake, library)
    (path,) = program.goals
    assert path.on_track is False and path.projected_week is None
    assert "talk with your clinician about this goal" in path.note and "5 kg" in path.note
    assert "should reach" not in path.note
    assert any("compost" in r and "above the grip cap of 5 kg" in r for r in program.rationale)
    assert grade(path.note) <= 8


def test_a_shopping_carry_measured_in_metres_is_told_the_grip_cap(library):
    """The reviewer's shopping goal (two 8 kg bags, 150 m) is planned in metres, so the daily
    carrying quota has no load at all: the person is told the cap with the goal, and the clinician
    is asked to check the goal's load against it (EULAR 2018 joint protection)."""
    shop = Goal(id="shop", words="Carry my shopping from the car to the kitchen", icf="d430",
                task=Task("carry two bags of 8 kg each from the car to the kitchen", Dose(distance_m=150),
                          Dose(distance_m=50), "carrying"),
                priority=1, target_date=date(2027, 4, 1))
    intake = with_constraints(replace(walker(performance=GRIP_15), goals=(shop,)), comorbidities=frozenset({"hand_arthritis"}))
    program = build_program(intake, library)
    (path,) = program.goals
    assert "Keep what you carry to 5 kg or less in all" in path.note and "talk with your clinician" in path.note
    assert any("two bags of 8 kg" in r and "5 kg" in r for r in program.rationale)


def test_two_3_kg_bags_are_3_kg_in_each_hand_within_a_4_kg_grip_cap(library):
    """The reviewer's Dorothy (review 2026-12-03d, finding 7): grip 12 kg gives a cap of 4 kg for what
    a hand holds. Her goal, two 3 kg bags, is 3 kg in each hand, yet she read "This goal needs 6 kg.
    That is more than your hands should hold now" while a one-hand bag hold in the same plan went to 4 kg."""
    shop = Goal(id="shop", words="Carry my shopping home, a bag in each hand", icf="d430",
                task=Task("carry two 3 kg bags 200 m", Dose(load_kg=6, distance_m=200), Dose(load_kg=2, distance_m=20),
                          "carry_light_bags"),
                priority=1, target_date=date(2027, 4, 1))
    grip_12 = (PerformanceTest("grip strength", 12, "kg"),)
    intake = with_constraints(replace(walker(performance=grip_12), goals=(shop,)), comorbidities=frozenset({"hand_arthritis"}))
    program = build_program(intake, library)
    (path,) = program.goals
    assert "more than your hands should hold" not in path.note and path.projected_week is not None
    assert not any("above the grip cap" in r for r in program.rationale)


def test_a_two_bag_carry_is_capped_per_hand_not_in_total(library):
    """A 15 kg grip caps each hand at 5 kg: two bags may hold up to 10 kg in all (5 in each), and
    the goal of two 4 kg bags is reachable; two 6 kg bags are 6 kg in each hand, above the cap."""
    def farmer_goal(kg_each):
        return Goal(id="bags", words=f"Carry two {kg_each} kg bags", icf="d430",
                    task=Task(f"carry two {kg_each} kg bags 30 m", Dose(sets=1, load_kg=2 * kg_each, distance_m=30),
                              Dose(load_kg=4, distance_m=20), "farmer_carry"),
                    priority=1, target_date=date(2027, 9, 1))
    intake = with_constraints(replace(walker(performance=GRIP_15), goals=(farmer_goal(4),)),
                              comorbidities=frozenset({"hand_arthritis"}))
    program = build_program(intake, library)
    farmer = [p for _, p, _ in prescribed(program, library) if p.activity_id == "farmer_carry"]
    assert farmer and max(p.target.load_kg for p in farmer) > 5, "the ceiling is 5 kg in each hand, not 5 in all"
    assert all(p.target.load_kg <= 10 for p in farmer)
    assert program.goals[0].projected_week is not None
    too_heavy = with_constraints(replace(walker(performance=GRIP_15), goals=(farmer_goal(6),)),
                                 comorbidities=frozenset({"hand_arthritis"}))
    (path,) = build_program(too_heavy, library).goals
    assert path.projected_week is None
    assert "This goal needs 6 kg in each hand" in path.note and "5 kg in each hand at most" in path.note
    assert grade(path.note) <= 8


def test_the_same_goal_without_hand_arthritis_is_projected(library):
    compost = Goal(id="compost", words="Carry a 10 kg bag of compost", icf="d430",
                   task=Task("carry a 10 kg bag 20 m", Dose(load_kg=10), Dose(load_kg=4), "farmer_carry"),
                   priority=1, target_date=date(2027, 4, 1))
    program = build_program(replace(walker(performance=GRIP_15), goals=(compost,)), library)
    assert program.goals[0].projected_week is not None


def test_the_farmer_carry_cue_does_not_ask_for_a_firm_grip(library):
    """Joint protection in hand OA avoids sustained strong grips (EULAR 2018)."""
    assert not any("grip firm" in c.lower() for c in library.exercises["farmer_carry"].cues)


def test_a_rung_whose_lightest_load_is_above_the_cap_is_left_out(library):
    intake = with_constraints(with_baseline(dev(), performance=GRIP_15), comorbidities=frozenset({"hand_arthritis"}))
    why = blocked(library.exercises["lifting_circuit"], intake, comorbidity_rules(intake).excluded)
    assert why == "its lightest load, 8 kg, is more than the 5 kg your hands should hold, set from your grip strength"


def test_hand_arthritis_without_a_grip_measurement_carries_nothing_until_grip_is_measured(library):
    intake = with_constraints(walker(), comorbidities=frozenset({"hand_arthritis"}))
    program = build_program(intake, library)
    assert tagged(program, library, "grip_loading") == set()
    assert any("until grip strength is measured" in d for d in program.rationale)


# --- Fall risk measured at baseline (CDC STEADI; clinical reference §2.3, §2.6) ------------------

def test_a_walker_without_fall_risk_gets_heel_and_tiptoe_walking(library):
    program = build_program(walker(performance=(PerformanceTest("Timed Up and Go", 9, "s"),)), library)
    assert {"heel_walk", "tiptoe_walk"} & tagged(program, library, "unsupported_balance")


@pytest.mark.parametrize("test", [
    PerformanceTest("Timed Up and Go", 14.2, "s"),
    PerformanceTest("TUG", 12, "s"),
    PerformanceTest("4-stage balance test", 6, "s"),
    PerformanceTest("single-leg stance", 3, "s"),
])
def test_a_measured_fall_risk_gets_no_unsupported_balance_or_heel_walking(library, test):
    program = build_program(walker(performance=(test,)), library)
    assert tagged(program, library, "unsupported_balance", "high_impact") == set()
    assert any("Fall risk measured at baseline" in d and test.name in d for d in program.rationale)


# --- What the person reads ------------------------------------------------------------------------

def test_what_the_person_is_told_about_a_hold_is_plain_and_has_no_citations(library):
    intakes = [cyclist_who_lifts(resting_blood_pressure=BloodPressure(172, 104)),
               with_constraints(aisha(), comorbidities=frozenset({"dizziness"}))]
    for intake in intakes:
        for hold in build_program(intake, library).holds:
            assert grade(hold.advice) <= 8, hold.advice
            assert not any(word in hold.advice for word in ("ACSM", "IFOMPT", "§", "20"))


def test_known_neck_dizziness_is_not_an_ambulance_call_at_every_check_in_but_worse_dizziness_is(library):
    """Sam, 45: neck pain with dizziness that his clinician knows about. His plan holds the neck work
    until the cervical arterial screen and says the rest can go ahead. The check-in then asked "With
    neck pain: dizziness, ...?", so his honest yes at every check-in meant "call for an ambulance now":
    he would call needlessly, or learn to answer no and miss a real new sign (a physiotherapist's
    review, 2026-12-03d, finding 3; hazard H22). The question asks about dizziness that is new or
    worse, or the other signs (§4.2 vascular row), and the plan tells him the same rule."""
    from rehab.core.engine.safety import RED_FLAGS

    question = RED_FLAGS["cervical_arterial_symptoms"].question
    assert "dizziness that is new or worse" in question
    assert "double vision" in question and "numbness in the face" in question  # the other signs stay
    program = build_program(with_constraints(aisha(), comorbidities=frozenset({"dizziness"})), library)
    (hold,) = program.holds
    assert "any of these signs, or your dizziness is new or worse, call for emergency help now" in hold.advice
    assert grade(hold.advice) <= 8


def test_the_signs_to_stop_say_which_conditions_they_are_for_not_only_in_words(library):
    """A page decides by what the signs are for, not by their plain words: the help page offers the
    heart signs to send only for heart disease (H23, H54), and once read "heart" in the heading to
    decide. The signs name their comorbidities: heart disease, pregnancy, or both when she has both
    (both lists kept)."""
    heart = build_program(with_constraints(cyclist_who_lifts(), comorbidities=frozenset({"heart_disease"})), library)
    assert heart.stop_signs.kinds == ("heart_disease",)
    assert build_program(pregnant(24), library).stop_signs.kinds == ("pregnancy",)
    both = build_program(with_constraints(pregnant(24), comorbidities=frozenset({"pregnancy", "heart_disease"})),
                         library)
    assert set(both.stop_signs.kinds) == {"heart_disease", "pregnancy"}


def test_a_set_at_6_out_of_10_while_pregnant_is_held_as_above_her_cap_not_as_a_maximal_effort(library):
    """Nina, 26 weeks pregnant, effort capped at 5 out of 10 with the talk test (ACOG 804). Her sit
    to stand felt 6/10 twice: held, rightly, but the criterion said "effort_not_maximal" and the
    clinician read "effort at its maximum: 6", of a set four points from maximal (review 2026-12-03i).
    The check is named for what it checks, the cap, and so is the clinician's line. A decision stored
    before keeps its old name and is still worded."""
    from builders import after_earlier_sessions, checkin, criterion, session

    from rehab.core.engine.clinician_words import decision_summary
    from rehab.core.engine.progression import check_in
    from rehab.core.models import Criterion, DecisionKind
    from rehab.services.programs import from_planner

    program = build_program(pregnant(26), library)
    limits = from_planner(every_prescription(program)[0]).limits.to_core()
    assert limits.rpe_max_to_advance == 5
    held = check_in(checkin(sessions=after_earlier_sessions(session(3, rpe=6), session(1, rpe=6)), limits=limits))
    assert held.kind is DecisionKind.HOLD
    cap = criterion(held, "effort_within_cap")
    assert not cap.passed and cap.value == 6 and "RPE <= 5" in cap.threshold
    assert "effort_not_maximal" not in {c.name for c in held.criteria}
    notes = decision_summary("Sit to stand", held.kind, None, held.criteria, held.next_dose)
    assert "Effort above the plan's effort cap: 6 (needs RPE <= 5" in notes and "maximum" not in notes
    assert "up to 5 out of 10" in held.message_patient and grade(held.message_patient) <= 8

    stored_before = Criterion("effort_not_maximal", "effort", 6, "RPE <= 5 (or >= 5 reps in reserve)", False,
                              cap.source)
    said = decision_summary("Sit to stand", DecisionKind.HOLD, None, [stored_before], Dose(sets=2, reps=10))
    assert "Effort at its maximum: 6 (needs RPE <= 5" in said
