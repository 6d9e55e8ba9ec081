"""``!compare`` and ``!mapstats`` embeds: real players and maps, and names typed by strangers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from etstats.publish.limits import fit_embeds
from etstats.publish.render.compare import compare_chart_embed, compare_embed
from etstats.publish.render.mapstats import map_list_embed, mapstats_embed
from etstats.stats.compare import Comparison
from etstats.stats.map_record import MapRecord
from etstats.store.compare_queries import compare
from etstats.store.map_queries import map_names, map_record
from etstats.store.player_queries import find_players
from tests.publish.render.hostile import NAMES, assert_sendable
from tests.publish.render.phone import code_lines


def _comparison(engine: Engine) -> Comparison:
    with engine.connect() as conn:
        [vid] = find_players(conn, "vid")
        [olz] = find_players(conn, ".olz")
        return compare(conn, [vid.id], [olz.id], vid.name, olz.name)


def _supply(engine: Engine) -> MapRecord:
    with engine.connect() as conn:
        return map_record(conn, "supply")


def test_compare_shows_both_columns_the_record_and_the_last_maps(corpus_engine: Engine) -> None:
    embed = compare_embed(_comparison(corpus_engine))
    assert embed["title"] == "⚖️ vid vs .olz"
    lines = embed["description"].splitlines()
    assert lines[0] == "Over the **72** maps both played"
    assert lines[1].startswith("**Together:** 13 maps — won ")
    assert lines[2].startswith("**Against each other:** 59 maps — vid won ")
    side = code_lines(embed["fields"][0]["value"])
    assert side[0].split() == ["vid", ".olz"]
    assert [line.split()[0] for line in side[1:]] == ["Kills", "Deaths", "K/D", "DPM", "Damage", "Time"]
    recent = code_lines(embed["fields"][1]["value"])
    assert recent[0].split() == ["Map", "A", "DPM", "B", "DPM"]
    assert recent[1].split() == ["11-11", "braundorf…", "365", "248", "×"]
    assert_sendable([[embed]])
    assert compare_chart_embed(_comparison(corpus_engine))["image"] == {"url": "attachment://compare.png"}


def test_compare_without_shared_maps_says_so(corpus_engine: Engine) -> None:
    empty = replace(_comparison(corpus_engine), maps=[])
    assert compare_embed(empty)["description"] == "These two have never played the same map."


def test_mapstats_shows_sides_times_and_best_rounds(corpus_engine: Engine) -> None:
    embed = mapstats_embed(_supply(corpus_engine))
    assert embed["title"] == "🗺️ supply"
    assert embed["description"].startswith("**13** maps played")
    names = [f["name"] for f in embed["fields"]]
    assert names == ["⚔️ Results per attacking side", "⏱️ Times set", "🌟 Best rounds by DPM (last year of play)"]
    assert embed["fields"][0]["value"].splitlines()[1] == "**Axis** never attacked"
    times = embed["fields"][1]["value"].splitlines()
    assert times[0].startswith("Average time set in Round 1: **")
    assert times[2].startswith("`1` **7:42** of 12:00 — Allies: ")
    assert code_lines(embed["fields"][2]["value"])[0].split() == ["Player", "R", "K", "DPM", "DATE"]
    assert_sendable([[embed]])


def test_the_map_list(corpus_engine: Engine) -> None:
    with corpus_engine.connect() as conn:
        maps = map_names(conn)
    embed = map_list_embed(maps)
    assert embed["description"].splitlines()[0] == "**te\\_escape2** — 23×"
    assert map_list_embed([], "zzz")["description"] == "No complete map has been imported yet."


@pytest.fixture(scope="module")
def real(corpus_engine: Engine) -> tuple[Comparison, MapRecord]:
    return _comparison(corpus_engine), _supply(corpus_engine)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=NAMES, second=NAMES, names=st.lists(NAMES, min_size=5, max_size=5))
def test_hostile_names_still_give_valid_embeds(
    real: tuple[Comparison, MapRecord], first: str, second: str, names: list[str]
) -> None:
    comparison = replace(real[0], name_a=first, name_b=second)
    assert_sendable(fit_embeds([compare_embed(comparison), compare_chart_embed(comparison)]))
    record = real[1]
    hostile = replace(
        record,
        map=first,
        fastest=[replace(f, names=names[:3]) for f in record.fastest],
        best_rounds=[replace(b, name=n) for b, n in zip(record.best_rounds, names)],
    )
    assert_sendable(fit_embeds([mapstats_embed(hostile)]))
    assert_sendable(fit_embeds([map_list_embed([(n, 1) for n in names], first)]))
