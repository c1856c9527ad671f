"""Running the server and looking after its database: ``rehab db upgrade``, ``serve``, ``seed-demo``,
``clinic``, ``nightly``, ``audit``, ``backup`` and ``restore``."""

from __future__ import annotations

import os
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from rehab.cli.app import BAD_INPUT, app
from rehab.settings import Settings, SettingsError, load_settings

# The database layer (SQLAlchemy, Alembic) is imported inside the commands that need it, so the
# other commands (check-in, score, plan, ...) start quickly.

db = typer.Typer(help="The database: apply migrations.", no_args_is_help=True)
app.add_typer(db, name="db")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


def settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        _fail(str(error))


def unit_of_work(config: Settings):
    from rehab.services.database import unit_of_work as opened

    return opened(config.database_url, config.days_before_enrolment, config.late_entry_days)


def upgrade(url: str):
    from rehab.services.database import migrate

    return migrate(url)


def _sqlite_path(config: Settings, command: str) -> Path:
    if not config.is_sqlite:
        _fail(f"{command} is for the SQLite database; for PostgreSQL use pg_dump / pg_restore")
    return Path(config.database_url.removeprefix("sqlite:///"))


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every database migration not yet applied."""
    config = settings()
    done = upgrade(config.database_url)
    typer.echo(upgrade_report(done, _shown(config)))


def upgrade_report(done, where: str) -> str:
    """What `rehab db upgrade` did, in a line or a few: a new database says what was created."""
    steps = "".join(f"\n  {revision}  {doc}" for revision, doc in done.applied)
    if done.before is None and done.applied:
        return (f"created a new database at {where}: all its tables, by {len(done.applied)} migrations{steps}\n"
                "It has no clinic yet: `rehab seed-demo` adds the demo clinic, `rehab clinic` a real one.")
    if done.applied:
        return (f"database upgraded from migration {done.before} to {done.after}: {where}; "
                f"applied {len(done.applied)}{steps}")
    return f"database is up to date (migration {done.after}): {where}"


def _shown(config: Settings) -> str:
    url = config.database_url
    return url if config.is_sqlite else url.split("@")[-1]


def is_empty(config: Settings) -> bool:
    from rehab.services.database import has_a_clinic

    return not has_a_clinic(config.database_url)


def _cores() -> int:
    return os.cpu_count() or 1


@app.command("serve")
def serve(host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
          workers: Annotated[int, typer.Option(min=1, max=64, help="web processes (default: the number of cores)",
                                               show_default=False)] = _cores(),
          worker: Annotated[bool, typer.Option(help="also start the check-in worker (one per database is enough)")] = True) -> None:
    """Serve the API (and pages) from this folder's database, creating ./var/ when missing."""
    import gc
    import signal
    import sys

    # No garbage collection until the app is built (see _started): start-up only adds objects that
    # live as long as the server, and collecting among them was an eighth of the cold start.
    gc.disable()
    import uvicorn

    config = settings()
    upgrade(config.database_url)
    typer.echo(f"rehab on http://{host}:{port}  (log in there; API: /api/v1, described at /api/v1/openapi.json; "
               f"database {_shown(config)}; {workers} web process{'es' if workers > 1 else ''})")
    # uvicorn stops gracefully on SIGTERM and then raises the signal again under the handler that
    # was there before it; with Python's default that ends the process at once, skipping the
    # `finally` below and leaving the worker running. This handler turns it into a normal exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # One check-in worker for the whole server, started here by the parent, never by a web process:
    # with --workers N the N web processes serve requests and this one worker runs the check-ins.
    # It starts once the app is imported, at the background priority it keeps (see `rehab worker`),
    # so its own start-up does not slow the web process's: the first answer comes sooner.
    checker = None
    try:
        if workers == 1:
            from rehab.web.app import create_app

            web = create_app(config)
            checker = _start_worker() if worker else None
            _started()
            uvicorn.Server(uvicorn_config(web, host, port)).run()
        else:
            # uvicorn's supervisor binds the port once and starts the web processes, each building
            # the app from the same environment (SQLite writers queue across processes on a file
            # lock beside the database; PostgreSQL needs nothing more).
            from uvicorn.supervisors import Multiprocess

            from rehab.web.app import SERVE_PARENT

            _fork_web_processes()
            checker = _start_worker() if worker else None
            os.environ[SERVE_PARENT] = str(os.getpid())
            processes = uvicorn_config("rehab.web.app:app_from_environment", host, port, factory=True, workers=workers)
            _started()
            Multiprocess(processes, sockets=[processes.bind_socket()]).run()
    finally:
        if checker is not None:
            _stop_worker(checker)


def _start_worker():
    """The check-in worker (`rehab worker`), a child that stops when this process is gone."""
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "rehab", "worker"], env={**os.environ, PARENT: str(os.getpid())},
                            preexec_fn=_background_priority)  # noqa: PLW1509 - no threads started yet


def _started() -> None:
    """The app is imported (and, with one web process, built): collect garbage again from here on.
    What start-up made (modules, classes, routes, the app) lives as long as the server, so it is
    frozen out of the collector's sight first: no collection walks those objects again, not even
    the first one (it would have found all of them in its youngest generation, a pause on an early
    request), and the web processes forked next do not copy the memory pages a collection would
    write to. Python's documentation gives this order for a server that forks (gc.freeze)."""
    import gc

    gc.freeze()
    gc.enable()


def _stop_worker(checker, grace: float = 30) -> None:
    """Stop the check-in worker: SIGTERM lets it end the check-in it is running (one patient, one
    transaction); one that has not stopped in ``grace`` seconds is killed rather than left behind
    or waited on for ever (a check-in is one transaction: a killed one is rolled back and its
    patient stays due, so the next worker runs it again)."""
    import subprocess

    checker.terminate()
    try:
        checker.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        typer.echo(f"the check-in worker had not stopped {grace:g} s after SIGTERM; stopped it", err=True)
        checker.kill()
        checker.wait()


def _fork_web_processes() -> None:
    """Start the web processes by forking this one once it has imported the app, not by spawning
    fresh interpreters (uvicorn's way), which each import it all again: spawned, the two web
    processes of a 2-core machine answered their first request 1.8 s after start, forked 1.2 s.
    This process has started no thread by now, so forking is safe; each web process still builds
    its own app, engine and pool (``app_from_environment``)."""
    import multiprocessing

    import uvicorn._subprocess

    import rehab.web.app  # noqa: F401 - imported once here, before the fork, for every web process

    uvicorn._subprocess.spawn = multiprocessing.get_context("fork")  # type: ignore[attr-defined]


def uvicorn_config(app, host: str, port: int, **more):
    """How `rehab serve` runs the app (an app, or with ``workers`` an app factory's import path).
    Proxy headers off: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1, so any local
    client could choose the address the audit log and the login throttle see. The app believes only
    the proxies named in REHAB_TRUSTED_PROXIES (rehab.web.app)."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level="warning", proxy_headers=False, **more)


PARENT = "REHAB_WORKER_PARENT"
BACKGROUND_NICENESS = 10


def _background_priority() -> None:
    """Check-ins are background work: when the CPU is short, the phones' requests go first."""
    if hasattr(os, "nice"):
        os.nice(max(0, BACKGROUND_NICENESS - os.nice(0)))


@app.command("worker")
def check_in_worker() -> None:
    """Run diary check-ins moments after the entries arrive, until stopped (rehab serve starts one)."""
    import signal
    import threading

    from rehab.services.checkins import run_due
    from rehab.services.database import sessions as sessions_on
    from rehab.services.database import unit_of_work

    config = settings()
    sessions, delay = sessions_on(config.database_url), config.checkin_delay_seconds
    _background_priority()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    parent = os.environ.get(PARENT)  # started by `rehab serve`: stop if it is gone, however it ended
    try:
        while not stop.is_set() and (parent is None or str(os.getppid()) == parent):
            try:
                done = run_due(unit_of_work(sessions), delay)
            except Exception as error:  # noqa: BLE001 - keep running; the marks stay and are retried
                typer.echo(f"check-in worker: {error}; retrying", err=True)
                done = 0
            # Rest a little between patients, more when none is due: on SQLite, requests waiting for
            # the write lock get in first, so a burst of check-ins never holds up the phones.
            stop.wait(0.1 if done else 0.2)
    except KeyboardInterrupt:
        pass


@app.command("seed-demo")
def seed_demo(
    seed: Annotated[int, typer.Option(help="seed of the simulated histories")] = 7,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="do nothing when the database already has a clinic")] = False,
    people: Annotated[int, typer.Option(min=1, max=20, help="how many of the 20 demo patients to create", hidden=True)] = 20,
) -> None:
    """Create a demo clinic: an admin, a clinician and 20 patients with weeks of real history; print the logins."""
    from rehab.services.database import sessions as sessions_on
    from rehab.services.demo import demo_logins, seed_demo_clinic

    config = settings()
    upgrade(config.database_url)
    if if_empty and not is_empty(config):
        typer.echo("The database already has a clinic; nothing seeded.")
        _print_logins(demo_logins(sessions_on(config.database_url)))
        return
    sessions = sessions_on(config.database_url)
    typer.echo(f"Seeding the demo clinic: {people} patient{'s' * (people != 1)}, each day of their weeks of history played through "
               "the real check-ins (about half a minute)...")
    with _seeding_progress() as progress:
        logins = seed_demo_clinic(sessions, seed, progress, people=people)
    typer.echo("Demo clinic ready.")
    _print_logins(logins)


class _seeding_progress:  # noqa: N801 - used as a context manager, like a function
    """A Rich progress bar of the days played (the days done, the time left) on a terminal; where
    the output is not a terminal (a log, a pipe), a plain line at every tenth of the way."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console()
        self.bar = None
        self.shown = -1

    def __enter__(self):
        if self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("days played"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("left:"), TimeRemainingColumn(), console=self.console)
            self.bar.__enter__()
            self.task = self.bar.add_task("seeding", total=None)
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)
            return
        tenth = done * 10 // max(total, 1)
        if tenth > self.shown:
            self.shown = tenth
            typer.echo(f"  {done * 100 // max(total, 1)}% ({done} of {total} days played)")

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _print_logins(logins: list[tuple[str, str, str]]) -> None:
    from rehab.services.demo import DEMO_PASSWORD

    if not logins:
        return
    typer.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for role, email, name in logins:
        typer.echo(f"  {role:<10} {email:<34} {name}")


@app.command("clinic")
def create_clinic(
    name: Annotated[str, typer.Option(help="the clinic's name")],
    admin_email: Annotated[str, typer.Option(help="the first admin's email")],
    admin_name: Annotated[str, typer.Option(help="the first admin's name")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True,
                                          help="the first admin's password (asked when not given)")],
) -> None:
    """Create a clinic with its first admin (who then adds clinicians)."""
    from pydantic import ValidationError

    from rehab.contracts.errors import first_error
    from rehab.contracts.records import UserIn
    from rehab.services import accounts
    from rehab.services.errors import ServiceError

    try:
        UserIn(email=admin_email, display_name=admin_name, role="admin", password=password)
    except ValidationError as error:
        _fail(first_error(error))
    config = settings()
    upgrade(config.database_url)
    try:
        admin = accounts.create_clinic(unit_of_work(config), name, admin_email, admin_name, password)
    except ServiceError as error:
        _fail(str(error))
    typer.echo(f"clinic {name!r} created; admin {admin.email} can log in")


@app.command("nightly")
def nightly() -> None:
    """The nightly round: run any check-ins still due, and alert clinicians to patients with no logs for 3 days."""
    from rehab.services.checkins import run_due
    from rehab.services.oversight import missed_logs

    config = settings()
    patients_done, failed = 0, []
    # A patient whose check-in fails is put aside (retried later, shown on the caseload) and the
    # round goes on with the others, so the loop ends: a put-aside patient is not due again yet.
    while done := run_due(unit_of_work(config), limit=50, failed=failed):
        patients_done += done
    for line in failed:
        typer.echo(f"check-in failed: {line}; put aside and retried later", err=True)
    raised = missed_logs(unit_of_work(config), datetime.now(UTC).date())
    typer.echo(f"patients whose due check-ins ran: {patients_done - len(failed)}; "
               f"put aside after a failed check-in: {len(failed)}; missed-log alerts raised: {raised}")


@app.command("audit")
def audit(patient: Annotated[str, typer.Option("--patient", help="the patient's id")],
          as_json: Annotated[bool, typer.Option("--json", help="print JSON lines")] = False) -> None:
    """Print who read or wrote a patient's data, when and from where."""
    from rehab.services.errors import NotFound
    from rehab.services.oversight import full_audit_trail

    try:
        patient_id = uuid.UUID(patient)
    except ValueError:
        _fail(f"--patient: {patient!r} is not a patient id")
    config = settings()
    try:
        entries = full_audit_trail(unit_of_work(config), patient_id)
    except NotFound as error:
        _fail(str(error))
    for entry in entries:
        if as_json:
            typer.echo(entry.model_dump_json())
        else:
            who = f"{entry.role or 'system'} {entry.user_id or ''}".strip()
            typer.echo(f"{entry.at:%Y-%m-%d %H:%M:%S}  {who:<48} {entry.action:<7} {entry.resource:<14} "
                       f"{entry.resource_id or '':<36} {entry.address or ''}")


@app.command("backup")
def backup(file: Annotated[Path, typer.Argument(help="where to write the backup")]) -> None:
    """Write a consistent copy of the SQLite database while it is in use."""
    config = settings()
    source = _sqlite_path(config, "backup")
    if not source.exists():
        _fail(f"{source}: no database to back up")
    if file.exists():
        _fail(f"{file}: already exists; choose a new file")
    with sqlite3.connect(source) as live, sqlite3.connect(file) as copy:
        live.backup(copy)
    typer.echo(f"backed up {source} to {file} ({file.stat().st_size:,} bytes)")


@app.command("restore")
def restore(file: Annotated[Path, typer.Argument(help="a file written by `rehab backup`")]) -> None:
    """Replace the SQLite database with a backup (stop the server first)."""
    config = settings()
    target = _sqlite_path(config, "restore")
    if not file.is_file():
        _fail(f"{file}: no such file")
    try:
        with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as copy:
            tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        _fail(f"{file}: not a SQLite database")
    if not {"alembic_version", "clinics", "audit_log"} <= tables:
        _fail(f"{file}: not a rehab backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(file) as copy, sqlite3.connect(target) as live:
        copy.backup(live)
    typer.echo(f"restored {target} from {file}")
