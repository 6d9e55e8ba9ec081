"""The Round 1 post carries each side's chance to win the map, the same the map is later recorded with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from etstats.monitor.compose import gather_facts, render_facts
from etstats.store import schema as t
from etstats.store.importer import IncomingFile, import_batch
from etstats.store.queries import list_matches
from etstats.store.ratings import round1_chance
from tests.corpus_db import imported_database

pytestmark = pytest.mark.corpus

LAST_R1 = "2025-11-11-233403-braundorf_b4-round-1.txt"
_CHANCE = re.compile(r"⚔️ (Axis|Allies) \*\*(\d+) %\*\* · 🛡️ (Axis|Allies) \*\*(\d+) %\*\*")


def test_the_round1_post_shows_the_chance_the_map_is_then_predicted_with(
    tmp_path: Path, corpus_files: list[Path]
) -> None:
    last_r2 = next(p for p in corpus_files if p.name > LAST_R1 and p.name.endswith("braundorf_b4-round-2.txt"))
    engine = imported_database(tmp_path / "etstats.db", [p for p in corpus_files if p != last_r2])
    with engine.connect() as conn:
        round_id = conn.execute(select(t.rounds.c.id).where(t.rounds.c.name == LAST_R1)).scalar_one()
        payload = render_facts(gather_facts(conn, "round1", round_id))
    [field] = [f for f in payload["embeds"][0]["fields"] if f["name"] == "🔮 Chance to win the map"]
    match = _CHANCE.search(field["value"])
    assert match is not None, field["value"]
    attackers, shown_a, defenders, shown_b = match.groups()
    assert {attackers, defenders} == {"Axis", "Allies"} and int(shown_a) + int(shown_b) == 100
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(last_r2.name, last_r2.read_bytes())])
        [newest] = list_matches(conn, limit=1)
    assert newest.round1_file == LAST_R1
    assert newest.p_group_a is not None and round(100 * newest.p_group_a) == int(shown_a)
    engine.dispose()


def test_a_round2_post_has_no_chance(tmp_path: Path, corpus_files: list[Path]) -> None:
    engine = imported_database(tmp_path / "etstats.db", [p for p in corpus_files if p.name.startswith("2025-11-11")])
    with engine.connect() as conn:
        round_id = conn.execute(
            select(t.rounds.c.id).where(t.rounds.c.round == 2).order_by(t.rounds.c.id.desc())
        ).scalar()
        payload = render_facts(gather_facts(conn, "round2", round_id))
    assert all(f["name"] != "🔮 Chance to win the map" for f in payload["embeds"][0]["fields"])
    engine.dispose()


def test_a_round1_rendered_late_still_shows_what_was_known_before_it(tmp_path: Path, corpus_files: list[Path]) -> None:
    """With every later map imported, each Round 1 chance is still the one its map was recorded with
    (wherever the Round 1 sides are the map's groups: nobody switched or joined in Round 2)."""
    engine = imported_database(tmp_path / "etstats.db", corpus_files)
    checked = 0
    with engine.connect() as conn:
        by_r1 = {m.round1_file: m for m in list_matches(conn)}
        for round_id, name in conn.execute(select(t.rounds.c.id, t.rounds.c.name).where(t.rounds.c.round == 1)):
            match = by_r1.get(name)
            r1 = {
                (p, team)
                for p, team in conn.execute(
                    select(t.player_round_stats.c.player_id, t.player_round_stats.c.team).where(
                        t.player_round_stats.c.round_id == round_id
                    )
                )
            }
            groups = conn.execute(
                select(t.match_players.c.player_id).where(
                    t.match_players.c.match_id == (match.id if match else -1), t.match_players.c.grp.in_(["A", "B"])
                )
            ).scalars()
            if match is None or {p for p, team in r1 if team in (1, 2)} != set(groups):
                continue
            assert round1_chance(conn, round_id) == pytest.approx(match.p_group_a), name
            checked += 1
    assert checked > 40
    engine.dispose()
