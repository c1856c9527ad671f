"""Readiness to progress, by strategy.

``symptom_contingent`` (pain-monitoring model, Silbernagel 2007): advance after the target dose was
completed on consecutive sessions with pain during within the limit, pain back to the level of the
mornings before the last dose change by the next morning, effort not maximal, the week's pain not
reliably above the anchored baseline and morning pain not rising from week to week. Pain over the
limit, a clear next-morning rise, or a weekly morning rise by the noise band regresses one step;
anything in between holds (the §3.1 table).

``time_contingent`` (operant graded activity, Lindström 1992; Fordyce): quotas rise on the agreed
schedule when they were met, whatever the pain: the patient stops at the quota on good days and
completes it on bad days (§3.2 rule 3). Pain during a session is not a criterion here. Only the
flare rules, relative to the personal baseline (§3.4, §5), the sustained-worsening rule and safety
may stop a raise; they are checked before any strategy (``progression.check_in``).

``graded_exposure`` (in :mod:`rehab.core.engine.exposure`) moves up a fear hierarchy rather than a dose.

``return_step`` replaces any of them while a flare settles: one session at the current step of the
flare plan, then the next step.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING

from rehab.core import sources
from rehab.core.engine import monitoring
from rehab.core.models import Criterion, DecisionKind, Dose, Limits, SessionLog, Strategy

if TYPE_CHECKING:
    from rehab.core.engine.evidence import Evidence

_by_date = attrgetter("date")

# Criteria about readiness to progress (not safety, adherence or monitoring): when only these hold
# an activity back for weeks, the plan needs reformulating.
READINESS_CRITERIA = (
    "target_dose_completed",
    "pain_reported",
    "next_morning_recorded",
    "next_morning_back_to_usual",
    "next_mornings_not_all_raised",
    "effort_not_maximal",
    "effort_within_cap",
    "weekly_pain_not_rising",
    "weekly_morning_not_rising",
    "safety_behaviours_faded",
    "quota_met",
    "raise_due",
    "return_step_session",
    "return_step_days",
    "experiment_logged",
    "expectancy_disconfirmed",
)


@dataclass(slots=True)
class Readiness:
    criteria: list[Criterion] = field(default_factory=list)
    regress: bool = False
    morning_trend: monitoring.WeeklyChange | None = None


def symptom_contingent(evidence: Evidence) -> Readiness:
    limits = evidence.limits
    dose = evidence.checkin.activity.dose
    readiness = _pain_signals(evidence)

    needed = limits.sessions_to_advance
    run = 0
    for session in reversed(evidence.new_sessions):
        if not session.completed.covers(dose):
            break
        run += 1
    qualifying = evidence.new_sessions[-needed:]
    reported = sum(1 for s in qualifying if s.pain_during is not None)
    readiness.criteria += [
        Criterion("target_dose_completed", "dose", run, f">= {needed} sessions in a row at the current dose",
                  run >= needed, sources.TWO_SESSIONS_RULE),
        Criterion("pain_reported", "pain", f"{reported} of {len(qualifying)}",
                  "pain during logged for each of those sessions", reported == len(qualifying),
                  sources.SILBERNAGEL_PAIN_MONITORING),
        *_morning_back_to_usual(evidence, qualifying),
        _effort(evidence, qualifying),
    ]
    raised = next((c for c in readiness.criteria if c.name == "next_mornings_not_all_raised"), None)
    if raised is not None and len(raised.value) >= limits.raised_mornings_regress_run:
        readiness.regress = True  # H12: a run at the same dose that never settles (§3.1)
    baseline = evidence.setback_reference  # the anchored level, or her best since when lower
    change = monitoring.weekly_change(evidence.usual, baseline, evidence.today, limits, evidence.usual_rho) if baseline else None
    rising = change is not None and change.reliable and change.difference > 0
    readiness.criteria.append(
        Criterion("weekly_pain_not_rising", "pain", change.describe() if change else None,
                  f"last {limits.recent_days} days not reliably above the anchored baseline, or the patient's best 14-day "
                  f"level since the anchor when lower (z <= {limits.reliable_z:g})",
                  not rising, sources.WEEKLY_RELIABLE_CHANGE)
    )
    readiness.criteria.append(weekly_morning_not_rising(readiness.morning_trend, limits))
    return readiness


def weekly_morning_not_rising(trend: monitoring.WeeklyChange | None, limits: Limits) -> Criterion:
    """Silbernagel's weekly rule (§3.1): this week's mornings not reliably above last week's."""
    return Criterion("weekly_morning_not_rising", "pain", trend.describe_weeks() if trend else None,
                     f"this week's mornings not reliably above last week's (z <= {limits.reliable_z:g})",
                     not (trend is not None and trend.reliable and trend.difference > 0), sources.WEEKLY_MORNING_TREND)


def time_contingent(evidence: Evidence) -> Readiness:
    """Met quotas rise on schedule; pain during a session is not asked about (§3.2 rule 3)."""
    ci = evidence.checkin
    limits = ci.limits
    dose = ci.activity.dose
    period = limits.quota_raise_every_days
    anchor = evidence.last_change or ci.activity.started or (evidence.sessions[0].date if evidence.sessions else None)
    days = (ci.today - anchor).days if anchor else None
    due = days is not None and days >= period
    # Met means met in the last ``period`` days and, once a raise is due, in the last whole period
    # counted from the last change too (§3.4: raise only if the previous week's quotas were >= 80%
    # complete). The whole period alone stops a week of 3 walks in 5 from holding on day 7 and rising
    # on day 8, when the new week's first walk comes in (a physiotherapist's review, 2026-12-03d,
    # finding 10); the last days alone keep a raise held past the period's end (by a flare line, a
    # setback) from being made on a week she has since stopped walking: judged on the whole period
    # alone, the virtual cohort's `engine` policy (1,000 people x 16 weeks, seed 1) made 347 advances
    # over tolerance against 151 with the last days alone; with both, 95 (and 5.8% reached the goal
    # against 9.4%: raises wait for a whole week met, as §3.4 has it).
    sessions = evidence.new_sessions
    planned = ci.activity.sessions_per_week * period / 7

    def met_share(last: date) -> tuple[list[SessionLog], int, float]:
        since = last - timedelta(days=period - 1)
        done = sessions[bisect_left(sessions, since, key=_by_date):bisect_right(sessions, last, key=_by_date)]
        met = sum(1 for s in done if s.completed.covers(dose))
        return done, met, min(1.0, met / planned)

    recent, met, share = met_share(ci.today)
    value = {"met": met, "planned": round(planned, 1), "share": round(share, 2)}
    threshold = f">= {limits.quota_met_share:.0%} of the planned sessions of the last {period} days completed the quota"
    passed = share >= limits.quota_met_share
    if due:
        end = anchor + timedelta(days=days // period * period)
        if end != ci.today:
            _, whole_met, whole_share = met_share(end)
            value["whole_period"] = {"to": end.isoformat(), "met": whole_met, "share": round(whole_share, 2)}
            threshold += f", and of the whole period to {end.isoformat()} since the last change"
            passed = passed and whole_share >= limits.quota_met_share
    criteria = [
        Criterion("quota_met", "dose", value, threshold, passed, sources.QUOTA_MET_SHARE),
        Criterion("raise_due", "schedule", days, f">= {period} days since the last change",
                  due, sources.OPERANT_QUOTAS),
    ]
    if limits.rpe_max_to_advance < _USUAL_RPE_MAX:
        # An effort cap from a health condition (uncontrolled blood pressure before its clearance, H21;
        # heart disease, H54) holds a quota raise too: pain is not asked under graded activity (§3.2),
        # but the cap is a safety limit the plan gives for "each exercise and each walk". A walking
        # quota rose 19 -> 21 minutes with every walk logged at 8/10 against a cap of 5 (a
        # physiotherapist's re-check, 2026-12-03e).
        criteria.append(_effort(evidence, recent))
    return Readiness(criteria)


def return_step(evidence: Evidence, step_dose: Dose | None, step_days: int | None = None,
                settled_since: date | None = None) -> Readiness:
    """Ready for the next flare-return step after one session at the current step (within the pain
    limit under the symptom-contingent strategy) and ``step_days`` days on it (``flare_step_days``,
    or a week after a recurrence: :func:`rehab.core.engine.flare.flare_state`). After a first flare
    the days count from ``settled_since`` (the day pain came back near usual) when that is later
    than the last dose change, so the first step waits too (§5.6 "over 1-2 weeks"; H07)."""
    ci = evidence.checkin
    dose = ci.activity.dose
    symptom = ci.strategy is Strategy.SYMPTOM_CONTINGENT
    limit = ci.limits.pain_during_max
    readiness = _pain_signals(evidence) if symptom else Readiness()
    done = sum(
        1 for s in evidence.new_sessions
        if s.completed.covers(dose) and (not symptom or (s.pain_during is not None and s.pain_during <= limit))
    )
    start = evidence.last_change
    if settled_since is not None and (start is None or settled_since > start):
        start = settled_since
    days = (ci.today - start).days if start else None
    step_days = ci.limits.flare_step_days if step_days is None else step_days
    readiness.criteria += [
        Criterion("return_step_session", "dose", done, ">= 1 session at the current flare-plan step",
                  done >= 1, sources.FLARE_LOAD_CUT),
        Criterion("return_step_days", "schedule", days,
                  f">= {step_days} days at the current step"
                  + (f" since pain came back near usual on {settled_since.isoformat()}" if start == settled_since
                     and settled_since is not None else ""),
                  days is None or days >= step_days, sources.FLARE_LOAD_CUT),
    ]
    if symptom or ci.limits.rpe_max_to_advance < _USUAL_RPE_MAX:
        # A step back up is a rise like any other: the effort limit that holds a raise holds it too, the
        # health condition's cap (heart 4, blood pressure or pregnancy 5; H21, H23, H54) under either
        # strategy, as time_contingent has it, and the usual limit under the symptom-contingent one. A
        # walk back from a flare went 15 -> 20 minutes with three walks at 8/10 against a heart cap of 4
        # (a physiotherapist's review, 2026-12-03j, finding 1: SAFETY).
        readiness.criteria.append(_effort(evidence, evidence.new_sessions))
    return readiness


def _pain_signals(evidence: Evidence) -> Readiness:
    """The symptom-contingent regression triggers (§3.1 table): pain during over the limit, a clear
    next-morning rise over the mornings before the last advance, and a weekly morning rise by
    the personal noise band."""
    pain = pain_during_within_limit(evidence)
    readiness = Readiness([pain], regress=not pain.passed)
    rise = morning_no_rise(evidence)
    if rise is not None:
        readiness.criteria.append(rise)
        readiness.regress = readiness.regress or not rise.passed
    readiness.morning_trend = trend = monitoring.weekly_trend(evidence.morning, evidence.today, evidence.limits,
                                                              evidence.morning_noise, evidence.morning_rho,
                                                              evidence.morning_weeks)
    reference = evidence.morning_before_change
    if trend is not None and reference is not None:
        band = max(reference.noise_band, 1.0)
        readiness.criteria.append(
            Criterion("weekly_morning_rise_below_noise", "pain", round(trend.difference, 2),
                      f"< {band:.1f} (the noise band of the patient's mornings)", trend.difference < band,
                      sources.WEEKLY_MORNING_TREND))
        # Evidence is counted once: a regression or flare in the last week has answered this week's rise.
        answered = (evidence.last_change_kind in (DecisionKind.REGRESS, DecisionKind.FLARE)
                    and evidence.last_change > evidence.today - timedelta(days=7))
        readiness.regress = readiness.regress or (trend.difference >= band and not answered)
    return readiness


def pain_during_within_limit(evidence: Evidence) -> Criterion:
    """The worst pain during sessions not yet answered, against the agreed limit (every strategy
    holds for it; the symptom-contingent one also regresses)."""
    limit = evidence.limits.pain_during_max
    worst = max((s.pain_during for s in evidence.signal_sessions if s.pain_during is not None), default=None)
    return Criterion("pain_during_within_limit", "pain", worst, f"<= {limit:g}",
                     worst is None or worst <= limit, sources.SILBERNAGEL_PAIN_MONITORING)


def morning_no_rise(evidence: Evidence) -> Criterion | None:
    """The mornings after the sessions not yet answered against the flare line of the mornings before
    the last advance (§3.1, §5.3); None without a yardstick. A regress trigger here, a hold under
    graded exposure (:func:`rehab.core.engine.exposure.graded_exposure`)."""
    reference = evidence.morning_before_change
    if reference is None:
        return None
    threshold = monitoring.flare_threshold(reference, evidence.limits)
    by_day = evidence.morning.by_day
    values = [by_day[s.date] for s in evidence.morning_sessions if s.date in by_day]
    worst = max(values, default=None)
    return Criterion("next_morning_no_rise", "pain", worst,
                     f"< {threshold:.1f} (mornings {_window(reference)} {reference.mean:.1f} + "
                     f"{threshold - reference.mean:.1f})",
                     worst is None or worst < threshold, sources.NEXT_MORNING_BEFORE_CHANGE)


def _morning_back_to_usual(evidence: Evidence, qualifying: list[SessionLog]) -> list[Criterion]:
    """The 24-hour response of each session the advance counts (§3.1: it matters more than pain
    during): its next morning recorded, and back within the noise band of the mornings before the
    last advance. A session today has no next morning yet, so it cannot count until tomorrow."""
    reference = evidence.morning_before_change
    by_day = evidence.morning.by_day
    # The mornings hold none dated today or later (not yet lived: ``evidence.gather``), so a session
    # today has no next morning yet.
    known = {s.date: by_day[s.date] for s in qualifying if s.date in by_day}
    missing = [s.date.isoformat() for s in qualifying if s.date not in known]
    recorded = Criterion("next_morning_recorded", "pain", f"{len(known)} of {len(qualifying)}",
                         "the next morning recorded after each of those sessions"
                         + (f" (not yet: {', '.join(missing)})" if missing else ""),
                         not missing, sources.NEXT_MORNING_BEFORE_CHANGE)
    if reference is None:
        return [recorded, Criterion("next_morning_back_to_usual", "pain", None, "needs a personal baseline", False,
                                    sources.NEXT_MORNING_BEFORE_CHANGE)]
    ceiling = reference.mean + reference.noise_band
    worst = max(known.values(), default=None)
    checked = ", ".join(d.isoformat() for d in known) or "none recorded"
    return [recorded, Criterion(
        "next_morning_back_to_usual", "pain", worst,
        f"<= {ceiling:.1f} (mornings {_window(reference)} {reference.mean:.1f} + noise "
        f"{reference.noise_band:.1f}), on the mornings after the sessions of {checked}",
        worst is not None and worst <= ceiling, sources.NEXT_MORNING_BEFORE_CHANGE),
        _mornings_all_raised(evidence, reference)]


def _mornings_all_raised(evidence: Evidence, reference: monitoring.PersonalBaseline) -> Criterion:
    """The last mornings after sessions since the dose change each up by at least a point on the
    mornings before it (hazard H12): each rise alone is inside the noise band, but one after every
    session is a pattern, the session not settling by the next morning (§3.1). It needs the last
    ``raised_mornings_run`` of them in a row, so ordinary day-to-day noise rarely makes one, and
    two good mornings early on do not hide a later run. The bar is the lower of the mean and the
    median of the mornings before the change, plus a point: one odd morning in that fortnight must
    not lift a steady 4 to a bar of 5.07 that a 5 never reaches (a physiotherapist's review of the
    rule, 2026-12-03). A run that goes on at the same dose to ``raised_mornings_regress_run``
    mornings is no longer settling at all: the symptom-contingent strategy regresses for it."""
    limits = evidence.limits
    raised = _raised_mornings(evidence, reference)
    floor = _raised_floor(evidence, reference)
    held = len(raised) >= limits.raised_mornings_run
    return Criterion(
        "next_mornings_not_all_raised", "pain", raised,
        f"fewer than {limits.raised_mornings_run} mornings in a row >= {floor:.1f} after the sessions since the "
        f"last change (raised: the lower of mean and median of the mornings {_window(reference)[:-1]}, + "
        f"{limits.noise_band_min:g}); {limits.raised_mornings_regress_run} in a row regress",
        not held, sources.NEXT_MORNING_BEFORE_CHANGE)


def _raised_floor(evidence: Evidence, reference: monitoring.PersonalBaseline) -> float:
    # The mornings of the reference's days (a slice of the series, in date order; then sorted).
    before = sorted(evidence.morning.window(reference.first, reference.last)[1])
    middle = len(before) // 2
    median = (before[middle] if len(before) % 2 else (before[middle - 1] + before[middle]) / 2) if before else reference.mean
    return min(reference.mean, median) + evidence.limits.noise_band_min


def _raised_mornings(evidence: Evidence, reference: monitoring.PersonalBaseline) -> list[float]:
    """The mornings after sessions since the last change, newest last, that end the run of raised
    ones (empty when the last of them was not raised)."""
    by_day = evidence.morning.by_day
    days = sorted({s.date for s in evidence.morning_sessions if s.date in by_day})
    floor = _raised_floor(evidence, reference)
    run: list[float] = []
    for day in reversed(days):
        if by_day[day] < floor:
            break
        run.append(by_day[day])
    return run[::-1]


def _window(baseline: monitoring.PersonalBaseline) -> str:
    return f"{baseline.first.isoformat()} to {baseline.last.isoformat()}, {baseline.kind}:"


# The RIR-based RPE scale (Zourdos et al. 2016, J Strength Cond Res 30(1):267-275; clinical reference
# §3.6, anchors unverified): RPE 10 = 0 reps in reserve (RIR), 9 = 1, 8 = 2, 7 = 3, 5-6 = 4-6 RIR,
# 3-4 = light; along the scale, RIR = 10 - RPE. So an effort cap below the usual RPE 8 is, for a
# person who logs reps in reserve instead, at least 10 - cap in reserve: the heart effort cap of 4/10
# (hazard H54) needs 6 or more, the easy end of the scale's 4-6 band (RPE 5-6), and a set stopped
# with fewer held. Before this, RIR loggers were judged by the usual 2 RIR (RPE 8) under a cap of 4.
# A convention (⚠️): estimates are off by more than 2 reps when 7-10 from failure (Hackett 2017, §3.6),
# and the scale has no RIR for its "light" 3-4. Never looser than the ``rir_min_to_advance`` set.
RPE_SCALE_TOP = 10


_USUAL_RPE_MAX = Limits().rpe_max_to_advance  # the effort limit without a health condition's cap


def rir_min_to_advance(limits: Limits) -> float:
    """The fewest reps in reserve that allow an advance: the limit set, or the RIR equivalent of the
    RPE cap when that is stricter (a heart effort cap of 4/10 needs 6 in reserve: hazard H54)."""
    return max(limits.rir_min_to_advance, RPE_SCALE_TOP - limits.rpe_max_to_advance)


def _effort(evidence: Evidence, qualifying: list[SessionLog]) -> Criterion:
    limits = evidence.limits
    worst_rpe = max((s.rpe for s in qualifying if s.rir is None and s.rpe is not None), default=None)
    least_rir = min((s.rir for s in qualifying if s.rir is not None), default=None)
    rir_needed = rir_min_to_advance(limits)
    passed = (worst_rpe is None or worst_rpe <= limits.rpe_max_to_advance) and (
        least_rir is None or least_rir >= rir_needed
    )
    value = {"rpe": worst_rpe, "rir": least_rir} if least_rir is not None else worst_rpe
    threshold = f"RPE <= {limits.rpe_max_to_advance:g} (or >= {rir_needed:g} reps in reserve)"
    if limits.rpe_max_to_advance < _USUAL_RPE_MAX:
        # Under a health condition's cap (heart 4, blood pressure or pregnancy 5) the check is the cap,
        # not a maximal effort: a set at 5/10 is held though far from maximal, and its name says so.
        # Decisions stored before this name say "effort_not_maximal" for the same check (both are read).
        return Criterion("effort_within_cap", "effort", value, threshold, passed, sources.EFFORT_AUTOREGULATION)
    return Criterion("effort_not_maximal", "effort", value, threshold, passed, sources.EFFORT_AUTOREGULATION)
