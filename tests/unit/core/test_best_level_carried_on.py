"""Her best 14-day level since the anchor is looked for at every check-in, over every diary day
since then. To keep that cheap, a check-in carries on from the pass her last check-in made over
the same days (``monitoring._SCANS``). These tests hold it to giving exactly what a pass from the
start gives: when she corrects an old score, fills in a day she missed, when another patient's
pass is kept, and day after day for the people of the CLI cases (issue 14)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from rehab.contracts.checkin import CheckInRequest, DecisionOut
from rehab.core.engine import monitoring
from rehab.core.engine.progression import check_in
from rehab.core.models import Limits

LIMITS = Limits()
ANCHOR = date(2026, 9, 1)
CASES = Path(__file__).parents[2] / "cli" / "cases"


def fresh(call, *args):
    """``call`` with no earlier pass kept: the answer of a pass from the start."""
    monitoring._SCANS.clear()
    return call(*args)


def series(scores: dict[int, float]) -> monitoring.DailySeries:
    return monitoring.DailySeries.of({ANCHOR + timedelta(days=n): v for n, v in sorted(scores.items())}, ordered=True)


def day(n: int) -> date:
    return ANCHOR + timedelta(days=n)


def diary_of(seed: int, days: int = 60, missing: float = 0.15) -> dict[int, float]:
    """Usual pain 3-7 that drifts, with days she did not fill in."""
    rng = random.Random(seed)
    level = rng.uniform(3, 7)
    scores = {}
    for n in range(days):
        level = min(9.0, max(1.0, level + rng.gauss(0, 0.4)))
        if rng.random() >= missing:
            scores[n] = round(level)
    return scores


def test_her_best_level_is_found_the_same_from_one_check_in_to_the_next():
    scores = diary_of(1)
    monitoring._SCANS.clear()
    for last in range(20, 60):  # one check-in a day, the window search carried on each time
        carried = monitoring.lowest_window_mean(series(scores), ANCHOR, day(last), LIMITS)
        assert carried == fresh(monitoring.lowest_window_mean, series(scores), ANCHOR, day(last), LIMITS)


def test_a_score_she_corrects_two_weeks_back_changes_her_best_level_at_once():
    scores = {n: 6 for n in range(45)}
    monitoring._SCANS.clear()
    before = monitoring.lowest_window_mean(series(scores), ANCHOR, day(40), LIMITS)
    assert before == (day(0), 6.0)
    corrected = {**scores, 20: 2}  # a slip of the finger: day 20 was a 2, not a 6
    after = monitoring.lowest_window_mean(series(corrected), ANCHOR, day(41), LIMITS)
    assert after == fresh(monitoring.lowest_window_mean, series(corrected), ANCHOR, day(41), LIMITS)
    assert after[1] < 6.0


def test_a_missed_day_she_fills_in_later_counts_in_the_windows_already_judged():
    scores = {n: 5 for n in range(45) if n % 3}  # two days in three: every window has enough days
    monitoring._SCANS.clear()
    monitoring.lowest_window_mean(series(scores), ANCHOR, day(40), LIMITS)
    filled = {**scores, 21: 0}  # she adds the day she missed: a very good day
    after = monitoring.lowest_window_mean(series(filled), ANCHOR, day(41), LIMITS)
    assert after == fresh(monitoring.lowest_window_mean, series(filled), ANCHOR, day(41), LIMITS)
    assert after[1] < 5.0


def test_another_patient_s_pass_is_never_carried_on():
    her, his = diary_of(2), diary_of(3)
    monitoring._SCANS.clear()
    for last in range(20, 60):
        for scores in (her, his):
            carried = monitoring.lowest_window_mean(series(scores), ANCHOR, day(last), LIMITS)
            assert carried == fresh(monitoring.lowest_window_mean, series(scores), ANCHOR, day(last), LIMITS)


def test_an_earlier_day_asked_after_a_later_one_is_answered_from_the_start():
    scores = diary_of(4)
    monitoring._SCANS.clear()
    monitoring.lowest_window_mean(series(scores), ANCHOR, day(55), LIMITS)
    carried = monitoring.lowest_window_mean(series(scores), ANCHOR, day(30), LIMITS)
    assert carried == fresh(monitoring.lowest_window_mean, series(scores), ANCHOR, day(30), LIMITS)


def test_daily_means_that_are_not_whole_numbers_give_the_same_sums():
    """Several entries a day make means like 10/3, whose sums round: the carried-on pass must do
    the same additions in the same order, not merely close ones."""
    rng = random.Random(5)
    scores = {n: rng.randint(0, 30) / 3 for n in range(70)}
    monitoring._SCANS.clear()
    for last in range(14, 70):
        carried = monitoring.lowest_window_mean(series(scores), ANCHOR, day(last), LIMITS)
        expected = fresh(monitoring.lowest_window_mean, series(scores), ANCHOR, day(last), LIMITS)
        assert carried == expected and repr(carried) == repr(expected)


def _days_of(document: dict) -> list[dict]:
    """The case's person checking in on each day of her last four weeks, with what she had
    logged by then (the day's own diary entry and sessions included, as the server has them)."""
    today = date.fromisoformat(document["today"])
    documents = []
    for back in range(27, -1, -1):
        on = today - timedelta(days=back)
        earlier = {key: [e for e in document.get(key, []) if date.fromisoformat(e["date"]) <= on]
                   for key in ("sessions", "diary", "history", "experiments", "adjustments") if key in document}
        if not earlier.get("diary"):
            continue
        episode = document.get("flare_episode")
        if episode and date.fromisoformat(episode["started"]) > on:
            continue
        documents.append({**document, **earlier, "today": on.isoformat()})
    return documents


def _is_check_in(path: Path) -> bool:
    try:
        CheckInRequest.model_validate(json.loads(path.read_text()))
    except ValueError:
        return False  # an intake, not a check-in
    return True


CHECK_INS = sorted(p for p in CASES.glob("*.json") if _is_check_in(p))


@pytest.mark.parametrize("path", CHECK_INS, ids=lambda p: p.stem)
def test_each_cli_case_checked_in_day_by_day_decides_the_same_carried_on_or_fresh(path):
    documents = _days_of(json.loads(path.read_text()))
    monitoring._SCANS.clear()
    checked = 0
    for document in documents:
        try:
            ci = CheckInRequest.model_validate(document).to_core()
        except ValueError:
            continue  # a day this case's data does not make a valid check-in (e.g. a bound not yet agreed)
        carried = check_in(ci)
        expected = fresh(check_in, ci)
        assert carried == expected
        assert DecisionOut.from_core(carried, ci).to_json() == DecisionOut.from_core(expected, ci).to_json()
        checked += 1
    assert checked >= 1


def test_a_longer_diary_on_the_same_days_is_not_mistaken_for_the_one_before():
    """The same days and scores, but one with a diary that goes on: the carried-on pass reads
    the longer one's extra days too."""
    scores = diary_of(6, days=80)
    short = {n: v for n, v in scores.items() if n < 50}
    monitoring._SCANS.clear()
    monitoring.lowest_window_mean(series(short), ANCHOR, day(49), LIMITS)
    carried = monitoring.lowest_window_mean(series(scores), ANCHOR, day(79), LIMITS)
    assert carried == fresh(monitoring.lowest_window_mean, series(scores), ANCHOR, day(79), LIMITS)
