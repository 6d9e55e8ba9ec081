"""The corpus parsed and paired once per session: many stats tests walk every pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from etstats.gamestats import RoundFile, parse_round
from etstats.stats.pairing import Pairing, RoundRef, pair_rounds


def ref_of(parsed: RoundFile, source: str = "corpus") -> RoundRef:
    return RoundRef.of(parsed, source)


@pytest.fixture(scope="session")
def corpus_rounds(corpus_files: list[Path]) -> dict[str, RoundFile]:
    return {p.name: parse_round(p.read_bytes(), p.name) for p in corpus_files}


@pytest.fixture(scope="session")
def corpus_pairing(corpus_rounds: dict[str, RoundFile]) -> Pairing:
    return pair_rounds(ref_of(r) for r in corpus_rounds.values())


@pytest.fixture(scope="session")
def corpus_pairs(corpus_pairing: Pairing) -> list[tuple[str, str]]:
    return [(r1.name, r2.name) for r1, r2 in corpus_pairing.matches]
