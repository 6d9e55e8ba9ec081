"""``etstats parse FILE --json``: the contract other programs read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.runner import Runner
from tests.stats import rawfile, synth

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
R2 = "2025-10-14-232419-erdenberg_t2-round-2.txt"
OLD_37_FIELDS = "2025-09-24-233255-te_escape2-round-1.txt"
OLD_36_FIELDS = "2025-02-16-222714-te_escape2-round-1.txt"
OLD_33_FIELDS = "2024-04-16-220731-te_escape2-round-1.txt"
TOP_KEYS = {"map", "round", "server", "started_at", "defender_team", "winner_team", "time_limit_s", "players"}
PLAYER_KEYS = {"guid", "name", "team", "kills", "deaths", "headshots", "hits", "shots", "damage_given",
               "damage_received", "team_damage_given", "gibs", "self_kills", "team_kills", "revives_given",
               "xp", "time_played_s", "dpm", "weapons"}  # fmt: skip
WEAPON_KEYS = {"hits", "shots", "kills", "deaths", "headshots"}


def _parse(etstats: Runner, *argv: str | Path) -> dict:
    run = etstats("parse", *argv, "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_contract_keys_and_header_values(etstats: Runner, corpus_dir: Path) -> None:
    data = _parse(etstats, corpus_dir / R1)
    assert TOP_KEYS <= set(data)
    assert (data["map"], data["round"], data["server"]) == ("erdenberg_t2", 1, "#purans.only")
    assert data["started_at"] == "2025-10-14T23:15:45"
    assert (data["defender_team"], data["winner_team"], data["time_limit_s"]) == ("axis", "allies", 720)
    for player in data["players"]:
        assert PLAYER_KEYS <= set(player)
        assert player["team"] in ("axis", "allies", "spectator")
        for weapon in player["weapons"].values():
            assert set(weapon) == WEAPON_KEYS


def test_player_values_match_the_file(etstats: Runner, corpus_dir: Path) -> None:
    data = _parse(etstats, corpus_dir / R1)
    raw = rawfile.read(corpus_dir / R1).by_guid()
    assert {p["guid"] for p in data["players"]} == set(raw)
    for p in data["players"]:
        line = raw[p["guid"]]
        assert (p["kills"], p["deaths"], p["hits"], p["shots"], p["headshots"]) == tuple(
            line.total(i) for i in (2, 3, 0, 1, 4)
        )
        assert p["damage_given"] == int(line.ext[0]) and p["xp"] == int(line.ext[9])
        assert p["revives_given"] == int(line.ext[37])
    qmr = next(p for p in data["players"] if p["guid"] == "652EB4A6")
    assert (qmr["name"], qmr["team"], qmr["dpm"], qmr["time_played_s"]) == ("qmr", "axis", 294.2, 468)
    assert qmr["weapons"]["mp40"] == {"hits": 107, "shots": 343, "kills": 11, "deaths": 0, "headshots": 11}
    assert qmr["weapons"]["thompson"]["deaths"] == 7


@pytest.mark.parametrize("name, fields", [(OLD_37_FIELDS, 37), (OLD_36_FIELDS, 36), (OLD_33_FIELDS, 33)])
def test_revives_given_is_null_for_older_lines(etstats: Runner, corpus_dir: Path, name: str, fields: int) -> None:
    """X[37] did not exist before 2025-10: unknown, not 0."""
    assert {len(p.ext) for p in rawfile.read(corpus_dir / name).players} == {fields}
    data = _parse(etstats, corpus_dir / name)
    assert data["players"] and all(p["revives_given"] is None for p in data["players"])
    assert all(isinstance(p["xp"], int) for p in data["players"])


def test_round1_option_gives_round2_only_counters(etstats: Runner, corpus_dir: Path) -> None:
    data = _parse(etstats, corpus_dir / R2, "--round1", corpus_dir / R1)
    qmr = next(p for p in data["players"] if p["guid"] == "652EB4A6")
    assert (qmr["kills"], qmr["deaths"], qmr["damage_given"], qmr["xp"]) == (11, 15, 2323, 62)
    assert qmr["time_played_s"] == round(7.9 * 60) and qmr["dpm"] == 294.1
    plain = _parse(etstats, corpus_dir / R2)
    assert next(p for p in plain["players"] if p["guid"] == "652EB4A6")["kills"] == 25


def test_unset_sides_are_null(etstats: Runner, tmp_path: Path) -> None:
    path = tmp_path / "2025-10-14-213838-supply-round-1.txt"
    line = synth.player("AAAA0001", "a", 1, {4: (1, 2, 0, 0, 0)})
    path.write_bytes(synth.round_bytes(synth.header(defender=0, winner=0), [line]))
    data = _parse(etstats, path)
    assert data["defender_team"] is None and data["winner_team"] is None


def test_a_broken_file_is_one_error_line(etstats: Runner, tmp_path: Path) -> None:
    path = tmp_path / "2025-10-14-213838-supply-round-1.txt"
    path.write_bytes(b"garbage without a newline")
    run = etstats("parse", path, "--json")
    assert run.code == 1 and run.out == ""
    assert run.err.count("\n") == 1 and "not terminated by LF" in run.err and "Traceback" not in run.err


def test_round1_option_must_be_a_round1_of_the_same_map(etstats: Runner, corpus_dir: Path) -> None:
    run = etstats("parse", corpus_dir / R1, "--round1", corpus_dir / R2, "--json")
    assert run.code == 2 and "--round1" in run.err


def test_the_two_knife_ids_show_as_one_knife(etstats: Runner, corpus_dir: Path) -> None:
    """pvid's R2 file holds knife 2 and KA-BAR 2 swings; R1 had 4 knife swings: Round 2 alone, none."""
    r1, r2 = corpus_dir / OLD_37_FIELDS, corpus_dir / "2025-09-24-233657-te_escape2-round-2.txt"
    (pvid,) = [p for p in _parse(etstats, r2)["players"] if p["guid"] == "D8423F90"]
    assert pvid["weapons"]["knife"]["shots"] == 4 and "knife_kbar" not in pvid["weapons"]
    (pvid,) = [p for p in _parse(etstats, r2, "--round1", r1)["players"] if p["guid"] == "D8423F90"]
    assert "knife" not in pvid["weapons"] and "knife_kbar" not in pvid["weapons"]
    assert pvid["shots"] == 259 - 152
