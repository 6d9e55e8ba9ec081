"""Skill ratings, and the chance of each player group winning a map, calibrated rather than bold.

Each player has a Weng-Lin Bayesian skill (openskill's team-aware Plackett-Luce model:
a mean ``mu`` and an uncertainty ``sigma``), updated map by map in time order: the
map's stopwatch winner ranks first, a draw is a tie, a map without a known winner
changes nothing. The rating players see is the conservative estimate ``mu - 3 sigma``.

The model's raw chance that group A wins is not shown as it is. Few maps are played,
teams are reshuffled often, and attacking first is not neutral, so the shown chance
is the *base rate* of group A winning, moved towards the model's opinion only as far
as the earlier maps showed the model to be right:

    chance = base + slope * (raw - 1/2)

- ``base`` is the share of earlier maps group A won (a draw counts half), with one
  win and one loss assumed before any map (Laplace's rule), so it starts at 1/2;
- ``slope`` is the least-squares fit of (result - base) on (raw - 1/2) over the
  earlier maps, with a ridge prior that holds it at 0 (the base rate alone) until the
  maps show otherwise, clipped to [0, 1] (never bolder than the model itself).

Both are fitted walk-forward — from maps before the one predicted only — so a
prediction never uses the map it predicts or any later map. The ridge strength is
fixed in advance, not tuned on the corpus: ``RIDGE`` equals the evidence of about 25
maps on which the model leaned 0.2 from even (25 × 0.2² = 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from openskill.models import PlackettLuce, PlackettLuceRating

Winner = Literal["A", "B", "draw"]

MODEL: Final = PlackettLuce()
RIDGE: Final = 1.0
PRIOR_MAPS: Final = 2.0
PRIOR_A_SCORE: Final = 1.0
SHOWN_RANGE: Final = (0.02, 0.98)
_SCORE: Final[dict[Winner, float]] = {"A": 1.0, "B": 0.0, "draw": 0.5}
_RANKS: Final[dict[Winner, list[int]]] = {"A": [0, 1], "B": [1, 0], "draw": [0, 0]}


@dataclass(frozen=True, slots=True)
class Skill:
    """One player's skill belief after ``maps`` rated maps."""

    mu: float
    sigma: float
    maps: int = 0

    @property
    def rating(self) -> float:
        """The conservative estimate players see: three uncertainties below the mean."""
        return self.mu - 3 * self.sigma


NEW_SKILL: Final = Skill(MODEL.mu, MODEL.sigma)
MIN_RATED_MAPS: Final = 3


@dataclass(frozen=True, slots=True)
class RatedPlayer:
    """A player on the rating board."""

    player_id: int
    name: str
    skill: Skill


@dataclass(frozen=True, slots=True)
class RatingBoard:
    """Players with at least ``min_maps`` rated maps, best first; ``unqualified`` rated players have fewer."""

    standings: list[RatedPlayer]
    min_maps: int
    unqualified: int

    def rank_of(self, player_ids: Sequence[int]) -> int | None:
        """The 1-based place of the first of ``player_ids`` on the board, None when not ranked."""
        wanted = set(player_ids)
        return next((n for n, p in enumerate(self.standings, 1) if p.player_id in wanted), None)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Walk-forward sums over the rated maps so far: how often group A won, how right the model was."""

    maps: int = 0
    a_score: float = 0.0
    sxx: float = 0.0
    sxr: float = 0.0

    @property
    def base_rate(self) -> float:
        return (self.a_score + PRIOR_A_SCORE) / (self.maps + PRIOR_MAPS)

    @property
    def slope(self) -> float:
        return min(max(self.sxr / (self.sxx + RIDGE), 0.0), 1.0)

    def chance(self, raw: float) -> float:
        """The shown chance of group A for a raw model chance; see the module docstring."""
        low, high = SHOWN_RANGE
        return min(max(self.base_rate + self.slope * (raw - 0.5), low), high)

    def after(self, raw: float, winner: Winner) -> Calibration:
        score = _SCORE[winner]
        lean = raw - 0.5
        return Calibration(
            maps=self.maps + 1,
            a_score=self.a_score + score,
            sxx=self.sxx + lean * lean,
            sxr=self.sxr + lean * (score - self.base_rate),
        )


@dataclass(frozen=True, slots=True)
class Prediction:
    """Before a map: the model's raw chance that group A wins, and the calibrated one shown."""

    raw: float
    p_group_a: float


Teams = list[list[PlackettLuceRating]]


def _team(skills: Mapping[int, Skill], players: Sequence[int]) -> list[PlackettLuceRating]:
    return [MODEL.rating(mu=s.mu, sigma=s.sigma) for s in (skills.get(p, NEW_SKILL) for p in players)]


def _teams(skills: Mapping[int, Skill], group_a: Sequence[int], group_b: Sequence[int]) -> Teams:
    """openskill's objects for a map's two groups: one object per player and slot, since
    openskill tells its inputs apart by identity."""
    return [_team(skills, group_a), _team(skills, group_b)]


def raw_chance(
    skills: Mapping[int, Skill], group_a: Sequence[int], group_b: Sequence[int], teams: Teams | None = None
) -> float | None:
    """The model's chance that ``group_a`` beats ``group_b``; None when a group is empty.

    ``teams`` are the groups' objects when already made (openskill changes none of them)."""
    if not group_a or not group_b:
        return None
    return float(MODEL.predict_win(teams or _teams(skills, group_a, group_b))[0])


def predict(
    skills: Mapping[int, Skill], calibration: Calibration, group_a: Sequence[int], group_b: Sequence[int]
) -> Prediction | None:
    raw = raw_chance(skills, group_a, group_b)
    return None if raw is None else Prediction(raw, calibration.chance(raw))


def rated(
    skills: Mapping[int, Skill],
    group_a: Sequence[int],
    group_b: Sequence[int],
    winner: Winner,
    teams: Teams | None = None,
) -> dict[int, Skill]:
    """The new skills of the map's players after it ended with ``winner``."""
    beliefs = MODEL.rate(teams or _teams(skills, group_a, group_b), ranks=list(_RANKS[winner]))
    updated: dict[int, Skill] = {}
    for players, team in zip((group_a, group_b), beliefs, strict=True):
        for player, belief in zip(players, team, strict=True):
            before = skills.get(player, NEW_SKILL)
            updated[player] = Skill(float(belief.mu), float(belief.sigma), before.maps + 1)
    return updated


@dataclass(frozen=True, slots=True)
class RatedMap:
    """A map as the ratings need it: who was in which group and who won (None when unknown)."""

    group_a: tuple[int, ...]
    group_b: tuple[int, ...]
    winner: Winner | None


@dataclass
class RatingState:
    """Everything the next prediction needs: every player's skill and the calibration sums."""

    skills: dict[int, Skill]
    calibration: Calibration

    @classmethod
    def empty(cls) -> RatingState:
        return cls({}, Calibration())

    def predict(self, played: RatedMap) -> Prediction | None:
        return predict(self.skills, self.calibration, played.group_a, played.group_b)

    def learn(self, played: RatedMap, prediction: Prediction | None, teams: Teams | None = None) -> dict[int, Skill]:
        """Take in a map's result; returns the skills that changed.

        ``prediction`` is the one made before the map (its raw chance feeds the calibration).
        A map without a winner or with an empty group teaches nothing.
        """
        if prediction is None or played.winner is None:
            return {}
        changed = rated(self.skills, played.group_a, played.group_b, played.winner, teams)
        self.skills.update(changed)
        self.calibration = self.calibration.after(prediction.raw, played.winner)
        return changed

    def fold(self, played: RatedMap) -> tuple[Prediction | None, dict[int, Skill]]:
        """Predict the map from the state before it, then learn from its result (one set of
        openskill objects serves both)."""
        teams = _teams(self.skills, played.group_a, played.group_b)
        raw = raw_chance(self.skills, played.group_a, played.group_b, teams)
        prediction = None if raw is None else Prediction(raw, self.calibration.chance(raw))
        return prediction, self.learn(played, prediction, teams)


def brier(predictions: Sequence[float], winners: Sequence[Winner]) -> float:
    """Mean squared error of chances of group A against the results (a draw counts half)."""
    if not predictions:
        raise ValueError("no predictions to score")
    return sum((p - _SCORE[w]) ** 2 for p, w in zip(predictions, winners, strict=True)) / len(predictions)


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    """Brier scores over the maps with a winner, each predicted from the maps before it only.

    ``base_rate`` is the forecaster that always says the share of group A wins so far;
    ``hindsight`` always says the share over all the scored maps (it has seen them, so
    it is a bar no honest forecaster is promised to clear); ``raw`` is the model unshrunk.
    """

    maps: int
    shown: float
    base_rate: float
    hindsight: float
    raw: float


def walk_forward(maps: Sequence[RatedMap]) -> CalibrationReport:
    """Fold ``maps`` (in time order) and score every prediction made before a map with a known winner."""
    state = RatingState.empty()
    shown: list[float] = []
    raw: list[float] = []
    base: list[float] = []
    winners: list[Winner] = []
    for played in maps:
        base_rate = state.calibration.base_rate
        prediction, _ = state.fold(played)
        if prediction is None or played.winner is None:
            continue
        shown.append(prediction.p_group_a)
        raw.append(prediction.raw)
        base.append(base_rate)
        winners.append(played.winner)
    overall = sum(_SCORE[w] for w in winners) / len(winners) if winners else 0.5
    return CalibrationReport(
        maps=len(winners),
        shown=brier(shown, winners),
        base_rate=brier(base, winners),
        hindsight=brier([overall] * len(winners), winners),
        raw=brier(raw, winners),
    )
