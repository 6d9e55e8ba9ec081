"""The ``!stats`` embed and the list of candidates, on a real career and with hostile names."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from etstats.publish.limits import fit_embeds, validate_embeds
from etstats.publish.render.player import candidates_embed, player_embed
from etstats.stats.career import Career, NameUse, PlayerRef
from etstats.store.player_queries import career, find_players
from tests.publish.render.hostile import NAMES, assert_sendable
from tests.publish.render.phone import assert_fits_phone


@pytest.fixture(scope="module")
def endekk(corpus_engine: Engine) -> Career:
    with corpus_engine.connect() as conn:
        return career(conn, find_players(conn, "7B84BE88"))


def test_real_career(endekk: Career) -> None:
    embed = player_embed(endekk)
    assert validate_embeds([embed]) == []
    assert embed["title"] == "📊 endekk"
    assert embed["description"].splitlines()[0] == "GUID `7B84BE88`"
    cells = {f["name"]: f["value"] for f in embed["fields"]}
    assert cells["⚔️ Kills"] == f"{endekk.totals.kills:,}"
    assert cells["⚖️ K/D"] == f"{endekk.totals.kills / endekk.totals.deaths:.2f}"
    assert cells["🎯 Accuracy"].endswith("% (guns)")
    assert cells["🔫 Favourite weapon"].startswith("MP40 (")
    table = cells["Last 5 maps"].splitlines()
    assert table[1].split() == ["Map", "R", "K", "D", "DPM"]
    assert table[2].split()[:3] == ["11-11", "braundorf…", "L"]
    assert len({len(line) for line in table[2:-1]}) == 1
    assert cells["📈 Form, last 10 maps (newest first)"].startswith("`L ")
    weapons = cells["🔫 Weapons"].splitlines()
    assert weapons[1].split() == ["Weapon", "KILLS", "ACC%", "HEAD"]
    assert weapons[2].split()[0] == "MP40"
    assert not any(line.startswith("KA-BAR") for line in weapons), "the knife slots are one knife"
    assert_fits_phone(embed)
    assert cells["Names"] == "endekk (2025-11-11)"


def test_a_linked_player_shows_the_account(endekk: Career) -> None:
    linked = replace(endekk, players=[replace(endekk.players[0], discord_user_id="123456789012345678")])
    assert "Linked to <@123456789012345678>" in player_embed(linked)["description"]


def _ref(n: int, name: str = "bob", guid: str = "AAAAAAAA", matched: str | None = None) -> PlayerRef:
    return PlayerRef(n, guid, name, False, None, datetime(2025, 1, n % 28 + 1), matched)


def test_candidates_name_the_guid_to_ask_for() -> None:
    refs = [_ref(n, f"bob{n}", f"{n:08X}", "bobby" if n == 1 else None) for n in range(30)]
    embed = candidates_embed("bob", refs)
    assert validate_embeds([embed]) == []
    lines = embed["description"].splitlines()
    assert lines[0] == "• **bob0** — `00000000` — last seen 2025-01-01"
    assert lines[1] == "• **bob1** (as bobby) — `00000001` — last seen 2025-01-02"
    assert lines[-1] == "…and 10 more: type more of the name"
    assert embed["title"] == "🔎 30 players match “bob”"


GUIDS = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, blacklist_characters="\\"), max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES, history=st.lists(NAMES, max_size=40), guid=GUIDS, maps=st.lists(NAMES, max_size=5))
def test_hostile_names_still_give_a_valid_embed(
    endekk: Career, name: str, history: list[str], guid: str, maps: list[str]
) -> None:
    when = datetime(2025, 1, 1)
    hostile = replace(
        endekk,
        players=[replace(endekk.players[0], name=name, guid=guid)],
        names=[NameUse(n, when, when) for n in history],
        recent=[replace(m, map=label) for m, label in zip(endekk.recent, maps)],
    )
    embed = player_embed(hostile)
    assert validate_embeds([embed]) == []
    assert_sendable(fit_embeds([embed]))
    refs = [_ref(n, name=n_name, guid=guid, matched=n_name) for n, n_name in enumerate(history or [name])]
    candidates = candidates_embed(name, refs)
    assert validate_embeds([candidates]) == []
    assert_sendable([[candidates]])
