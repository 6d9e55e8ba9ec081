"""The rating rules: who gains from a result, and how far the shown chance trusts the model."""

from __future__ import annotations

import pytest

from etstats.stats.ratings import (
    NEW_SKILL,
    RIDGE,
    Calibration,
    RatedMap,
    RatingState,
    Skill,
    Winner,
    brier,
    predict,
    rated,
    raw_chance,
    walk_forward,
)


def test_a_new_player_is_rated_three_uncertainties_below_the_mean() -> None:
    assert NEW_SKILL.mu == 25.0 and NEW_SKILL.sigma == pytest.approx(25 / 3)
    assert NEW_SKILL.rating == pytest.approx(0.0)
    assert Skill(30.0, 2.0).rating == pytest.approx(24.0)


def test_even_teams_have_an_even_chance_and_a_stronger_one_more() -> None:
    assert raw_chance({}, [1, 2], [3, 4]) == pytest.approx(0.5)
    strong = {1: Skill(35.0, 3.0), 2: Skill(35.0, 3.0)}
    assert raw_chance(strong, [1, 2], [3, 4]) > 0.7
    assert raw_chance(strong, [3, 4], [1, 2]) == pytest.approx(1 - raw_chance(strong, [1, 2], [3, 4]))


def test_an_empty_group_has_no_chance() -> None:
    assert raw_chance({}, [], [3, 4]) is None
    assert predict({}, Calibration(), [1], []) is None


def test_winners_gain_losers_lose_and_everyone_grows_surer() -> None:
    after = rated({}, [1, 2], [3, 4], "A")
    assert after[1].mu > 25 > after[3].mu
    assert all(s.sigma < NEW_SKILL.sigma and s.maps == 1 for s in after.values())
    flipped = rated({}, [1, 2], [3, 4], "B")
    assert flipped[3].mu == pytest.approx(after[1].mu)


def test_a_draw_between_equals_moves_no_mean() -> None:
    after = rated({}, [1, 2], [3, 4], "draw")
    assert all(s.mu == pytest.approx(25.0) for s in after.values())
    assert all(s.sigma < NEW_SKILL.sigma for s in after.values())


def test_with_no_maps_the_chance_is_even_whatever_the_model_says() -> None:
    calibration = Calibration()
    assert calibration.base_rate == 0.5 and calibration.slope == 0.0
    assert calibration.chance(0.9) == 0.5


def test_the_base_rate_counts_draws_half_from_one_assumed_win_and_loss() -> None:
    calibration = Calibration()
    winners: list[Winner] = ["A", "A", "draw", "B"]
    for winner in winners:
        calibration = calibration.after(0.5, winner)
    assert calibration.base_rate == pytest.approx((2.5 + 1) / (4 + 2))


def test_the_slope_is_a_ridge_fit_of_results_on_the_model_lean() -> None:
    calibration = Calibration().after(0.8, "A")
    # lean 0.3, residual 1 - 0.5: slope = 0.3 * 0.5 / (0.3² + RIDGE)
    assert calibration.slope == pytest.approx(0.15 / (0.09 + RIDGE))
    assert calibration.chance(0.8) == pytest.approx(calibration.base_rate + calibration.slope * 0.3)


def test_the_slope_never_turns_the_model_around_nor_goes_bolder() -> None:
    wrong = Calibration().after(0.9, "B").after(0.1, "A")
    assert wrong.slope == 0.0
    right = Calibration(maps=1000, a_score=500, sxx=10.0, sxr=50.0)
    assert right.slope == 1.0
    assert right.chance(1.0) == 0.98 and right.chance(0.0) == 0.02


def test_a_map_without_a_winner_is_predicted_but_teaches_nothing() -> None:
    state = RatingState.empty()
    prediction, changed = state.fold(RatedMap((1, 2), (3, 4), None))
    assert prediction is not None and prediction.p_group_a == 0.5
    assert changed == {} and state.skills == {} and state.calibration == Calibration()


def test_a_fold_predicts_before_it_learns() -> None:
    state = RatingState.empty()
    first, _ = state.fold(RatedMap((1, 2), (3, 4), "A"))
    second, changed = state.fold(RatedMap((1, 2), (3, 4), "A"))
    assert first is not None and second is not None
    assert first.raw == 0.5 and second.raw > 0.5
    assert set(changed) == {1, 2, 3, 4} and state.calibration.maps == 2


def test_brier_score_by_hand() -> None:
    assert brier([0.5, 0.8, 0.3], ["A", "B", "draw"]) == pytest.approx((0.25 + 0.64 + 0.04) / 3)
    with pytest.raises(ValueError):
        brier([], [])


def test_walk_forward_scores_only_maps_with_a_winner() -> None:
    maps = [RatedMap((1,), (2,), "A"), RatedMap((1,), (2,), None), RatedMap((1,), (2,), "A")]
    report = walk_forward(maps)
    assert report.maps == 2
    assert report.base_rate == pytest.approx(((0.5 - 1) ** 2 + (2 / 3 - 1) ** 2) / 2)
    assert report.hindsight == 0.0
