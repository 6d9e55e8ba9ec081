import re

from hypothesis import example, given
from hypothesis import strategies as st

from etstats.publish.limits import (
    BLANK,
    NAME_LIMIT,
    UNNAMED,
    clean_name,
    code_safe_name,
    escape_markdown,
    neutralize_mentions,
    safe_name,
)
from etstats.publish.text import text_length


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def test_escape_markdown() -> None:
    assert escape_markdown("**bold** _it_ ~~s~~ `c` ||spoiler|| > q") == (
        r"\*\*bold\*\* \_it\_ \~\~s\~\~ \`c\` \|\|spoiler\|\| \> q"
    )
    assert escape_markdown("[link](http://x)") == r"\[link\](http://x)"
    assert escape_markdown("back\\slash") == "back\\\\slash"


def test_neutralize_mentions() -> None:
    assert neutralize_mentions("@everyone @here <@123> <@&45>") == (
        f"@{BLANK}everyone @{BLANK}here <@{BLANK}123> <@{BLANK}&45>"
    )


def test_safe_name_strips_colours_and_escapes() -> None:
    assert safe_name("^1*^7Bob^3_") == r"\*Bob\_"
    assert safe_name("^4@everyone") == f"@{BLANK}everyone"
    assert safe_name("^2😀 Ünïcode") == "😀 Ünïcode"


def test_names_without_visible_characters_get_a_placeholder() -> None:
    for raw in ("", "^1^2^3", "   ", "^7 ^7", "\u200b", "\n\t"):
        assert clean_name(raw) == UNNAMED
    assert safe_name("^1^2") == UNNAMED


def test_control_and_bidi_characters_are_removed() -> None:
    assert clean_name("Bo\nb\u202e\x00") == "Bob"


def test_very_long_names_are_capped() -> None:
    name = clean_name("^1" + "W" * 500)
    assert text_length(name) <= NAME_LIMIT and name.endswith("…")


def test_code_safe_name_cannot_close_a_code_block() -> None:
    name = code_safe_name("^1```evil")
    assert "`" not in name and "evil" in name


@given(st.text(max_size=400))
@example("^1@everyone")
@example("**__~~||")
@example("^" * 50)
@example("👨‍👩‍👧" * 60)
def test_safe_name_fuzz(raw: str) -> None:
    name = safe_name(raw)
    assert name
    assert re.search(f"@(?!{BLANK})", name) is None
    assert "\n" not in name and "\r" not in name
    plain = _unescape(name.replace(f"@{BLANK}", "@"))
    assert plain == clean_name(raw)
    assert text_length(plain) <= NAME_LIMIT
    unescaped_markdown = re.findall(r"(?<!\\)(?:\\\\)*([*_~`|>#\-\[\]])", name)
    assert not unescaped_markdown


@given(st.lists(st.sampled_from(["^1", "^a", "^>", "^*", " ", "^7"]), max_size=30))
def test_colour_codes_only_is_never_empty(parts: list[str]) -> None:
    assert safe_name("".join(parts)) == UNNAMED
