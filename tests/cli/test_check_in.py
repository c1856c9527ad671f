"""The check-in contract on the command line: JSON in, decision JSON out; bad input exits 2 with
one line naming the field, and prints nothing on standard output."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rehab.cli import app

runner = CliRunner()

DIARY = [{"date": f"2026-11-{day:02d}", "pain": pain, "pain_next_morning": pain}
         for day, pain in zip(range(13, 28), [4, 5, 4, 3, 4, 5, 4, 4, 5, 4, 3, 4, 5, 4, 4])]
READY = {
    "today": "2026-11-27",
    "activity": {"id": "sit_to_stand", "dose": {"sets": 2, "reps": 10}, "sessions_per_week": 3},
    "sessions": [{"date": d, "completed": {"sets": 2, "reps": 10}, "pain_during": 3, "rpe": 6}
                 for d in ("2026-11-16", "2026-11-18", "2026-11-20", "2026-11-23", "2026-11-25")],
    "diary": DIARY,
}
OUTPUT_KEYS = {"activity_id", "date", "decision", "urgency", "next_dose", "criteria", "message_patient",
               "summary_clinician", "alerts", "flare_episode", "flare_plan", "rule_version"}


def run(document, *extra):
    text = document if isinstance(document, str) else json.dumps(document)
    return runner.invoke(app, ["check-in", "-", *extra], input=text)


def with_changes(path, value):
    """READY with the field at ``path`` (a list of keys and indexes) set to ``value``."""
    document = json.loads(json.dumps(READY))
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


def test_a_check_in_from_standard_input_prints_the_decision_as_json():
    result = run(READY)
    assert result.exit_code == 0, result.stderr
    decision = json.loads(result.stdout)
    assert set(decision) == OUTPUT_KEYS
    assert decision["decision"] == "advance"
    assert decision["next_dose"] == {"sets": 2, "reps": 11}
    assert {"name", "group", "value", "threshold", "passed", "source"} == set(decision["criteria"][0])


def test_a_check_in_from_a_file(tmp_path: Path):
    path = tmp_path / "checkin.json"
    path.write_text(json.dumps(READY))
    result = runner.invoke(app, ["check-in", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["decision"] == "advance"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["sessions", 1, "pain_during"], 11, "sessions[1].pain_during: Input should be less than or equal to 10 (got 11)"),
        (["today"], "27/11/2026", "today: must be a date written YYYY-MM-DD, got '27/11/2026'"),
        (["today"], "2026-02-30", "today: is not a real calendar date: '2026-02-30'"),
        (["today"], KeyError, "today: is required"),
        (["red_flags"], ["back_ache"], "red_flags[0]: Input should be"),
        (["sessions", 0, "pian_during"], 3, "sessions[0].pian_during: is not a known field"),
        (["diary", 0, "pain"], "4", "diary[0].pain: Input should be a valid number (got '4')"),
        (["activity", "dose"], {}, "activity.dose: needs at least one of sets, reps"),
        (["activity", "sessions_per_week"], 0, "activity.sessions_per_week: Input should be greater than 0"),
        (["strategy"], "whenever", "strategy: Input should be 'symptom_contingent', 'time_contingent' or 'graded_exposure'"),
        (["diary", 2, "date"], "2026-12-01", "diary[2].date: 2026-12-01 is after today (2026-11-27)"),
        (["limits"], {"pain_during_max": 12}, "limits.pain_during_max: Input should be less than or equal to 10"),
        (["activity", "increments"], {"reps": {"minimum": 5, "cap": 2}}, "activity.increments.reps: minimum 5 is above cap 2"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(path, value, expected):
    result = run(with_changes(path, value))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {expected}"), lines[0]


def test_text_that_is_not_json_exits_2():
    result = run('{"today": ')
    assert result.exit_code == 2
    assert result.stderr.startswith("error: input: not valid JSON")


def test_a_missing_file_exits_2():
    result = runner.invoke(app, ["check-in", "/no/such/checkin.json"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: /no/such/checkin.json: no such file"


def test_the_decision_of_a_flare_can_be_passed_back_as_the_next_check_in():
    flaring = with_changes(["diary"], DIARY[:-2] + [{"date": "2026-11-26", "pain": 8}, {"date": "2026-11-27", "pain": 8}])
    first = json.loads(run(flaring).stdout)
    assert first["decision"] == "flare"
    follow_up = dict(flaring, today="2026-11-28", flare_episode=first["flare_episode"],
                     activity=dict(flaring["activity"], dose=first["next_dose"]),
                     history=[{"date": "2026-11-27", "decision": "flare"}])
    second = json.loads(run(follow_up).stdout)
    assert second["flare_episode"] == first["flare_episode"]


def test_every_command_is_listed_with_a_one_line_description():
    result = subprocess.run([sys.executable, "-m", "rehab", "--help"], capture_output=True, text=True,
                            env={"COLUMNS": "200", "PATH": ""})
    assert result.returncode == 0, result.stderr
    for command in app.registered_commands:
        name = command.name
        assert name in result.stdout
        assert command.callback.__doc__.strip().splitlines()[0]
