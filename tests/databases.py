"""Real databases for the integration and API tests: SQLite in a temporary file and PostgreSQL.

PostgreSQL is the one at ``REHAB_DATABASE_URL`` when that names PostgreSQL, otherwise the
development server at 127.0.0.1:5432 (database ``test``). Each test session migrates a schema of
its own (so parallel runs never meet) and drops it at the end. The PostgreSQL tests are skipped
only when that server cannot be reached and ``CI`` is not set; in CI they must run.

Each test runs inside a transaction that is rolled back at its end; the services' own commits
become savepoints inside it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

import rehab.store
from rehab.store.database import HEAD, make_engine, upgrade

POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Database:
    name: str
    url: str
    engine: Engine
    schema: str | None = None  # PostgreSQL: the schema of this test session

    def url_for_a_process(self) -> str:
        """The URL another process (`rehab serve`, `rehab worker`) uses to reach this same database."""
        return f"{self.url}?options=-csearch_path%3D{self.schema}" if self.schema else self.url


def postgres_url() -> str:
    url = os.environ.get("REHAB_DATABASE_URL", "")
    return url if url.startswith("postgresql") else POSTGRES_DEFAULT


def sqlite_database(directory) -> Database:
    """A migrated SQLite database of its own: a copy of one migrated by Alembic (the migrations
    themselves are tested in tests/integration/test_migrations.py and tests/cli)."""
    path = directory / "rehab-test.db"
    shutil.copyfile(_migrated_sqlite_template(), path)
    url = f"sqlite:///{path}"
    return Database("sqlite", url, make_engine(url))


def _migrated_sqlite_template() -> Path:
    """An SQLite file migrated to the newest revision, made once per set of migrations and shared by
    every test process (xdist's workers, the safety guards' copies): migrating takes about a second
    of CPU, copying a few milliseconds."""
    versions = Path(rehab.store.__file__).parent / "migrations"
    digest = hashlib.sha256()
    for file in sorted(versions.rglob("*.py")):
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    template = Path(tempfile.gettempdir()) / "rehab-test-templates" / f"sqlite-{HEAD}-{digest.hexdigest()[:16]}.db"
    if not template.exists():
        template.parent.mkdir(parents=True, exist_ok=True)
        making = template.with_suffix(f".{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
        upgrade(f"sqlite:///{making}")
        os.replace(making, template)  # atomic: another process sees no file or a whole one
    return template


def postgres_database():
    url = postgres_url()
    probe = create_engine(url)
    try:
        with probe.connect():
            pass
    except Exception as error:  # noqa: BLE001 - any failure to reach the server
        probe.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {url} is required in CI: {error}")
        pytest.skip(f"PostgreSQL not reachable at {url}")
    schema = f"rehab_test_{uuid.uuid4().hex[:10]}"
    with probe.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    probe.dispose()
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    with engine.begin() as connection:
        upgrade(url, connection=connection)
    try:
        yield Database("postgresql", url, engine, schema)
    finally:
        engine.dispose()
        cleanup = create_engine(url)
        with cleanup.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        cleanup.dispose()


def committed_database(kind: str, directory):
    """A database of its own, whose commits are real: for tests where several threads or a live
    server write at once, which a rolled-back test's single shared connection cannot show."""
    if kind == "sqlite":
        database = sqlite_database(directory)
        yield database
        database.engine.dispose()
    else:
        yield from postgres_database()


def rolled_back(database: Database):
    """A session factory whose every commit is undone at the end of the test."""
    connection = database.engine.connect()
    outer = connection.begin()
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield factory
    finally:
        outer.rollback()
        connection.close()


__all__ = ["Database", "Session", "committed_database", "event", "postgres_database", "rolled_back", "sqlite_database"]
