"""Victor, 60, usual pain 3/10, walks a 20-minute quota under graded activity. Two days at 6/10 (29
and 30 November) make a flare; the next day he is back at 3. A physiotherapist wrote what she
expected before running him (docs/safety/cases-2026-12-03i/EXPECTED.md): a flare dated from the first
of the two days, reviewed a week from it (§5.7), the walk cut by about half (§5.5), and no step back up
on the first day back near his usual (H07: settled means two days below the line)."""

from cli_cases import check_in


def test_his_flare_starts_on_the_first_day_at_6_with_the_review_a_week_later_and_the_walk_halved():
    decision = check_in("victor_60_quota_second_day_at_6")
    assert decision["decision"] == "flare"
    assert decision["flare_episode"] == {"started": "2026-11-29", "pre_flare_dose": {"duration_s": 1200}}
    assert decision["flare_plan"]["review_by"] == "2026-12-06"
    assert decision["next_dose"] == {"duration_s": 600}
    assert "6 December" in decision["message_patient"] and "06 December" not in decision["message_patient"]


def test_one_day_back_at_3_is_not_yet_settled():
    decision = check_in("victor_60_quota_first_day_back_at_3")
    assert decision["decision"] == "flare"
    assert decision["next_dose"] == {"duration_s": 600}
