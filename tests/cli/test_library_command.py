"""``rehab library``: list, filter, show one exercise with its ladder, and check."""

import json

from typer.testing import CliRunner

from rehab.cli import app

runner = CliRunner()


def test_the_library_lists_ladders_by_region_and_component():
    result = runner.invoke(app, ["library"])
    assert result.exit_code == 0
    assert "knee / functional" in result.stdout and "exercises on" in result.stdout


def test_filters_narrow_the_list():
    result = runner.invoke(app, ["library", "--region", "shoulder", "--component", "resistance", "--json"])
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert items and all(i["regions"][0] == "shoulder" and i["component"] == "resistance" for i in items)
    assert {"wall_push_up", "push_up"} <= {i["id"] for i in items}


def test_an_unknown_region_is_one_line_and_exit_2():
    result = runner.invoke(app, ["library", "--region", "elbow"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: --region: unknown value 'elbow'")


def test_show_gives_the_exercise_and_its_ladder():
    result = runner.invoke(app, ["library", "show", "knee_push_up"])
    assert result.exit_code == 0
    assert "Push-up on the knees [knee_push_up]" in result.stdout
    assert "1. Wall push-up" in result.stdout and "<- this one" in result.stdout
    as_json = json.loads(runner.invoke(app, ["library", "show", "knee_push_up", "--json"]).stdout)
    assert as_json["ladder"] == ["wall_push_up", "incline_push_up", "knee_push_up", "push_up"]


def test_show_knows_daily_activities_and_refuses_unknown_ids():
    assert "Gardening" in runner.invoke(app, ["library", "show", "gardening"]).stdout
    result = runner.invoke(app, ["library", "show", "moonwalk"])
    assert result.exit_code == 2 and result.stderr.startswith("error: ID: 'moonwalk'")


def test_the_check_passes_on_the_packaged_library():
    result = runner.invoke(app, ["library", "check"])
    assert result.exit_code == 0 and result.stdout.startswith("ok: ")


def test_the_check_refuses_a_kneeling_exercise_without_the_kneeling_tag(monkeypatch, library):
    """An exercise that kneels but is not tagged would reach a person whose knees must not bear
    weight; the check names the exercise, the word and the missing caution, and exits 1."""
    from dataclasses import replace

    import rehab.cli.library as command
    from rehab.core.planning.library import Library

    untagged = replace(library.exercises["half_kneel_with_chair"], cautions=frozenset())
    broken = Library(exercises={**library.exercises, untagged.id: untagged},
                     activities=library.activities, education=library.education)
    monkeypatch.setattr(command, "packaged_library", lambda: broken)
    result = runner.invoke(app, ["library", "check"])
    assert result.exit_code == 1
    assert "half_kneel_with_chair: says 'kneel' but is not tagged kneeling (putting weight through the knees)" in result.stdout
