"""Scoring a completed questionnaire: total, band, subscales and safety alerts.

Answers are checked before anything is added up, because a wrong number of answers or an answer
off the scale means the form was not the instrument it claims to be. A skipped item is different:
it is a real thing patients do, so it leaves the total empty (with the reason) rather than failing,
and safety alerts are raised from whatever was answered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real

from rehab.instruments.model import Item, Questionnaire, ResponseScale, Subscale

Answer = float | None


class AnswerError(ValueError):
    """The answers do not fit the instrument; the message is one line saying what is wrong."""


@dataclass(frozen=True, slots=True)
class Alert:
    """A finding that must reach a clinician whatever the total."""

    code: str
    item: str
    answer: float | None
    message: str
    source: str


@dataclass(frozen=True, slots=True)
class SubscaleScore:
    id: str
    name: str
    score: float | None
    range: tuple[float, float]
    positive: bool | None  # a positive screen, for subscales that have a threshold


@dataclass(frozen=True, slots=True)
class Score:
    """One administration of a questionnaire, scored."""

    instrument: Questionnaire
    answers: tuple[tuple[str, Answer], ...]
    total: float | None  # None when items are missing and the instrument allows no prorating
    band: str | None
    subscales: tuple[SubscaleScore, ...]
    alerts: tuple[Alert, ...]
    notes: tuple[str, ...]

    def subscale(self, subscale_id: str) -> SubscaleScore:
        return next(s for s in self.subscales if s.id == subscale_id)


def score(instrument: Questionnaire, answers: Sequence[Answer] | Mapping[str, Answer]) -> Score:
    """Score one administration. ``answers`` is a list in item order or a mapping by item id
    (for the PSFS: by activity name). ``None`` marks an item left unanswered."""
    named = _named_answers(instrument, answers)
    items = _items(instrument, named)
    for position, item in enumerate(items, start=1):
        value = named[item.id]
        if value is not None:
            _check(instrument, item, position, value)
    scored = {item.id: (item.scored(named[item.id]) if named[item.id] is not None else None) for item in items}
    missing = [item_id for item_id, value in scored.items() if value is None]
    total = None if missing else _total(instrument, list(scored.values()))
    subscales = tuple(_subscale(s, instrument, scored) for s in instrument.subscales)
    band = None
    if total is not None and instrument.bands is not None:
        band = instrument.bands.label_for(total, {s.id: s.score for s in subscales})
    notes = ()
    if missing:
        notes = (f"no total: {len(missing)} item{'s' * (len(missing) > 1)} unanswered ({', '.join(missing)}); "
                 f"{instrument.missing_rule}",)
    return Score(instrument, tuple(named.items()), total, band, subscales, _alerts(instrument, named), notes)


def _named_answers(instrument: Questionnaire, answers: Sequence[Answer] | Mapping[str, Answer]) -> dict[str, Answer]:
    if isinstance(answers, Mapping):
        if instrument.patient_named is None:
            known = {item.id for item in instrument.items}
            for name in answers:
                if name not in known:
                    raise AnswerError(f"{instrument.id} has no item {name!r} (items: {', '.join(i.id for i in instrument.items)})")
            named = {item.id: answers.get(item.id) for item in instrument.items}
        else:
            named = {str(name).strip(): value for name, value in answers.items()}
            if any(not name for name in named):
                raise AnswerError(f"{instrument.id}: every activity needs a name")
    else:
        if isinstance(answers, str):
            raise AnswerError(f"{instrument.id}: answers must be a list of numbers, not text")
        if instrument.patient_named is None:
            if len(answers) != len(instrument.items):
                raise AnswerError(f"{instrument.id} has {len(instrument.items)} items, got {len(answers)} answers")
            named = {item.id: value for item, value in zip(instrument.items, answers)}
        else:
            named = {f"activity {n}": value for n, value in enumerate(answers, start=1)}
    if instrument.patient_named is not None:
        fewest, most = instrument.patient_named.fewest, instrument.patient_named.most
        if not fewest <= len(named) <= most:
            raise AnswerError(f"{instrument.id} needs {fewest}-{most} rated activities, got {len(named)}")
    return named


def _items(instrument: Questionnaire, named: Mapping[str, Answer]) -> tuple[Item, ...]:
    if instrument.patient_named is None:
        return instrument.items
    return tuple(Item(name, name, instrument.patient_named.scale) for name in named)


def _check(instrument: Questionnaire, item: Item, position: int, value: object) -> None:
    where = f"{instrument.id} item {position} ({item.id})"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise AnswerError(f"{where}: {value!r} is not a number")
    scale: ResponseScale = item.scale
    if not scale.minimum <= value <= scale.maximum:
        raise AnswerError(f"{where}: {value:g} is out of range {scale.describe()}")
    if scale.whole and value != int(value):
        raise AnswerError(f"{where}: {value:g} must be a whole number")


def _total(instrument: Questionnaire, values: list[float]) -> float:
    total = float(sum(values))
    return total / len(values) if instrument.scoring == "mean" else total


def _subscale(subscale: Subscale, instrument: Questionnaire, scored: Mapping[str, float | None]) -> SubscaleScore:
    values = [scored[item_id] for item_id in subscale.items]
    low = sum(instrument.item(i).score_range[0] for i in subscale.items)
    high = sum(instrument.item(i).score_range[1] for i in subscale.items)
    value = None if any(v is None for v in values) else float(sum(values))
    positive = None
    if subscale.positive_from is not None and value is not None:
        positive = value >= subscale.positive_from
    return SubscaleScore(subscale.id, subscale.name, value, (low, high), positive)


def _alerts(instrument: Questionnaire, named: Mapping[str, Answer]) -> tuple[Alert, ...]:
    alerts = []
    for rule in instrument.safety:
        value = named.get(rule.item)
        if value is None and rule.unanswered_message is not None:
            alerts.append(Alert(rule.code + "_unanswered", rule.item, None, rule.unanswered_message, rule.cited.source))
        elif value is not None and value >= rule.at_least:
            alerts.append(Alert(rule.code, rule.item, value, rule.message, rule.cited.source))
    return tuple(alerts)
