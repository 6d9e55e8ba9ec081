"""``etstats matches --json`` after importing the whole corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from etstats.store.database import open_database
from tests.cli.runner import Runner
from tests.stats import rawfile

KEYS = {
    "map", "round1_file", "round2_file", "round1_outcome", "round2_outcome", "winner", "group_a", "group_b", "p_group_a",
}  # fmt: skip


@pytest.fixture
def matches(etstats: Runner, corpus_dir: Path) -> list[dict]:
    run = etstats("import", corpus_dir, "--json")
    assert run.code == 0, run.out
    assert json.loads(run.out)["imported"] == 201
    listed = etstats("matches", "--json")
    assert listed.code == 0
    return json.loads(listed.out)


def test_all_maps_newest_first(matches: list[dict]) -> None:
    assert len(matches) == 88
    assert all(KEYS <= set(m) for m in matches)
    played = [m["round1_file"][:17] for m in matches]
    assert played == sorted(played, reverse=True)
    assert matches[0]["round1_file"] == "2025-11-11-233403-braundorf_b4-round-1.txt"


def test_winner_values_and_outcomes(matches: list[dict]) -> None:
    assert {m["winner"] for m in matches} == {"A", "B", "draw"}
    outcomes = {"attackers_won", "defenders_held", "unknown"}
    assert all(m["round1_outcome"] in outcomes and m["round2_outcome"] in outcomes for m in matches)
    by_r1 = {m["round1_file"]: m for m in matches}
    assert by_r1["2025-10-14-231545-erdenberg_t2-round-1.txt"]["winner"] == "A"
    assert by_r1["2025-10-12-224530-sw_goldrush_te-round-1.txt"]["winner"] == "draw"
    assert by_r1["2025-09-25-000238-et_brewdog-round-1.txt"]["winner"] == "B"


def test_groups_are_guid_lists_from_the_teams(matches: list[dict], corpus_dir: Path) -> None:
    """erdenberg 2025-10-14: Axis defended R1, so group A = Allies of R1 (+ Axis of R2)."""
    match = next(m for m in matches if m["round1_file"] == "2025-10-14-231545-erdenberg_t2-round-1.txt")
    raw1 = rawfile.read(corpus_dir / match["round1_file"])
    raw2 = rawfile.read(corpus_dir / match["round2_file"])
    a = {p.guid for p in raw1.players if p.team == 2} | {p.guid for p in raw2.players if p.team == 1}
    b = {p.guid for p in raw1.players if p.team == 1} | {p.guid for p in raw2.players if p.team == 2}
    assert set(match["group_a"]) == a - b and set(match["group_b"]) == b - a
    assert "652EB4A6" in match["group_b"]
    for m in matches:
        assert all(re.fullmatch(r"[0-9A-F]{8}", g) for g in m["group_a"] + m["group_b"])
        assert not set(m["group_a"]) & set(m["group_b"])


def test_limit(etstats: Runner, matches: list[dict]) -> None:
    listed = json.loads(etstats("matches", "--json", "--limit", "3").out)
    assert listed == matches[:3]


def test_empty_database(etstats: Runner, tmp_path: Path) -> None:
    missing = etstats("matches", "--json")
    assert missing.code == 2 and "no database at" in missing.err and not (tmp_path / "cli.db").exists()
    open_database(f"sqlite:///{tmp_path / 'cli.db'}").dispose()
    run = etstats("matches", "--json")
    assert run.code == 0 and json.loads(run.out) == []


def test_each_map_has_the_chance_group_a_had_before_it(matches: list[dict]) -> None:
    chances = [m["p_group_a"] for m in reversed(matches)]
    assert chances[0] == 0.5, "the first map is predicted knowing nothing"
    assert all(isinstance(p, float) and 0 < p < 1 for p in chances)
    assert len(set(chances)) > 10, "the chance follows the players, not one constant"
