"""Tom, 58, back pain, a resting blood pressure of 172/104 not yet checked by his doctor. His plan caps
every exercise and every walk at 5 out of 10 (the talk test) until then (hazard H21; ACSM: the
clearance is for vigorous exercise). His walking quota is graded activity: pain is not asked (§3.2),
and it rose 19 -> 21 minutes with every walk logged at 8/10 (a physiotherapist's re-check,
2026-12-03e; case file in docs/safety/cases-2026-12-03e/). The cap holds a quota raise as it holds an
exercise's."""

from cli_cases import check_in, failed

from rehab.content.readability import grade


def test_his_walking_quota_does_not_rise_while_his_walks_are_above_his_effort_cap():
    decision = check_in("tom_walks_at_8_with_a_cap_of_5")
    assert decision["decision"] == "hold"
    assert decision["next_dose"] == {"duration_s": 1140}
    held = failed(decision)
    assert set(held) == {"effort_within_cap"} and held["effort_within_cap"]["value"] == 8
    said = decision["message_patient"]
    assert "up to 5 out of 10" in said and "still talk" in said and grade(said) <= 8
    assert "pain_during_within_limit" not in {c["name"] for c in decision["criteria"]}  # §3.2: pain not asked


def test_without_a_cap_his_quota_rises_on_schedule_whatever_the_effort():
    case = __import__("json").loads((__import__("cli_cases").CASES / "tom_walks_at_8_with_a_cap_of_5.json").read_text())
    case.setdefault("limits", {}).pop("rpe_max_to_advance", None)
    decision = check_in(case)
    assert decision["decision"] == "advance"
    assert not {"effort_not_maximal", "effort_within_cap"} & {c["name"] for c in decision["criteria"]}
