"""The migrations build exactly the tables the code describes, on both databases."""

import uuid

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from clinic_cast import make_cast
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import sessionmaker

from rehab.store import tables
from rehab.store.database import HEAD, alembic_config, at_head, make_engine, upgrade
from rehab.store.tables import Base


def test_the_migrated_schema_matches_the_tables_in_the_code(database):
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_the_head_the_server_checks_at_start_is_alembics_head(database):
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config(database.url)).get_current_head() == HEAD


def test_a_new_database_is_not_at_head_until_migrated(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert not at_head(url)
    upgrade(url)
    assert at_head(url)


def test_migration_0005_keeps_a_clinics_records_and_their_links(tmp_path):
    """Keying logs by (patient, id) and e-mails by clinic copies tables on SQLite, ``users`` among
    them, which every other table refers to: a clinic's records come through whole, with every
    foreign key still pointing at its row, and foreign keys checked again afterwards."""
    url = f"sqlite:///{tmp_path / 'rehab.db'}"
    upgrade(url)  # the clinic is made with today's tables, then taken back to 0004 with its records
    engine = make_engine(url)
    cast = make_cast(sessionmaker(engine, expire_on_commit=False))
    with engine.begin() as connection:
        connection.execute(insert(tables.DiaryEntry.__table__).values(
            id=uuid.uuid4(), patient_id=cast.carol.patient_id, date=cast.clock().date(), pain=4,
            recorded_by=cast.carol.user_id, recorded_at=cast.clock()))
    engine.dispose()
    command.downgrade(alembic_config(url), "0004")
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        assert connection.execute(select(func.count()).select_from(tables.User)).scalar() == 7
        assert connection.execute(select(func.count()).select_from(tables.DiaryEntry)).scalar() == 1
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_a_database_url_with_percent_encoding_reaches_the_migrations_unchanged():
    """A percent-encoded password or option (`?options=-csearch_path%3D...`) made `rehab db upgrade`
    and `rehab serve` fail with "invalid interpolation syntax" before they reached the database."""
    from rehab.store.database import alembic_config

    url = "postgresql+psycopg://rehab:p%40ss@127.0.0.1:5432/rehab?options=-csearch_path%3Dclinic"
    assert alembic_config(url).get_main_option("sqlalchemy.url") == url
