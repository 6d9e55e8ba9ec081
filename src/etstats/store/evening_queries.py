"""Game evenings for the web site: the list, the evenings of one date, and where a map's page is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Connection, func, select

from etstats.store import schema as t


@dataclass(frozen=True, slots=True)
class EveningRow:
    """One evening (session) as a line of a list; ``maps`` counts its complete (paired) maps."""

    id: int
    source: str
    started_at: datetime
    ended_at: datetime
    round_count: int
    maps: int

    @property
    def day(self) -> date:
        return self.started_at.date()


def _rows(
    conn: Connection, where: Sequence[ColumnElement[bool]], limit: int | None = None, offset: int = 0
) -> list[EveningRow]:
    s, r, m = t.sessions.c, t.rounds.c, t.matches.c
    # Through the (source, written_at) index: rounds carry no index on session_id.
    maps = (
        select(func.count())
        .select_from(t.matches)
        .join(t.rounds, r.id == m.round2_id)
        .where(r.source == s.source, r.written_at >= s.started_at, r.written_at <= s.ended_at, r.session_id == s.id)
        .scalar_subquery()
    )
    query = (
        select(s.id, s.source, s.started_at, s.ended_at, s.round_count, maps.label("maps"))
        .where(*where)
        .order_by(s.started_at.desc(), s.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        EveningRow(row.id, row.source, row.started_at, row.ended_at, row.round_count, row.maps)
        for row in conn.execute(query)
    ]


def list_evenings(conn: Connection, limit: int, offset: int = 0) -> list[EveningRow]:
    """Evenings newest first, a page at a time."""
    return _rows(conn, [], limit, offset)


def count_evenings(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(t.sessions)).scalar_one())


def evenings_on(conn: Connection, day: date) -> list[EveningRow]:
    """The evenings that started on ``day`` (an evening past midnight belongs to the day it began)."""
    start = datetime(day.year, day.month, day.day)
    s = t.sessions.c
    return _rows(conn, [s.started_at >= start, s.started_at < start + timedelta(days=1)])


def match_ids_of_rounds(conn: Connection, round2_names: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Match id by (source, Round 2 file name), for linking the maps of an evening to their pages."""
    if not round2_names:
        return {}
    m, r = t.matches.c, t.rounds.c
    sources = sorted({source for source, _ in round2_names})
    names = sorted({name for _, name in round2_names})
    rows = conn.execute(
        select(r.source, r.name, m.id)
        .join(t.matches, m.round2_id == r.id)
        .where(r.source.in_(sources), r.name.in_(names))
    )
    return {(row.source, row.name): row.id for row in rows}


def round2_of_match(conn: Connection, match_id: int) -> int | None:
    """The Round 2 round id of a match, or None for an unknown id."""
    return conn.execute(select(t.matches.c.round2_id).where(t.matches.c.id == match_id)).scalar()


def session_of_match(conn: Connection, match_id: int) -> tuple[int, datetime] | None:
    """(session id, its start) of the evening a match belongs to."""
    m, r, s = t.matches.c, t.rounds.c, t.sessions.c
    row = conn.execute(
        select(s.id, s.started_at)
        .join(t.rounds, r.session_id == s.id)
        .join(t.matches, m.round2_id == r.id)
        .where(m.id == match_id)
    ).first()
    return None if row is None else (row.id, row.started_at)
