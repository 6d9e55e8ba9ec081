"""JSON shapes other programs rely on, shared by ``etstats matches --json`` and the web API."""

from __future__ import annotations

from typing import Any

from etstats.store.queries import MatchRow


def match_json(row: MatchRow) -> dict[str, Any]:
    """One map of ``etstats matches --json``: both rounds' files and outcomes, winner, groups (GUIDs),
    and the chance group A was given before the map."""
    return {
        "map": row.map,
        "source": row.source,
        "played_at": row.played_at.isoformat(),
        "round1_file": row.round1_file,
        "round2_file": row.round2_file,
        "round1_outcome": row.round1_outcome,
        "round2_outcome": row.round2_outcome,
        "winner": row.winner,
        "time_to_beat_s": row.time_to_beat_s,
        "group_a": row.group_a,
        "group_b": row.group_b,
        "p_group_a": None if row.p_group_a is None else round(row.p_group_a, 4),
    }
