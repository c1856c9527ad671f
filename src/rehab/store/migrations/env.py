"""Alembic environment: runs migrations on the connection given by rehab (tests, `rehab db
upgrade`) or on an engine for the configured URL."""

from alembic import context

from rehab.store.database import make_engine
from rehab.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    # SQLite changes a constraint by copying the table (batch mode). Copying a table that others
    # refer to (users) would fail its foreign keys half-way, and SQLite lets them be switched off
    # only outside a transaction: off before the migrations, checked before they commit, back on.
    sqlite = connection.dialect.name == "sqlite" and not connection.in_transaction()
    driver = connection.connection.driver_connection if sqlite else None
    if driver is not None:
        driver.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
            if driver is not None and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise RuntimeError("a migration left rows whose foreign keys point nowhere; nothing was changed")
    finally:
        if driver is not None:
            driver.execute("PRAGMA foreign_keys=ON")


given = config.attributes.get("connection")
if given is not None:
    run(given)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        run(connection)
    engine.dispose()
