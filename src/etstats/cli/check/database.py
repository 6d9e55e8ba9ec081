"""Is the database reachable, and is its schema the one this version expects? Nothing is created or migrated."""

from __future__ import annotations

from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from etstats.cli.check.result import Check
from etstats.store.database import alembic_config


def check_database(url: str) -> list[Check]:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        return [
            Check.bad(f"database URL {url!r} cannot be read ({exc})", "set ETSTATS_DATABASE_URL to a SQLAlchemy URL")
        ]
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "")
        if not path.exists():
            folder = path.parent if str(path.parent) else Path(".")
            if folder.is_dir():
                return [Check.good(f"database {shown}: not there yet; the first etstats run creates it")]
            return [Check.bad(f"database {shown}: folder {folder} does not exist", f"create {folder}")]
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:
        return [Check.bad(f"database {shown}: {exc}", "install the driver (pip install 'etstats[postgres]')")]
    try:
        return [_revision(engine, shown)]
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return [Check.bad(f"database {shown} not reachable: {reason}", "check ETSTATS_DATABASE_URL and the server")]
    finally:
        engine.dispose()


def _revision(engine: Engine, shown: str) -> Check:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return Check.good(f"database {shown} reachable, schema current ({head})")
    if current is None:
        return Check.good(f"database {shown} reachable and empty; the first etstats run creates the tables")
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config(engine)).walk_revisions()}
    if current in known:
        return Check.good(
            f"database {shown} reachable, schema at {current}; the next etstats run migrates it to {head}"
        )
    return Check.bad(
        f"database {shown} has schema {current}, unknown to this version (newer etstats?)",
        "run the etstats version that wrote it, or point ETSTATS_DATABASE_URL at another database",
    )
