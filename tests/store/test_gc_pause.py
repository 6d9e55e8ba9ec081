"""The importer's garbage-collector pause (a third of the import time) must not leak out."""

from __future__ import annotations

import gc
from collections.abc import Callable

from sqlalchemy import Engine

from etstats.store.importer import IncomingFile
from tests.store.helpers import run_batches


def test_import_leaves_the_garbage_collector_as_it_found_it(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    """The importer pauses the cyclic collector per batch; it must switch it back on, and only then."""
    engine = new_engine()
    assert gc.isenabled()
    run_batches(engine, [corpus_incoming[:10]])
    assert gc.isenabled()
    gc.disable()
    try:
        run_batches(engine, [corpus_incoming[10:20]])
        assert not gc.isenabled()
    finally:
        gc.enable()
