"""SQLAlchemy 2.0 mapping, engine, unit of work and Alembic migrations."""
