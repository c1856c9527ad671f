"""The migrations build exactly the tables the code describes, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from rehab.store.tables import Base


def test_the_migrated_schema_matches_the_tables_in_the_code(database):
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
