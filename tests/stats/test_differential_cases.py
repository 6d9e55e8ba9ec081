"""The special cases of §4.4: one-round players, reconnects, spectators; real and synthetic."""

from __future__ import annotations

import pytest

from etstats.gamestats import RoundFile, WeaponStats
from etstats.stats.differential import derive_round2, keyed_players, whole_map
from etstats.stats.players import FLAG_COUNTER_RESET, FLAG_R1_ONLY, FLAG_R2_ONLY, PlayerStats
from tests.stats import synth

R1_NAME = "2025-10-14-213838-supply-round-1.txt"
R2_NAME = "2025-10-14-214626-supply-round-2.txt"
MP40, THOMPSON, SYRINGE = 4, 5, 27


def _pair(r1_lines: list[bytes], r2_lines: list[bytes]) -> tuple[RoundFile, RoundFile]:
    r1 = synth.parse(R1_NAME, synth.header(round_no=1, next_limit="7:50"), r1_lines)
    r2 = synth.parse(R2_NAME, synth.header(round_no=2, limit="7:50", next_limit="7:50"), r2_lines)
    return r1, r2


def _by_key(players: list[PlayerStats]) -> dict[str, PlayerStats]:
    return {p.key: p for p in players}


STAYER_R1 = synth.player(
    "AAAA0001", "stayer", 1, {MP40: (10, 40, 3, 2, 1)}, {0: 900, 1: 700, 9: 30, 22: 6.0, 8: 50.0, 25: 2.0}
)
STAYER_R2 = synth.player(
    "AAAA0001", "stayer", 2, {MP40: (10, 40, 3, 2, 1), THOMPSON: (20, 50, 5, 1, 2)},
    {0: 2100, 1: 1500, 9: 45, 22: 13.0, 8: 60.0, 25: 1.5},
)  # fmt: skip
LEAVER = synth.player("BBBB0002", "leaver", 2, {THOMPSON: (5, 20, 1, 1, 0)}, {0: 300, 9: 10, 22: 4.0})
JOINER = synth.player("CCCC0003", "joiner", 1, {MP40: (7, 30, 2, 3, 1)}, {0: 650, 9: 22, 22: 5.5, 8: 40.0})


def test_stayer_is_subtracted_and_ratios_recomputed() -> None:
    r1, r2 = _pair([STAYER_R1], [STAYER_R2])
    stayer = _by_key(derive_round2(r1, r2))["AAAA0001"]
    assert stayer.weapons == {THOMPSON: WeaponStats(20, 50, 5, 1, 2)}  # the MP40 slot nets to zero
    assert stayer.values["damage_given"] == 1200 and stayer.minutes == 7.0
    assert stayer.values["xp"] == 45
    assert stayer.values["alive_percent"] == round((60.0 * 13.0 - 50.0 * 6.0) / 7.0, 1)
    assert stayer.values["time_dead_ratio"] == round(100 * 1.5 / 7.0, 1)
    assert stayer.flags == set()


def test_one_round_players_and_the_union_in_whole_map() -> None:
    """The R1-only leaver is not lost from the map total (slomix's match summary lost him)."""
    r1, r2 = _pair([STAYER_R1, LEAVER], [STAYER_R2, JOINER])
    only = _by_key(derive_round2(r1, r2))
    assert set(only) == {"AAAA0001", "CCCC0003"}
    joiner = only["CCCC0003"]
    assert FLAG_R2_ONLY in joiner.flags
    assert (joiner.kills, joiner.values["damage_given"], joiner.minutes) == (2, 650, 5.5)
    whole = _by_key(whole_map(keyed_players(r1).values(), only.values()))
    assert set(whole) == {"AAAA0001", "BBBB0002", "CCCC0003"}
    assert FLAG_R1_ONLY in whole["BBBB0002"].flags
    assert whole["BBBB0002"].values["damage_given"] == 300 and whole["BBBB0002"].kills == 1
    assert whole["CCCC0003"].values["damage_given"] == 650
    assert whole["AAAA0001"].values["damage_given"] == 2100 and whole["AAAA0001"].values["xp"] == 75


def test_reconnect_falls_back_to_raw_round2_values() -> None:
    """A reconnect resets the session: R2 time 3.0 < R1 6.0, so R2 is taken as is and flagged."""
    reset_r2 = synth.player("AAAA0001", "stayer", 2, {THOMPSON: (9, 30, 4, 1, 1)}, {0: 800, 9: 20, 22: 3.0, 8: 70.0})
    r1, r2 = _pair([STAYER_R1], [reset_r2])
    stayer = _by_key(derive_round2(r1, r2))["AAAA0001"]
    assert FLAG_COUNTER_RESET in stayer.flags
    assert stayer.weapons == {THOMPSON: WeaponStats(9, 30, 4, 1, 1)}
    assert (stayer.values["damage_given"], stayer.minutes, stayer.values["alive_percent"]) == (800, 3.0, 70.0)
    whole = _by_key(whole_map(keyed_players(r1).values(), [stayer]))["AAAA0001"]
    assert whole.values["damage_given"] == 900 + 800 and whole.minutes == 9.0
    assert whole.kills == 3 + 4 and FLAG_COUNTER_RESET in whole.flags


@pytest.mark.parametrize(
    "r2_weapons, r2_ext",
    [
        ({MP40: (10, 40, 2, 2, 1)}, {0: 950, 1: 800, 22: 6.5}),  # kills went down
        ({MP40: (10, 40, 3, 1, 1)}, {0: 950, 1: 800, 22: 6.5}),  # deaths went down
        ({MP40: (10, 40, 3, 2, 1)}, {0: 899, 1: 800, 22: 6.5}),  # damage given went down
        ({MP40: (10, 40, 3, 2, 1)}, {0: 950, 1: 600, 22: 6.5}),  # damage received went down
        ({MP40: (10, 40, 3, 2, 1)}, {0: 950, 1: 800, 22: 5.9}),  # time played went down
    ],
)
def test_each_reset_probe_triggers_the_fallback(r2_weapons: dict, r2_ext: dict) -> None:
    """Kills, deaths, damage given/received and time played are the probes slomix uses (§4.4)."""
    r1, r2 = _pair([STAYER_R1], [synth.player("AAAA0001", "stayer", 2, r2_weapons, r2_ext)])
    assert FLAG_COUNTER_RESET in _by_key(derive_round2(r1, r2))["AAAA0001"].flags


def test_a_minor_drop_without_reset_is_clamped_at_zero() -> None:
    """Gibs (not a reset probe) going down is clamped to 0, never negative."""
    r1_line = synth.player("AAAA0001", "s", 1, {MP40: (1, 2, 1, 0, 0)}, {0: 100, 4: 3, 22: 2.0})
    r2_line = synth.player("AAAA0001", "s", 2, {MP40: (2, 5, 2, 0, 0)}, {0: 200, 4: 1, 22: 4.0})
    r1, r2 = _pair([r1_line], [r2_line])
    stayer = _by_key(derive_round2(r1, r2))["AAAA0001"]
    assert stayer.values["gibs"] == 0 and FLAG_COUNTER_RESET not in stayer.flags


def test_spectator_in_round2_adds_nothing() -> None:
    """Moved to spectators: R2 repeats his R1 session counters with team 3; R2-only is zero."""
    spec_r2 = synth.player("AAAA0001", "stayer", 3, {MP40: (10, 40, 3, 2, 1)}, {0: 900, 1: 700, 22: 6.0, 8: 50.0})
    r1, r2 = _pair([STAYER_R1], [spec_r2])
    spec = _by_key(derive_round2(r1, r2))["AAAA0001"]
    assert spec.team == 3 and spec.weapons == {}
    assert (spec.kills, spec.deaths, spec.values["damage_given"], spec.minutes) == (0, 0, 0, 0.0)
    assert spec.dpm is None


def test_real_reconnect_imb3cil(corpus_rounds: dict[str, RoundFile]) -> None:
    """Imb3cil's R2 line has 11.1 min and 207 shots against 12.0 and 268 in R1: a reconnect (P-10)."""
    r1 = corpus_rounds["2025-10-26-201727-etl_sp_delivery-round-1.txt"]
    r2 = corpus_rounds["2025-10-26-203013-etl_sp_delivery-round-2.txt"]
    only = _by_key(derive_round2(r1, r2))
    flagged = [p.display_name for p in only.values() if FLAG_COUNTER_RESET in p.flags]
    assert flagged == ["Imb3cil"]
    imb = only["C74FB315"]
    raw = keyed_players(r2)["C74FB315"]
    assert imb.values["damage_given"] == raw.values["damage_given"] == 1449
    assert imb.minutes == 11.1 and imb.kills == raw.kills and imb.weapons == raw.weapons


def test_real_spectator_in_round2(corpus_rounds: dict[str, RoundFile]) -> None:
    """MaccabrosSarGel went to spectators for R2 of supply on 2025-10-25: nothing R2-only."""
    r1 = corpus_rounds["2025-10-25-155900-supply-round-1.txt"]
    r2 = corpus_rounds["2025-10-25-161002-supply-round-2.txt"]
    spec = _by_key(derive_round2(r1, r2))["BF52721D"]
    assert spec.team == 3
    assert (spec.kills, spec.deaths, spec.values["damage_given"], spec.weapons) == (0, 0, 0, {})
    assert spec.values["xp"] == 0
