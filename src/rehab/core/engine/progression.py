"""The check-in: what happens next for one activity, and why.

Given where a patient stands with one activity, :func:`check_in` decides to advance, hold, regress,
start the flare plan, refer, or reformulate, and lists every criterion it checked (the patient's
value, the threshold, passed or not, the source).

Precedence (safety first): refer > flare > regress > hold > advance. A hold becomes *reformulate*
when the activity has not advanced for ``stall_weeks`` despite adequate adherence and nothing
safety-related fired. Under graded exposure the same order holds; what advances (or steps down)
is the item of the fear hierarchy, not the dose (:mod:`rehab.core.engine.exposure`).

Self-adjustments the patient made within the agreed bounds are read before anything else: a
session made easier, shorter or swapped does not count as the target dose, and a run of easier
choices is a criterion and an alert (:mod:`rehab.core.engine.self_management`). Neither the exposure nor
the self-management rules cost anything when a check-in has none of their data.

Evidence is counted once. Sessions logged on or before the last dose change (advance, regress or
flare in ``history``) were at another dose and do not count toward the next advance. Pain signals
(pain during over the limit, a next-morning rise) count when they became known after the last
change, or on the same day as an advance: an advance never hides a pain signal, and a regression
is not repeated for a signal it has already answered (:mod:`rehab.core.engine.evidence`).
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta
from functools import partial
from operator import attrgetter

from rehab.core import sources
from rehab.core.engine import (
    exposure,
    messages,
    monitoring,
    self_management,
    sleep_and_stress,
    strategies,
)
from rehab.core.engine.evidence import Evidence, gather
from rehab.core.engine.flare import FlareState, flare_state
from rehab.core.engine.increments import active_dimension, advanced, regressed
from rehab.core.engine.safety import stops_exercise, triage
from rehab.core.models import (
    RULE_VERSION,
    Alert,
    CheckIn,
    Criterion,
    Decision,
    DecisionKind,
    Dose,
    Strategy,
    Urgency,
)

# Failed criteria that may turn a hold into "reformulate": progression criteria, not safety,
# adherence or monitoring ones.
# A run of easier sessions the patient chose for weeks also says the plan does not fit.
_by_date = attrgetter("date")
_REFORMULABLE = frozenset(strategies.READINESS_CRITERIA) | {"self_chosen_easier_run"}


def check_in(ci: CheckIn, diary: monitoring.DiarySeries | None = None) -> Decision:
    """Decide what happens next for one activity. Deterministic: same check-in, same decision.

    ``diary``: ``monitoring.diary_series(ci.diary)`` when the caller keeps it already, as one that
    checks a person in day after day can (:class:`monitoring.RunningDiary`); the decision is the same."""
    exposing = ci.strategy is Strategy.GRADED_EXPOSURE
    if exposing:
        ci = exposure.with_experiment_sessions(ci)
    if ci.adjustments:
        ci = self_management.with_self_adjusted_sessions(ci)
    evidence = gather(ci, diary)
    dose = ci.activity.dose
    criteria: list[Criterion] = []
    alerts: list[Alert] = []

    safety = triage(ci.red_flags, ci.symptoms)
    criteria.extend(safety.criteria)
    alerts.extend(safety.alerts)

    criteria.extend(_monitoring_criteria(evidence, alerts))
    flare = flare_state(evidence, criteria, alerts)
    if flare.active or flare.episode is not None or flare.high_days:
        # §7.2 step 5 re-baselines on a stable window: not while a flare forms (the latest day at or
        # above the flare line), runs or returns (a physiotherapist's review, 2026-12-03: the
        # improvement alert invited a re-baseline on the 3rd bad day of a bad week).
        alerts[:] = [a for a in alerts if a.code != "consider_rebaseline"]
    if not flare.active and flare.episode is None and flare.high_days:
        criteria.append(_flare_forming(flare, criteria))
    note = ""
    if ci.adjustments:  # shown to the clinician whatever is decided
        signals = self_management.signals(evidence)
        criteria.extend(signals.criteria)
        alerts.extend(signals.alerts)
        note = signals.note

    urgency = safety.urgency
    # A new neurological sign is seen the same day whatever else stands: a routine flag (osteoporosis)
    # must not lower it, and beside an urgent one the person still hears the sign's safety net (H50).
    if urgency is not Urgency.EMERGENCY and (_neuro_signs_in_flare(ci, flare, criteria, alerts)
                                             or _new_neuro_signs(ci, flare, criteria)):
        urgency = Urgency.URGENT
    if urgency is not None:
        if ci.risk_assessment_due:  # a referral does not silence the self-harm pause (H48): both are said
            _risk_assessment_due(criteria, alerts)
        if stops_exercise(urgency):
            next_dose = None
        elif flare.active:  # a routine referral stops progression; a flare still cuts the load (§4.2, §5)
            next_dose = flare.dose
        else:
            next_dose = dose
        return _decide(DecisionKind.REFER, evidence, criteria, alerts, next_dose, urgency, flare=flare, note=note)
    if flare.active:
        if ci.risk_assessment_due:  # the flare still cuts the load; the person still hears from the clinician today
            _risk_assessment_due(criteria, alerts)
        return _decide(DecisionKind.FLARE, evidence, criteria, alerts, flare.dose, flare=flare, note=note)
    if ci.risk_assessment_due:
        # Automated advice pauses until a clinician has assessed the risk: nothing moves up or down
        # on its own (a referral or a flare, above, still acts; both only ever lower the load).
        _risk_assessment_due(criteria, alerts)
        return _decide(DecisionKind.HOLD, evidence, criteria, alerts, dose, flare=flare, note=note)

    returning = flare.episode is not None
    if not returning:  # during a flare return, the step criteria ask for sessions instead
        criteria.extend(_adherence_criteria(evidence))
    if returning:
        readiness = strategies.return_step(evidence, flare.step_dose, flare.step_days, flare.settled_since)
    elif ci.strategy is Strategy.TIME_CONTINGENT:
        readiness = strategies.time_contingent(evidence)
    elif exposing:
        readiness = exposure.graded_exposure(evidence)
    else:
        readiness = strategies.symptom_contingent(evidence)
    criteria.extend(readiness.criteria)
    if returning and flare.last_step_held:
        _last_return_step_held(ci, flare, criteria, alerts)
    if exposing:
        _safety_behaviour_alert(ci, readiness.criteria, alerts)
        _feared_outcome_alert(ci, alerts)
        _exposure_load_alert(ci, readiness.criteria, alerts)

    if readiness.regress and exposing:  # an experiment had to stop: one item down, same dose
        if ci.hierarchy.below(ci.hierarchy.current_item) is None:
            alerts.append(Alert("at_lowest_item", "An experiment with the least feared activity had to stop: review the "
                                                  "hierarchy with the patient (smaller first steps, more education)."))
        return _decide(DecisionKind.REGRESS, evidence, criteria, alerts, dose, flare=flare, move=exposure.DOWN, note=note)
    if readiness.regress:
        lowered = regressed(dose, ci.activity.increments, ci.activity.progression_order)
        if lowered is None:
            alerts.append(Alert("at_lowest_dose", "Regression indicated but every dimension is at its floor."))
        next_dose = lowered[0] if lowered else dose
        _repeated_regressions_alert(evidence, alerts)
        return _decide(DecisionKind.REGRESS, evidence, criteria, alerts, next_dose, flare=flare, note=note)

    if not returning and not exposing:  # under exposure the hierarchy, not the dose, has to have room
        room = active_dimension(dose, ci.activity.increments, ci.activity.progression_order)
        criteria.append(
            Criterion("room_to_progress", "dose", room or "every dimension at its ceiling",
                      "a dimension below its ceiling", room is not None, sources.DOSE_CEILING)
        )

    failed = [c for c in criteria if not c.passed]
    if failed:
        if _stalled(evidence, failed, criteria):
            return _decide(DecisionKind.REFORMULATE, evidence, criteria, alerts, dose, flare=flare, note=note)
        return _decide(DecisionKind.HOLD, evidence, criteria, alerts, dose, flare=flare, note=note)

    if returning:
        return _decide(DecisionKind.ADVANCE, evidence, criteria, alerts, flare.step_dose, flare=flare, note=note)
    if exposing:
        return _decide(DecisionKind.ADVANCE, evidence, criteria, alerts, dose, flare=flare, move=exposure.UP, note=note)
    next_dose, _ = advanced(dose, ci.activity.increments, ci.activity.progression_order)
    return _decide(DecisionKind.ADVANCE, evidence, criteria, alerts, next_dose, flare=flare, note=note)


def _flare_forming(flare: FlareState, criteria: list[Criterion]) -> Criterion:
    """The latest diary day at or above the flare line, not yet the days in a row a flare needs: no
    step up today, whatever the strategy. A flare is the second such day (§5.3), and a raise made on
    its first day became the "pre-flare dose" the flare plan cut from and returned to, a dose the
    person had never done (§5.5: return to the last level that was well tolerated; a
    physiotherapist's review, 2026-12-03d, finding 8: a walking quota raised from 21 to 23 minutes on a
    day at 9/10). It is a flare rule relative to the personal baseline, which §3.2 lets stop a
    time-contingent raise; it holds, it never steps down (hazard H06)."""
    line = next((c.threshold.rsplit(">= ", 1)[-1] for c in criteria if c.name == "no_flare_pain_rise"), "the flare line")
    return Criterion("pain_below_flare_line", "flare", flare.high_days,
                     f"the latest diary day below the flare line ({line}): a day at or above it may be a flare "
                     "starting, so the dose does not go up until it settles", False, sources.FLARE_DEFINITION)


def _risk_assessment_due(criteria: list[Criterion], alerts: list[Alert]) -> None:
    """PHQ-9 item 9 above 0 or left unanswered, not yet assessed (H48, H43): said to the clinician on
    every decision while it waits, and to the patient (the clinician will contact them today)."""
    criteria.append(Criterion("self_harm_risk_assessed", "safety", "PHQ-9 item 9 above 0 or left unanswered",
                              "a clinician's risk assessment recorded", False, sources.SELF_HARM))
    alerts.append(Alert("self_harm_risk_assessment", "PHQ-9 item 9 (thoughts of self-harm) answered above 0 or "
                                                     "left unanswered, and no risk assessment recorded: ask and "
                                                     "assess today (the same-day referral step says which); "
                                                     "automated advice is paused."))


def _neuro_signs_in_flare(ci: CheckIn, flare: FlareState, criteria: list[Criterion], alerts: list[Alert]) -> bool:
    """New or worsening numbness, tingling or weakness during a flare (starting or in progress) is
    a referral the same day, not a flare to reassure (hazard H40). The flare plan's first step is
    the hurt-vs-harm check: with a new sign it fails, so "sensitivity, not damage" would be untrue
    and stepping back up would load a nerve that may be getting worse (clinical reference §5.2
    "if red flags are present, escalate"; §4.2: a new or progressive neurological deficit is
    URGENT, same day). Outside a flare :func:`_new_neuro_signs` refers it the same way (H50)."""
    if not ci.symptoms.new_neuro_symptoms or not (flare.active or flare.episode is not None):
        return False
    since = flare.episode.started.isoformat() if flare.episode is not None else ci.today.isoformat()
    criteria.append(Criterion("no_neuro_signs_in_flare", "safety", {"flare_since": since},
                              "no new numbness, tingling or weakness during a flare (hurt-vs-harm check)",
                              False, sources.FLARE_HARM_CHECK))
    alerts.append(Alert("neuro_signs_in_flare",
                        f"New or worsening numbness, tingling or weakness reported during a flare (since {since}): "
                        "the hurt-vs-harm check fails, so this is not treated as a flare. Exercise is paused; "
                        "contact the patient today and arrange an assessment (dermatomes, myotomes, reflexes; "
                        "cauda equina questions)."))
    return True


def _new_neuro_signs(ci: CheckIn, flare: FlareState, criteria: list[Criterion]) -> bool:
    """New or worsening numbness, tingling or weakness outside a flare is a referral the same day too
    (hazard H50). The clinical reference lists a new or progressive neurological deficit as URGENT,
    same day (§4.2), whatever the pain is doing; holding the dose and waiting for the next contact
    leaves a nerve that may be getting worse unexamined for days. A physiotherapist's review
    (2026-12-02, Kwame: new tingling in one foot, back pain steady) asked for this. Exercise pauses
    until a clinician has checked the person (an urgent referral stops exercise everywhere:
    ``safety.stops_exercise``). During a flare :func:`_neuro_signs_in_flare` says it in the flare's terms."""
    if not ci.symptoms.new_neuro_symptoms or flare.active or flare.episode is not None:
        return False
    criteria.append(Criterion("no_new_neuro_signs", "safety", {"reported_on": ci.today.isoformat()},
                              "no new or worsening numbness, tingling or weakness", False, sources.NEW_NEURO_DEFICIT))
    return True  # the clinician's alert is the triage's new_neuro_symptoms (same day, exercise paused)


def _last_return_step_held(ci: CheckIn, flare: FlareState, criteria: list[Criterion], alerts: list[Alert]) -> None:
    """After a recurrence, or a first flare that had not settled within a week, the last step back to
    the dose that flared is the clinician's (H07, :func:`rehab.core.engine.flare.flare_state`): held at
    the step below, and the clinician is told."""
    last = messages.describe_dose(flare.step_dose)
    why = "a recurrence" if flare.recurred else f"a flare not settled within {ci.limits.flare_review_days} days"
    criteria.append(Criterion("last_return_step_by_clinician", "flare",
                              {"flare_started": flare.episode.started.isoformat(), "recurred": flare.recurred,
                               "slow_to_settle": flare.slow_to_settle},
                              f"after {why}, the last step back to the dose that flared ({last}) is set by "
                              "the clinician", False, sources.FLARE_LOAD_CUT))
    what = ("recurred" if flare.recurred else
            f"took {(flare.settled_since - flare.episode.started).days} days to settle (§5.7: review after about 7)")
    apart = ci.limits.flare_step_days_after_recurrence if flare.recurred else ci.limits.flare_step_days
    alerts.append(Alert("flare_return_held",
                        f"The flare of {flare.episode.started.isoformat()} {what}; the return is held at "
                        f"{messages.describe_dose(ci.activity.dose)} (steps at least {apart} days apart). The last "
                        f"step back to {last}, the dose that flared, is yours: review what triggered the flare "
                        "(§5.5-5.7), then set it by overriding a decision, or agree a new plan."))


def _safety_behaviour_alert(ci: CheckIn, criteria: list[Criterion], alerts: list[Alert]) -> None:
    faded = next((c for c in criteria if c.name == "safety_behaviours_faded"), None)
    if faded is not None and not faded.passed:
        used = ", ".join(faded.value)
        alerts.append(Alert("safety_behaviours_persist",
                            f"Experiments with {ci.hierarchy.current_item.id} still use safety behaviours ({used}): they "
                            "keep the feared belief alive, so the activity is held. Plan with the patient to drop one "
                            f"next time: {faded.value[0]}."))
    elif faded is not None and faded.value:
        # Counted because the belief halved during it (§3.3; Salkovskis 1991): the belief without the
        # behaviour is not yet tested, so the clinician hears of it (a physiotherapist's review, 2026-12-03).
        alerts.append(Alert("safety_behaviours_persist",
                            f"The latest experiment with {ci.hierarchy.current_item.id} used safety behaviours "
                            f"({', '.join(faded.value)}); it counts toward moving on only because the belief in the "
                            "feared outcome fell by half or more during it. The belief without them is not yet "
                            f"tested: plan with the patient to drop one next time: {faded.value[0]}."))


def _exposure_load_alert(ci: CheckIn, criteria: list[Criterion], alerts: list[Alert]) -> None:
    """Mornings after experiments that hold the hierarchy go to the clinician, who built its steps
    and alone can judge their physical load (hazard H51)."""
    raised = [c for c in criteria if c.name in ("experiment_mornings_not_raised", "weekly_morning_not_rising")
              and not c.passed]
    if not raised:
        return
    said = "; ".join(f"{c.name} = {messages.shown(c.value)} (needs {c.threshold})" for c in raised)
    # Neutral words: the check-in does not know the patient's sex (a physiotherapist's review, 2026-12-03c).
    # "Was up", and "back to usual now" when it is: "is up" was untrue of mornings already back below
    # the line (a physiotherapist's re-check, 2026-12-03e).
    mornings = next((c.value for c in raised if c.name == "experiment_mornings_not_raised"), None)
    back = isinstance(mornings, dict) and mornings.get("latest_below_the_line") is True
    alerts.append(Alert("exposure_mornings_raised",
                        f"Next-morning pain after the experiments with {ci.hierarchy.current_item.id} was up on the "
                        f"patient's usual mornings ({said})" + ("; the latest morning is back below the line" if back
                                                                 else "") + ": the activity is held until you change or override "
                        "it (a hold, not a step down), so the patient "
                        "keeps practising it. Check that the next activities' physical demands are within what the "
                        "patient can do now (smaller steps, or a time-contingent quota for the load beside the "
                        "exposure)."))


def _feared_outcome_alert(ci: CheckIn, alerts: list[Alert]) -> None:
    """An experiment in which what the patient feared did happen goes to the clinician: the patient
    is told to talk it over, so someone must be told to listen, and a feared "my leg will go numb"
    that happened may be a new neurological sign (§3.3; new symptoms §4). Experiments since the
    last check-in's day count (one check-in a day, so it is said once or twice, not every day)."""
    since = max((h.date for h in ci.history), default=None)
    happened = [e for e in ci.experiments if e.feared_outcome_happened and e.date <= ci.today
                and (since is None or e.date >= since)]
    for e in happened:
        alerts.append(Alert("feared_outcome_happened",
                            f"Experiment with {e.item} on {e.date.isoformat()}: the patient reports that what they "
                            f"feared happened (\"{e.expected}\"; they said: \"{e.outcome or 'no details'}\"). Ask what "
                            "happened, screen for new symptoms (numbness, weakness, swelling) and review the step."))


def _repeated_regressions_alert(evidence: Evidence, alerts: list[Alert]) -> None:
    """A regression today that is the ``repeated_regressions``-th of this activity within
    ``repeated_regressions_window_days``: the dose is not settling, so the clinician is asked to
    reassess rather than let the engine keep stepping down (§3.1, §7.2)."""
    limits = evidence.limits
    since = evidence.today - timedelta(days=limits.repeated_regressions_window_days - 1)
    dates = sorted({h.date for h in evidence.checkin.history
                    if h.decision is DecisionKind.REGRESS and since <= h.date < evidence.today} | {evidence.today})
    if len(dates) >= limits.repeated_regressions:
        alerts.append(Alert(
            "repeated_regressions",
            f"{evidence.checkin.activity.id} regressed {len(dates)} times in {limits.repeated_regressions_window_days} "
            f"days ({', '.join(d.isoformat() for d in dates)}): the dose is not settling. Consider whether the "
            "steps are too big or the starting dose too high, what else loads the area (work, sleep, other "
            "activities, life events), whether pain is a good guide for this patient (a time-contingent plan), and "
            "reassess before the next step."))


def _monitoring_criteria(evidence: Evidence, alerts: list[Alert]) -> list[Criterion]:
    """The diary's part: a baseline to judge by (which one, its dates, mean and band are the
    criterion's value), a recent entry, and no sustained worsening from the anchored level."""
    limits = evidence.limits
    baseline = evidence.baseline
    since = evidence.today - timedelta(days=limits.recent_days - 1)
    recent = evidence.usual.count(since, evidence.today)
    if baseline is None:
        anchor = evidence.anchor
        found = {"days": evidence.usual.count(anchor.first, min(anchor.last, evidence.today - timedelta(days=limits.flare_days)))
                 if anchor else 0}
    criteria = [
        Criterion(
            "personal_baseline", "monitoring", baseline.describe() if baseline else found,
            f">= {limits.baseline_min_days} diary days in the anchored window", baseline is not None,
            sources.PERSONAL_BASELINE,
        ),
        Criterion(
            "pain_monitored", "monitoring", recent, f">= 1 diary day in the last {limits.recent_days} days",
            recent >= 1, sources.PERSONAL_BASELINE,
        ),
    ]
    if baseline is not None:
        criteria.append(_drift(evidence, baseline, alerts))
    return criteria


def _drift(evidence: Evidence, baseline: monitoring.PersonalBaseline, alerts: list[Alert]) -> Criterion:
    """A worsening that lasts weeks blocks any advance and asks for a review, even when each day
    stays inside the noise band (a setback: §5, §7.2 step 4). It is judged from the anchored level,
    or from her best sustained level since the anchor when lower, so a patient who improved is not
    allowed to double her pain before a setback shows (:attr:`Evidence.setback_reference`)."""
    limits = evidence.limits
    reference = evidence.setback_reference or baseline
    found = {"usual": monitoring.drift(evidence.usual, reference.mean, evidence.today, limits,
                                       evidence.usual_weeks[:limits.drift_weeks])}
    morning = evidence.morning_setback_mean
    if morning is not None:
        found["morning"] = monitoring.drift(evidence.morning, morning, evidence.today, limits,
                                            evidence.morning_weeks[:limits.drift_weeks])
    worse = [name for name, d in found.items() if d.sustained]
    if worse:
        d = found[worse[0]]
        rise = min(m for m in d.weekly_means if m is not None) - d.baseline_mean
        which = "Usual pain" if worse[0] == "usual" else "Next-morning pain"
        alerts.append(Alert("sustained_worsening",
                            f"{which} has stayed at least {rise:.1f} points above {_reference_text(reference, d)} "
                            f"for {limits.drift_weeks} weeks: a setback. {_DECIDED}Look for the cause (load, sleep, "
                            "life events, medication) and reassess. Re-baseline only if this is the new usual "
                            "after reassessment."))
    better = monitoring.improvement(evidence.usual, baseline.mean, evidence.today, limits,
                                    evidence.usual_weeks[:limits.drift_weeks])
    if better is not None:  # informational: it does not hold (§7.2 step 5)
        alerts.append(Alert("consider_rebaseline",
                            f"Usual pain has been at least {baseline.mean - max(better):.1f} points below the anchored "
                            f"baseline ({baseline.mean:.1f}/10, {baseline.kind}, {baseline.first.isoformat()} to "
                            f"{baseline.last.isoformat()}) for {limits.drift_weeks} weeks (weekly means "
                            f"{', '.join(f'{m:.1f}' for m in better)}): a reliable, important improvement. Consider "
                            "re-baselining, so the rules judge the patient from their new usual level. Progression is not held."))
    return Criterion("no_sustained_worsening", "monitoring", {name: d.describe() for name, d in found.items()},
                     f"weekly mean not up >= {monitoring.NRS_MCID_POINTS:g} points and "
                     f">= {monitoring.NRS_MCID_SHARE:.0%} from the anchored baseline, or the patient's best 14-day level "
                     f"since the anchor when lower, in each of the last {limits.drift_weeks} weeks",
                     not worse, sources.SUSTAINED_WORSENING)


# Where the setback alert says what was decided: the alert is written before the decision is
# made, and said with it in :func:`_decide` (a physiotherapist's review, 2026-12-02: "Progression is
# held" beside a regress read as a contradiction).
_DECIDED = "<decided today> "


def _with_decision(alerts: list[Alert], kind: DecisionKind, dose: Dose, next_dose: Dose | None,
                   urgency: Urgency | None, move: str, exposing: bool, day: date) -> None:
    """The setback alert with the decision in it, in the decision's own word, dated (an alert stays
    open for days, so "today" would not stay true)."""
    for i, alert in enumerate(alerts):
        if _DECIDED in alert.message:
            words = _decided_words(kind, dose, next_dose, urgency, move, exposing, day)
            alerts[i] = Alert(alert.code, alert.message.replace(_DECIDED, words))


def _decided_words(kind: DecisionKind, dose: Dose, next_dose: Dose | None, urgency: Urgency | None,
                   move: str, exposing: bool, day: date) -> str:
    now = messages.describe_dose(next_dose)
    if kind is DecisionKind.REFER:
        then = "exercise stopped until reviewed" if next_dose is None else f"dose {now}"
        decided = f"refer ({urgency.value if urgency else 'routine'}), {then}"
    elif kind is DecisionKind.REGRESS and exposing:
        decided = ("regress, one step down the fear hierarchy" if move == exposure.DOWN
                   else "regress, on the first step of the fear hierarchy already")
    elif kind is DecisionKind.REGRESS and next_dose == dose:
        decided = f"regress, but {now} is the lowest dose already"
    elif kind is DecisionKind.REGRESS:
        decided = f"regress, from {messages.describe_dose(dose)} to {now}"
    elif kind is DecisionKind.FLARE:
        decided = f"flare plan, {now}"
    elif kind is DecisionKind.REFORMULATE:
        decided = f"reformulate, held at {now}"
    else:
        decided = f"{kind.value} at {now}"
    return f"Decided on {day.isoformat()}: {decided}; no progression while the setback lasts. "


def _reference_text(reference: monitoring.PersonalBaseline, drift: monitoring.Drift) -> str:
    what = "the anchored baseline" if reference.kind != monitoring.BEST_SINCE_ANCHOR else "the patient's best level since the anchor"
    return (f"{what} ({drift.baseline_mean:.1f}/10, {reference.kind}, {reference.first.isoformat()} to "
            f"{reference.last.isoformat()})")


def _adherence_criteria(evidence: Evidence) -> list[Criterion]:
    ci = evidence.checkin
    limits = ci.limits
    today = ci.today
    window = limits.adherence_window_days
    if ci.activity.started is not None:
        window = max(1, min(window, (today - ci.activity.started).days + 1))
    since = today - timedelta(days=window - 1)
    logged = len(evidence.sessions) - bisect_left(evidence.sessions, since, key=_by_date)  # in date order
    planned = ci.activity.sessions_per_week * window / 7
    share = min(1.0, logged / planned) if planned >= 1 else None
    total = len(evidence.sessions)
    return [
        Criterion("sessions_logged", "adherence", total, ">= 1 session logged", total >= 1, sources.ADHERENCE),
        Criterion(
            "adherence", "adherence",
            {"logged": logged, "planned": round(planned, 1), "share": None if share is None else round(share, 2)},
            f">= {limits.adherence_min_share:.0%} of planned sessions in the last {window} days",
            share is None or share >= limits.adherence_min_share, sources.ADHERENCE,
        ),
    ]


def _stalled(evidence: Evidence, failed: list[Criterion], criteria: list[Criterion]) -> bool:
    """True when the activity has not advanced for ``stall_weeks`` and the hold is about readiness
    only (nothing safety-related, adherence adequate). Adds the stall criterion when it applies."""
    if any(c.name not in _REFORMULABLE for c in failed):
        return False
    ci = evidence.checkin
    if evidence.last_advance is not None:  # the latest advance in the history
        anchor = evidence.last_advance
    else:
        starts = [d for d in (ci.activity.started,) if d] + [h.date for h in ci.history] + [s.date for s in ci.sessions]
        if not starts:
            return False  # nothing says how long this has gone on
        anchor = min(starts)
    days = (ci.today - anchor).days
    window = ci.limits.stall_weeks * 7
    criteria.append(
        Criterion("progress_within_stall_window", "stall", days, f"< {window} days since the last advance",
                  days < window, sources.STALL)
    )
    return days >= window


def _decide(
    kind: DecisionKind,
    evidence: Evidence,
    criteria: list[Criterion],
    alerts: list[Alert],
    next_dose: Dose | None,
    urgency: Urgency | None = None,
    *,
    flare: FlareState,
    move: str = exposure.SAME,
    note: str = "",
) -> Decision:
    if kind in (DecisionKind.REFORMULATE,):
        alerts.append(Alert("reformulate", "No progress despite adequate adherence: revisit goals, barriers and task order."))
    ci = evidence.checkin
    step = None
    if ci.strategy is Strategy.GRADED_EXPOSURE and next_dose is not None:
        step = exposure.exposure_step(ci, move)
    _with_decision(alerts, kind, ci.activity.dose, next_dose, urgency, move, ci.strategy is Strategy.GRADED_EXPOSURE,
                   ci.today)
    wellbeing = sleep_and_stress.note(ci, kind, criteria)  # for the clinician only: not a criterion
    if wellbeing:
        alerts.append(Alert(sleep_and_stress.ALERT, wellbeing))
        note = f"{note} {wellbeing}" if note else wellbeing
    checked = tuple(criteria)
    # The words are worded when first read (most bulk callers never read them): the same function on
    # the same values, none of which changes after this point (the check-in, the criteria, the flare).
    return Decision(
        kind=kind,
        urgency=urgency,
        next_dose=next_dose,
        criteria=checked,
        rule_version=RULE_VERSION,
        alerts=tuple(alerts),
        flare_episode=flare.episode,
        flare_plan=flare.plan,
        exposure=step,
        words=partial(messages.explain, kind, ci, checked, next_dose, urgency, flare, step, note),
    )
