"""Round and Map complete posts: hand-checked numbers from a real map, and hostile names."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, select

from etstats.publish.limits import fit_embeds, validate_embeds
from etstats.publish.render.maps import map_embed
from etstats.publish.render.rounds import round_embed
from etstats.stats.awards import MVP_FORMULA
from etstats.stats.summary import MapSummary, RoundSummary
from etstats.store import schema as t
from etstats.store.summaries import map_summary, round_summary
from tests.monitor.helpers import table_row
from tests.publish.render.hostile import NAMES, assert_sendable

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
R2 = "2025-10-14-232419-erdenberg_t2-round-2.txt"
ORPHAN = "2025-10-12-220306-te_escape2-round-2.txt"


def _round_id(engine: Engine, name: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(t.rounds.c.id).where(t.rounds.c.name == name)).scalar_one()


@pytest.fixture(scope="module")
def erdenberg(corpus_engine: Engine) -> tuple[RoundSummary, RoundSummary, MapSummary]:
    with corpus_engine.connect() as conn:
        r2 = _round_id(corpus_engine, R2)
        return round_summary(conn, _round_id(corpus_engine, R1)), round_summary(conn, r2), map_summary(conn, r2)


def test_round1_says_who_set_the_time_and_lists_both_sides(erdenberg) -> None:  # type: ignore[no-untyped-def]
    embed = round_embed(erdenberg[0])
    assert embed["title"] == "Round 1 — erdenberg_t2"
    assert embed["description"] == "⏱️ Allies set the time: **7:50** of 12:00"
    names = [f["name"] for f in embed["fields"]]
    assert names[:2] == ["⚔️ Attack — Allies (4)", "🛡️ Defence — Axis (4)"]
    # From the file: qmr (Axis) 14 kills, 11 deaths, 2295 damage given in 7.8 min, 1 revive given.
    assert table_row(embed, "qmr")[1:6] == ["14", "11", "1.27", "294", "1"]
    assert {"name": "Time to beat in Round 2", "value": "**7:50**", "inline": True} in embed["fields"]
    assert validate_embeds([embed]) == []


def test_round2_shows_round_two_only_numbers(erdenberg) -> None:  # type: ignore[no-untyped-def]
    embed = round_embed(erdenberg[1])
    assert embed["description"] == "🛡️ Axis held: the time of **7:50** stood"
    # The R2 file says 25 kills / 26 deaths / 4618 damage for qmr: minus R1's 14 / 11 / 2295.
    assert table_row(embed, "qmr")[1:3] == ["11", "15"]
    assert table_row(embed, "qmr")[3] == "0.73"
    assert "Round 1 missing" not in embed["description"]


def test_map_complete_names_the_winning_group_mvp_and_awards(erdenberg) -> None:  # type: ignore[no-untyped-def]
    embed = map_embed(erdenberg[2], chart=True)
    assert embed["description"].startswith("🏆 **endekk, SmetarskiLoto, squAze:), vid** won the map")
    assert table_row(embed, "qmr")[1:3] == ["25", "26"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["⭐ MVP"].startswith("**squAze:)**")
    assert "**Most revives:** .olz (10)" in fields["🎖️ Awards"]
    assert embed["footer"]["text"].startswith(MVP_FORMULA)
    assert embed["image"] == {"url": "attachment://map.png"}


def test_round2_without_its_round1_is_marked_and_claims_nothing_per_round(corpus_engine: Engine) -> None:
    with corpus_engine.connect() as conn:
        round_id = _round_id(corpus_engine, ORPHAN)
        embed = round_embed(round_summary(conn, round_id))
        whole = map_embed(map_summary(conn, round_id))
    assert "Round 1 missing" in embed["description"]
    assert "Top performers" not in [f["name"] for f in embed["fields"]]
    assert "Round 1 missing" in whole["description"]
    assert "⭐ MVP" not in [f["name"] for f in whole["fields"]]


def test_every_round_and_map_of_the_corpus_fits_discord(corpus_engine: Engine) -> None:
    with corpus_engine.connect() as conn:
        rows = conn.execute(select(t.rounds.c.id, t.rounds.c.round)).all()
        embeds = [round_embed(round_summary(conn, r.id)) for r in rows]
        embeds += [map_embed(map_summary(conn, r.id), chart=True) for r in rows if r.round == 2]
    assert len(embeds) > 250
    for embed in embeds:
        assert validate_embeds([embed]) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_hostile_names_still_give_valid_posts(erdenberg, name: str) -> None:  # type: ignore[no-untyped-def]
    round1, round2, whole = copy.deepcopy(erdenberg)
    for summary_players in (round1.players, round2.players, whole.group_a, whole.group_b, whole.others):
        for index, player in enumerate(summary_players):
            player.display_name = player.name = f"{name}{index}" if index % 2 else name
    for embed in (round_embed(round1), round_embed(round2), map_embed(whole, chart=True)):
        assert_sendable(fit_embeds([embed]))
