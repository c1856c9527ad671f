"""Flare plans: cut the load, keep moving, and come back in steps.

A flare is more pain than usual for a few days, often after doing more than usual; it is
sensitivity, not damage (clinical reference §5). The plan keeps the structure of the program at
about half the volume and returns to the pre-flare dose in steps once pain is back near the
pre-flare level. The thresholds are engine conventions drawn from CUH, VA and *Manage Your Pain*
(§5.5-5.7) and can be set per patient.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rehab.core import sources
from rehab.core.engine import monitoring
from rehab.core.engine.increments import scaled
from rehab.core.models import (
    Alert,
    Criterion,
    DecisionKind,
    Dose,
    FlareEpisode,
    FlarePlan,
    Increment,
    Limits,
    ReturnStep,
)

if TYPE_CHECKING:
    from rehab.core.engine.evidence import Evidence


def flare_plan(pre_flare: Dose, started: date, increments: Mapping[str, Increment], limits: Limits,
               step_days: int | None = None, recurred: bool | None = None) -> FlarePlan:
    """The reduced dose and the return steps back to ``pre_flare`` (equal steps of volume). The
    review date is a week from ``started``: the flare's first day, or the day it came back.
    ``recurred``: the flare came back after a return step (its steps wait ``step_days`` from the
    step, and the last one is the clinician's, H07); by default, when ``step_days`` is not the first
    flare's ``flare_step_days``."""
    fraction = limits.flare_dose_fraction
    reduced = scaled(pre_flare, fraction, increments)
    steps: list[ReturnStep] = []
    previous = reduced
    count = limits.flare_return_steps
    for k in range(1, count + 1):
        share = fraction + (1 - fraction) * k / count
        dose = pre_flare if k == count else scaled(pre_flare, share, increments)
        if dose != previous:
            steps.append(ReturnStep(dose, round(share * 100)))
            previous = dose
    wait = limits.flare_step_days if step_days is None else step_days
    if recurred is None:
        recurred = wait != limits.flare_step_days
    rule = return_rule_words(limits.flare_settled_days, wait, recurred)
    return FlarePlan(reduced, tuple(steps), rule, started + timedelta(days=limits.flare_review_days))


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def return_rule_words(settled_days: int, step_days: int, recurred: bool, clinician_last: bool | None = None) -> str:
    """The return rule in the patient's words, short sentences at reading grade 8 or below (the
    flare plan's ``step_rule``: the check-in JSON, the API and the patient's flare page show it). The
    numbers are the rule's own: ``flare_settled_days`` days near her usual before a step up, one
    session at the step, and ``step_days`` at each step, counted once pain is back near usual after
    a first flare, from the step after a recurrence, whose last step the clinician sets (H07). A
    physiotherapist's review (2026-12-03i, finding 5) read the one-sentence rule at grade 15."""
    wait = (f"Stay at each step for at least {_days(step_days)}." if recurred
            else f"Stay at each step for at least {_days(step_days)} with your pain near your usual.")
    last = " Your clinician will set the last step with you." if (recurred if clinician_last is None else clinician_last) else ""
    return (f"Go back up one step at a time. Step up only when your pain has been near your usual for "
            f"{_days(settled_days)}{' in a row' if settled_days > 1 else ''}. Do at least one session at each step. {wait}{last}")


def next_return_step(current: Dose, plan: FlarePlan) -> tuple[int, ReturnStep] | None:
    """The next step above ``current`` (1-based number and step), or None when the patient is back
    at the pre-flare dose."""
    for number, step in enumerate(plan.steps, start=1):
        if not current.covers(step.dose):
            return number, step
    return None


def lower_of(current: Dose, cap: Dose) -> Dose:
    """``current`` with each dimension no higher than in ``cap``: a flare never raises a dose."""
    values = {}
    for dimension, value in current.items():
        limit = cap.get(dimension)
        if limit is not None and limit < value:
            values[dimension] = limit
    return current.with_values(**values) if values else current


@dataclass(slots=True)
class FlareState:
    """The flare findings of one check-in: whether the flare plan applies now, the episode to carry
    forward, the plan, and (when returning) the next step's dose."""

    active: bool = False
    episode: FlareEpisode | None = None
    plan: FlarePlan | None = None
    dose: Dose | None = None
    high_days: int = 0
    # The raised days in a row as the patient is told them: ``high_days`` counts only the days in the
    # recent window (7), this the whole run, back to the flare's first day (``raised_run_length``).
    raised_days: int = 0
    declared: bool = False
    step_number: int = 0
    step_dose: Dose | None = None
    step_days: int = 3
    recurred: bool = False
    came_back: date | None = None
    last_step_held: bool = False
    # A first flare that had not settled within ``flare_review_days`` (the week after which §5.7 says
    # contact a clinician): its last step back, like a recurrence's, is the clinician's.
    slow_to_settle: bool = False
    # The first day of the run of days with pain back near the pre-flare level, after a first flare:
    # each return step's days are counted from it or from the step, whichever is later (H07).
    settled_since: date | None = None


def flare_state(evidence: Evidence, criteria: list[Criterion], alerts: list[Alert]) -> FlareState:
    """Whether a flare starts, goes on or has settled, and the next return step.

    After a recurrence the return is slower (hazard H07; a physiotherapist's review, 2026-12-03: a
    flare that came back at return step 1 was stepped back to the dose that flared 4 days after
    settling again). A recurrence is a flare that came back after a return step within the episode,
    or an episode the recurring-flares rule counted when it started (§5.7). Then each return step
    waits ``flare_step_days_after_recurrence`` days (a week: the pacing increment's week, §3.4; §5.6
    "rebuild at about 10% per week, or over 1-2 weeks"), and the last step, back to the dose that
    flared, is not taken by the engine: it holds at the step below (``last_step_held``) and asks the
    clinician to review the trigger (§5.5 "the last level that was well tolerated"; §5.6 "review
    what triggered the flare"). The engine cannot know whether a clinician has reviewed, so the rule
    is simply that this step is the clinician's: the hold stands until the clinician sets the dose
    (an override with the pre-flare dose ends the episode at the next check-in).

    After a first flare each step waits ``flare_step_days`` (4) days, counted from the later of the
    step and the day pain came back near the pre-flare level (``settled_since``), so the two steps
    back take 8 days from settling, not 6 (§5.6 "over 1-2 weeks"; a physiotherapist's review,
    2026-12-03, case a2; H07).

    A new flare is spotted from the lower of the anchored level and her recent level: the 14 days
    (``intake_baseline_days``) just before the raised days being judged, or the noise window when
    that is lower (:func:`_raised_run`; H08). A flare in progress settles only below the lowest of
    the line from the weeks before it, the line a new flare starts at today and, after such an
    improvement, the line from the 14 days before its first day (:func:`_own_line`, the line that
    found it): a pain that made it a flare never counts as settled (H07)."""
    ci = evidence.checkin
    limits = ci.limits
    today = ci.today
    episode = ci.flare_episode
    # A new flare is spotted against the anchored level (or the recent one when lower); a flare in
    # progress settles against the weeks before it (§5.3, §5.6).
    baseline = evidence.flare_reference if episode is not None else evidence.baseline
    state = FlareState()
    declared_since = today - timedelta(days=limits.flare_days - 1)
    state.declared = bool(evidence.flare_declared) and any(declared_since <= d <= today for d in evidence.flare_declared)
    criteria.append(
        Criterion("flare_not_declared", "flare", state.declared, f"not declared in the last {limits.flare_days} days",
                  not state.declared, sources.FLARE_DEFINITION)
    )
    high = low = 0
    threshold = None
    # A flare in progress judged by a line lower than its pre-flare one: "start", the line a new flare
    # starts at today; "found", the line from her fortnight before the flare, which found it (H07, H08).
    start_line = ""
    run_first = None  # the first of the raised days in a row ending on the latest entry
    if baseline is not None:
        threshold = monitoring.flare_threshold(baseline, limits, evidence.recent_usual if episode is None else None)
        if episode is not None and evidence.baseline is not None:
            # Settled means below the line a flare starts at, too: a pain that would start a flare
            # today is not a flare that has settled (§5.3, §5.6; hazard H07). Without this, a
            # pre-flare level above the anchored one let 5.4/10 count both as a flare and as settled.
            starts = monitoring.flare_threshold(evidence.baseline, limits, evidence.recent_usual)
            if starts < threshold:
                threshold, start_line = starts, "start"
            # Nor at a pain that found it: after an improvement a flare is found at her own line,
            # from the fortnight just before its first day (H08), which can sit below both lines
            # above. Settled means back below that line too, near her own recent usual (§5.6; a
            # helper's check, 2026-12-03: improved from 6 to 3/10, 5/10 every day made a flare and
            # was called settled the next day, and she stepped up at 5/10; H07).
            found = _own_line(evidence, evidence.baseline, episode.started)
            if found is not None and found < threshold:
                threshold, start_line = found, "found"
        since = today - timedelta(days=limits.recent_days - 1)
        high, low = monitoring.run_ending_latest(evidence.usual, since, today, threshold,
                                                 below_too=episode is not None)
        if episode is None and high < limits.flare_days:
            # Also a single raised day, judged from her recent level, holds a raise as a flare's
            # possible first day (``_flare_forming``): an improved patient's quota was raised on a day
            # at her own flare line, and that raise became the pre-flare dose of the flare found the
            # next day (review 2026-12-03e, finding 8, checked again on the improved patient's line).
            closer = _raised_run(evidence, baseline, since, threshold, shortest=1)
            if closer is not None and (closer[0] >= limits.flare_days or not high):
                high, threshold = closer
        if episode is None and high >= limits.flare_days:
            run_first = _run_start(evidence, since, today, high)
    state.high_days = state.raised_days = high
    if high and threshold is not None and high >= (today - since).days + 1:
        # A new flare's run is counted through the diary; a flare in progress back to its first day.
        state.raised_days = raised_run_length(evidence, today, threshold,
                                              None if episode is None else min(since, episode.started))

    came_back = None  # the day a flare in progress came back after a return step
    if episode is None:
        if threshold is not None:
            criteria.append(
                Criterion("no_flare_pain_rise", "flare", high,
                          f"< {limits.flare_days} days in a row with pain >= {pain_line(threshold)}",
                          high < limits.flare_days, sources.FLARE_DEFINITION)
            )
        state.active = state.declared or high >= limits.flare_days
        if state.active:
            # §5.7 counts the week from the flare's start: the first day of the raised run that made it
            # a flare, not the day it was found (a physiotherapist's review, 2026-12-03e, finding 8: a
            # flare dated from its second day was reviewed 8 days after its first). A flare she declares
            # and no run has made starts on the day she says so. The pre-flare dose is today's, the dose
            # of the run's first day: no step up is made on a day at the flare line
            # (:func:`rehab.core.engine.progression._flare_forming`).
            episode = FlareEpisode(run_first or today, ci.activity.dose)
    else:
        settled = low >= limits.flare_settled_days and not state.declared
        criteria.append(
            Criterion("flare_settled", "flare", low,
                      f">= {limits.flare_settled_days} days in a row with pain below "
                      + (f"{pain_line(threshold)} ("
                         + _SETTLED_LINES[start_line] + ")"
                         if threshold is not None else "a pre-flare baseline"),
                      settled, sources.FLARE_LOAD_CUT)
        )
        state.active = not settled
        # §5.7: the week is counted from the episode's start whatever the return steps; a flare that
        # came back after a return step has not settled either.
        days = (today - episode.started).days
        came_back = _came_back_on(evidence, episode, state.active)
        relapsed = came_back is not None
        if days >= limits.flare_review_days and state.active:
            alerts.append(Alert("flare_not_settling",
                                f"Flare started {episode.started.isoformat()} and is not settling on day {days + 1}"
                                + (" (it came back after a return step)" if relapsed else "") + ": review."))
        elif days >= limits.flare_review_days and relapsed:
            # Settled again: not "not settling" on a dashboard (a physiotherapist's review, 2026-12-03).
            alerts.append(Alert("flare_recurred",
                                f"Flare started {episode.started.isoformat()} came back after a return step; settled "
                                f"again, on the way back after {days} days: review the trigger."))
        if baseline is None:
            alerts.append(Alert("flare_without_baseline",
                                "No pre-flare diary baseline to judge the return: set the return by review."))

    if episode is None:
        return state
    state.came_back = came_back  # a new flare (started today) has not come back
    state.recurred = came_back is not None or _started_as_recurrence(evidence, episode)
    state.step_days = limits.flare_step_days_after_recurrence if state.recurred else limits.flare_step_days
    plan = flare_plan(episode.pre_flare_dose, came_back or episode.started, ci.activity.increments, limits,
                      state.step_days, state.recurred)
    if state.active:
        state.episode, state.plan = episode, plan
        state.dose = lower_of(ci.activity.dose, plan.reduced_dose)
        # A flare that comes back after a return step is a recurrence, not the same flare going on (§5.7).
        if ci.flare_episode is None or came_back == today:
            _recurring_flare_alert(evidence, alerts)
        return state
    step = next_return_step(ci.activity.dose, plan)
    if step is not None:  # settled, on the way back
        state.episode, state.plan = episode, plan
        state.step_number, state.step_dose = step[0], step[1].dose
        if not state.recurred:  # a first flare: its steps count from the day pain came back (§5.6)
            state.settled_since = _first_day_below(evidence, episode.started, threshold)
            # Not settled within the week after which §5.7 says contact a clinician (the day-7 alert
            # went out): the last step back to the dose that flared waits for the clinician, as after a
            # recurrence. A 10-day flare stepped back up to the dose that flared with no recorded review
            # after two review alerts (a physiotherapist's review, 2026-12-03j, finding 9).
            state.slow_to_settle = (state.settled_since is not None
                                    and (state.settled_since - episode.started).days >= limits.flare_review_days)
        if state.slow_to_settle:  # the rule she reads says so too
            state.plan = replace(plan, step_rule=return_rule_words(limits.flare_settled_days, state.step_days, False,
                                                                   clinician_last=True))
        state.last_step_held = (state.recurred or state.slow_to_settle) and step[0] == len(plan.steps)
    return state  # back at the pre-flare dose: the episode is over


def raised_run_length(evidence: Evidence, today: date, threshold: float, back_to: date | None) -> int:
    """The diary days in a row at or above ``threshold`` ending on the latest entry, counted back to
    ``back_to`` (None: through the whole diary). The caller asks when the run fills the recent window
    (7 days), so the patient is told the whole run ("well above your usual for the last 9 days"),
    never the window's 7 on the ninth day of a flare."""
    first = back_to if back_to is not None else (evidence.usual.days[0] if evidence.usual.days else today)
    return monitoring.run_ending_latest(evidence.usual, first, today, threshold, below_too=False)[0]


def pain_line(threshold: float) -> str:
    """A pain line as the clinician reads it: to two decimals, so a day at 5.0 is not shown as
    "below 5.0" when the line is 5.04 (a physiotherapist's review, 2026-12-03)."""
    return f"{threshold:.2f}".rstrip("0").rstrip(".")


_SETTLED_LINES = {
    "": "pre-flare usual + margin",
    "start": "the line a new flare starts at, lower than the pre-flare usual + margin",
    "found": "her own flare line, her usual in the 14 days before the flare + margin, "
             "lower than the pre-flare usual + margin",
}


def _own_line(evidence: Evidence, anchored: monitoring.PersonalBaseline, first: date) -> float | None:
    """The flare line drawn from her level just before ``first`` (a flare's first day), as
    :func:`_raised_run` draws it: the mean of the ``intake_baseline_days`` (14) days before it, with at
    least ``baseline_min_days`` entries, plus the rise; None unless that level is at least the noise
    band below the ``anchored`` mean (she has improved, H08). A flare found at this line has not
    settled until pain is below it (H07)."""
    limits = evidence.limits
    level = evidence.usual.mean(first - timedelta(days=limits.intake_baseline_days), first - _ONE_DAY,
                                limits.baseline_min_days)
    if level is None or level > anchored.mean - anchored.noise_band:
        return None
    return level + max(limits.flare_rise_min, anchored.noise_band)


def _run_start(evidence: Evidence, since: date, today: date, high: int) -> date | None:
    """The first day of the ``high`` raised diary days in a row ending on the latest entry."""
    days, _ = evidence.usual.window(since, today)
    return days[-high] if 0 < high <= len(days) else None


def _first_day_below(evidence: Evidence, started: date, threshold: float | None) -> date | None:
    """The first day of the run of diary days below ``threshold`` ending on the latest entry, since
    the flare ``started`` (None without a line)."""
    if threshold is None:
        return None
    days, values = evidence.usual.window(started, evidence.today)
    first = None
    for k in range(len(days) - 1, -1, -1):
        if values[k] >= threshold or (first is not None and (first - days[k]).days != 1):
            break
        first = days[k]
    return first


def _raised_run(evidence: Evidence, baseline: monitoring.PersonalBaseline, since: date,
                line: float, shortest: int | None = None) -> tuple[int, float] | None:
    """A run of at least ``shortest`` (default ``flare_days``) raised days ending on the latest entry, judged from her
    level just before it: the mean of the ``intake_baseline_days`` (14) days before the run's first
    day, with at least ``baseline_min_days`` entries, when lower than the level ``line`` was drawn
    from and at least the noise band below the anchored mean (she has improved). The days being
    judged are never part of their own yardstick, and neither are the raised days before them (the
    run is as long as it goes, up to ``since``), so a bad spell cannot lift the line it is judged by. The longest such run and its line, or None (a physiotherapist's review, 2026-12-03b
    finding 6: a patient who improved from 6 to 3 had a bad week at 5 called a flare only on day 7,
    because the noise window, ending a week before today, still held her improvement's tail)."""
    limits = evidence.limits
    days, values = evidence.usual.window(since, evidence.today)
    rise = max(limits.flare_rise_min, baseline.noise_band)
    level_now = line - rise
    # Only an improvement stands in for the anchored level: 14 days at least her noise band below it
    # (§7.2). A stable diary's 14-day mean wobbles, and taking the lowest of several windows would
    # let noise start flares: on 180 stable simulated diaries (150 days, SD 0.5-1.3) 139 flare starts
    # with the noise window alone, 167 with this rule unconditioned, 141 with it.
    improved = baseline.mean - baseline.noise_band
    span = timedelta(days=limits.intake_baseline_days)
    found = None
    for k in range(1, len(days) + 1):
        day = days[-k]
        if k > 1 and (days[-k + 1] - day).days != 1:
            break  # the run stops at a gap in the diary
        if k < (limits.flare_days if shortest is None else shortest):
            continue
        level = evidence.usual.mean(day - span, day - _ONE_DAY, limits.baseline_min_days)
        if level is None or level >= level_now or level > improved:
            continue
        threshold = level + rise
        if all(v >= threshold for v in values[-k:]):
            found = (k, threshold)
    return found


_ONE_DAY = timedelta(days=1)


def _came_back_on(evidence: Evidence, episode: FlareEpisode, active: bool) -> date | None:
    """The latest day, since ``episode`` started, a flare decision followed a return step (an
    advance): the day the flare came back (today when it comes back today), or None."""
    ci = evidence.checkin
    if (active and ci.flare_episode is not None and evidence.last_change_kind is DecisionKind.ADVANCE
            and evidence.last_change > episode.started):
        return ci.today
    stepped, came_back = False, None
    for entry in evidence.history:
        if entry.date <= episode.started:
            continue
        if entry.decision is DecisionKind.ADVANCE:
            stepped = True
        elif entry.decision is DecisionKind.FLARE and stepped:
            stepped, came_back = False, entry.date
    return came_back


def _started_as_recurrence(evidence: Evidence, episode: FlareEpisode) -> bool:
    """Whether the recurring-flares rule counted ``episode`` when it started: with the flares of the
    window before its first day, at least ``recurring_flares`` (§5.7)."""
    return _flares_in_window(evidence, episode.started, before=True) + 1 >= evidence.limits.recurring_flares


def _flares_in_window(evidence: Evidence, day: date, before: bool = False) -> int:
    """Earlier flare episodes (runs of flare decisions) started in the window ending on ``day``
    (``before``: only those decided before ``day``)."""
    since = day - timedelta(days=evidence.limits.recurring_flares_window_days)
    episodes = 0
    previous = None
    for entry in evidence.history:
        if before and entry.date >= day:
            break
        is_flare = entry.decision is DecisionKind.FLARE
        if is_flare and previous is not DecisionKind.FLARE and entry.date >= since:
            episodes += 1
        previous = entry.decision
    return episodes


def _recurring_flare_alert(evidence: Evidence, alerts: list[Alert]) -> None:
    """A new flare, counted with earlier episodes (runs of flare decisions) in the window."""
    limits = evidence.limits
    episodes = 1 + _flares_in_window(evidence, evidence.today)
    if episodes >= limits.recurring_flares:
        alerts.append(Alert("recurring_flares",
                            f"{episodes} flares in {limits.recurring_flares_window_days} days: review the plan and triggers."))
