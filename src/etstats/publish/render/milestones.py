"""The "🏅 Milestones" field of the map post, and the pings that go with it.

Mentions inside an embed never notify anyone, so a ping has to be in the message
content; it is built separately, for opted-in players only, together with the exact
list of user ids the post may allow to be pinged.
"""

from __future__ import annotations

from collections.abc import Sequence

from etstats.publish.limits import safe_name
from etstats.publish.post import Embed
from etstats.stats.milestones import Milestone

FIELD_NAME = "🏅 Milestones"


def milestone_line(milestone: Milestone) -> str:
    """``**vid** reached **1,000** kills``, with the player's mention when they opted in."""
    who = f"**{safe_name(milestone.name)}**"
    if milestone.mention is not None:
        who += f" (<@{milestone.mention}>)"
    return f"{who} reached **{milestone.value:,}** {milestone.label}"


def with_milestones(embed: Embed, milestones: Sequence[Milestone]) -> Embed:
    """A copy of ``embed`` with a milestones field appended; the same embed when there are none."""
    if not milestones:
        return embed
    field = {"name": FIELD_NAME, "value": "\n".join(milestone_line(m) for m in milestones), "inline": False}
    return {**embed, "fields": [*embed.get("fields", []), field]}


def mention_ids(milestones: Sequence[Milestone]) -> list[str]:
    """The Discord user ids the post may ping: those who reached a milestone and opted in."""
    return list(dict.fromkeys(m.mention for m in milestones if m.mention is not None))


def mention_content(milestones: Sequence[Milestone]) -> str | None:
    """Message content that pings the opted-in players (``🏅 <@1> <@2>``), or None when nobody."""
    ids = mention_ids(milestones)
    return "🏅 " + " ".join(f"<@{user}>" for user in ids) if ids else None
