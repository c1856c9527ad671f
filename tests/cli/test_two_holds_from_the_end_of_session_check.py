"""Two people from a physiotherapist's check at the end of 3 December 2026 (review 2026-12-03f; case files
in docs/safety/cases-2026-12-03f/), whose holds were right but whose words were not quite.

June, 62, knee osteoarthritis, a resting blood pressure of 165/100: her walks are capped at 5 out of 10
(the talk test) until her doctor has checked it. One walk, on 12 November, was at 7; the four since were
at 5. On the 16th her raise is held. "That was harder than your plan allows" read as the latest walk.

A woman on sit to stand (symptom-contingent), usual pain 3/10, notes 6/10 today after a good session:
one day at the flare line, not a flare. The raise is held for two reasons, the raised pain and the
morning after today's session not yet come; she heard only "note your pain when you wake"."""

from cli_cases import check_in, failed

from rehab.content.readability import grade


def test_june_hears_that_a_recent_walk_was_too_hard_not_that_her_latest_one_was():
    decision = check_in("walks_one_at_7_four_days_ago_with_a_cap_of_5")
    assert decision["decision"] == "hold"
    assert failed(decision)["effort_within_cap"]["value"] == 7
    said = decision["message_patient"]
    assert said.startswith("A recent session was harder than your plan allows for now: up to 5 out of 10.")
    assert "That was" not in said  # her latest walk, on the 16th, was at 5
    assert "still talk" in said and grade(said) <= 8


def test_with_her_pain_at_the_flare_line_and_a_morning_to_come_she_hears_about_her_pain_first():
    decision = check_in("sts_one_day_at_the_flare_line_with_a_session_today")
    assert decision["decision"] == "hold" and decision["flare_episode"] is None
    assert set(failed(decision)) == {"pain_below_flare_line", "next_morning_recorded"}
    said = decision["message_patient"]
    assert said.startswith("Your pain today is well above your usual, so keep moving gently.")
    assert "note your pain when you wake" in said and "Stay at 2 sets of 10" in said
    assert grade(said) <= 8


def test_with_only_her_pain_at_the_flare_line_she_hears_it_once():
    case = __import__("json").loads(
        (__import__("cli_cases").CASES / "sts_one_day_at_the_flare_line_with_a_session_today.json").read_text())
    case["sessions"] = [s for s in case["sessions"] if s["date"] != case["today"]]
    decision = check_in(case)
    assert set(failed(decision)) == {"pain_below_flare_line"}
    said = decision["message_patient"]
    assert said.count("well above your usual") == 1 and "keep moving gently" in said
