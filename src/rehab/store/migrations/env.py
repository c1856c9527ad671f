"""Alembic environment: runs migrations on the connection given by rehab (tests, `rehab db
upgrade`) or on an engine for the configured URL."""

from alembic import context

from rehab.store.database import make_engine
from rehab.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    run(given)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        run(connection)
    engine.dispose()
