"""Reference values for performance tests: where a person stands against people of their age and sex.

Published norms come in different shapes (a percentile range per age band and sex, a mean per age
band, a prediction equation, a single sex-specific cut-off), so each shape is its own small type
with one ``compare`` method. A comparison says what the value was compared with, in numbers, and
whether that is worse than, within or better than the reference, given the test's direction.
"""

from __future__ import annotations

from dataclasses import dataclass

from rehab.instruments.model import Cited, Direction

SEXES = ("female", "male")


@dataclass(frozen=True, slots=True)
class Person:
    """What norms need to know: age in years, sex, and for the 6MWT height (cm) and weight (kg)."""

    age: float
    sex: str
    height_cm: float | None = None
    weight_kg: float | None = None


@dataclass(frozen=True, slots=True)
class NormComparison:
    reference: str  # what the value was compared with, with its numbers
    position: str  # "worse than the reference", "within the reference", "better than the reference"
    cited: Cited


WORSE, WITHIN, BETTER = "worse than the reference", "within the reference", "better than the reference"


def _position(value: float, low: float, high: float, direction: Direction) -> str:
    """Position of ``value`` against a reference interval [low, high] on a scale with ``direction``."""
    if low <= value <= high:
        return WITHIN
    below = value < low
    return WORSE if below == (direction is Direction.HIGHER_IS_BETTER) else BETTER


def _age_band(low: float, high: float | None) -> str:
    return f"aged {low:g}+" if high is None else f"aged {low:g}-{high:g}"


@dataclass(frozen=True, slots=True)
class PercentileRangeNorms:
    """25th-75th percentile range per age band and sex (rows: age from, age to, sex, p25, p75)."""

    rows: tuple[tuple[int, int, str, float, float], ...]
    cited: Cited

    def compare(self, value: float, person: Person, unit: str, direction: Direction) -> NormComparison | None:
        for low_age, high_age, sex, p25, p75 in self.rows:
            if sex == person.sex and low_age <= person.age <= high_age:
                reference = f"25th-75th percentile {p25:g}-{p75:g} {unit}, {sex}s {_age_band(low_age, high_age)}"
                return NormComparison(reference, _position(value, p25, p75, direction), self.cited)
        return None


@dataclass(frozen=True, slots=True)
class AgeMeanNorms:
    """A typical value per age band, sexes pooled (rows: age from, age to or None, value)."""

    rows: tuple[tuple[int, int | None, float], ...]
    cited: Cited
    what: str = "mean"

    def compare(self, value: float, person: Person, unit: str, direction: Direction) -> NormComparison | None:
        for low_age, high_age, typical in self.rows:
            if person.age >= low_age and (high_age is None or person.age <= high_age):
                reference = f"{self.what} {typical:g} {unit} {_age_band(low_age, high_age)}"
                return NormComparison(reference, _position(value, typical, typical, direction), self.cited)
        return None


@dataclass(frozen=True, slots=True)
class SexCutOff:
    """One threshold per sex below (or, for lower-is-better tests, above) which a value is low."""

    by_sex: tuple[tuple[str, float], ...]
    label: str
    cited: Cited

    def compare(self, value: float, person: Person, unit: str, direction: Direction) -> NormComparison | None:
        threshold = dict(self.by_sex).get(person.sex)
        if threshold is None:
            return None
        worse = value < threshold if direction is Direction.HIGHER_IS_BETTER else value > threshold
        reference = f"{self.label} cut-off {threshold:g} {unit} for {person.sex}s"
        return NormComparison(reference, WORSE if worse else WITHIN, self.cited)


@dataclass(frozen=True, slots=True)
class SixMinuteWalkEquations:
    """Enright & Sherrill 1998 predicted distance, lower limit of normal = predicted minus a margin.

    Men:   7.57 x height - 5.02 x age - 1.76 x weight - 309
    Women: 2.11 x height - 2.29 x weight - 5.78 x age + 667
    """

    cited: Cited
    lower_limit_margin: tuple[tuple[str, float], ...] = (("male", 153), ("female", 139))

    def predicted(self, person: Person) -> float:
        h, w, a = person.height_cm, person.weight_kg, person.age
        if person.sex == "male":
            return 7.57 * h - 5.02 * a - 1.76 * w - 309
        return 2.11 * h - 2.29 * w - 5.78 * a + 667

    def compare(self, value: float, person: Person, unit: str, direction: Direction) -> NormComparison | None:
        if person.height_cm is None or person.weight_kg is None:
            return None
        predicted = self.predicted(person)
        lower_limit = predicted - dict(self.lower_limit_margin)[person.sex]
        reference = f"predicted {predicted:.0f} {unit}, lower limit of normal {lower_limit:.0f} {unit}"
        # Anything at or above the lower limit of normal is normal, above the prediction or not.
        position = WORSE if value < lower_limit else WITHIN
        return NormComparison(reference, position, self.cited)


Norms = PercentileRangeNorms | AgeMeanNorms | SexCutOff | SixMinuteWalkEquations
