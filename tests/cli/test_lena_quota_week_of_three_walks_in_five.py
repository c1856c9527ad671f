"""Lena's walking quota (graded activity, 5 walks a week, 19 minutes since 2 November). In her third
week she walked 3 times in 5 (60%). The raise is judged on the week since the last change, as the
clinical reference puts it (§3.4: increase only if the previous week's quotas were >= 80% complete).
A physiotherapist's review (2026-12-03d, finding 10; case files in docs/safety/cases-2026-12-03d/)
found a window of the last 7 days that slid: the quota held on day 7 and rose on day 8, once the new
week's first walk came into the window."""

from cli_cases import check_in, failed


def test_a_week_of_three_walks_in_five_holds_on_day_7():
    decision = check_in("lena_quota_3_of_5_day_7")
    assert decision["decision"] == "hold"
    assert failed(decision)["quota_met"]["value"] == {"met": 3, "planned": 5.0, "share": 0.6}


def test_and_still_holds_on_day_8_when_the_new_week_s_first_walk_comes_in():
    decision = check_in("lena_quota_3_of_5_day_8")
    assert decision["decision"] == "hold"
    assert decision["next_dose"] == {"duration_s": 1140}
    quota = failed(decision)["quota_met"]["value"]
    assert quota["whole_period"] == {"to": "2026-11-09", "met": 3, "share": 0.6}  # her week since the raise
    assert quota["share"] == 0.8  # the last 7 days alone would have let it rise
    assert "pain_during_within_limit" not in {c["name"] for c in decision["criteria"]}  # §3.2: pain not asked
