"""Connecting to the database: SQLite by default (WAL, foreign keys on), PostgreSQL to scale out,
and applying the migrations."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from rehab.store.write_queue import WriteQueue

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        _WRITE_LOCKS[engine] = WriteQueue(Path(path) if path and path != ":memory:" else None)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    # SQLAlchemy, not the sqlite3 module, says when transactions begin (see _sqlite_begin).
    connection.isolation_level = None
    # WAL lets readers and one writer work at once; NORMAL sync is durable at each checkpoint and
    # safe against corruption in WAL mode; foreign keys are off in SQLite unless asked for.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # A use case that writes (nearly all: at least its audit entry) takes the write lock at the
    # start: a transaction that read first and then tried to write could fail with "database is
    # locked" when another writer got in between; waiting up front (busy_timeout) cannot. Reads
    # that never write (checking a login) don't queue behind writers.
    read_only = connection.get_execution_options().get("read_only", False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


# Each SQLite engine's write queue (see rehab.store.write_queue).
_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, WriteQueue] = weakref.WeakKeyDictionary()


def write_lock(bind: object) -> WriteQueue | None:
    """The write queue of a SQLite engine; None for PostgreSQL (row locks suffice)."""
    try:
        return _WRITE_LOCKS.get(bind)  # type: ignore[arg-type]
    except TypeError:  # not weak-referenceable: not an engine of ours
        return None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# The newest migration. A database already there is not handed to Alembic at start-up: importing
# Alembic and reading every migration script took a fifth of `rehab serve`'s cold start.
# tests/integration/test_migrations.py checks that this is Alembic's head.
HEAD = "0014"


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic keeps options in a ConfigParser, where "%" starts an interpolation: a URL with a
    # percent-encoded password or options (`?options=-csearch_path%3D...`) raised ValueError.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@dataclass(frozen=True)
class Upgraded:
    """What an upgrade did: the revision before (None: the database was new) and after, and the
    migrations applied on the way, each as (revision, its first docstring line)."""

    before: str | None
    after: str | None
    applied: tuple[tuple[str, str], ...]


def at_head(url: str) -> bool:
    """Whether the database at ``url`` has every migration applied (one read of alembic_version)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD]
    except Exception:  # noqa: BLE001 - no database yet, no version table, unreachable: let Alembic say
        return False
    finally:
        engine.dispose()


def upgrade(url: str, connection=None) -> Upgraded:
    """Apply every migration not yet applied (``rehab db upgrade``), and say what was applied. A
    database already at the newest migration is not handed to Alembic (its import is slow)."""
    if connection is None and at_head(url):
        return Upgraded(HEAD, HEAD, ())
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config(url)
    if connection is not None:
        config.attributes["connection"] = connection
    before = current_revision(url, connection)
    command.upgrade(config, "head")
    after = current_revision(url, connection)
    script = ScriptDirectory.from_config(config)
    applied = []
    if after != before:
        for revision in script.iterate_revisions(after, before):
            applied.append((revision.revision, (revision.doc or "").strip().splitlines()[0].rstrip(".")))
    return Upgraded(before, after, tuple(reversed(applied)))


def current_revision(url: str, connection=None) -> str | None:
    """The migration the database is at; None for a new (or empty) database."""
    from alembic.runtime.migration import MigrationContext

    if connection is not None:
        return MigrationContext.configure(connection).get_current_revision()
    engine = make_engine(url)
    try:
        with engine.connect() as opened:
            return MigrationContext.configure(opened).get_current_revision()
    finally:
        engine.dispose()
