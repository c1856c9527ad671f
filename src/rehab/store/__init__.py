"""Persistence: SQLAlchemy tables, the unit of work and Alembic migrations. SQLite is the embedded
default; PostgreSQL is the scale-out database. Only :mod:`rehab.services` uses this package."""
