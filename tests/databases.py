"""Real databases for the integration and API tests: SQLite in a temporary file and PostgreSQL.

PostgreSQL is the one at ``REHAB_DATABASE_URL`` when that names PostgreSQL, otherwise the
development server at 127.0.0.1:5432 (database ``test``). Each test session migrates a schema of
its own (so parallel runs never meet) and drops it at the end. The PostgreSQL tests are skipped
only when that server cannot be reached and ``CI`` is not set; in CI they must run.

Each test runs inside a transaction that is rolled back at its end; the services' own commits
become savepoints inside it.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from rehab.store.database import make_engine, upgrade

POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Database:
    name: str
    url: str
    engine: Engine


def postgres_url() -> str:
    url = os.environ.get("REHAB_DATABASE_URL", "")
    return url if url.startswith("postgresql") else POSTGRES_DEFAULT


def sqlite_database(directory) -> Database:
    url = f"sqlite:///{directory / 'rehab-test.db'}"
    upgrade(url)
    return Database("sqlite", url, make_engine(url))


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
        yield Database("postgresql", url, engine)
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
