"""Turning an outbox row into the post the sinks send, rendered once and then kept.

Rendering happens at send time (so a Round 2 re-derived during its grace period is
posted with its Round-2-only numbers), and the result is stored so every sink and
every retry sends exactly the same thing. A correction (``monitor/corrections``) is
rendered the same way from its post's kind and round, when it is sent. The map chart
is drawn here, on the database thread, never on the event loop.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from etstats.monitor.corrections import latest_version
from etstats.monitor.evening import KIND as EVENING
from etstats.monitor.outbox import post_key, post_row, store_payload
from etstats.publish.charts import map_chart, session_chart
from etstats.publish.post import Attachment, Post
from etstats.publish.render.maps import CHART_NAME, map_embed
from etstats.publish.render.milestones import mention_content, mention_ids, with_milestones
from etstats.publish.render.ratings import chance_field
from etstats.publish.render.rounds import round_embed
from etstats.publish.render.session import SESSION_CHART, evening_embeds
from etstats.stats.milestones import CareerChange
from etstats.stats.milestones import milestones as find_milestones
from etstats.stats.session_summary import SessionSummary
from etstats.stats.summary import MapSummary, RoundSummary
from etstats.store import schema as t
from etstats.store.milestone_queries import map_career_changes
from etstats.store.ratings import round1_chance
from etstats.store.session_queries import session_summary
from etstats.store.summaries import map_summary, round_summary


def _round_files(conn: Connection, round_id: int) -> list[str]:
    r, m = t.rounds.c, t.matches.c
    match = conn.execute(select(m.round1_id).where(m.round2_id == round_id)).scalar()
    ids = [round_id] if match is None else [match, round_id]
    names: dict[int, str] = {row.id: row.name for row in conn.execute(select(r.id, r.name).where(r.id.in_(ids)))}
    return [names[i] for i in ids]


def _session_of(conn: Connection, round_id: int) -> int:
    session_id: int = conn.execute(select(t.rounds.c.session_id).where(t.rounds.c.id == round_id)).scalar_one()
    return session_id


@dataclass(frozen=True, slots=True)
class PostFacts:
    """Everything a post shows, read in one go, so that rendering needs no connection."""

    kind: str
    round_files: list[str]
    round: RoundSummary | None = None
    map: MapSummary | None = None
    career_changes: list[CareerChange] | None = None
    """Before/after career totals of the map's players; None when milestones are off."""
    chance: float | None = None
    """Round 1: the chance its attackers (group A) win the map, from the ratings before it."""
    evening: SessionSummary | None = None
    """The evening summary's game evening (the session of the post's round)."""


def gather_facts(conn: Connection, kind: str, round_id: int, *, milestones: bool = False) -> PostFacts:
    files = _round_files(conn, round_id)
    if kind == EVENING:
        return PostFacts(kind, files, evening=session_summary(conn, _session_of(conn, round_id)))
    if kind != "map":
        played = round_summary(conn, round_id)
        chance = round1_chance(conn, round_id) if played.round == 1 and played.attackers is not None else None
        return PostFacts(kind, files, round=played, chance=chance)
    changes = map_career_changes(conn, round_id) if milestones else None
    return PostFacts(kind, files, map=map_summary(conn, round_id), career_changes=changes)


def render_facts(facts: PostFacts) -> dict[str, Any]:
    """The post's content for its kind: round1 / round2 embed, the map embed with its chart
    (and, when enabled, the milestones the map's players passed, pinging only those who opted in),
    or the evening summary with its chart."""
    attachments = []
    content = None
    mentions: list[str] = []
    if facts.map is not None:
        embed = map_embed(facts.map, chart=True)
        if facts.career_changes is not None:
            found = find_milestones(facts.career_changes)
            embed, content, mentions = with_milestones(embed, found), mention_content(found), mention_ids(found)
        embeds = [embed]
        png = map_chart(facts.map)
        attachments.append({"filename": CHART_NAME, "data": base64.b64encode(png).decode()})
    elif facts.evening is not None:
        embeds = evening_embeds(facts.evening, chart=True)
        chart = session_chart(facts.evening)
        attachments.append({"filename": SESSION_CHART, "data": base64.b64encode(chart).decode()})
    else:
        assert facts.round is not None
        embed = round_embed(facts.round)
        if facts.chance is not None:
            embed["fields"].append(chance_field(facts.round, facts.chance))
        embeds = [embed]
    return {
        "content": content,
        "mention_user_ids": mentions,
        "embeds": embeds,
        "attachments": attachments,
        "round_files": facts.round_files,
    }


def _correction_payload(conn: Connection, key: str, milestones: bool) -> dict[str, Any]:
    """The corrected post rendered anew; a map keeps its Round 2 alongside for sinks that combine them."""
    target = conn.execute(select(t.outbox).where(t.outbox.c.key == key)).one()
    payload = render_facts(gather_facts(conn, target.kind, target.round_id, milestones=milestones))
    payload["kind"] = target.kind
    if target.kind == "map":
        payload["round2_embeds"] = render_facts(gather_facts(conn, "round2", target.round_id))["embeds"]
    return payload


def _payload(conn: Connection, post_id: int, milestones: bool) -> tuple[Any, dict[str, Any]]:
    row = post_row(conn, post_id)
    if row.payload is not None:
        return row, json.loads(row.payload)
    if row.corrects is not None:
        payload = _correction_payload(conn, row.corrects, milestones)
    else:
        payload = render_facts(gather_facts(conn, row.kind, row.round_id, milestones=milestones))
    store_payload(conn, post_id, json.dumps(payload, ensure_ascii=False))
    return row, payload


def load_post(conn: Connection, post_id: int, *, combine_round2: bool = False, milestones: bool = False) -> Post:
    """The post as a sink sends it; with ``combine_round2`` a map post leads with its Round 2."""
    row, payload = _payload(conn, post_id, milestones)
    embeds = list(payload["embeds"])
    kind = payload.get("kind", row.kind)
    if combine_round2 and "round2_embeds" in payload:
        embeds = payload["round2_embeds"] + embeds
    elif combine_round2 and kind == "map":
        round2_id = latest_version(conn, post_key("round2", row.source, payload["round_files"][-1]))
        if round2_id is not None:
            embeds = _payload(conn, round2_id, milestones)[1]["embeds"] + embeds
    return Post(
        key=row.key,
        kind=kind,
        source=row.source,
        map=row.map,
        round_files=payload["round_files"],
        created_at=row.created_at,
        embeds=embeds,
        content=payload["content"],
        attachments=[Attachment(a["filename"], base64.b64decode(a["data"])) for a in payload["attachments"]],
        mention_user_ids=payload.get("mention_user_ids", []),
        corrects=row.corrects,
    )
