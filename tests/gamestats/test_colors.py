"""Colour stripping and name decoding (format doc §3.3).

The rule is the engine's ``Q_IsColorString``: ``^`` followed by any character other
than ``^`` and other than end-of-string is a two-byte code.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etstats.gamestats import decode_name, strip_colors


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("^3qmr", "qmr"),
        ("^wsqu^hA^pze^h:^w)", "squAze:)"),
        ("^o[BOT]^7lagger", "[BOT]lagger"),
        ("^0imm^7a^>ko^4a^dl^fa", "immakoala"),
        ("^a#^7p^au^7rans^a.^7only", "#purans.only"),
    ],
)
def test_format_doc_table(raw: str, clean: str) -> None:
    assert strip_colors(raw) == clean


@pytest.mark.parametrize("code", list(":<=>?*!@#$%&()[]{}|~ .,;'\"/-+_") + ["\\"])
def test_punctuation_after_caret_is_a_code(code: str) -> None:
    """The palette is not only ``^[0-9a-z]``; slomix's narrower regex left ``^>`` in names."""
    assert strip_colors(f"ab^{code}cd") == "abcd"


def test_every_letter_and_digit_is_a_code() -> None:
    for code in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        assert strip_colors(f"x^{code}y") == "xy"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("^^", "^^"),
        ("a^^", "a^^"),
        ("a^^b", "a^"),
        ("^^7x", "^x"),
        ("^^^", "^^^"),
        ("^^^^", "^^^^"),
    ],
)
def test_caret_caret_is_not_a_code(raw: str, clean: str) -> None:
    """``^^`` is kept; the second caret may still start a code with what follows it."""
    assert strip_colors(raw) == clean


@pytest.mark.parametrize(("raw", "clean"), [("^", "^"), ("abc^", "abc^"), ("^1abc^", "abc^")])
def test_lone_trailing_caret_is_literal(raw: str, clean: str) -> None:
    assert strip_colors(raw) == clean


def test_non_ascii_character_after_caret_is_a_code() -> None:
    assert strip_colors("a^éb") == "ab"


def test_text_without_caret_is_returned_unchanged() -> None:
    text = "plain name"
    assert strip_colors(text) is text


def test_empty_text() -> None:
    assert strip_colors("") == ""


@given(st.text())
def test_stripping_is_what_the_engine_loop_does(text: str) -> None:
    """Compare with a direct transcription of the engine's character loop."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "^" and i + 1 < len(text) and text[i + 1] != "^":
            i += 2
            continue
        out.append(text[i])
        i += 1
    assert strip_colors(text) == "".join(out)


def test_decode_utf8_name() -> None:
    assert decode_name("^1Šparta ünd ñ".encode()) == "^1Šparta ünd ñ"


def test_decode_non_utf8_name_falls_back_to_latin1() -> None:
    raw = b"\xe9l\xe8ve"
    assert decode_name(raw) == "élève"


@given(st.binary(max_size=64))
def test_decoding_is_lossless(raw: bytes) -> None:
    """Valid UTF-8 decodes as UTF-8; anything else still maps back to exactly its bytes."""
    name = decode_name(raw)
    try:
        assert name == raw.decode("utf-8")
    except UnicodeDecodeError:
        assert name.encode("latin-1") == raw
