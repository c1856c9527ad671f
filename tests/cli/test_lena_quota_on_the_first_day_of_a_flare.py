"""Lena, 47, widespread pain (usual 6-7/10), a walking quota under graded activity (time-contingent).
Five weeks in, on 17 November her pain is 9/10, well above her flare line; the next day it is 9 again
and a flare starts. A physiotherapist's review (2026-12-03d, finding 8; case file in
docs/safety/cases-2026-12-03d/) found the quota raised on that first day, 21 -> 23 minutes, so the flare
plan cut from and returned to 23 minutes, a dose she had never walked (§5.5: return to the last level
that was well tolerated). The raise waits while the latest day is at or above the flare line; under
graded activity pain during walks is still not asked about (§3.2), only this flare rule holds it."""

from cli_cases import check_in, failed

LENA = "lena_quota_first_flare_day"


def test_the_quota_is_not_raised_on_what_may_be_the_first_day_of_a_flare():
    decision = check_in(LENA)
    assert decision["decision"] == "hold"
    assert decision["next_dose"] == {"duration_s": 1260}  # 21 minutes, the dose she walks
    held = failed(decision)
    assert set(held) == {"pain_below_flare_line"}  # the raise was due and the quota met: only this holds
    assert held["pain_below_flare_line"]["value"] == 1
    assert "Your pain today is well above your usual" in decision["message_patient"]
    assert "pain_during_within_limit" not in {c["name"] for c in decision["criteria"]}  # §3.2: not asked


def test_the_next_day_her_flare_starts_from_the_dose_she_tolerated():
    case = __import__("json").loads((__import__("cli_cases").CASES / f"{LENA}.json").read_text())
    case["today"] = "2026-11-18"
    case["diary"].append({"date": "2026-11-18", "pain": 9})
    case["history"].append({"date": "2026-11-17", "decision": "hold"})
    decision = check_in(case)
    assert decision["decision"] == "flare"
    assert decision["flare_episode"]["pre_flare_dose"] == {"duration_s": 1260}


def test_her_flare_is_dated_from_its_first_day_and_reviewed_a_week_from_it():
    """The flare is found on 18 November, its second day, but it started on the 17th: §5.7 counts
    about a week from the start, so she is told to contact her clinic if it is not settling by 24
    November, not 25 (a physiotherapist's re-check, 2026-12-03e, finding 8)."""
    case = __import__("json").loads((__import__("cli_cases").CASES / f"{LENA}.json").read_text())
    case["today"] = "2026-11-18"
    case["diary"].append({"date": "2026-11-18", "pain": 9})
    case["history"].append({"date": "2026-11-17", "decision": "hold"})
    decision = check_in(case)
    assert decision["flare_episode"] == {"started": "2026-11-17", "pre_flare_dose": {"duration_s": 1260}}
    assert decision["flare_plan"]["review_by"] == "2026-11-24"
    assert "If it is not settling by 24 November" in decision["message_patient"]
