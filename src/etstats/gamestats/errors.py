"""The one error the parser raises, so callers can quarantine a file and carry on."""

from __future__ import annotations


class GameStatsFormatError(ValueError):
    """A round file (or its name) does not follow the c0rnp0rn grammar.

    Carries where the problem is (file, 1-based line, field) and what was expected,
    so an admin can open the file and see it without reading code.
    """

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        got: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.expected = expected
        self.got = got
        self.reason = message
        parts = [file]
        if line is not None:
            parts.append(f"line {line}")
        if field is not None:
            parts.append(f"field {field}")
        text = ": ".join([", ".join(parts), message])
        if expected is not None:
            text += f"; expected {expected}"
        if got is not None:
            text += f", got {got!r}"
        super().__init__(text)


class GameStatsLimitError(GameStatsFormatError):
    """A file beyond what a server can write (too many players, too many bytes).

    Unlike a cut file it will not fix itself by being read again, so it is refused at once.
    """
