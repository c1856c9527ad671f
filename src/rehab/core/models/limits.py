"""Thresholds of the check-in rules, with their evidence-based defaults.

A clinician can override any of them per patient (the check-in's ``limits``). The defaults are the
rule set; changing a default changes :data:`RULE_VERSION`, and every decision records the version
that made it. ``docs/check-in.md`` lists each limit with its source (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass

RULE_VERSION = "2026.12.12"


@dataclass(frozen=True, slots=True)
class Limits:
    # Pain during activity may reach 5/10 (Silbernagel 2007; clinical reference §3.1).
    pain_during_max: float = 5.0
    # Sessions in a row at the target dose before advancing (Silbernagel; NSCA 2-for-2; §3.1, §3.5).
    sessions_to_advance: int = 2
    # Effort must not be maximal: RPE <= 8, i.e. >= 2 reps in reserve (Zourdos 2016; §3.6).
    rpe_max_to_advance: float = 8.0
    rir_min_to_advance: float = 2.0
    # Day-to-day noise is estimated over the 28 days before the last week, with the trend taken
    # out; a baseline needs at least 7 diary days (§7.2 step 1: 7, ideally 14).
    baseline_days: int = 28
    baseline_min_days: int = 7
    # The baseline phase at the start of the diary, the anchored yardstick until a clinician
    # re-baselines (§7.2 step 1: ideally 14 daily entries; step 5: re-baseline after a setback, a
    # medication change or a new phase).
    intake_baseline_days: int = 14
    # The next-morning rules compare with the mornings of the 14 days before the last advance, or
    # the anchored mornings when lower (Silbernagel: back to the pre-session level by the next
    # morning, §3.1; the yardstick never moves by itself, §7.2).
    pre_change_days: int = 14
    # A rise too small for the noise band, but after every session: 3 or more mornings after the
    # sessions since the last dose change, each at least ``noise_band_min`` (1 point) above the
    # mornings before it, is a pattern, not noise, and holds (§3.1: back to the pre-session level by
    # the next morning; found by a reviewing physiotherapist, hazard H12). Ordinary noise rarely makes
    # such a run: with independent mornings and a day-to-day SD of 1 point, each is 1 point up about
    # 1 time in 6, so three in a row about 1 time in 250 (0.16 cubed; a rehab rule, not a source).
    raised_mornings_run: int = 3
    # Such a run that goes on at the same dose (6 mornings: about two weeks of sessions) is the
    # §3.1 "not settled by the next morning" row: regress one step (a physiotherapist's review, 2026-12-03).
    raised_mornings_regress_run: int = 6
    # 2 or more regressions of one activity within 14 days alert the clinician: the dose is not
    # settling, which asks for a reassessment (§3.1, §7.2; rehab rule).
    repeated_regressions: int = 2
    repeated_regressions_window_days: int = 14
    # The recent window compared with the baseline (a week: §7.2 step 3).
    recent_days: int = 7
    # z beyond which a change is outside the personal noise (95%; §7.2).
    reliable_z: float = 1.96
    # Narrowest noise band in NRS points: a 1-point move on an integer scale is never a signal
    # (engine convention, below every published NRS MCID of 1.3-2 points; §1.1).
    noise_band_min: float = 1.0
    # Widest noise band in NRS points: the NRS MCID of 2 points (Farrar 2001; §1.1), so a noisy or
    # drifting diary can never widen the band past a clinically important change. A clinician may
    # set another width for one patient.
    noise_band_max: float = 2.0
    # Sustained worsening: the weekly mean up >= 2 points and >= 30% from the anchored baseline
    # (the NRS MCID, Farrar 2001; §1.1, §7.2 step 4) in each of the last 2 weeks, each week with at
    # least 4 diary days: a setback, not a flare (§5), so it holds and asks for a review.
    drift_weeks: int = 2
    drift_min_days: int = 4
    # Lag-1 autocorrelation assumed when a diary is too short to estimate it (§7.2: 0.3-0.5).
    autocorrelation_default: float = 0.4
    # Flare: >= 2 points above the personal baseline, beyond the noise band, >= 2 days (§5.3).
    flare_rise_min: float = 2.0
    flare_days: int = 2
    # Flare dose: about half the current volume (§5.5), returned in steps (§5.6).
    flare_dose_fraction: float = 0.5
    flare_return_steps: int = 2
    flare_settled_days: int = 2
    # Each return step lasts at least 4 days, the first counted from the day pain came back near
    # the pre-flare level: two steps (75%, 100%) then take 8 days from settling, inside §5.6's
    # "return to the pre-flare quota over 1-2 weeks". 3 days let the whole return fit in 6 days,
    # under a week (a physiotherapist's review, 2026-12-03, case a2; hazard H07); 4 is the fewest
    # whole days a step that make two steps a week or more (rehab.core.engine.flare.flare_state).
    flare_step_days: int = 4
    # After a recurrence (a flare that came back after a return step, or a new flare the
    # recurring-flares rule counts) each return step lasts at least a week: the pacing increment's
    # week (§3.4, about 10% a week; §5.6 "over 1-2 weeks"), and the last step back to the dose that
    # flared is left to the clinician (rehab.core.engine.flare.flare_state; hazard H07).
    flare_step_days_after_recurrence: int = 7
    # Escalate a flare not settling after about a week, or recurring (>= 2 in 4 weeks) (§5.7).
    flare_review_days: int = 7
    recurring_flares: int = 2
    recurring_flares_window_days: int = 28
    # Adherence below 60% of planned sessions holds progression to explore barriers (rehab rule).
    adherence_min_share: float = 0.6
    adherence_window_days: int = 14
    # No advance for 6 weeks despite adequate adherence: reformulate (rehab rule; §8 cadence).
    stall_weeks: int = 6
    # Time-contingent quotas: raised every 7 days when >= 80% of the period's quotas were met (§3.4).
    quota_raise_every_days: int = 7
    quota_met_share: float = 0.8
    # Graded exposure (§3.3): move up the fear hierarchy when the item's fear or expectancy rating
    # has dropped by >= 50% since its first exposure (traditional habituation practice) or the
    # feared outcome did not happen on 2 exposures in a row (expectancy violation, inhibitory
    # learning, Craske 2014). Both are configurable engine conventions (unverified).
    exposure_rating_drop: float = 0.5
    exposure_disconfirmations: int = 2
    # A harm re-rating more than 20 points from the first rating is a true change, not
    # measurement noise (PHODA-SeV test-retest, Leeuw 2007; §3.3).
    exposure_harm_true_change: float = 20.0
    # Self-management: this many sessions in a row on an easier step the patient chose signal the
    # clinician (rehab rule: about a week of sessions at three a week; a signal, not a failure).
    self_easier_run: int = 3
