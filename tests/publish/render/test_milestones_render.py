"""The "🏅 Milestones" field and the pings for opted-in players only."""

from __future__ import annotations

import re

from hypothesis import given, settings

from etstats.publish.limits import fit_embeds, validate_embeds
from etstats.publish.render.milestones import FIELD_NAME, mention_content, mention_ids, milestone_line, with_milestones
from etstats.stats.milestones import Milestone
from tests.publish.render.hostile import NAMES, strings

MAP_EMBED = {"title": "Map complete — supply", "description": "🏆 won", "fields": [{"name": "MVP", "value": "vid"}]}


def test_lines_name_the_player_the_number_and_the_metric() -> None:
    assert milestone_line(Milestone("vid", "kills", 1_000)) == "**vid** reached **1,000** kills"
    assert milestone_line(Milestone("olz", "maps", 50, "222")) == "**olz** (<@222>) reached **50** maps played"


def test_the_field_is_appended_to_a_copy_of_the_map_embed() -> None:
    found = [Milestone("vid", "kills", 1_000, "111"), Milestone("olz", "revives", 250)]
    embed = with_milestones(MAP_EMBED, found)
    assert embed["fields"][0] == MAP_EMBED["fields"][0] and len(MAP_EMBED["fields"]) == 1
    assert embed["fields"][-1] == {
        "name": FIELD_NAME,
        "value": "**vid** (<@111>) reached **1,000** kills\n**olz** reached **250** revives",
        "inline": False,
    }
    assert with_milestones(MAP_EMBED, []) is MAP_EMBED


def test_only_opted_in_players_are_pinged_once_each() -> None:
    found = [
        Milestone("vid", "kills", 1_000, "111"),
        Milestone("vid", "maps", 50, "111"),
        Milestone("olz", "kills", 250),
    ]
    assert mention_ids(found) == ["111"]
    assert mention_content(found) == "🏅 <@111>"
    assert mention_content([Milestone("olz", "kills", 250)]) is None


@settings(max_examples=60, deadline=None)
@given(NAMES)
def test_hostile_names_cannot_ping_or_break_the_post(name: str) -> None:
    found = [Milestone(name, "kills", 1_000 * (i + 1), "111" if i == 0 else None) for i in range(36)]
    pages = fit_embeds([with_milestones(MAP_EMBED, found)])
    for page in pages:
        assert validate_embeds(page) == []
    pings = {m for text in strings(pages) for m in re.findall(r"@everyone|@here|<@[!&]?\d+>", text)}
    assert pings <= {"<@111>"}
