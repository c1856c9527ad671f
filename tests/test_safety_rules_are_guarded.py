"""Each control in the hazard log has a test that fails when the control is removed: checked here
by removing it.

Every guard names a hazard of `docs/safety/hazard-log.md`, one line of the source that is the
control, the same line with the control taken out, and the tests (listed under that hazard in the
log) that must notice. The change is made in a copy of the source and only those tests run against
it; at least one must fail. A control run of the unchanged copy must pass, so the failures are the
mutations'. If a control's code is rewritten, update its guard: it must keep guarding it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Guard:
    hazard: str  # the hazard log's id, e.g. "H01"
    protects: str  # what the control does, in a few words
    file: str  # under src/rehab
    control: str  # the control as written
    removed: str  # the same code with the control taken out
    tests: tuple[str, ...]  # node ids; at least one must fail without the control


EXPOSURE = "tests/integration/test_graded_exposure_service.py"
PHYSIO = "tests/cli/test_three_people_from_the_physio_review.py"
HOME = "tests/unit/core/test_home_safety.py"
REFERRALS = "tests/integration/test_referral_steps_service.py"
GOAL_CHANGE = "tests/integration/test_goal_change_program.py"
NEURO_LOG = "tests/integration/test_session_log_with_new_signs_in_a_flare.py"
NEURO_LOG_OUTSIDE = "tests/integration/test_session_log_with_new_signs_outside_a_flare.py"
NEURO_LOG_PAGE = "tests/pages/test_log_form_with_new_neuro_signs.py"
COMORBIDITY = "tests/unit/core/test_comorbidity_scenarios.py"
COMORBIDITY_PAGES = "tests/pages/test_planning_comorbidity_pages.py"
AFTER_CHANGES = "tests/cli/test_three_people_after_the_changes.py"

GUARDS: list[Guard] = [
    Guard("H01", "a red flag refers", "core/engine/progression.py",
          "    if urgency is not None:\n", "    if False:\n",
          ("tests/unit/core/test_safety.py::test_each_red_flag_stops_progression_and_refers_with_its_urgency",
           "tests/unit/core/test_precedence.py::test_refer_beats_flare_regress_and_hold")),
    Guard("H02", "cancer with neurological signs is an emergency", "core/engine/safety.py",
          "        return Urgency.EMERGENCY\n    return urgency", "        return urgency\n    return urgency",
          ("tests/unit/core/test_safety.py::test_a_history_of_cancer_with_neurological_signs_is_an_emergency",)),
    Guard("H02", "a cancer history outlasts the clinician clearing its referral", "core/engine/safety.py",
          "    if cancer_history and reported_since_clinician:\n", "    if False:\n",
          ("tests/unit/core/test_safety.py::test_new_tingling_after_her_clinician_cleared_her_cancer_referral_is_still_an_emergency",)),
    Guard("H03", "a patient's own answers cannot clear a referral", "core/engine/safety.py",
          "            flags = flags | screening.flags\n", "            flags = screening.flags\n",
          ("tests/unit/core/test_safety.py::test_a_patient_ticking_nothing_does_not_clear_a_referral_the_clinician_recorded",
           "tests/unit/core/test_safety.py::test_a_patient_ticking_a_milder_sign_does_not_downgrade_an_emergency")),
    Guard("H03", "a patient's answer at the same moment as a clinician's screening stands", "services/checkins.py",
          '    .order_by(_S.taken_on, _S.created_at, case((_U.role == "clinician", 0), else_=1))',
          '    .order_by(_S.taken_on, _S.created_at, case((_U.role == "clinician", 1), else_=0))',
          ("tests/integration/test_todays_guidance.py::test_her_answer_recorded_at_the_same_moment_as_her_clinicians_screening_still_stands",)),
    Guard("H03", "a patient cannot clear new neurological signs", "core/engine/safety.py",
          "            neuro = neuro or screening.symptoms.new_neuro_symptoms\n",
          "            neuro = screening.symptoms.new_neuro_symptoms\n",
          ("tests/unit/core/test_safety.py::test_new_symptoms_the_patient_reported_stand_until_a_clinician_screens_again",)),
    Guard("H04", "new symptoms hold and alert", "core/engine/safety.py",
          "not new_symptoms, sources.NEW_SYMPTOMS", "True, sources.NEW_SYMPTOMS",
          ("tests/unit/core/test_safety.py::test_new_symptoms_hold_progression_and_alert_the_clinician",)),
    Guard("H51", "raised mornings after experiments hold the hierarchy", "core/engine/exposure.py",
          "    criteria += _mornings_after_experiments(evidence)\n", "    pass\n",
          ("tests/cli/test_four_people_from_the_second_physio_review.py::test_ada_keeps_practising_hoovering_while_her_mornings_are_up_and_her_clinician_is_told",)),
    Guard("H51", "two sore mornings after experiments hold the hierarchy", "core/engine/exposure.py",
          "    held = len(at_the_line) >= MORNINGS_AT_THE_LINE or", "    held = False or",
          (f"{AFTER_CHANGES}::test_two_sore_mornings_hold_bea_even_with_usual_mornings_between",
           "tests/cli/test_four_people_from_the_second_physio_review.py::test_ada_keeps_practising_hoovering_while_her_mornings_are_up_and_her_clinician_is_told")),
    Guard("H51", "one sore morning holds until two usual mornings follow it", "core/engine/exposure.py",
          "(bool(at_the_line) and len(later) < SETTLED_MORNINGS)", "False",
          (f"{AFTER_CHANGES}::test_one_sore_morning_not_yet_followed_by_a_usual_one_holds_and_says_so",)),
    Guard("H51", "a sore morning that lingers to the next day counts as a second", "core/engine/exposure.py",
          "    at_the_line = sorted(set(raised) | {day for day in later if by_day[day] >= line})\n",
          "    at_the_line = sorted(set(raised))\n",
          (f"{AFTER_CHANGES}::test_a_sore_morning_that_lingers_to_the_next_day_counts_as_two",)),
    Guard("H51", "a rating for a morning not yet come is not read", "core/engine/evidence.py",
          "    if cut < len(morning.days):\n", "    if False:\n",
          (f"{AFTER_CHANGES}::test_a_morning_noted_for_tomorrow_is_not_read_as_one_bea_has_had",)),
    Guard("H51", "no move up the fear hierarchy during a flare", "core/engine/progression.py",
          "    if flare.active:\n        if ci.risk_assessment_due:  # the flare still cuts the load",
          "    if False:\n        if ci.risk_assessment_due:  # the flare still cuts the load",
          ("tests/cohort/test_exposure_in_the_cohort.py::test_she_never_moves_up_during_a_flare_or_with_a_red_flag",)),
    Guard("H05", "PHQ-9 item 9 above 0 alerts", "instruments/mood.py",
          '    item="self_harm",\n    at_least=1,', '    item="self_harm",\n    at_least=99,',
          ("tests/unit/instruments/test_mood_screens.py::test_phq9_item_9_above_zero_raises_same_day_risk_alert_whatever_the_total",)),
    Guard("H06", "a flare starts the flare plan", "core/engine/progression.py",
          "    if flare.active:\n        if ci.risk_assessment_due:  # the flare still cuts the load",
          "    if False:\n        if ci.risk_assessment_due:  # the flare still cuts the load",
          ("tests/unit/core/test_flare.py::test_a_flare_beats_an_advance_even_when_the_sessions_went_well",
           "tests/unit/core/test_flare.py::test_two_days_of_pain_well_above_her_usual_start_the_flare_plan")),
    Guard("H06", "a declared flare counts", "core/engine/flare.py",
          "state.active = state.declared or high >= limits.flare_days", "state.active = high >= limits.flare_days",
          ("tests/unit/core/test_flare.py::test_a_flare_she_declares_herself_starts_the_plan_at_once",)),
    Guard("H06", "a flare is detected from the diary", "core/engine/flare.py",
          "state.active = state.declared or high >= limits.flare_days", "state.active = state.declared",
          ("tests/unit/core/test_flare.py::test_two_days_of_pain_well_above_her_usual_start_the_flare_plan",)),
    Guard("H07", "a flare lasts until pain settles", "core/engine/flare.py",
          "        state.active = not settled", "        state.active = False",
          ("tests/unit/core/test_flare.py::test_while_pain_stays_high_the_flare_plan_continues_at_the_reduced_dose",)),
    Guard("H07", "a flare is not settled at a pain that would start one", "core/engine/flare.py",
          "            if starts < threshold:\n", "            if False:\n",
          ("tests/unit/core/test_flare.py::test_pain_that_would_start_a_flare_today_is_not_a_flare_that_has_settled",)),
    Guard("H07", "the pre-flare level leaves out the flare's own first days", "core/engine/monitoring.py",
          "    last = flare_started - timedelta(days=limits.flare_days)\n", "    last = flare_started - _ONE_DAY\n",
          ("tests/unit/core/test_flare.py::test_the_weeks_before_a_flare_end_before_the_days_that_made_it",
           "tests/cli/test_four_people_from_the_second_physio_review.py::test_lena_s_flare_is_not_called_settled_while_her_pain_stays_on_the_line_it_started_at")),
    Guard("H07", "after a recurrence the last step back to the dose that flared is the clinician's", "core/engine/flare.py",
          "        state.last_step_held = state.recurred and step[0] == len(plan.steps)\n",
          "        state.last_step_held = False\n",
          ("tests/unit/core/test_day_by_day_courses.py::test_after_a_flare_comes_back_the_return_steps_are_a_week_apart_and_the_last_is_the_clinicians",)),
    Guard("H08", "an improved patient's flare is seen from her recent level", "core/engine/monitoring.py",
          "level = baseline.mean if recent_usual is None else min(baseline.mean, recent_usual)", "level = baseline.mean",
          ("tests/unit/core/test_anchored_baseline.py::test_a_patient_who_improved_has_a_flare_seen_from_her_new_level_not_her_old_one",)),
    Guard("H09", "the yardstick is anchored, not a rolling window", "core/engine/evidence.py",
          "baseline = monitoring.anchored_baseline(usual, ci.today, limits, anchor, rolling=rolling)",
          "baseline = monitoring.anchored_baseline(usual, ci.today, limits, None, ci.today - timedelta(days=7), rolling)",
          ("tests/unit/core/test_anchored_baseline.py::test_pain_that_creeps_from_2_to_6_over_six_weeks_holds_and_alerts_even_while_each_week_looks_small",
           "tests/unit/core/test_monitoring.py::test_the_anchored_baseline_does_not_move_when_pain_rises_for_weeks")),
    Guard("H09", "a sustained rise holds and alerts", "core/engine/progression.py",
          "worse = [name for name, d in found.items() if d.sustained]", "worse = []",
          ("tests/unit/core/test_anchored_baseline.py::test_a_sustained_two_point_rise_inside_a_wide_band_still_holds_a_time_contingent_quota",)),
    Guard("H10", "the noise band is capped at the MCID", "core/engine/monitoring.py",
          "return min(limits.noise_band_max, max(limits.noise_band_min, band))", "return max(limits.noise_band_min, band)",
          ("tests/unit/core/test_monitoring.py::test_the_noise_band_grows_with_her_variability_between_one_point_and_the_mcid",
           "tests/unit/core/test_flare.py::test_a_rise_to_seven_two_days_running_is_a_flare_even_for_a_patient_whose_pain_swings_widely")),
    Guard("H11", "pain over the limit regresses", "core/engine/strategies.py",
          "readiness = Readiness([pain], regress=not pain.passed)", "readiness = Readiness([pain], regress=False)",
          ("tests/unit/core/test_symptom_contingent.py::test_pain_during_above_the_limit_regresses_one_step",)),
    Guard("H11", "the pain limit is checked", "core/engine/strategies.py",
          "worst is None or worst <= limit, sources", "True, sources",
          ("tests/unit/core/test_symptom_contingent.py::test_pain_during_above_the_limit_regresses_one_step",
           "tests/unit/core/test_symptom_contingent.py::test_a_clinician_can_lower_the_pain_limit_for_one_patient")),
    Guard("H12", "a next-morning rise regresses", "core/engine/strategies.py",
          "readiness.regress = readiness.regress or not rise.passed", "readiness.regress = readiness.regress",
          ("tests/unit/core/test_symptom_contingent.py::test_a_clear_next_morning_rise_regresses",
           "tests/unit/core/test_anchored_baseline.py::test_mornings_that_climb_from_3_to_6_after_every_session_for_three_weeks_never_advance")),
    Guard("H12", "the next morning is judged against the mornings before the change", "core/engine/evidence.py",
          "        if self.last_advance is None:\n            return self.morning_baseline",
          "        if True:\n            return self.morning_baseline",
          ("tests/unit/core/test_anchored_baseline.py::test_the_next_morning_is_judged_against_the_mornings_before_the_last_dose_change",)),
    Guard("H13", "a week of mornings up a noise band regresses", "core/engine/strategies.py",
          "readiness.regress = readiness.regress or (trend.difference >= band and not answered)",
          "readiness.regress = readiness.regress",
          ("tests/unit/core/test_anchored_baseline.py::test_morning_pain_up_a_whole_noise_band_on_last_week_regresses",)),
    Guard("H14", "time-contingent quotas do not hold on pain", "core/engine/strategies.py",
          "                  due, sources.OPERANT_QUOTAS),\n    ])",
          "                  due, sources.OPERANT_QUOTAS),\n        pain_during_within_limit(evidence),\n    ])",
          ("tests/unit/core/test_time_contingent.py::test_a_person_whose_usual_pain_is_six_still_has_her_quota_raised_on_schedule",)),
    Guard("H15", "an experiment with safety behaviours does not count", "core/engine/exposure.py",
          "return not experiment.safety_behaviours or _belief_halved(experiment, limits)", "return True",
          ("tests/unit/core/test_graded_exposure.py::test_an_experiment_done_while_bracing_does_not_count_and_one_behaviour_is_named_to_drop",)),
    Guard("H16", "exposure is not stopped by pain during", "core/engine/exposure.py",
          "    return Readiness(criteria, regress=stopped)\n",
          "    from rehab.core.engine.strategies import pain_during_within_limit\n"
          "    return Readiness([*criteria, pain_during_within_limit(evidence)], regress=stopped)\n",
          ("tests/unit/core/test_graded_exposure.py::test_pain_during_an_experiment_does_not_hold_him_exposure_works_on_expectancy",)),
    Guard("H17", "a caution leaves out the exercises that carry it", "core/planning/selection.py",
          "    excluded = caution_reason(exercise.involves, cautions)", "    excluded = None",
          ("tests/unit/core/test_caution_exclusions.py::test_after_a_hip_replacement_no_floor_transfer_and_no_deep_squat_even_when_the_goal_asks_for_the_floor",
           "tests/unit/core/test_caution_exclusions.py::test_with_hand_arthritis_nothing_takes_body_weight_through_the_hands")),
    Guard("H17", "a caution leaves out the daily activities that carry it", "core/planning/quotas.py",
          "    excluded = caution_reason(activity.cautions, cautions)", "    excluded = None",
          ("tests/unit/core/test_caution_exclusions.py::test_osteoporosis_leaves_out_digging_in_the_garden_and_says_so",)),
    Guard("H17", "the library check refuses an untagged movement", "content/check.py",
          "            if caution not in item.cautions:", "            if False:",
          ("tests/unit/content/test_caution_check.py::test_an_exercise_that_kneels_without_the_kneeling_tag_is_refused_naming_the_word_and_the_caution",
           "tests/cli/test_library_command.py::test_the_check_refuses_a_kneeling_exercise_without_the_kneeling_tag")),
    Guard("H17", "every exercise is reviewed against the cautions", "content/schema.py",
          "    cautions: list[CautionName] = Field(description=CAUTIONS_REVIEWED)",
          "    cautions: list[CautionName] = Field(default_factory=list, description=CAUTIONS_REVIEWED)",
          ("tests/unit/content/test_content_schema.py::test_an_exercise_never_reviewed_against_the_cautions_is_refused",)),
    Guard("H17", "a deep squat carries deep hip flexion", "content/data/exercises/knee.yaml",
          "  cautions: [deep_hip_flexion, floor_work, kneeling, wrist_weight_bearing]",
          "  cautions: [floor_work, kneeling, wrist_weight_bearing]",
          ("tests/unit/content/test_caution_tags.py::test_exactly_these_exercises_carry_the_caution",)),
    Guard("H18", "no left-out sentence when nothing was left out", "core/planning/selection.py",
          "        if names:", "        if True:",
          ("tests/unit/core/test_caution_exclusions.py::test_a_caution_that_removes_nothing_produces_no_left_out_sentence",)),
    Guard("H19", "only her clinicians may move her baseline", "services/baselines.py",
          'action="create", resource="baseline_anchor", roles=CARE_TEAM,',
          'action="create", resource="baseline_anchor", roles=CARE_TEAM_AND_PATIENT,',
          ("tests/integration/test_rebaseline_service.py::test_only_her_clinicians_may_move_her_baseline",)),
    Guard("H20", "a re-baseline needs seven days with pain", "core/engine/rebaseline.py",
          "    if found < limits.baseline_min_days:", "    if found < 1:",
          ("tests/unit/core/test_rebaseline_rule.py::test_seven_days_with_pain_are_enough_and_six_are_not",)),
    Guard("H20", "a re-baseline is days already lived", "core/engine/rebaseline.py",
          "    if last > today:", "    if False:",
          ("tests/unit/core/test_rebaseline_rule.py::test_days_not_yet_lived_are_not_a_baseline",)),
    Guard("H21", "uncontrolled blood pressure holds interval bursts until cleared", "core/planning/comorbidities.py",
          'leave_out(("interval_bursts",), "high blood pressure, until a doctor clears you")',
          '(("interval_bursts",), "high blood pressure, until a doctor clears you")',
          ("tests/unit/core/test_comorbidity_scenarios.py::test_blood_pressure_172_over_104_gets_no_interval_bursts_or_straining_and_is_sent_for_clearance",)),
    Guard("H21", "high blood pressure leaves out straining", "core/planning/comorbidities.py",
          'leave_out(("heavy_straining",), "high blood pressure")', '(("heavy_straining",), "high blood pressure")',
          ("tests/unit/core/test_comorbidity_scenarios.py::test_after_the_blood_pressure_clearance_intervals_return_but_straining_stays_out",)),
    Guard("H22", "neck pain with dizziness waits for a cervical arterial screen", "core/planning/comorbidities.py",
          'return "dizziness" in intake.constraints.comorbidities and Region.CERVICAL_THORACIC in intake.person.pain_regions',
          "return False",
          ("tests/unit/core/test_comorbidity_scenarios.py::test_neck_pain_with_dizziness_gets_no_neck_rotation_or_gaze_work_and_asks_for_a_cervical_arterial_screen",)),
    Guard("H23", "no lying on the back from 20 weeks of pregnancy", "core/planning/comorbidities.py",
          "if weeks is None or weeks >= SUPINE_FROM_WEEK:", "if weeks is None:",
          ("tests/unit/core/test_comorbidity_scenarios.py::test_24_weeks_pregnant_no_prone_no_supine_no_end_range_abdominal_work",)),
    Guard("H23", "the first twelve weeks after birth are cautious", "core/planning/comorbidities.py",
          "POSTPARTUM_CAUTIOUS_WEEKS = 12", "POSTPARTUM_CAUTIOUS_WEEKS = 6",
          ("tests/unit/core/test_comorbidity_scenarios.py::test_six_weeks_after_birth_no_impact_straining_or_end_range_abdominal_work",)),
    Guard("H24", "held loads capped by grip in hand arthritis", "core/planning/builder.py",
          "dose.with_values(load_kg=min(load, cap))", "dose.with_values(load_kg=load)",
          ("tests/unit/core/test_comorbidity_scenarios.py::test_hand_arthritis_with_a_15_kg_grip_never_carries_more_than_5_kg_at_any_phase",
           "tests/unit/core/test_comorbidity_scenarios.py::test_a_carry_goal_of_12_kg_is_capped_too")),
    Guard("H24", "no grip loading until grip is measured", "core/planning/comorbidities.py",
          'leave_out(("grip_loading",), "hand arthritis, until your grip strength is measured")',
          '(("grip_loading",), "hand arthritis, until your grip strength is measured")',
          ("tests/unit/core/test_comorbidity_scenarios.py::test_hand_arthritis_without_a_grip_measurement_carries_nothing_until_grip_is_measured",)),
    Guard("H25", "a measured fall risk leaves out unsupported balance", "core/planning/comorbidities.py",
          "TUG_FALL_RISK_S = 12.0", "TUG_FALL_RISK_S = 15.0",
          ("tests/unit/core/test_comorbidity_scenarios.py::test_a_measured_fall_risk_gets_no_unsupported_balance_or_heel_walking",)),
    Guard("H26", "a clearance cannot be dated in the future", "contracts/planning.py",
          "            if given > self.today:", "            if False:",
          ("tests/cli/test_plan_comorbidities.py::test_an_intake_with_wrong_weeks_or_clearances_exits_2_naming_the_field",)),
    Guard("H27", "a standing referral stops today's exercise", "core/engine/today.py",
          "    if stops_exercise(urgency):", "    if False:",
          ("tests/unit/core/test_today.py::test_a_red_flag_beats_a_flare_she_declared_after_it",)),
    Guard("H27", "a session log is refused while a referral stands", "services/logs.py",
          "        if stops_exercise(referral):", "        if False:",
          ("tests/integration/test_todays_guidance.py::test_a_session_log_is_refused_while_a_referral_stands_and_nothing_is_written",)),
    Guard("H27", "an urgent referral stops exercise too", "core/engine/safety.py",
          "    return urgency is Urgency.EMERGENCY or urgency is Urgency.URGENT", "    return urgency is Urgency.EMERGENCY",
          ("tests/unit/core/test_today.py::test_night_pain_that_never_eases_pauses_exercise_and_sends_her_to_the_clinic_today",)),
    Guard("H28", "today shows the dose the flare decision set", "services/today.py",
          "state.current_dose if state else p.starting_dose", "p.starting_dose",
          ("tests/integration/test_todays_guidance.py::test_a_flare_shows_exactly_the_reduced_doses_the_engine_decided",)),
    Guard("H28", "a routine referral during a flare still cuts the dose", "core/engine/progression.py",
          "        elif flare.active:  # a routine referral", "        elif False:  # a routine referral",
          ("tests/unit/core/test_safety.py::test_a_flare_she_declares_with_osteoporosis_on_record_still_cuts_her_dose_to_the_flare_plan",)),
    Guard("H22", "every neck and upper-back exercise waits for the screen", "core/planning/comorbidities.py",
          'held = (CERVICAL_REGION, "neck_rotation", "gaze_stability")', 'held = ("neck_rotation", "gaze_stability")',
          ("tests/unit/core/test_comorbidity_scenarios.py::test_neck_pain_with_dizziness_holds_every_neck_and_upper_back_exercise_until_the_screen",)),
    Guard("H24", "a goal above the grip cap is never promised", "core/planning/targets.py",
          "if cap is not None and wanted_load is not None and wanted_load > cap:", "if False:",
          ("tests/unit/core/test_comorbidity_scenarios.py::test_a_carry_goal_above_the_grip_cap_is_never_promised_and_both_readers_are_told",)),
    Guard("H29", "a pain limit that would hold every session chooses time-contingent", "core/planning/strategy.py",
          "    if fear or blockers:", "    if fear:",
          ("tests/unit/core/test_planning_fit.py::test_a_person_in_a_flare_with_usual_pain_7_and_widespread_pain_progresses_on_a_schedule",
           "tests/unit/core/test_planning_fit.py::test_each_reason_a_pain_limit_would_hold_every_session_leads_to_time_contingent_on_its_own")),
    Guard("H29", "not even a clinician's choice paces by a limit below usual pain", "core/planning/strategy.py",
          "if chosen is Strategy.SYMPTOM_CONTINGENT and usual_pain_above_limit(intake):", "if False:",
          ("tests/unit/core/test_planning_fit.py::test_nobody_is_paced_by_a_pain_limit_below_their_usual_pain",)),
    Guard("H30", "one pain rule for quotas", "core/planning/quotas.py",
          '"Only a flare or a safety warning pauses a rise.")', '"Whatever the pain, stay within the pain limit.")',
          ("tests/unit/core/test_planning_fit.py::test_time_contingent_quotas_are_told_one_pain_rule_not_two",)),
    Guard("H30", "no prognosis told to the person", "core/planning/strategy.py",
          '"Your answers about your back show that a steady plan suits you best."',
          '"Your back screen shows a high risk that pain will stay."',
          ("tests/unit/core/test_planning_fit.py::test_a_high_start_back_risk_is_never_told_to_the_person_as_a_prognosis",)),
    Guard("H31", "phase targets are what the pace reaches", "core/planning/builder.py",
          "        prescription = replace(prescription, target=reachable)",
          "        prescription = replace(prescription, target=prescription.target)",
          ("tests/unit/core/test_planning_fit.py::test_every_phase_of_the_known_people_is_reachable_and_maintenance_keeps_what_was_reached",)),
    Guard("H32", "no added load in the foundation during a flare", "core/planning/builder.py",
          'if phase == "foundation" and unloaded_foundation(intake) and start.get("load_kg") is not None:', "if False:",
          ("tests/unit/core/test_planning_fit.py::test_in_a_flare_or_with_usual_pain_7_the_foundation_lifts_no_added_weight",)),
    Guard("H32", "the flare page says the doses are already cut", "web/pages/patient_views.py",
          "if line.startswith(_CUT_TO_HALF) and (doses_shown or has_program):", "if False:",
          ("tests/pages/test_patient_pages.py::test_in_a_flare_the_page_says_the_doses_shown_are_already_cut_and_asks_for_no_planning",)),
    Guard("H09", "a patient who improved is judged from her best level", "core/engine/progression.py",
          "    reference = evidence.setback_reference or baseline", "    reference = baseline",
          ("tests/unit/core/test_day_by_day_courses.py::test_a_setback_to_double_her_new_usual_is_seen_in_a_patient_who_improved",)),
    Guard("H12", "the next-morning yardstick is never above the anchored mornings", "core/engine/evidence.py",
          "if found is None or (anchored is not None and anchored < found.mean):", "if found is None:",
          ("tests/unit/core/test_anchored_baseline.py::test_the_next_morning_yardstick_is_never_higher_than_her_anchored_mornings",)),
    Guard("H12", "mornings a regression answered stay out of the yardstick", "core/engine/evidence.py",
          "        if not answered:\n", "        if True:\n",
          ("tests/unit/core/test_anchored_baseline.py::test_mornings_a_regression_answered_do_not_become_part_of_the_next_yardstick",)),
    Guard("H12", "an advance waits for each next morning", "core/engine/strategies.py",
          "not missing, sources.NEXT_MORNING_BEFORE_CHANGE)", "True, sources.NEXT_MORNING_BEFORE_CHANGE)",
          ("tests/unit/core/test_symptom_contingent.py::test_a_session_today_cannot_count_until_its_next_morning_is_in", "tests/unit/core/test_symptom_contingent.py::test_an_unrecorded_next_morning_holds")),
    Guard("H12", "a morning not yet lived is not trusted", "core/engine/evidence.py",
          "    if cut < len(morning.days):", "    if False:",
          ("tests/unit/core/test_symptom_contingent.py::test_a_next_morning_noted_for_a_morning_not_yet_lived_is_ignored",)),
    Guard("H12", "mornings up after every session since the change hold", "core/engine/strategies.py",
          "        not held, sources.NEXT_MORNING_BEFORE_CHANGE)", "        True, sources.NEXT_MORNING_BEFORE_CHANGE)",
          ("tests/cli/test_mornings_up_after_every_session.py::test_her_last_three_mornings_one_point_up_hold_even_after_two_good_ones",)),
    Guard("H12", "a run of raised mornings at the same dose regresses", "core/engine/strategies.py",
          "        readiness.regress = True  # H12", "        pass  # H12",
          ("tests/cli/test_mornings_up_after_every_session.py::test_six_mornings_one_point_up_at_the_same_dose_ease_her_back_a_step",)),
    Guard("H12", "one odd morning does not lift the bar of raised mornings", "core/engine/strategies.py",
          "    return min(reference.mean, median) + evidence.limits.noise_band_min",
          "    return reference.mean + evidence.limits.noise_band_min",
          ("tests/cli/test_mornings_up_after_every_session.py::test_one_odd_morning_in_her_fortnight_does_not_lift_the_bar_out_of_reach",)),
    Guard("H33", "a hold is always explained", "core/engine/messages.py",
          'return next((name for name in _HOLD_ORDER if name in names), "")',
          "return next(name for name in _HOLD_ORDER if name in names)",
          ("tests/unit/core/test_hold_messages.py::test_a_hold_on_a_criterion_without_a_sentence_still_gets_a_true_plain_message",)),
    Guard("H34", "repeated regressions alert the clinician", "core/engine/progression.py",
          "    if len(dates) >= limits.repeated_regressions:", "    if False:",
          ("tests/unit/core/test_day_by_day_courses.py::test_two_regressions_of_one_activity_within_a_fortnight_alert_the_clinician",)),
    Guard("H34", "a flare back after a return step is a recurrence", "core/engine/flare.py",
          "        if ci.flare_episode is None or came_back == today:", "        if ci.flare_episode is None:",
          ("tests/unit/core/test_day_by_day_courses.py::test_a_flare_that_comes_back_after_a_return_step_is_a_recurrence_reviewed_a_week_from_its_start",)),
    Guard("H34", "a flare message never points to a day already past", "core/engine/messages.py",
          "        elif ci.today >= plan.review_by:", "        elif False:",
          ("tests/unit/core/test_day_by_day_courses.py::test_flare_messages_count_the_days_truly_and_never_point_to_a_day_already_past",)),
    Guard("H35", "no date comes in from before 1900 or after 2100", "contracts/wire.py",
          "    if not EARLIEST <= day <= LATEST:\n", "    if False:\n",
          ("tests/unit/test_contract_dates.py::test_a_date_at_the_ends_of_the_calendar_is_refused_naming_the_field_and_the_range",)),
    Guard("H35", "no log is dated long before enrolment", "services/record_dates.py",
          "    if day < first:\n", "    if False:\n",
          ("tests/api/test_plausible_dates.py::test_a_log_is_dated_from_a_week_before_enrolment_to_tomorrow",)),
    Guard("H35", "a check-in that raises puts only its patient aside", "services/checkins.py",
          "    except Exception as error:  # noqa: BLE001 - whatever it was", "    except ZeroDivisionError as error:  # noqa: BLE001 - whatever it was",
          ("tests/integration/test_one_bad_patient.py::test_a_poisoned_patient_is_put_aside_and_the_others_check_ins_still_run",)),
    Guard("H35", "a put-aside patient waits for the retry", "services/checkins.py",
          "tables.Patient.checkin_retry_at <= now)", "tables.Patient.checkin_retry_at <= now, True)",
          ("tests/integration/test_one_bad_patient.py::test_a_poisoned_patient_is_put_aside_and_the_others_check_ins_still_run",
           "tests/integration/test_one_bad_patient.py::test_a_put_aside_patient_is_retried_later_each_time_and_cleared_once_the_record_is_put_right")),
    Guard("H36", "a dose below half or above 1.5 times the one in force asks to be confirmed", "core/engine/dose_change.py",
          "        if new < below * old or new > above * old:", "        if False:",
          ("tests/unit/core/test_decisions_worded_for_clinicians.py::test_a_dose_below_half_or_above_one_and_a_half_times_is_a_large_change",
           "tests/pages/test_override_form.py::test_an_override_that_halves_the_walk_is_refused_with_a_warning_until_confirmed_with_a_reason")),
    Guard("H36", "the override form asks time in minutes", "web/pages/clinic.py",
          '"duration_s": ("dose_duration_min", "Duration (minutes)", 60)', '"duration_s": ("dose_duration_min", "Duration (minutes)", 1)',
          ("tests/pages/test_override_form.py::test_the_override_form_asks_the_walk_in_minutes_and_stores_it_in_the_engines_seconds",)),
    Guard("H37", "no experiment is logged while a referral stops exercise", "services/exposure.py",
          "        if stops_exercise(referral):\n            raise ExercisePaused(referral.value)\n",
          "        if False:\n            raise ExercisePaused(referral.value)\n",
          (f"{EXPOSURE}::test_a_red_flag_refers_and_stops_experiments_even_when_the_item_is_ready_to_move_up",)),
    Guard("H37", "a feared outcome that happened goes to the clinician", "core/engine/progression.py",
          "        _feared_outcome_alert(ci, alerts)\n", "\n",
          ("tests/unit/core/test_graded_exposure.py::test_an_experiment_in_which_the_feared_outcome_happened_goes_to_the_clinician_once",)),
    Guard("H37", "the stored check-in reads the hierarchy and the experiments", "services/checkins.py",
          "        hierarchy, experiments = exposure_records(uow, patient.id, prescription.activity_id, today)\n",
          "        hierarchy, experiments = None, ()\n",
          (f"{EXPOSURE}::test_two_disconfirming_experiments_move_dave_up_the_hierarchy",)),
    Guard("H40", "new neurological signs during a flare refer the same day, never reassured", "core/engine/progression.py",
          "    if urgency is not Urgency.EMERGENCY and (_neuro_signs_in_flare(ci, flare, criteria, alerts)\n",
          "    if urgency is not Urgency.EMERGENCY and (False\n",
          (f"{PHYSIO}::test_tomasz_numb_foot_during_the_flare_is_referred_today_and_never_reassured_as_a_flare",
           f"{PHYSIO}::test_tomasz_whose_pain_settled_but_whose_foot_is_still_numb_does_not_step_back_up")),
    Guard("H40", "the Today page pauses exercise for new signs during a flare", "core/engine/today.py",
          "    if urgency is not Urgency.EMERGENCY and symptoms.new_neuro_symptoms:  # beside a routine or urgent flag too\n",
          "    if False:  # beside a routine or urgent flag too\n",
          ("tests/unit/core/test_today.py::test_new_numbness_during_a_flare_pauses_exercise_today_as_the_check_in_refers_it",)),
    Guard("H50", "a new neurological sign outside a flare refers the same day", "core/engine/progression.py",
          "                                             or _new_neuro_signs(ci, flare, criteria)):\n",
          "                                             or False):\n",
          ("tests/unit/core/test_safety.py::test_new_tingling_in_a_foot_outside_a_flare_is_seen_the_same_day",
           "tests/cli/test_kwame_new_tingling_outside_a_flare.py::test_kwame_new_tingling_in_one_foot_without_a_flare_is_referred_today")),
    Guard("H50", "a routine flag does not lower a new neurological sign", "core/engine/progression.py",
          "    if urgency is not Urgency.EMERGENCY and (_neuro_signs_in_flare(ci, flare, criteria, alerts)\n",
          "    if urgency is None and (_neuro_signs_in_flare(ci, flare, criteria, alerts)\n",
          ("tests/unit/core/test_safety.py::test_new_tingling_beside_her_osteoporosis_flag_is_still_seen_the_same_day",)),
    Guard("H50", "beside another flag Today still says the sign's safety net", "core/engine/today.py",
          "    if urgency is not Urgency.EMERGENCY and symptoms.new_neuro_symptoms:  # beside a routine or urgent flag too\n",
          "    if urgency is None and symptoms.new_neuro_symptoms:  # beside a routine or urgent flag too\n",
          ("tests/unit/core/test_today.py::test_new_numbness_beside_a_routine_or_urgent_flag_pauses_exercise_with_the_signs_safety_net",)),
    Guard("H50", "outside a flare the patient is told the sign, the call today and the safety net", "core/engine/messages.py",
          "            if neuro is not None and not neuro.passed:  # H50: name the sign and the safety net\n                return NEW_NEURO_ADVICE\n",
          "\n",
          ("tests/cli/test_kwame_new_tingling_outside_a_flare.py::test_kwame_is_told_plainly_what_to_do_today_and_when_it_is_an_emergency",)),
    Guard("H50", "the Today page pauses exercise for a new sign outside a flare too", "core/engine/today.py",
          "        urgency, sentence = Urgency.URGENT, new_neuro_advice(any(a.on_flare_plan for a in activities))\n",
          "        urgency, sentence = (Urgency.URGENT, new_neuro_advice(True)) if any(a.on_flare_plan for a in activities) else (urgency, sentence)\n",
          ("tests/unit/core/test_today.py::test_new_numbness_outside_a_flare_pauses_exercise_today_as_the_check_in_refers_it",)),
    Guard("H50", "a session logged while a new sign outside a flare stops exercise is set aside", "services/logs.py",
          '"set_aside": _SET_ASIDE_REASON.get(guidance.sentence, NEW_NEURO_SIGNS) if stopped else None}',
          '"set_aside": NEURO_SIGNS_IN_FLARE if stopped and _SET_ASIDE_REASON.get(guidance.sentence) else None}',
          (f"{NEURO_LOG_OUTSIDE}::test_a_session_logged_anyway_is_kept_set_aside_and_she_is_told_not_to_exercise",)),
    Guard("H53", "the page after a set-aside log reads the advice back", "services/logs.py",
          "                            advice=_SET_ASIDE_ADVICE.get(session.set_aside))\n",
          "                            )\n",
          (f"{NEURO_LOG_PAGE}::test_a_session_saved_from_a_form_opened_before_new_tingling_is_kept_set_aside_and_answered_with_the_advice",
           f"{NEURO_LOG_PAGE}::test_a_retry_of_the_same_form_stores_nothing_new_and_shows_the_same_advice")),
    Guard("H53", "the page after a set-aside log says the advice first", "web/templates/me/log_done.html",
          "{% if advice %}\n<section", "{% if false %}\n<section",
          (f"{NEURO_LOG_PAGE}::test_during_a_flare_the_page_gives_the_flare_words_for_the_sign_never_the_flare_plan",)),
    Guard("H38", "a change outside the agreed bounds is refused and not stored", "services/self_management.py",
          "        if not result.allowed:", "        if False:",
          ("tests/integration/test_self_management_service.py::test_without_agreed_bounds_nothing_may_be_changed",)),
    Guard("H38", "no change is taken while an emergency or urgent referral stands", "services/self_management.py",
          "        if stops_exercise(referral):", "        if False:",
          ("tests/integration/test_self_management_service.py::test_no_change_is_taken_while_a_red_flag_waits_for_a_clinician",)),
    Guard("H39", "a review does not raise a dose during a flare", "core/planning/review.py",
          "    if flare_in_progress:\n", "    if False:\n",
          ("tests/unit/core/test_program_review_barriers.py::test_a_review_may_lower_a_dose_at_any_time_but_raise_it_only_outside_the_safety_order",)),
    Guard("H39", "a review does not raise a dose after a step back", "services/program_reviews.py",
          "            if refused:\n", "            if False:\n",
          ("tests/integration/test_program_review.py::test_a_review_cannot_raise_a_dose_after_the_last_check_in_stepped_back",)),
    Guard("H41", "a dose above the latest measured tolerance is not carried over a goal change", "core/planning/replanning.py",
          "        if tolerance is not None and _above(reached, tolerance):\n", "        if False:\n",
          (f"{GOAL_CHANGE}::test_a_goal_change_after_a_setback_lowers_a_dose_above_the_new_tolerance",)),
    Guard("H41", "above the tolerance means above its measured mean", "core/planning/replanning.py",
          "    return value is not None and value > tolerance.mean\n", "    return False\n",
          (f"{GOAL_CHANGE}::test_a_goal_change_after_a_setback_lowers_a_dose_above_the_new_tolerance",)),
    Guard("H42", "a lowered activity keeps its flare episode", "services/program_proposals.py",
          "state.current_dose, state.started_on, state.flare_episode = lowered, uow.now().date(), flare",
          "state.current_dose, state.started_on, state.flare_episode = lowered, uow.now().date(), None",
          (f"{GOAL_CHANGE}::test_a_flare_in_progress_goes_on_when_a_lowered_activity_is_accepted",)),
    Guard("H43", "item 9 left unanswered opens the same-day risk assessment", "instruments/referrals.py",
          "    elif any(a.code == SELF_HARM_UNANSWERED_ALERT for a in profile.alerts):\n", "    elif False:\n",
          ("tests/unit/instruments/test_referral_needs.py::test_item_9_left_unanswered_is_not_a_no_and_asks_for_the_same_same_day_risk_assessment",
           f"{REFERRALS}::test_item_9_left_unanswered_pauses_every_check_in_like_an_answer_above_0_until_bob_has_asked")),
    Guard("H44", "a session logged while new signs in a flare stop exercise is set aside", "services/logs.py",
          '"set_aside": _SET_ASIDE_REASON.get(guidance.sentence, NEW_NEURO_SIGNS) if stopped else None}',
          '"set_aside": None}',
          (f"{NEURO_LOG}::test_a_session_logged_with_a_numb_foot_in_a_flare_is_kept_set_aside_and_she_is_told_not_to_exercise",)),
    Guard("H44", "the check-in never reads a session set aside", "services/checkins.py",
          "           tables.SessionLog.set_aside.is_(None))", "           True)",
          (f"{NEURO_LOG}::test_once_her_clinician_has_checked_her_the_set_aside_session_still_never_counts",)),
    Guard("H45", "nothing sturdy to hold leaves out standing balance work", "core/planning/home.py",
          '        leave_out((STANDING_BALANCE, "unsupported_balance"), "nothing sturdy to hold at home")',
          '        leave_out((), "nothing sturdy to hold at home")',
          (f"{HOME}::test_a_78_year_old_living_alone_with_nothing_to_hold_gets_no_unsupported_or_standing_balance_work",)),
    Guard("H45", "a standing balance exercise is known as one", "core/planning/library.py",
          "            implied.add(STANDING_BALANCE)", "            pass",
          (f"{HOME}::test_a_78_year_old_living_alone_with_nothing_to_hold_gets_no_unsupported_or_standing_balance_work",)),
    Guard("H45", "the home's cautions reach the planner", "core/planning/builder.py",
          '    return {**home_rules(intake.home, "unsupported_balance" in rules.excluded).excluded, **rules.excluded}',
          "    return rules.excluded",
          (f"{HOME}::test_a_78_year_old_living_alone_with_nothing_to_hold_gets_no_unsupported_or_standing_balance_work",
           f"{HOME}::test_loose_rugs_leave_out_balance_with_nothing_to_hold_until_the_floor_is_made_safe")),
    Guard("H45", "floor hazards leave out balance with nothing to hold", "core/planning/home.py",
          '        leave_out(("unsupported_balance", "high_impact"), said)', "        leave_out((), said)",
          (f"{HOME}::test_loose_rugs_leave_out_balance_with_nothing_to_hold_until_the_floor_is_made_safe",)),
    Guard("H46", "no floor work for someone who cannot get up from the floor", "core/planning/home.py",
          '        leave_out(("floor_work", "kneeling"), "trouble getting up from the floor")',
          '        leave_out((), "trouble getting up from the floor")',
          (f"{HOME}::test_she_cannot_get_up_from_the_floor_so_gets_no_floor_work_even_though_her_goal_is_the_floor",)),
    Guard("H46", "no floor work living alone after a fall", "core/planning/home.py",
          '        leave_out(("unsupported_balance", "floor_work", "kneeling"), "living alone after a fall")',
          '        leave_out(("unsupported_balance",), "living alone after a fall")',
          (f"{HOME}::test_living_alone_after_a_fall_leaves_out_floor_work_and_tells_her_to_keep_a_phone_near",)),
    Guard("H46", "a knee put down on a towel is floor work (the library's tag)", "content/data/exercises/knee.yaml",
          "  cautions: [floor_work, kneeling]\n  progression: kneel_and_rise_with_chair",
          "  cautions: [kneeling]\n  progression: kneel_and_rise_with_chair",
          (f"{PHYSIO}::test_joan_who_said_no_floor_gets_no_kneeling_down_onto_a_towel_either",)),
    Guard("H46", "the library check knows a kneeling position is floor work", "content/check.py",
          '    "kneeling": frozenset({"kneeling", "floor_work"}),', '    "kneeling": frozenset({"kneeling"}),',
          ("tests/unit/content/test_caution_check.py::test_a_kneeling_position_is_floor_work_whatever_the_words_say",)),
    Guard("H49", "a program review cannot add what the planner leaves out", "services/program_reviews.py",
          "    why = reason_left_out(exercise, _planner_intake(uow, patient, current), library)",
          "    why = None",
          ("tests/integration/test_review_adds_exercises.py::test_a_review_cannot_add_what_the_planner_leaves_out_for_her_and_nothing_is_stored",
           "tests/integration/test_review_adds_exercises.py::test_a_review_cannot_add_floor_work_for_someone_the_planner_knows_cannot_get_up_from_the_floor")),
    Guard("H49", "the clinician's cautions on the intake reach every plan", "services/programs.py",
          "    data[\"constraints\"][\"cautions\"] = sent + [c for c in (row.cautions or []) if c not in sent]",
          "    data[\"constraints\"][\"cautions\"] = sent",
          ("tests/api/test_intake_cautions_api.py::test_a_plan_sent_without_the_stored_caution_still_leaves_the_movement_out",
           "tests/pages/test_planner_form_rows.py::test_a_caution_stored_on_the_intake_leaves_its_movement_out_of_every_later_plan")),
    Guard("H47", "no step-ups on stairs without a rail", "core/planning/home.py",
          '        leave_out((STEP_WORK,), "no rail on your stairs")',
          '        leave_out((), "no rail on your stairs")',
          (f"{HOME}::test_stairs_without_a_rail_leave_out_step_ups_and_with_a_rail_she_holds_it",)),
    Guard("H47", "an exercise on stairs is known as step work", "core/planning/library.py",
          "            implied.add(STEP_WORK)", "            pass",
          (f"{HOME}::test_stairs_without_a_rail_leave_out_step_ups_and_with_a_rail_she_holds_it",)),
    Guard("H48", "a due risk assessment pauses automated advice", "core/engine/progression.py",
          "    if ci.risk_assessment_due:\n", "    if False:\n",
          ("tests/unit/core/test_self_harm_pause.py::test_a_person_ready_to_advance_is_held_while_a_risk_assessment_is_due",)),
    Guard("H48", "a flare during the pause still says the clinician will call today", "core/engine/progression.py",
          "        if ci.risk_assessment_due:  # the flare still cuts the load", "        if False:  # the flare still cuts the load",
          ("tests/unit/core/test_self_harm_pause.py::test_a_flare_during_the_pause_still_cuts_the_dose_and_she_still_hears_the_clinician_will_call_today",)),
    Guard("H48", "the stored check-in reads the open risk assessment", "services/checkins.py",
          "        risk_assessment_due=referrals.risk_assessment_due(uow, patient.id),\n", "\n",
          (f"{REFERRALS}::test_thoughts_of_self_harm_pause_every_check_in_until_bob_records_the_risk_assessment",)),
    Guard("H48", "item 9 above 0 opens a same-day risk assessment", "instruments/referrals.py",
          "    if harm:\n", "    if False:\n",
          ("tests/unit/instruments/test_referral_needs.py::test_thoughts_of_self_harm_ask_for_a_same_day_risk_assessment_whatever_the_total",
           f"{REFERRALS}::test_thoughts_of_self_harm_pause_every_check_in_until_bob_records_the_risk_assessment")),
    Guard("H48", "a scored screen opens its referral steps", "services/assessments.py",
          "        referrals.open_steps(uow, actor, patient)\n", "        pass\n",
          (f"{REFERRALS}::test_moderate_depression_and_high_catastrophising_open_a_gp_and_a_psychology_step_with_their_scores",)),
    Guard("H48", "a risk assessment closes only as assessed", "services/referrals.py",
          '        if risk and given.outcome not in ("risk_assessed", "not_yet"):', "        if False:",
          (f"{REFERRALS}::test_a_risk_assessment_cannot_be_closed_as_taken_up",)),
    Guard("H54", "the heart effort cap is the check-in's limit", "core/planning/builder.py",
          "    if limit >= USUAL_EFFORT_LIMIT:\n", "    if True:\n",
          ("tests/pages/test_planning_comorbidity_pages.py::test_her_effort_cap_is_the_rule_her_check_ins_advance_by",)),
    Guard("H54", "the heart effort cap holds people who log reps in reserve", "core/engine/strategies.py",
          "    return max(limits.rir_min_to_advance, RPE_SCALE_TOP - limits.rpe_max_to_advance)",
          "    return limits.rir_min_to_advance",
          (f"{AFTER_CHANGES}::test_cyril_logging_reps_in_reserve_is_held_by_his_heart_effort_cap",)),
    Guard("H54", "heart disease waits for the clinician to confirm the condition is stable", "core/planning/comorbidities.py",
          "        if cleared(intake, HEART_CONDITION_STABLE):", "        if True:",
          (f"{COMORBIDITY}::test_an_older_person_with_heart_failure_waits_for_her_clinician_to_confirm_the_heart_is_stable",
           f"{COMORBIDITY}::test_a_cyclist_with_heart_disease_gets_no_harder_bursts_until_his_heart_is_confirmed_stable")),
    Guard("H54", "heart disease gets an effort cap and the signs to stop", "core/planning/comorbidities.py",
          '    if "heart_disease" in c.comorbidities:', "    if False:",
          (f"{COMORBIDITY}::test_an_older_person_with_heart_failure_gets_an_effort_cap_in_the_plan",
           f"{COMORBIDITY}::test_an_older_person_with_heart_failure_is_told_the_signs_to_stop_and_get_help_in_plain_words")),
    Guard("H54", "strength work moves up only within the heart's effort cap", "core/planning/builder.py",
          '"effort_limit": HEART_EFFORT_LIMIT if rules.effort_cap else USUAL_EFFORT_LIMIT,', '"effort_limit": USUAL_EFFORT_LIMIT,',
          (f"{COMORBIDITY}::test_an_older_person_with_heart_failure_gets_an_effort_cap_in_the_plan",)),
    Guard("H54", "the help page shows the heart signs", "web/pages/patient_views.py",
          '    signs = planned.get("stop_signs")', "    signs = None",
          (f"{COMORBIDITY_PAGES}::test_a_patient_with_heart_failure_reads_the_signs_to_stop_and_her_effort_cap_on_the_help_page",
           f"{COMORBIDITY_PAGES}::test_her_when_to_get_help_lesson_lists_the_heart_signs_before_saying_pain_is_safe_to_work_with")),
]


# Each guard's tests run in a fresh process on its own copy of the source. Starting Python, pytest
# and its plugins costs far more than the few tests each guard runs, so one runner per test process
# loads the third-party libraries once and forks a child per run: the child imports `rehab` (and the
# tests) from the copy, never from the runner, which imports none of it.
_RUNNER = r"""
import importlib, json, os, sys
from importlib.metadata import entry_points
import pytest
for plugin in entry_points(group="pytest11"):
    try:
        plugin.load()
    except Exception:
        pass
for name in ("sqlalchemy.orm", "sqlalchemy.dialects.sqlite", "alembic", "pydantic", "fastapi", "starlette.testclient",
             "jinja2", "hypothesis", "argon2", "typer", "rich"):
    try:
        importlib.import_module(name)
    except ImportError:
        pass
assert not any(m == "rehab" or m.startswith("rehab.") for m in sys.modules), "the runner must not import rehab"
# What is loaded so far is never collected: each child's garbage collections (pytest runs several
# at its end) then walk only what the child made.
import gc
gc.freeze()
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.chdir(job["cwd"])
        sys.path[:0] = job["path"]
        log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)
        os.dup2(log, 2)
        code = pytest.main(job["args"])
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(code))
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


@pytest.fixture(scope="module")
def runner():
    process = subprocess.Popen([sys.executable, "-c", _RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, env={"PATH": "/usr/bin:/bin"})
    yield process
    process.stdin.close()
    process.wait(timeout=60)
    process.stdout.close()


def run_tests(runner, tmp_path: Path, tests: tuple[str, ...], guard: Guard | None = None) -> subprocess.CompletedProcess:
    """``tests`` against a copy of the source, with the guard's control removed when given."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src", copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    if guard is not None:
        target = copy / "rehab" / guard.file
        source = target.read_text(encoding="utf-8")
        assert guard.control in source, f"the control is no longer written as this guard expects: update it\n{guard.control}"
        target.write_text(source.replace(guard.control, guard.removed, 1), encoding="utf-8")
    log = tmp_path / "pytest.log"
    # The runner loaded the plugins already, so pytest cannot rewrite their asserts (ours it still does).
    # On SQLite only: a control is in our code, not the database's, and the suite runs every one of
    # these tests on PostgreSQL as well (a guard whose tests all need PostgreSQL would collect
    # nothing and fail here, loudly).
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-W", "ignore::pytest.PytestAssertRewriteWarning",
            "-k", "not postgresql", *(str(ROOT / node) for node in tests)]
    runner.stdin.write(json.dumps({"cwd": str(tmp_path), "path": [str(copy), str(ROOT / "tests")], "log": str(log),
                                   "args": args}) + "\n")
    runner.stdin.flush()
    code = int(runner.stdout.readline())
    return subprocess.CompletedProcess(args, code, stdout=log.read_text(encoding="utf-8", errors="replace"))


def test_the_unchanged_copy_passes_every_guards_tests(runner, tmp_path):
    """The control run: without a change the same tests pass, so the failures below are the guards'."""
    tests = tuple(dict.fromkeys(node for guard in GUARDS for node in guard.tests))
    result = run_tests(runner, tmp_path, tests)
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize("guard", GUARDS, ids=[f"{g.hazard} {g.protects}" for g in GUARDS])
def test_removing_the_control_makes_its_test_fail(runner, tmp_path, guard):
    result = run_tests(runner, tmp_path, guard.tests, guard)
    assert result.returncode == 1, f"no test failed without '{guard.protects}' ({guard.hazard}):\n{result.stdout[-2000:]}"
