"""A patient's course checked in day by day, each decision fed back as the server does.

A single check-in shows what the engine decides on one day. Some hazards appear only when its
decisions come back to it: ``next_dose`` becomes the dose, every decision goes into ``history``,
and a flare episode is passed back until it is over. :class:`Course` runs that loop.

The diary is kept as a patient keeps it: on each day she notes her usual pain, and on waking she
notes how she feels, which is the ``pain_next_morning`` of *yesterday's* entry (the morning after
that day). Nothing is known about a morning before it has been lived.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from rehab.core.engine.increments import DEFAULT_INCREMENTS, DEFAULT_PROGRESSION_ORDER
from rehab.core.engine.progression import check_in
from rehab.core.models import (
    Activity,
    CheckIn,
    Decision,
    DecisionKind,
    DiaryEntry,
    Dose,
    FlareEpisode,
    HistoryEntry,
    Limits,
    SessionLog,
    Strategy,
)


@dataclass
class Course:
    """One activity of one patient, from ``dose`` on, checked in every day ``live`` is called."""

    dose: Dose
    strategy: Strategy = Strategy.SYMPTOM_CONTINGENT
    limits: Limits = field(default_factory=Limits)
    activity_id: str = "sit_to_stand"
    sessions_per_week: float = 3
    diary: dict[date, DiaryEntry] = field(default_factory=dict)
    sessions: list[SessionLog] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    flare_episode: FlareEpisode | None = None
    decisions: dict[date, Decision] = field(default_factory=dict)

    def note(self, day: date, pain: float | None, woke: float | None = None) -> None:
        """Diary only (no check-in): her usual pain on ``day``, and ``woke`` the pain on waking that
        morning (the next morning of the day before)."""
        self.diary[day] = replace(self.diary.get(day, DiaryEntry(day)), pain=pain)
        if woke is not None:
            eve = day - timedelta(days=1)
            self.diary[eve] = replace(self.diary.get(eve, DiaryEntry(eve)), pain_next_morning=woke)

    def train(self, day: date, pain_during: float = 3, rpe: float = 6, completed: Dose | None = None) -> None:
        """A session on ``day`` at the current dose (or ``completed``)."""
        self.sessions.append(SessionLog(day, completed or self.dose, pain_during=pain_during, rpe=rpe))

    def check_in(self, today: date) -> Decision:
        """The check-in of ``today`` with everything logged so far; its decision is fed back."""
        activity = Activity(self.activity_id, self.dose, self.sessions_per_week, dict(DEFAULT_INCREMENTS),
                            DEFAULT_PROGRESSION_ORDER)
        ci = CheckIn(today=today, activity=activity, strategy=self.strategy, limits=self.limits,
                     sessions=tuple(self.sessions), diary=tuple(self.diary[d] for d in sorted(self.diary)),
                     history=tuple(self.history), flare_episode=self.flare_episode)
        decision = check_in(ci)
        self.decisions[today] = decision
        self.history.append(HistoryEntry(today, decision.kind))
        if decision.next_dose is not None:
            self.dose = decision.next_dose
        self.flare_episode = decision.flare_episode
        return decision

    def live(self, today: date, pain: float, woke: float | None = None, session_pain: float | None = None) -> Decision:
        """One day: the diary (usual pain, and how she woke), a session when ``session_pain`` is
        given, then the day's check-in."""
        self.note(today, pain, woke)
        if session_pain is not None:
            self.train(today, session_pain)
        return self.check_in(today)

    def kinds(self, first: date | None = None) -> list[DecisionKind]:
        return [d.kind for day, d in sorted(self.decisions.items()) if first is None or day >= first]

    def on(self, kind: DecisionKind) -> list[date]:
        return [day for day, d in sorted(self.decisions.items()) if d.kind is kind]

    def alerts(self, code: str) -> list[date]:
        """The days a clinician alert with ``code`` was raised."""
        return [day for day, d in sorted(self.decisions.items()) if any(a.code == code for a in d.alerts)]


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=k) for k in range(count)]
