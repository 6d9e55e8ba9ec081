"""``etstats`` command line: ``run``, ``import``, ``parse``, ``matches``, ``status``."""

from etstats.cli.main import main

__all__ = ["main"]
