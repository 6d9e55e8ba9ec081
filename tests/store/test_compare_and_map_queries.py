"""``!compare`` and ``!mapstats`` queries on the real corpus, checked against other paths to the same numbers."""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import pytest
from sqlalchemy import Engine

from etstats.gamestats import parse_round
from etstats.stats.outcome import RoundOutcome, is_shutdown_save, round_outcome
from etstats.store.compare_queries import compare
from etstats.store.map_queries import find_map, map_names, map_record
from etstats.store.player_queries import find_players

pytestmark = pytest.mark.corpus


def test_compare_totals_are_the_sum_of_the_shared_maps(corpus_db: Engine) -> None:
    with corpus_db.connect() as conn:
        [vid] = find_players(conn, "vid")
        [olz] = find_players(conn, ".olz")
        result = compare(conn, [vid.id], [olz.id], vid.name, olz.name)
    newest = result.maps[0]
    assert (newest.map, newest.together) == ("braundorf_b4", False)
    assert round(newest.a.dpm or 0) == 365, "the map post's MVP line: vid 17 kills, 365 DPM"
    assert newest.a.kills == 17
    a, b = result.totals()
    assert a.kills == sum(m.a.kills for m in result.maps) and b.damage == sum(m.b.damage for m in result.maps)
    together, against = result.record(True), result.record(False)
    assert together.maps + against.maps == len(result.maps) == len({(m.map, m.played_at) for m in result.maps})
    assert against.won + against.lost + against.draws <= against.maps


def test_a_map_record_matches_the_round_files(corpus_db: Engine, corpus_files: list[Path]) -> None:
    round1s = []
    for path in corpus_files:
        if "-supply-round-1" in path.name:
            parsed = parse_round(path.read_bytes(), path.name)
            if not is_shutdown_save(parsed.header, 1):
                round1s.append(parsed.header)
    set_times = [h.next_time_limit_s for h in round1s if round_outcome(h, 1) is RoundOutcome.ATTACKERS_WON]
    holds = [h for h in round1s if round_outcome(h, 1) is RoundOutcome.DEFENDERS_HELD]
    with corpus_db.connect() as conn:
        assert find_map(conn, "SUPPLY") == ["supply"]
        assert find_map(conn, "frost") == ["etl_frostbite", "frostbite"]
        assert map_names(conn)[0] == ("te_escape2", 23)
        record = map_record(conn, "supply")
    assert record.maps_played == 13
    assert record.average_time_set_s == pytest.approx(mean(set_times))
    assert record.full_holds == len(holds)
    assert [f.seconds for f in record.fastest] == sorted(set_times)[:5]
    assert record.fastest[0].seconds == 462 and record.fastest[0].side == "allies"
    allies = next(s for s in record.sides if s.side == "allies")
    assert allies.attacked == allies.succeeded + allies.held
    assert [b.dpm for b in record.best_rounds] == sorted((b.dpm for b in record.best_rounds), reverse=True)
