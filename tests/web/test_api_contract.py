"""The API's promises: its OpenAPI document, JSON 404s, 422s naming the parameter."""

from __future__ import annotations

from typing import get_args

import pytest
from fastapi.testclient import TestClient

from etstats.stats.leaderboard import METRICS, PERIODS
from etstats.web.site_data import MetricName, PeriodName


def test_openapi_document_lists_every_endpoint(site: TestClient) -> None:
    doc = site.get("/api/openapi.json").json()
    assert {"/api/matches", "/api/players/{guid}", "/api/evenings", "/api/evenings/{day}", "/api/top"} <= set(
        doc["paths"]
    )
    assert all(path.startswith("/api/") for path in doc["paths"])  # pages are not part of the API
    assert set(doc["paths"]["/api/matches"]) == {"get"}
    metric = next(p for p in doc["paths"]["/api/top"]["get"]["parameters"] if p["name"] == "metric")
    assert "dpm" in str(metric["schema"])


def test_no_swagger_page_that_would_load_scripts_from_a_cdn(site: TestClient) -> None:
    assert site.get("/docs").status_code == 404


def test_matches_have_ids_of_map_pages(site: TestClient) -> None:
    matches = site.get("/api/matches", params={"limit": 3}).json()
    assert len(matches) == 3
    assert matches[0]["played_at"] >= matches[1]["played_at"] >= matches[2]["played_at"]
    for match in matches:
        assert match["map"] in site.get(f"/maps/{match['id']}").text


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/players/ABCDEF01", "no player with GUID ABCDEF01"),
        ("/api/evenings/2001-01-01", "No game evening started on 2001-01-01."),
        ("/api/nothing", "Not Found"),
    ],
)
def test_unknown_ids_are_json_404s(site: TestClient, path: str, message: str) -> None:
    response = site.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": message}


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/top?metric=bogus", "metric"),
        ("/api/top?period=decade", "period"),
        ("/api/top?limit=0", "limit"),
        ("/api/matches?limit=many", "limit"),
        ("/api/evenings?offset=-1", "offset"),
        ("/api/evenings/2025-13-01", "day"),
        ("/api/players/x%20y", "guid"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(site: TestClient, path: str, parameter: str) -> None:
    response = site.get(path)
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith(f"invalid parameter '{parameter}'")
    assert body["detail"][0]["loc"][-1] == parameter


def test_top_api_agrees_with_the_player_api(site: TestClient) -> None:
    board = site.get("/api/top", params={"metric": "damage", "period": "all", "limit": 3}).json()
    assert [s["rank"] for s in board["standings"]] == [1, 2, 3]
    for standing in board["standings"]:
        player = site.get(f"/api/players/{standing['guid']}").json()
        assert player["damage_given"] == standing["value"]


def test_the_parameter_types_offer_exactly_the_bot_metrics_and_periods() -> None:
    assert get_args(MetricName) == METRICS
    assert get_args(PeriodName) == PERIODS
