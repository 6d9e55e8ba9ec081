"""One line of the check: what was looked at, whether it is fine, and the fix when it is not."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool
    what: str
    fix: str | None = None

    @classmethod
    def good(cls, what: str) -> Check:
        return cls(True, what)

    @classmethod
    def bad(cls, what: str, fix: str) -> Check:
        return cls(False, what, fix)

    def line(self) -> str:
        mark = "✓" if self.ok else "✗"
        return f"{mark} {self.what}" + (f"\n    fix: {self.fix}" if self.fix else "")
