"""Every page over HTTP on the real corpus: what it shows, where it links, how it refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from etstats.stats.leaderboard import METRICS, PERIODS
from etstats.store.database import make_engine, open_database
from etstats.store.importer import IncomingFile, import_batch
from etstats.web.app import create_app
from tests.corpus_db import imported_database
from tests.web.conftest import BRAUNDORF_R1, BRAUNDORF_R2
from tests.web.test_view_cache import ERDENBERG

VID = "D8423F90"


def links(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"]*)"', html)


def test_home_shows_the_latest_evening_with_its_maps_and_players(site: TestClient) -> None:
    page = site.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Tuesday 2025-11-11" in html
    assert "10 maps · 20 rounds" in html
    assert len(links(html, "/maps/")) == 10
    assert f"/players/{VID}" in html
    assert "<svg" in html  # the evening's DPM chart, drawn on the server
    assert "No live match data" in html
    assert "No source has reported yet" in html  # an imported database without a running service


def test_evenings_list_pages_through_every_evening(site: TestClient) -> None:
    first = site.get("/evenings").text
    assert "35 evenings · page 1 of 2" in first
    assert len(links(first, "/evenings/2")) == 30
    second = site.get("/evenings", params={"page": 2}).text
    assert len(links(second, "/evenings/2")) == 5
    assert site.get("/evenings", params={"page": 3}).status_code == 404


def test_an_evening_page_links_every_complete_map(site: TestClient) -> None:
    html = site.get("/evenings/2025-11-11").text
    assert "Tuesday 2025-11-11" in html
    for href in links(html, "/maps/"):
        assert site.get(href).status_code == 200


def test_map_page_shows_both_rounds_and_the_whole_map(site: TestClient) -> None:
    html = site.get("/evenings/2025-11-11").text
    last_map = links(html, "/maps/")[-1]
    page = site.get(last_map).text
    assert "<h1>braundorf_b4</h1>" in page
    assert "Round 1" in page and "Round 2 only" in page and "Whole map" in page
    assert "Group A attacked as Allies" in page and "Group B attacked as Allies" in page
    assert "Time set in Round 1: <strong>4:35</strong>" in page
    assert "Won by" in page and "(group A)" in page
    # vid: Round 1 10 kills 3 deaths 1496 damage; Round 2 alone 7 / 6 / 1683; whole map 17 / 9.
    rows = re.findall(r"<bdi>vid</bdi></a></td>(.*?)</tr>", page)
    cells = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in rows]
    assert cells[0][:3] == ["10", "3", "1,496"]
    assert cells[1][:3] == ["7", "6", "1,683"]
    assert cells[2][:2] == ["17", "9"]


def test_player_page_has_career_form_chart_weapons_and_names(site: TestClient) -> None:
    html = site.get(f"/players/{VID}").text
    assert "<h1><bdi>vid</bdi></h1>" in html
    assert "Form" in html and '<svg class="chart"' in html
    assert "Weapons" in html and ">Thompson<" in html
    assert ">KA-BAR<" not in html
    assert len(links(html, "/maps/")) == 10
    assert "<dt>Rating</dt>" in html and "μ" in html
    assert "<dt>Rating</dt>" in html and "μ" in html


def test_knife_ids_show_as_one_knife(tmp_path: Path, corpus_dir: Path) -> None:
    # v_kt_r (9CC78CFE) on te_escape2, 2025-09-24: Round 1 mask 134219828 = ids {2, 4, 5, 11, 27},
    # no knife; the Round 2 file's mask 134236214 = ids {1, 2, 4, 5, 11, 14, 27} starts with the
    # KA-BAR (id 1) at 0 hits of 3 swings. The map's knife: 0 of 3, shown as one "Knife".
    files = ["2025-09-24-233255-te_escape2-round-1.txt", "2025-09-24-233657-te_escape2-round-2.txt"]
    engine = imported_database(tmp_path / "knife.db", [corpus_dir / name for name in files])
    with TestClient(create_app(engine)) as client:
        weapons = client.get("/api/players/9CC78CFE").json()["weapons"]
        html = client.get("/players/9CC78CFE").text
    assert weapons["knife"] == {"hits": 0, "shots": 3, "kills": 0, "deaths": 0, "headshots": 0}
    assert "knife_kbar" not in weapons
    assert html.count(">Knife<") == 1 and ">KA-BAR<" not in html
    engine.dispose()


@pytest.mark.parametrize("period", PERIODS)
def test_top_for_every_metric_and_period(site: TestClient, period: str) -> None:
    for metric in METRICS:
        page = site.get("/top", params={"metric": metric, "period": period})
        assert page.status_code == 200, (metric, period)
        assert "To rank: 30 min played" in page.text


def test_top_ranks_like_the_bot(site: TestClient) -> None:
    html = site.get("/top", params={"metric": "kills", "period": "all"}).text
    api = site.get("/api/top", params={"metric": "kills", "period": "all"}).json()
    first = api["standings"][0]
    assert f'href="/players/{first["guid"]}"' in html
    assert f"<td>{first['value']:,.0f}</td>" in html


def test_records_page_lists_every_board(site: TestClient) -> None:
    html = site.get("/records").text
    for title in ("Best DPM on a map", "Most kills in a round", "Longest hold", "Fastest time set"):
        assert title in html
    assert len(links(html, "/maps/")) >= 5


def test_search_by_guid_or_unique_name_goes_to_the_player(site: TestClient) -> None:
    for query in (VID, VID.lower(), "vid"):
        found = site.get("/search", params={"q": query}, follow_redirects=False)
        assert found.status_code == 303
        assert found.headers["location"] == f"/players/{VID}"


def test_search_with_several_matches_lists_them(site: TestClient) -> None:
    html = site.get("/search", params={"q": "e"}).text
    assert "players match" in html
    assert len(links(html, "/players/")) > 1
    assert "No player matches" in site.get("/search", params={"q": "zzzzqqq"}).text


def test_static_files_are_served_by_the_site(site: TestClient) -> None:
    css = site.get("/static/site.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert site.get("/static/favicon.svg").status_code == 200
    assert "https://" not in site.get("/").text.split("<main>")[0]  # no CDN in the page head


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ("/maps/999999", "No map with id 999999"),
        ("/players/ABCDEF01", "No player with GUID ABCDEF01"),
        ("/evenings/2001-01-01", "No game evening started on 2001-01-01"),
        ("/nowhere", "Not Found"),
    ],
)
def test_unknown_things_are_404_pages(site: TestClient, path: str, wanted: str) -> None:
    page = site.get(path)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert wanted in page.text


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/top?metric=bogus", "metric"),
        ("/top?period=year", "period"),
        ("/evenings/yesterday", "day"),
        ("/evenings?page=0", "page"),
        ("/maps/abc", "match_id"),
        ("/players/not-a-guid!", "guid"),
    ],
)
def test_bad_parameters_are_422_pages_naming_the_parameter(site: TestClient, path: str, parameter: str) -> None:
    page = site.get(path)
    assert page.status_code == 422
    assert f"invalid parameter &#39;{parameter}&#39;" in page.text


def test_nothing_can_be_written(site: TestClient) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/", "/api/matches", f"/api/players/{VID}"):
            assert site.request(method, path).status_code == 405


def test_security_headers(site: TestClient) -> None:
    headers = site.get("/").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_an_error_shows_no_traceback(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no schema: every query fails
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        page = client.get("/")
        api = client.get("/api/matches")
    assert page.status_code == 500 and api.status_code == 500
    for body in (page.text, api.text):
        assert "Traceback" not in body and "sqlite3" not in body and "no such table" not in body
    assert api.json() == {"error": "Something went wrong on our side; it has been logged."}


def test_an_empty_database_is_not_an_error(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    with TestClient(create_app(engine)) as client:
        assert "No game evening has been imported yet." in client.get("/").text
        assert client.get("/evenings").status_code == 200
        assert client.get("/top").status_code == 200
        assert client.get("/records").status_code == 200
        assert client.get("/api/matches").json() == []


def test_a_date_two_servers_played_lists_both_then_shows_one(tmp_path: Path, corpus_dir: Path) -> None:
    engine = imported_database(tmp_path / "two.db", [corpus_dir / BRAUNDORF_R1, corpus_dir / BRAUNDORF_R2])
    with engine.begin() as conn:
        import_batch(conn, "eu1", [IncomingFile(n, (corpus_dir / n).read_bytes()) for n in ERDENBERG])
    with TestClient(create_app(engine)) as client:
        both = client.get("/evenings/2025-11-11").text
        assert "2 servers played that day" in both
        assert 'href="/evenings/2025-11-11?source=eu1"' in both and 'href="/evenings/2025-11-11?source=local"' in both
        one = client.get("/evenings/2025-11-11", params={"source": "eu1"}).text
        assert "erdenberg_t2" in one and "braundorf_b4" not in one
        missing = client.get("/evenings/2025-11-11", params={"source": "eu2"})
        assert missing.status_code == 404 and "No game evening on eu2 started on 2025-11-11." in missing.text
        api = client.get("/api/evenings/2025-11-11").json()
        assert sorted(e["source"] for e in api["evenings"]) == ["eu1", "local"]
        assert [e["source"] for e in client.get("/api/evenings/2025-11-11?source=local").json()["evenings"]] == [
            "local"
        ]
    engine.dispose()
