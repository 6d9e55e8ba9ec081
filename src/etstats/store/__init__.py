"""The database: schema (SQLAlchemy Core), Alembic migrations, import and queries."""
