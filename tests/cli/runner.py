"""The result type of an in-process ``etstats`` run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Run:
    code: int
    out: str
    err: str


Runner = Callable[..., Run]
