"""Several instances starting at once on an empty database: one migrates, the others wait and find it done."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.synchronize import Barrier

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from etstats.store.database import alembic_config, open_database

INSTANCES = 4
TRIES = 3


def _open(url: str, barrier: Barrier) -> None:
    barrier.wait(timeout=60)
    open_database(url).dispose()


def test_instances_migrating_at_once_all_start(db_urls: Callable[[], str]) -> None:
    spawn = multiprocessing.get_context("spawn")
    for _ in range(TRIES):
        url = db_urls()
        barrier = spawn.Barrier(INSTANCES)
        processes = [spawn.Process(target=_open, args=(url, barrier)) for _ in range(INSTANCES)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=120)
        assert [p.exitcode for p in processes] == [0] * INSTANCES
        engine = open_database(url)
        try:
            heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
            with engine.connect() as conn:
                assert MigrationContext.configure(conn).get_current_revision() == heads[0]
        finally:
            engine.dispose()
