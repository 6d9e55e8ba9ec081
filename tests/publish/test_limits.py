import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from etstats.publish.limits import (
    BLANK,
    DESCRIPTION_LIMIT,
    EMBEDS_PER_MESSAGE,
    FIELD_COUNT_LIMIT,
    FIELD_VALUE_LIMIT,
    MESSAGE_EMBED_TOTAL_LIMIT,
    TITLE_LIMIT,
    embed_length,
    fit_embeds,
    validate_embeds,
)
from etstats.publish.text import ELLIPSIS, text_length


def test_embed_length_counts_the_parts_discord_counts() -> None:
    embed = {
        "title": "abc",
        "description": "de",
        "url": "https://example.com/not-counted",
        "fields": [{"name": "f", "value": "gh"}],
        "footer": {"text": "ij", "icon_url": "https://example.com/x.png"},
        "author": {"name": "k"},
    }
    assert embed_length(embed) == 3 + 2 + 1 + 2 + 2 + 1


def test_validate_accepts_a_normal_embed() -> None:
    assert validate_embeds([{"title": "t", "fields": [{"name": "n", "value": "v"}]}]) == []


def test_validate_names_every_problem() -> None:
    embed = {
        "title": "t" * 300,
        "description": "d" * 4100,
        "fields": [{"name": "", "value": "v"}, {"name": "n", "value": "v" * 1100}] + [{"name": "n", "value": "v"}] * 24,
        "footer": {"text": "f" * 2049},
        "author": {"name": "a" * 257},
    }
    problems = validate_embeds([embed] * 11)
    joined = "\n".join(problems)
    assert "11 embeds in one message (limit 10)" in joined
    assert "embed 1 title is 300 characters (limit 256)" in joined
    assert "embed 1 description is 4100 characters (limit 4096)" in joined
    assert "embed 1 has 26 fields (limit 25)" in joined
    assert "embed 1 field 1 name is empty" in joined
    assert "embed 1 field 2 value is 1100 characters (limit 1024)" in joined
    assert "embed 1 footer" in joined and "embed 1 author name" in joined
    assert "embeds total" in joined


def _all_ok(messages: list[list[dict[str, Any]]]) -> None:
    for message in messages:
        assert validate_embeds(message) == [], validate_embeds(message)


def test_fit_leaves_small_embeds_alone() -> None:
    embeds = [{"title": "a", "description": "b", "color": 1}]
    assert fit_embeds(embeds) == [embeds]


def test_fit_splits_into_messages_of_ten() -> None:
    messages = fit_embeds([{"title": str(n)} for n in range(23)])
    assert [len(m) for m in messages] == [EMBEDS_PER_MESSAGE, EMBEDS_PER_MESSAGE, 3]
    assert [e["title"] for m in messages for e in m] == [str(n) for n in range(23)]


def test_fit_respects_the_6000_total() -> None:
    embeds = [{"description": "x" * 4000} for _ in range(3)]
    messages = fit_embeds(embeds)
    assert len(messages) == 3
    assert all(sum(embed_length(e) for e in m) <= MESSAGE_EMBED_TOTAL_LIMIT for m in messages)


def test_long_field_value_splits_at_line_boundaries() -> None:
    lines = [f"line {n:03d} " + "=" * 40 for n in range(60)]
    embed = {"title": "Stats", "fields": [{"name": "Players", "value": "\n".join(lines), "inline": False}]}
    (message,) = fit_embeds([embed])
    fields = [f for e in message for f in e.get("fields", [])]
    assert len(fields) > 1
    assert fields[0]["name"] == "Players" and all(f["name"] == BLANK for f in fields[1:])
    assert all(text_length(f["value"]) <= FIELD_VALUE_LIMIT for f in fields)
    assert [line for f in fields for line in f["value"].split("\n")] == lines
    _all_ok([message])


def test_code_block_stays_fenced_in_every_piece() -> None:
    table = "```ansi\n" + "\n".join(f"player{n:02d}  {n:3d}  {n * 7:5d}" for n in range(80)) + "\n```"
    (message,) = fit_embeds([{"fields": [{"name": "Table", "value": table}]}])
    values = [f["value"] for e in message for f in e["fields"]]
    assert len(values) > 1
    assert all(v.startswith("```ansi\n") and v.endswith("\n```") for v in values)
    rows = [row for v in values for row in v.removeprefix("```ansi\n").removesuffix("\n```").split("\n")]
    assert rows == [f"player{n:02d}  {n:3d}  {n * 7:5d}" for n in range(80)]


def test_code_block_in_the_middle_of_a_description_is_reopened() -> None:
    rows = [f"row {n:04d}" for n in range(600)]
    description = "Intro line\n```py\n" + "\n".join(rows) + "\n```\nOutro line"
    pieces = [e for m in fit_embeds([{"description": description}]) for e in m]
    texts = [p["description"] for p in pieces]
    assert len(texts) > 1 and texts[0].startswith("Intro line\n```py\n") and texts[-1].endswith("```\nOutro line")
    assert all(t.count("```") == 2 for t in texts)
    assert all(t.startswith("```py\n") for t in texts[1:])
    inside = [line for t in texts for line in t.split("\n") if line.startswith("row")]
    assert inside == rows


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["```", "```py\n", "a", "\n", " ", "b" * 50]), max_size=200))
def test_every_split_piece_but_the_last_closes_its_code_blocks(parts: list[str]) -> None:
    (message,) = fit_embeds([{"fields": [{"name": "n", "value": "".join(parts)}]}])
    values = [f["value"] for f in message[0]["fields"]]
    assert all(text_length(v) <= FIELD_VALUE_LIMIT for v in values)
    assert all(v.count("```") % 2 == 0 for v in values[:-1])


def test_oversize_description_and_many_fields_become_continuation_embeds() -> None:
    embed = {
        "title": "T" * 300,
        "url": "https://example.com",
        "description": "para\n" * 1500,
        "color": 0xFF0000,
        "fields": [{"name": f"f{n}", "value": "v"} for n in range(40)],
        "footer": {"text": "the footer"},
        "image": {"url": "attachment://chart.png"},
    }
    messages = fit_embeds([embed])
    pieces = [e for m in messages for e in m]
    _all_ok(messages)
    assert pieces[0]["title"].endswith(ELLIPSIS) and text_length(pieces[0]["title"]) == TITLE_LIMIT
    assert all("title" not in p and "url" not in p for p in pieces[1:])
    assert all(p["color"] == 0xFF0000 for p in pieces)
    assert pieces[-1]["footer"] == {"text": "the footer"} and pieces[-1]["image"]["url"] == "attachment://chart.png"
    assert all("footer" not in p and "image" not in p for p in pieces[:-1])
    assert all(len(p.get("fields", [])) <= FIELD_COUNT_LIMIT for p in pieces)
    assert all(text_length(p.get("description", "")) <= DESCRIPTION_LIMIT for p in pieces)
    assert [f["name"] for p in pieces for f in p.get("fields", [])] == [f"f{n}" for n in range(40)]
    assert "".join(p.get("description", "") for p in pieces).count("para") == 1500


def test_empty_field_parts_become_blank_instead_of_a_400() -> None:
    (message,) = fit_embeds([{"fields": [{"name": "", "value": "  "}]}])
    assert message[0]["fields"] == [{"name": BLANK, "value": BLANK}]
    _all_ok([message])


_ALPHABET = st.sampled_from(["a", "b", " ", "\n", "é", "\U0001f600", "ж"])
_texts = st.text(alphabet=_ALPHABET, max_size=1500)
_field = st.fixed_dictionaries({"name": st.text(alphabet=_ALPHABET, max_size=300), "value": _texts})
_embed = st.fixed_dictionaries(
    {},
    optional={
        "title": st.text(alphabet=_ALPHABET, max_size=300),
        "description": st.text(alphabet=_ALPHABET, max_size=5000),
        "fields": st.lists(_field, max_size=30),
        "footer": st.fixed_dictionaries({"text": st.text(alphabet=_ALPHABET, max_size=2100)}),
    },
)


def _visible(texts: list[str]) -> str:
    return re.sub(r"\s", "", "".join(texts)).replace(BLANK, "")


@settings(max_examples=60, deadline=None)
@given(st.lists(_embed, max_size=14))
def test_fit_always_yields_valid_messages_and_keeps_the_text(embeds: list[dict[str, Any]]) -> None:
    messages = fit_embeds(embeds)
    _all_ok(messages)
    pieces = [e for m in messages for e in m]
    assert _visible([e.get("description", "") for e in embeds]) == _visible([p.get("description", "") for p in pieces])
    values_in = [f["value"] for e in embeds for f in e.get("fields", [])]
    values_out = [f["value"] for p in pieces for f in p.get("fields", [])]
    assert _visible(values_in) == _visible(values_out)
