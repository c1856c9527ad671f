"""``rehab instruments`` and ``rehab score``: outcome measures on the command line."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from rehab.cli.app import BAD_INPUT, app
from rehab.contracts.instruments import InstrumentOut, score_questionnaire, score_test
from rehab.instruments import (
    CATALOGUE,
    AnswerError,
    ChangeError,
    MeasurementError,
    PerformanceTest,
    Person,
    Questionnaire,
    UnknownInstrument,
    lookup,
)
from rehab.instruments.norms import SixMinuteWalkEquations

Answers = list[float | None] | dict[str, float | None]
T = TypeVar("T")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


@app.command("instruments")
def instruments_command(
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON list for machines")] = False,
) -> None:
    """List every questionnaire and performance test with its id, name, range and direction."""
    rows = [InstrumentOut.from_core(m) for m in CATALOGUE.values()]
    if as_json:
        typer.echo(json.dumps([row.model_dump() for row in rows], indent=2, ensure_ascii=False))
        return
    width = max(len(row.id) for row in rows)
    for row in rows:
        low, high = row.range
        direction = "higher is better" if row.direction == "higher_is_better" else "higher is worse"
        typer.echo(f"{row.id:<{width}}  {row.name} | {low:g}-{high:g} {row.unit} | {direction}")


@app.command("score")
def score_command(
    instrument_id: Annotated[str, typer.Argument(metavar="ID", help="an id from `rehab instruments`")],
    answers: Annotated[str | None, typer.Option(metavar="1,2,0,...", help="comma-separated, in item order; - for an unanswered item")] = None,
    answers_file: Annotated[
        str | None, typer.Option(metavar="FILE.json", help="JSON object of answers by item id (PSFS: by activity name)")
    ] = None,
    previous: Annotated[str | None, typer.Option(metavar="1,2,0,...", help="the earlier administration, as --answers")] = None,
    previous_file: Annotated[str | None, typer.Option(metavar="FILE.json", help="the earlier administration, as --answers-file")] = None,
    reference_sd: Annotated[str | None, typer.Option(metavar="SD", help="SD of a reference sample, for the RCI")] = None,
    reliability: Annotated[str | None, typer.Option(metavar="R", help="test-retest reliability (ICC), for the RCI")] = None,
    age: Annotated[str | None, typer.Option(metavar="YEARS", help="to compare a performance test with norms")] = None,
    sex: Annotated[str | None, typer.Option(metavar="female|male", help="to compare with norms")] = None,
    height_cm: Annotated[str | None, typer.Option(metavar="CM", help="for the six-minute walk prediction")] = None,
    weight_kg: Annotated[str | None, typer.Option(metavar="KG", help="for the six-minute walk prediction")] = None,
) -> None:
    """Score a questionnaire or a performance test, with change since a previous one; print JSON."""
    try:
        instrument = lookup(instrument_id)
    except UnknownInstrument as error:
        _fail(str(error))
    current = _answers(answers, answers_file, "answers", required=True)
    earlier = _answers(previous, previous_file, "previous", required=False)
    sd, r = _number(reference_sd, "reference-sd"), _number(reliability, "reliability")
    if (sd is not None or r is not None) and earlier is None:
        _fail("--reference-sd and --reliability need --previous")
    try:
        if isinstance(instrument, Questionnaire):
            if any(v is not None for v in (age, sex, height_cm, weight_kg)):
                _fail(f"{instrument.id}: --age, --sex, --height-cm and --weight-kg are for performance tests")
            out = score_questionnaire(instrument, current, earlier, sd, r)
        else:
            person = _person(age, sex, height_cm, weight_kg)
            out = score_test(instrument, current, earlier, sd, r, person)
            if person is not None and out.norm is None:
                out = out.model_copy(update={"notes": [*out.notes, _why_no_norm(instrument, person)]})
    except (AnswerError, MeasurementError, ChangeError) as error:
        _fail(str(error))
    typer.echo(out.to_json())


def _why_no_norm(test: PerformanceTest, person: Person) -> str:
    if test.norms is None:
        return f"{test.id} has no published norms in the clinical reference"
    if isinstance(test.norms, SixMinuteWalkEquations) and (person.height_cm is None or person.weight_kg is None):
        return "give --height-cm and --weight-kg to compare with the predicted distance"
    return f"no norms for a {person.sex} aged {person.age:g} on {test.id}"


def _person(age: str | None, sex: str | None, height_cm: str | None, weight_kg: str | None) -> Person | None:
    if age is None and sex is None:
        if height_cm is not None or weight_kg is not None:
            _fail("--height-cm and --weight-kg need --age and --sex")
        return None
    if age is None or sex is None:
        _fail("--age and --sex go together")
    if sex not in ("female", "male"):
        _fail(f"--sex must be female or male, got {sex!r}")
    years = _number(age, "age")
    height, weight = _number(height_cm, "height-cm"), _number(weight_kg, "weight-kg")
    for name, value, low, high in (("age", years, 0, 120), ("height-cm", height, 50, 250), ("weight-kg", weight, 10, 400)):
        if value is not None and not low <= value <= high:
            _fail(f"--{name}: {value:g} is out of range {low}-{high}")
    return Person(years, sex, height, weight)


def _answers(inline: str | None, file: str | None, name: str, required: bool) -> Answers | None:
    if inline is not None and file is not None:
        _fail(f"give --{name} or --{name}-file, not both")
    if inline is not None:
        return _parse_inline(inline, name)
    if file is not None:
        return _read_named(file, name)
    if required:
        _fail("give the answers with --answers or --answers-file")
    return None


def _parse_inline(text: str, name: str) -> list[float | None]:
    if not text.strip():
        _fail(f"--{name} is empty")
    values: list[float | None] = []
    for position, part in enumerate(text.split(","), start=1):
        part = part.strip()
        if part in ("", "-"):
            values.append(None)
            continue
        values.append(_number(part, f"{name} {position}"))
    return values


def _number(text: str | None, what: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        _fail(f"{what}: {text!r} is not a number")
    if not math.isfinite(value):
        _fail(f"{what}: {text!r} is not a number")
    return int(value) if value.is_integer() else value


def _read_named(file: str, name: str) -> dict[str, float | None]:
    """A JSON object of answers by item id; the values are checked by the scoring itself."""
    path = Path(file)
    if not path.is_file():
        _fail(f"--{name}-file {file}: no such file")
    try:
        parsed = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        _fail(f"--{name}-file {file}: not UTF-8 text")
    except json.JSONDecodeError as error:
        _fail(f"--{name}-file {file}: not valid JSON ({error.msg} at line {error.lineno})")
    if not isinstance(parsed, dict):
        _fail(f"--{name}-file {file}: must be a JSON object of answers by item id")
    return parsed
