"""``rehab instruments`` and ``rehab score``: the public command-line contract of issue 3."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rehab.cli import app
from rehab.instruments import CATALOGUE

CONTRACT_KEYS = {"instrument", "total", "range", "band", "subscales", "direction", "mcid", "loinc", "alerts"}
CHANGE_KEYS = {"raw", "percent", "mcid_met", "reliable_change_index", "interpretation"}


def rehab(*args):
    return CliRunner().invoke(app, list(args))


def scored(*args):
    result = rehab(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_instruments_lists_every_instrument_and_test_with_name_range_and_direction():
    result = rehab("instruments")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(CATALOGUE)
    phq9 = next(line for line in lines if line.startswith("phq9 "))
    assert "Patient Health Questionnaire-9 | 0-27 points | higher is worse" in phq9
    walk = next(line for line in lines if line.startswith("six_minute_walk "))
    assert "0-1500 m | higher is better" in walk


def test_instruments_json_gives_machines_id_name_range_and_direction_for_each():
    rows = json.loads(rehab("instruments", "--json").stdout)
    assert [row["id"] for row in rows] == list(CATALOGUE)
    pseq = next(row for row in rows if row["id"] == "pseq")
    assert pseq == {"id": "pseq", "name": "Pain Self-Efficacy Questionnaire", "kind": "questionnaire",
                    "range": [0, 60], "unit": "points", "direction": "higher_is_better"}


def test_score_prints_the_contract_fields_and_no_change_without_a_previous_score():
    out = scored("score", "gad7", "--answers", "2,2,1,1,2,1,1")
    assert CONTRACT_KEYS <= out.keys() and "change" not in out
    assert (out["instrument"], out["total"], out["range"], out["band"]) == ("gad7", 10, [0, 21], "moderate")
    assert out["direction"] == "higher_is_worse"
    assert out["mcid"]["points"] == 4 and "Toussaint" in out["mcid"]["source"]
    assert out["loinc"] == {"panel": "69737-5", "total": "70274-6", "source": out["loinc"]["source"],
                            "verification": "checked against a secondary source only"}
    assert out["alerts"] == []


def test_score_alerts_a_clinician_when_phq9_item_9_is_above_zero():
    out = scored("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert out["total"] == 1 and out["band"] == "minimal"
    [alert] = out["alerts"]
    assert alert["code"] == "phq9_self_harm" and "same-day risk assessment" in alert["message"]


def test_score_with_previous_adds_the_change_with_its_interpretation():
    out = scored("score", "phq9", "--answers", "1,1,1,1,1,1,1,1,0", "--previous", "2,2,2,2,2,1,1,1,0")
    assert CHANGE_KEYS <= out["change"].keys()
    change = out["change"]
    assert (change["previous_total"], change["raw"], change["percent"]) == (13, -5, -38.5)
    assert (change["mcid_met"], change["reliable_change_index"], change["verdict"]) == (True, None, "better")
    assert (change["previous_band"], out["band"]) == ("moderate", "mild")
    assert change["interpretation"].startswith("better: -5 points (-38%); reaches the MCID of 5 points")


def test_score_computes_the_rci_when_given_a_reference_sd_and_reliability():
    out = scored("score", "pseq", "--answers", "4,4,4,4,4,4,4,4,4,4", "--previous", "3,3,3,3,3,3,3,3,3,3",
                 "--reference-sd", "9", "--reliability", "0.92")
    assert out["change"]["reliable_change_index"] == 2.78  # 10 / (9 x sqrt(0.08) x sqrt(2))
    assert out["change"]["reliable"] is True and out["change"]["verdict"] == "better"


def test_score_reads_named_psfs_activities_from_a_file(tmp_path):
    now = tmp_path / "now.json"
    now.write_text(json.dumps({"climbing stairs": 6, "lifting my grandson": 5, "gardening": 7}), encoding="utf-8")
    before = tmp_path / "before.json"
    before.write_text(json.dumps({"climbing stairs": 3, "lifting my grandson": 2, "gardening": 4}), encoding="utf-8")
    out = scored("score", "psfs", "--answers-file", str(now), "--previous-file", str(before))
    assert (out["total"], out["direction"]) == (6, "higher_is_better")
    assert out["version"].startswith("original PSFS (Stratford 1995)")
    assert (out["change"]["raw"], out["change"]["verdict"]) == (3, "better")


def test_score_reports_phq4_subscales_by_name():
    out = scored("score", "phq4", "--answers", "2,1,0,1")
    assert out["subscales"] == {
        "anxiety": {"name": "Anxiety (GAD-2)", "score": 3, "range": [0, 6], "positive_screen": True},
        "depression": {"name": "Depression (PHQ-2)", "score": 1, "range": [0, 6], "positive_screen": False},
    }


def test_score_with_a_skipped_item_prints_no_total_and_says_why():
    out = scored("score", "tsk11", "--answers", "2,2,2,-,2,2,2,2,2,2,2")
    assert out["total"] is None and out["band"] is None
    assert out["notes"][0].startswith("no total: 1 item unanswered (q4)")


def test_score_of_a_performance_test_compares_with_norms_for_age_and_sex():
    out = scored("score", "chair_stand_30s", "--answers", "9", "--previous", "7", "--age", "72", "--sex", "female")
    assert (out["total"], out["unit"], out["band"]) == (9, "stands", "8 or more stands")
    assert out["norm"]["position"] == "worse than the reference"
    assert (out["change"]["raw"], out["change"]["verdict"]) == (2, "better")


def test_score_of_a_six_minute_walk_without_height_says_what_is_needed_for_a_norm():
    out = scored("score", "six_minute_walk", "--answers", "450", "--age", "60", "--sex", "male")
    assert out["norm"] is None
    assert "give --height-cm and --weight-kg" in out["notes"][-1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "phq9", "--answers", "1,2,0"], "error: phq9 has 9 items, got 3 answers"),
        (["score", "phq9", "--answers", "1,2,0,1,1,0,0,0,4"], "error: phq9 item 9 (self_harm): 4 is out of range 0-3"),
        (["score", "gad7", "--answers", "1,1,1,1,1,1,-1"], "error: gad7 item 7 (afraid): -1 is out of range 0-3"),
        (["score", "odi", "--answers", "1"], "error: unknown instrument 'odi' (rehab instruments lists them)"),
        (["score", "nprs", "--answers", "seven"], "error: answers 1: 'seven' is not a number"),
        (["score", "nprs", "--answers", "nan"], "error: answers 1: 'nan' is not a number"),
        (["score", "nprs"], "error: give the answers with --answers or --answers-file"),
        (["score", "nprs", "--answers", ""], "error: --answers is empty"),
        (["score", "nprs", "--answers", "4", "--answers-file", "x.json"], "error: give --answers or --answers-file, not both"),
        (["score", "nprs", "--answers-file", "missing.json"], "error: --answers-file missing.json: no such file"),
        (["score", "nprs", "--answers", "4", "--reliability", "0.9"], "error: --reference-sd and --reliability need --previous"),
        (["score", "nprs", "--answers", "4", "--previous", "6", "--reliability", "0.9"],
         "error: an RCI needs both a reference SD and a reliability"),
        (["score", "nprs", "--answers", "4", "--previous", "6", "--reference-sd", "2", "--reliability", "1"],
         "error: reliability must be from 0 up to (not including) 1, got 1"),
        (["score", "nprs", "--answers", "4", "--age", "60", "--sex", "male"],
         "error: nprs: --age, --sex, --height-cm and --weight-kg are for performance tests"),
        (["score", "grip_strength", "--answers", "30,32"], "error: grip_strength takes one value in kg, got 2 answers"),
        (["score", "grip_strength", "--answers", "130"], "error: grip_strength: 130 kg is out of range 0-120"),
        (["score", "grip_strength", "--answers", "30", "--age", "60"], "error: --age and --sex go together"),
        (["score", "grip_strength", "--answers", "30", "--age", "60", "--sex", "other"],
         "error: --sex must be female or male, got 'other'"),
        (["score", "psfs", "--answers", "4,5"], "error: psfs needs 3-5 rated activities, got 2"),
        (["score", "gad7", "--answers", "1,1,1,1,1,1,1", "--previous", "1,1,1"],
         "error: --previous: gad7 has 7 items, got 3 answers"),
        (["score", "grip_strength", "--answers", "30", "--previous", "-5"],
         "error: --previous: grip_strength: -5 kg is out of range 0-120"),
    ],
)
def test_bad_input_exits_2_with_one_line_saying_what_is_wrong_and_nothing_on_stdout(args, message):
    result = rehab(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message + "\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"nervous": "2"}', "phq4 item 1 (nervous): '2' is not a number"),
        ('{"nervous": true}', "phq4 item 1 (nervous): True is not a number"),
        ('{"nervous": 1, "sleep": 2}', "phq4 has no item 'sleep'"),
        ("[1, 2, 3, 4]", "must be a JSON object of answers by item id"),
    ],
)
def test_a_bad_answers_file_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    result = rehab("score", "phq4", "--answers-file", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_the_installed_command_scores_and_exits_2_on_bad_input():
    command = Path(sys.executable).parent / "rehab"
    ok = subprocess.run([command, "score", "nprs", "--answers", "7"], capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and json.loads(ok.stdout)["band"] == "severe"
    bad = subprocess.run([command, "score", "nprs", "--answers", "11"], capture_output=True, text=True, check=False)
    assert (bad.returncode, bad.stdout, bad.stderr) == (2, "", "error: nprs item 1 (pain): 11 is out of range 0-10\n")
