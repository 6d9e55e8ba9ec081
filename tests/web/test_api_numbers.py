"""API numbers against one real map, read by hand off its two files.

``2025-11-11-233403-braundorf_b4-round-1.txt`` and ``…-233911-…-round-2.txt``: header
``\\1\\1\\2\\10:00\\4:35`` (Round 1, Axis defended, Allies won: the time was set at 4:35)
and ``\\2\\1\\1\\4:35\\4:35`` (Round 2, the defenders held). Group A (Allies in Round 1):
.olz 5D989160, carniee 0A26D447, SuperBoyy EDBB5DA9; group B: vid D8423F90, endekk
7B84BE88, SmetarskiProner 1C747DF1. Group A held in Round 2, so A won.

vid's Round 2 line holds his whole map (counters are cumulative): weapon mask 134301757
= ids {0, 2, 3, 4, 5, 11, 14, 16, 27}: knife 0 5 0 0 0, luger 1 11 1 0 1, colt 4 7 0 0 1,
mp40 38 98 4 6 4, thompson 105 246 10 3 11, grenade 6 7 2 0 0, dynamite 0 1 0 0 0,
artillery 0 1 0 0 0, syringe 3 4 0 0 0 → kills 17, deaths 9, head hits 17; gun hits
1+4+38+105 = 148 of 11+7+98+246 = 362 shots → 40.9 %. Extended fields: damage given 3179,
received 2103, team damage 36, gibs 4, self kills 4, team kills 0, team time 8.7 min
(522 s) → DPM 3179 / 8.7 = 365.4.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.cli.runner import Runner
from tests.web.conftest import BRAUNDORF_R1, BRAUNDORF_R2

VID = "D8423F90"


def test_player_career_numbers_are_the_round2_file_totals(one_map: TestClient) -> None:
    response = one_map.get(f"/api/players/{VID}")
    assert response.status_code == 200
    data = response.json()
    assert data["guid"] == VID and data["name"] == "vid"
    assert (data["kills"], data["deaths"], data["head_hits"]) == (17, 9, 17)
    assert (data["damage_given"], data["damage_received"], data["team_damage_given"]) == (3179, 2103, 36)
    assert (data["gibs"], data["self_kills"], data["team_kills"]) == (4, 4, 0)
    assert data["time_played_s"] == 522
    assert data["dpm"] == 365.4
    assert data["accuracy"] == 40.9
    assert (data["maps"], data["wins"], data["losses"], data["draws"], data["rounds"]) == (1, 0, 1, 0, 2)
    assert data["weapons"]["thompson"] == {"hits": 105, "shots": 246, "kills": 10, "deaths": 3, "headshots": 11}
    assert data["weapons"]["knife"] == {"hits": 0, "shots": 5, "kills": 0, "deaths": 0, "headshots": 0}
    assert "knife_kbar" not in data["weapons"]
    rating = data["rating"]  # one map with a winner: rated once, shown as μ − 3σ like !stats
    assert rating["maps"] == 1
    assert abs(rating["rating"] - (rating["mu"] - 3 * rating["sigma"])) <= 0.025  # each rounded to 0.01


def test_guid_lookup_ignores_case(one_map: TestClient) -> None:
    assert one_map.get(f"/api/players/{VID.lower()}").json()["kills"] == 17


def test_matches_are_the_cli_objects_plus_an_id(one_map: TestClient, etstats: Runner, corpus_dir: Path) -> None:
    data = one_map.get("/api/matches").json()
    assert len(data) == 1
    match = data[0]
    assert isinstance(match["id"], int)
    assert match["map"] == "braundorf_b4"
    assert (match["round1_file"], match["round2_file"]) == (BRAUNDORF_R1, BRAUNDORF_R2)
    assert (match["round1_outcome"], match["round2_outcome"], match["winner"]) == (
        "attackers_won",
        "defenders_held",
        "A",
    )
    assert match["time_to_beat_s"] == 4 * 60 + 35
    assert match["group_a"] == ["0A26D447", "5D989160", "EDBB5DA9"]
    assert match["group_b"] == ["1C747DF1", "7B84BE88", "D8423F90"]
    etstats("import", corpus_dir / BRAUNDORF_R1, corpus_dir / BRAUNDORF_R2)
    cli = json.loads(etstats("matches", "--json").out)
    assert [{k: v for k, v in match.items() if k != "id"}] == cli


def test_evening_of_the_date_lists_the_map_and_player_totals(one_map: TestClient) -> None:
    data = one_map.get("/api/evenings/2025-11-11").json()
    assert data["date"] == "2025-11-11"
    [evening] = data["evenings"]
    assert evening["rounds"] == 2
    [played] = evening["maps"]
    assert played["map"] == "braundorf_b4" and played["winner"] == "A" and played["time_to_beat_s"] == 275
    assert one_map.get(f"/maps/{played['id']}").status_code == 200
    vid = next(p for p in evening["players"] if p["guid"] == VID)
    assert (vid["kills"], vid["deaths"], vid["damage_given"], vid["maps"]) == (17, 9, 3179, 1)


def test_evenings_list(one_map: TestClient) -> None:
    data = one_map.get("/api/evenings").json()
    assert data["total"] == 1
    assert data["evenings"][0]["date"] == "2025-11-11"
    assert data["evenings"][0]["maps"] == 1


def test_top_needs_thirty_minutes_like_the_bot(one_map: TestClient) -> None:
    # Nobody played 30 minutes on one map: everyone is below the minimum to rank.
    data = one_map.get("/api/top", params={"metric": "dpm", "period": "all"}).json()
    assert data["standings"] == []
    assert data["unqualified"] == 6
