"""Names typed by strangers stay text on every page: the markup is the same whatever the names."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from etstats.store.session_queries import latest_session
from etstats.web.app import create_app
from etstats.web.site_data import evening_view
from etstats.web.templating import templates
from tests.corpus_db import imported_database
from tests.publish.render.hostile import NAMES, PIECES, renamed
from tests.web.conftest import BRAUNDORF_R1, BRAUNDORF_R2

ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</bdi></a><a href=javascript:alert(1)>x",
    "&lt;b&gt;&amp;",
    "{{ 7*7 }}{% raw %}",
    "\u202eevil\u200b",
    "@everyone <@123456789012345678>",
]
MARKUP = ["<b>", "</a>", "<script>", "<svg onload=x>", '"', "'", "&", "&amp;", "<!--", "]]>"]
HTML_NAMES = st.one_of(
    NAMES, st.lists(st.sampled_from(PIECES + MARKUP + ATTACKS), min_size=1, max_size=12).map("".join)
)
ORIGINAL = [b"^pvid", b"^7endekk", b"^1.^7olz", b"^6S^2uper^6B^2oyy", b"^7c^aa^7rniee", b"^eSmetarski^dProner"]
PAGES = ["/", "/evenings", "/evenings/2025-11-11", "/maps/1", "/players/D8423F90", "/records", "/search?q=e"]


class Tags(HTMLParser):
    """The sequence of start tags and their attribute names: what a name must never change."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(name for name, _ in attrs)))


def tags(html: str) -> list[tuple[str, tuple[str, ...]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def _database(folder: Path, corpus_dir: Path, names: list[bytes]) -> Engine:
    folder.mkdir()
    for name in (BRAUNDORF_R1, BRAUNDORF_R2):
        data = (corpus_dir / name).read_bytes()
        for old, new in zip(ORIGINAL, names):
            data = data.replace(b"\\" + old + b"\\", b"\\" + new + b"\\")
        (folder / name).write_bytes(data)
    return imported_database(folder / "etstats.db", [folder / BRAUNDORF_R1, folder / BRAUNDORF_R2])


def test_hostile_names_in_round_files_change_no_markup(tmp_path: Path, corpus_dir: Path) -> None:
    plain = _database(tmp_path / "plain", corpus_dir, ORIGINAL)
    hostile = _database(tmp_path / "hostile", corpus_dir, [a.encode() for a in ATTACKS[: len(ORIGINAL)]])
    with TestClient(create_app(plain)) as before, TestClient(create_app(hostile)) as after:
        for path in PAGES:
            page = after.get(path.replace("q=e", "q=script"))
            assert page.status_code == 200, path
            assert "<script" not in page.text
            if "search" not in path:
                assert tags(page.text) == tags(before.get(path).text), path
        player = after.get("/api/players/D8423F90").json()
        assert player["name"] == ATTACKS[0]  # the API gives the name as data; JSON needs no HTML escaping
        html = after.get("/players/D8423F90").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=HTML_NAMES)
def test_any_name_renders_as_text_in_an_evening(corpus_engine: Engine, name: str) -> None:
    with corpus_engine.connect() as conn:
        summary = latest_session(conn)
        assert summary is not None
        baseline = evening_view(conn, summary)
        strange = evening_view(conn, renamed(summary, lambda key: name + key[:2]))
    template = templates.env.get_template("evening.html")
    before = template.render(day=summary.started_at.date(), evenings=[baseline])
    after = template.render(day=summary.started_at.date(), evenings=[strange])
    assert tags(after) == tags(before)
