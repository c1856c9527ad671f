"""Readiness to progress, by strategy.

``symptom_contingent`` (pain-monitoring model, Silbernagel 2007): advance after the target dose was
completed on consecutive sessions with pain during within the limit, pain back to the patient's
usual level by the next morning, effort not maximal and the week's pain not reliably rising. Pain
over the limit, or a clear next-morning rise, regresses one step; anything in between holds.

``time_contingent`` (operant graded activity, Lindström 1992; Fordyce): quotas rise on the agreed
schedule when they were met, whatever the pain. Only the pain limit can stop a raise (it holds,
never regresses: the quota is kept on bad days too).

``graded_exposure`` (in :mod:`rehab.core.engine.exposure`) moves up a fear hierarchy rather than a dose.

``return_step`` replaces any of them while a flare settles: one session at the current step of the
flare plan, then the next step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from rehab.core import sources
from rehab.core.engine import monitoring
from rehab.core.models import Criterion, Dose, SessionLog, Strategy

if TYPE_CHECKING:
    from rehab.core.engine.evidence import Evidence

# Criteria about readiness to progress (not safety, adherence or monitoring): when only these hold
# an activity back for weeks, the plan needs reformulating.
READINESS_CRITERIA = (
    "target_dose_completed",
    "pain_reported",
    "next_morning_back_to_usual",
    "effort_not_maximal",
    "weekly_pain_not_rising",
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
        _morning_back_to_usual(evidence, qualifying),
        _effort(evidence, qualifying),
    ]
    baseline = evidence.baseline
    change = monitoring.weekly_change(evidence.usual, baseline, evidence.today, limits) if baseline else None
    rising = change is not None and change.reliable and change.difference > 0
    readiness.criteria.append(
        Criterion("weekly_pain_not_rising", "pain", change.describe() if change else None,
                  f"last {limits.recent_days} days not reliably above baseline (z <= {limits.reliable_z:g})",
                  not rising, sources.WEEKLY_RELIABLE_CHANGE)
    )
    return readiness


def time_contingent(evidence: Evidence) -> Readiness:
    ci = evidence.checkin
    limits = ci.limits
    dose = ci.activity.dose
    pain = pain_during_within_limit(evidence)
    period = limits.quota_raise_every_days
    since = ci.today - timedelta(days=period - 1)
    met = sum(1 for s in evidence.new_sessions if s.date >= since and s.completed.covers(dose))
    planned = ci.activity.sessions_per_week * period / 7
    share = min(1.0, met / planned)
    anchor = evidence.last_change or ci.activity.started or (evidence.sessions[0].date if evidence.sessions else None)
    days = (ci.today - anchor).days if anchor else None
    due = days is not None and days >= period
    return Readiness([
        pain,
        Criterion("quota_met", "dose", {"met": met, "planned": round(planned, 1), "share": round(share, 2)},
                  f">= {limits.quota_met_share:.0%} of the last {period} days' sessions completed the quota",
                  share >= limits.quota_met_share, sources.QUOTA_MET_SHARE),
        Criterion("raise_due", "schedule", days, f">= {period} days since the last change",
                  due, sources.OPERANT_QUOTAS),
    ])


def return_step(evidence: Evidence, step_dose: Dose | None) -> Readiness:
    """Ready for the next flare-return step after one session at the current step (within the pain
    limit under the symptom-contingent strategy) and ``flare_step_days`` days on it."""
    ci = evidence.checkin
    dose = ci.activity.dose
    symptom = ci.strategy is Strategy.SYMPTOM_CONTINGENT
    limit = ci.limits.pain_during_max
    readiness = _pain_signals(evidence) if symptom else Readiness([pain_during_within_limit(evidence)])
    done = sum(
        1 for s in evidence.new_sessions
        if s.completed.covers(dose) and (not symptom or (s.pain_during is not None and s.pain_during <= limit))
    )
    days = (ci.today - evidence.last_change).days if evidence.last_change else None
    step_days = ci.limits.flare_step_days
    readiness.criteria += [
        Criterion("return_step_session", "dose", done, ">= 1 session at the current flare-plan step",
                  done >= 1, sources.FLARE_LOAD_CUT),
        Criterion("return_step_days", "schedule", days, f">= {step_days} days at the current step",
                  days is None or days >= step_days, sources.FLARE_LOAD_CUT),
    ]
    return readiness


def _pain_signals(evidence: Evidence) -> Readiness:
    """The two symptom-contingent regression triggers: pain during over the limit, and a clear
    next-morning rise."""
    pain = pain_during_within_limit(evidence)
    readiness = Readiness([pain], regress=not pain.passed)
    rise = _morning_no_rise(evidence)
    if rise is not None:
        readiness.criteria.append(rise)
        readiness.regress = readiness.regress or not rise.passed
    return readiness


def pain_during_within_limit(evidence: Evidence) -> Criterion:
    """The worst pain during sessions not yet answered, against the agreed limit (every strategy
    holds for it; the symptom-contingent one also regresses)."""
    limit = evidence.limits.pain_during_max
    worst = max((s.pain_during for s in evidence.signal_sessions if s.pain_during is not None), default=None)
    return Criterion("pain_during_within_limit", "pain", worst, f"<= {limit:g}",
                     worst is None or worst <= limit, sources.SILBERNAGEL_PAIN_MONITORING)


def _morning_no_rise(evidence: Evidence) -> Criterion | None:
    baseline = evidence.morning_baseline
    if baseline is None:
        return None
    threshold = monitoring.flare_threshold(baseline, evidence.limits)
    by_day = evidence.morning.by_day
    values = [by_day[s.date] for s in evidence.morning_sessions if s.date in by_day]
    worst = max(values, default=None)
    return Criterion("next_morning_no_rise", "pain", worst,
                     f"< {threshold:.1f} (usual morning {baseline.mean:.1f} + {threshold - baseline.mean:.1f})",
                     worst is None or worst < threshold, sources.SILBERNAGEL_PAIN_MONITORING)


def _morning_back_to_usual(evidence: Evidence, qualifying: list[SessionLog]) -> Criterion:
    baseline = evidence.morning_baseline
    judged = [s for s in qualifying if s.date < evidence.today]
    if baseline is None:
        return Criterion("next_morning_back_to_usual", "pain", None, "needs a personal baseline", False,
                         sources.SILBERNAGEL_PAIN_MONITORING)
    ceiling = baseline.mean + baseline.noise_band
    values = [evidence.morning.by_day.get(s.date) for s in judged]
    known = [v for v in values if v is not None]
    passed = bool(known) and len(known) == len(values) and max(known) <= ceiling
    return Criterion("next_morning_back_to_usual", "pain", max(known, default=None),
                     f"<= {ceiling:.1f} (usual morning {baseline.mean:.1f} + noise {baseline.noise_band:.1f}), "
                     "recorded after each session", passed, sources.SILBERNAGEL_PAIN_MONITORING)


def _effort(evidence: Evidence, qualifying: list[SessionLog]) -> Criterion:
    limits = evidence.limits
    worst_rpe = max((s.rpe for s in qualifying if s.rir is None and s.rpe is not None), default=None)
    least_rir = min((s.rir for s in qualifying if s.rir is not None), default=None)
    passed = (worst_rpe is None or worst_rpe <= limits.rpe_max_to_advance) and (
        least_rir is None or least_rir >= limits.rir_min_to_advance
    )
    value = {"rpe": worst_rpe, "rir": least_rir} if least_rir is not None else worst_rpe
    return Criterion("effort_not_maximal", "effort", value,
                     f"RPE <= {limits.rpe_max_to_advance:g} (or >= {limits.rir_min_to_advance:g} reps in reserve)",
                     passed, sources.EFFORT_AUTOREGULATION)
