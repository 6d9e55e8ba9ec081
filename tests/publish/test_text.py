from hypothesis import given
from hypothesis import strategies as st

from etstats.publish.text import ELLIPSIS, is_safe_cut, split_text, text_length, truncate

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one glyph, five code points, eight units
FLAG = "\U0001f1e9\U0001f1ea"  # regional-indicator pair


def test_text_length_counts_astral_characters_twice() -> None:
    assert text_length("abc") == 3
    assert text_length("a\U0001f600") == 3


def test_split_prefers_line_boundaries() -> None:
    text = "one\ntwo\nthree\n"
    assert split_text(text, 9) == ["one\ntwo\n", "three\n"]


def test_split_falls_back_to_spaces_then_anywhere() -> None:
    assert split_text("aaa bbb", 5) == ["aaa ", "bbb"]
    assert split_text("abcdefgh", 3) == ["abc", "def", "gh"]


def test_split_never_cuts_inside_an_emoji_sequence() -> None:
    text = "x" * 4 + FAMILY + FLAG * 3
    chunks = split_text(text, 10)
    assert "".join(chunks) == text
    assert any(FAMILY in chunk for chunk in chunks)
    for chunk in chunks:
        assert not chunk.startswith("\u200d") and not chunk.endswith("\u200d")
        assert sum(1 for ch in chunk if 0x1F1E6 <= ord(ch) <= 0x1F1FF) % 2 == 0


def test_safe_cut_rules() -> None:
    assert not is_safe_cut("e\u0301", 1)  # before a combining accent
    assert not is_safe_cut(FLAG, 1)
    assert is_safe_cut(FLAG + FLAG, 2)
    assert not is_safe_cut("a\r\nb", 2)


def test_truncate_adds_ellipsis_only_when_needed() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("word " * 20, 12)
    assert cut.endswith(ELLIPSIS) and text_length(cut) <= 12


_TRICKY = st.sampled_from(["a", " ", "\n", "\u0301", "\U0001f600", "\u200d", "\U0001f1e9"])


@given(st.text(alphabet=_TRICKY, max_size=300), st.integers(min_value=2, max_value=40))
def test_split_is_lossless_and_within_budget(text: str, budget: int) -> None:
    chunks = split_text(text, budget)
    assert "".join(chunks) == text
    assert all(text_length(chunk) <= budget for chunk in chunks)
    assert all(chunks) or chunks == [""]
