import io

from rich.console import Console

from etstats.publish.sinks.console import ConsoleSink
from tests.publish.helpers import make_post


async def test_console_shows_title_fields_footer_and_attachments() -> None:
    buffer = io.StringIO()
    sink = ConsoleSink(Console(file=buffer, width=100, color_system=None))
    post = make_post(content="Round **over**")
    confirmation = (await sink.send(post)).receipt
    out = buffer.getvalue()
    assert confirmation == f"console:{post.key}"
    for text in ("round1 · supply · local", "Supply · Round 1", "Top fragger", "MVP", "Alice", "etstats · local"):
        assert text in out
    assert "Round over" in out and "**" not in out
    assert "Bob_the_builder (9)" in out and "\\_" not in out
    assert "chart.png (264 bytes)" in out


async def test_code_blocks_are_kept_verbatim_and_unwrapped() -> None:
    buffer = io.StringIO()
    sink = ConsoleSink(Console(file=buffer, width=60, color_system=None))
    row = "name*_   kills   deaths   " + "x" * 60
    await sink.send(make_post(embeds=[{"description": f"before\n```\n{row}\n  indented  **not bold**\n```"}]))
    lines = buffer.getvalue().splitlines()
    assert any("name*_   kills   deaths" in line for line in lines)
    assert not any(line.strip("│ ").startswith("x" * 10) for line in lines)
    assert any("  indented  **not bold**" in line for line in lines)
    assert "```" not in buffer.getvalue()


async def test_inline_fields_sit_side_by_side() -> None:
    buffer = io.StringIO()
    sink = ConsoleSink(Console(file=buffer, width=100, color_system=None))
    fields = [{"name": n, "value": v, "inline": True} for n, v in (("Axis", "Alice"), ("Allies", "Bob"))]
    await sink.send(make_post(embeds=[{"title": "Teams", "fields": fields}]))
    assert any("Axis" in line and "Allies" in line for line in buffer.getvalue().splitlines())
