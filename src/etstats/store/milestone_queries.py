"""Career totals of a map's players just before and just after that map, for milestones.

Each person is counted like ``!stats`` counts them: every GUID linked to the same
Discord user together. Sums are read through the player index (the rounds to leave out
are few: uncounted ones, later ones and, for "before", the map's own), so the cost
follows the players' careers, not the size of the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, Select, func, or_, select

from etstats.stats.milestones import CareerChange
from etstats.store import schema as t
from etstats.store.notify import opted_in


@dataclass(slots=True)
class _Person:
    name: str
    discord_user_id: str | None
    player_ids: list[int] = field(default_factory=list)


def _map_round_ids(conn: Connection, round_id: int) -> list[int]:
    m = t.matches.c
    round1 = conn.execute(select(m.round1_id).where(m.round2_id == round_id)).scalar()
    return [round_id] if round1 is None else [round1, round_id]


def _people(conn: Connection, round_ids: Sequence[int]) -> list[_Person]:
    """The map's human players, with the other GUIDs of those linked to a Discord user."""
    s, p = t.player_round_stats.c, t.players.c
    rows = conn.execute(
        select(p.id, p.name, p.discord_user_id)
        .join(t.player_round_stats, s.player_id == p.id)
        .where(s.round_id.in_(list(round_ids)), p.is_bot.is_(False))
        .distinct()
        .order_by(p.id)
    ).all()
    people: dict[str | int, _Person] = {}
    for row in rows:
        key = row.discord_user_id or row.id
        people.setdefault(key, _Person(row.name, row.discord_user_id)).player_ids.append(row.id)
    users = [person.discord_user_id for person in people.values() if person.discord_user_id]
    if users:
        for row in conn.execute(select(p.id, p.discord_user_id).where(p.discord_user_id.in_(users))):
            person = people[row.discord_user_id]
            if row.id not in person.player_ids:
                person.player_ids.append(row.id)
    return list(people.values())


def _left_out(written_at: datetime, also: Sequence[int] = ()) -> Select:
    """Rounds outside a career as it stood at ``written_at``: uncounted, later, and ``also``."""
    r = t.rounds.c
    terms = [r.orphan.is_(True), r.shutdown_save.is_(True), r.written_at > written_at]
    if also:
        terms.append(r.id.in_(list(also)))
    return select(r.id).where(or_(*terms))


def _sums(conn: Connection, player_ids: Sequence[int], left_out: Select) -> dict[int, dict[str, int]]:
    s, m, mp = t.player_round_stats.c, t.matches.c, t.match_players.c
    sums: dict[int, dict[str, int]] = {pid: {"kills": 0, "revives": 0, "maps": 0} for pid in player_ids}
    rows = conn.execute(
        select(s.player_id, func.sum(s.kills).label("kills"), func.sum(s.revives_given).label("revives"))
        .where(s.player_id.in_(list(player_ids)), s.round_id.not_in(left_out))
        .group_by(s.player_id)
    )
    for row in rows:
        sums[row.player_id].update(kills=int(row.kills or 0), revives=int(row.revives or 0))
    maps = conn.execute(
        select(mp.player_id, func.count().label("maps"))
        .join(t.matches, m.id == mp.match_id)
        .where(mp.player_id.in_(list(player_ids)), mp.grp.in_(("A", "B")), m.round2_id.not_in(left_out))
        .group_by(mp.player_id)
    )
    for row in maps:
        sums[row.player_id]["maps"] = int(row.maps)
    return sums


def _person_totals(person: _Person, sums: dict[int, dict[str, int]]) -> dict[str, int]:
    return {metric: sum(sums[pid][metric] for pid in person.player_ids) for metric in ("kills", "revives", "maps")}


def map_career_changes(conn: Connection, round_id: int) -> list[CareerChange]:
    """Before/after career totals of every human on the map whose Round 2 is ``round_id``."""
    written_at: datetime = conn.execute(select(t.rounds.c.written_at).where(t.rounds.c.id == round_id)).scalar_one()
    round_ids = _map_round_ids(conn, round_id)
    people = _people(conn, round_ids)
    if not people:
        return []
    ids = [pid for person in people for pid in person.player_ids]
    after = _sums(conn, ids, _left_out(written_at))
    before = _sums(conn, ids, _left_out(written_at, round_ids))
    notify = opted_in(conn, [p.discord_user_id for p in people if p.discord_user_id])
    return [
        CareerChange(
            name=person.name,
            before=_person_totals(person, before),
            after=_person_totals(person, after),
            discord_user_id=person.discord_user_id,
            notify=person.discord_user_id in notify,
        )
        for person in people
    ]
