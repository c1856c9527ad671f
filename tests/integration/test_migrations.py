"""The migrations build exactly the tables the code describes, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from rehab.store.database import HEAD, alembic_config, at_head
from rehab.store.tables import Base


def test_the_migrated_schema_matches_the_tables_in_the_code(database):
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_the_head_the_server_checks_at_start_is_alembics_head(database):
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config(database.url)).get_current_head() == HEAD


def test_a_new_database_is_not_at_head_until_migrated(tmp_path):
    from rehab.store.database import upgrade

    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert not at_head(url)
    upgrade(url)
    assert at_head(url)
