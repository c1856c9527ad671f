"""The psychosocial profile: what the screens together suggest for the program.

Yellow flags (beliefs that pain means harm, fear and avoidance, low mood, low confidence) predict
persistent disability better than most physical findings (Kendall, Linton & Main 1997). The
profile reads the latest screens, says which flags are raised and on what score, and turns them
into suggestions for the program, each with its source (clinical reference §4.3, §3.2-3.3).
Screens are screening thresholds, not diagnoses: the profile informs a clinician, it decides
nothing on its own.

It also suggests a progression strategy for the check-in engine, with its reasons and source:
graded exposure when pain-related fear is high (TSK-11 in its high band, or STarT Back high risk
with its fear item agreed), since then the fear, not the tissue, is what holds the person back
(Vlaeyen 2001/2002; Leeuw 2008; §3.3); time-contingent quotas when risk, fear or catastrophising
are flagged otherwise (Lindström 1992; §3.2); none when nothing argues against pain-led progress.
The clinician decides with the patient.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rehab.instruments.scoring import Alert, Score

# Values of rehab.core.models.Strategy (instruments do not import the engine): quotas that rise on a
# schedule, not by pain; and a fear hierarchy worked up by behavioural experiments.
TIME_CONTINGENT = "time_contingent"
GRADED_EXPOSURE = "graded_exposure"


@dataclass(frozen=True, slots=True)
class Screen:
    """One screen's reading for one domain of the profile."""

    domain: str
    instrument: str
    score: float | None
    band: str | None
    threshold: str
    flagged: bool | None  # None when the form was incomplete


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    because: tuple[str, ...]  # the flagged domains that lead to it
    source: str


@dataclass(frozen=True, slots=True)
class PsychosocialProfile:
    screens: tuple[Screen, ...]
    suggestions: tuple[Suggestion, ...]
    suggested_strategy: str | None  # GRADED_EXPOSURE or TIME_CONTINGENT when fear or risk argue against pain-led progress
    not_screened: tuple[str, ...]  # domains no screen was given for
    alerts: tuple[Alert, ...]  # safety alerts from the screens, passed on unchanged
    strategy_because: tuple[str, ...] = ()  # the readings behind the suggested strategy
    strategy_source: str | None = None

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.domain for s in self.screens if s.flagged))


Reading = tuple[float | None, str | None, bool | None]  # (score shown, band, flagged)


@dataclass(frozen=True, slots=True)
class _Rule:
    domain: str
    instrument: str
    threshold: str
    reading: Callable[[Score], Reading]


def _total_at_least(cut: float) -> Callable[[Score], Reading]:
    return lambda s: (s.total, s.band, None if s.total is None else s.total >= cut)


def _band_is(label: str) -> Callable[[Score], Reading]:
    return lambda s: (s.total, s.band, None if s.band is None else s.band == label)


def _subscale_positive(subscale: str) -> Callable[[Score], Reading]:
    def reading(s: Score) -> Reading:
        part = s.subscale(subscale)
        band = None if part.positive is None else ("positive screen" if part.positive else "negative screen")
        return part.score, band, part.positive

    return reading


RISK, FEAR, CATASTROPHISING, SELF_EFFICACY, DEPRESSION, ANXIETY = (
    "risk of persistent disability", "fear of movement", "catastrophising", "low self-efficacy", "depression", "anxiety"
)

# The mapping from screens to yellow flags (clinical reference §4.3).
RULES = (
    _Rule(RISK, "start_back", "high risk (total >= 4 and psychosocial subscale >= 4)", _band_is("high risk")),
    _Rule(RISK, "ompsq_sf", "total >= 50", _total_at_least(50)),
    _Rule(FEAR, "tsk11", "total >= 29 (moderate or high)", _total_at_least(29)),
    _Rule(CATASTROPHISING, "pcs", "total >= 30", _total_at_least(30)),
    _Rule(SELF_EFFICACY, "pseq", "total below 25 (low self-efficacy band, unverified edge)", _band_is("low self-efficacy")),
    _Rule(DEPRESSION, "phq9", "total >= 10", _total_at_least(10)),
    _Rule(DEPRESSION, "phq4", "depression subscale >= 3", _subscale_positive("depression")),
    _Rule(ANXIETY, "gad7", "total >= 10", _total_at_least(10)),
    _Rule(ANXIETY, "phq4", "anxiety subscale >= 3", _subscale_positive("anxiety")),
)

YELLOW_FLAGS = "Kendall, Linton & Main 1997 (NZ yellow-flags guide); clinical reference §4.3"

SUGGESTIONS = (
    (frozenset({RISK, FEAR, CATASTROPHISING, SELF_EFFICACY, DEPRESSION, ANXIETY}),
     "Psychologically informed care: work on beliefs, fears and mood alongside exercise (graded exposure or graded "
     "activity, CBT- or ACT-based elements), or refer to a psychologist.",
     YELLOW_FLAGS),
    (frozenset({RISK, FEAR, CATASTROPHISING}),
     "Progress by agreed quotas or an exposure hierarchy rather than by pain alone (time-contingent, not purely "
     "symptom-contingent).",
     "Lindström 1992 operant graded activity; Vlaeyen 2001/2002, Leeuw 2008 graded exposure (clinical reference "
     "§3.2-3.3, §4.3)"),
    (frozenset({FEAR}),
     "Graded exposure in vivo: rank feared activities (e.g. with PHODA), start with moderately feared ones and run "
     "each as a behavioural experiment that tests the feared outcome.",
     "Vlaeyen 2001/2002; Leeuw 2008 (clinical reference §3.3)"),
    (frozenset({FEAR, CATASTROPHISING}),
     "Explain the fear-avoidance model with the patient's own symptoms: hurt is not the same as harm.",
     "Vlaeyen 2001/2002 education step (clinical reference §3.3); " + YELLOW_FLAGS),
    (frozenset({SELF_EFFICACY}),
     "Build confidence with early success: start quotas below the measured baseline so they are met, raise them on "
     "a fixed schedule and show progress on a graph.",
     "Lindström 1992; Fordyce operant principles (clinical reference §3.2)"),
    (frozenset({DEPRESSION, ANXIETY}),
     "Talk about mood with the patient and their GP; consider a referral for assessment and treatment of "
     "depression or anxiety.",
     YELLOW_FLAGS),
    (frozenset({RISK}),
     "Risk of long-term disability: set work and role goals early and plan the return to usual duties.",
     "Linton, Nicholas & MacDonald 2011; Lindström 1992 workplace visit (clinical reference §1.11, §3.2)"),
)

DOMAINS = (RISK, FEAR, CATASTROPHISING, SELF_EFFICACY, DEPRESSION, ANXIETY)


def psychosocial_profile(scores: Iterable[Score]) -> PsychosocialProfile:
    """Build the profile from scored screens; when one instrument appears twice, the last counts."""
    latest = {s.instrument.id: s for s in scores}
    screens = []
    for rule in RULES:
        result = latest.get(rule.instrument)
        if result is None:
            continue
        value, band, flagged = rule.reading(result)
        screens.append(Screen(rule.domain, rule.instrument, value, band, rule.threshold, flagged))
    flagged = {s.domain for s in screens if s.flagged}
    suggestions = tuple(
        Suggestion(text, tuple(d for d in DOMAINS if d in flagged & domains), source)
        for domains, text, source in SUGGESTIONS
        if flagged & domains
    )
    strategy, because, source = _strategy(latest, screens)
    screened = {s.domain for s in screens}
    alerts = tuple(alert for s in latest.values() for alert in s.alerts)
    return PsychosocialProfile(tuple(screens), suggestions, strategy,
                               tuple(d for d in DOMAINS if d not in screened), alerts, because, source)


# TSK-11 high band (Chimenti 2021; clinical reference §1.7) and STarT Back's fear item (Keele order).
TSK11_HIGH = 36
START_BACK_FEAR_ITEM = "q5"
EXPOSURE_SOURCE = ("Vlaeyen 2001/2002; Leeuw 2008: graded exposure in vivo for high pain-related fear (clinical "
                   "reference §3.3); TSK-11 high band >= 36, Chimenti 2021 (§1.7)")
QUOTA_SOURCE = ("Lindström 1992 operant graded activity; Vlaeyen 2001/2002, Leeuw 2008 (clinical reference "
                "§3.2-3.3, §4.3)")


def _strategy(latest: dict[str, Score], screens: list[Screen]) -> tuple[str | None, tuple[str, ...], str | None]:
    """The strategy to suggest, the readings behind it, and its source."""
    fear = []
    tsk = latest.get("tsk11")
    if tsk is not None and tsk.total is not None and tsk.total >= TSK11_HIGH:
        fear.append(f"TSK-11 {_number(tsk.total)}: high pain-related fear (>= {TSK11_HIGH})")
    back = latest.get("start_back")
    if back is not None and back.band == "high risk" and dict(back.answers).get(START_BACK_FEAR_ITEM) == 1:
        fear.append("STarT Back high risk, with the fear item agreed (not safe to be physically active)")
    if fear:
        return GRADED_EXPOSURE, tuple(fear), EXPOSURE_SOURCE
    quota = tuple(f"{s.instrument} {_number(s.score)}: {s.domain} ({s.threshold})"
                  for s in screens if s.flagged and s.domain in (RISK, FEAR, CATASTROPHISING))
    if quota:
        return TIME_CONTINGENT, quota, QUOTA_SOURCE
    return None, (), None


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
