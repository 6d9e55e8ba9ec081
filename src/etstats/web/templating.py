"""Jinja2 set-up: templates shipped in the package, HTML auto-escaping, and the number formats.

Names reach templates raw; the ``name`` filter removes colour codes and control or bidi
characters and auto-escaping does the rest, so a name can never become markup.
"""

from __future__ import annotations

from datetime import datetime

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from etstats.publish.limits import clean_name
from etstats.publish.render.style import clock, number

RESULT_WORDS = {"won": "won", "lost": "lost", "draw": "draw", "unknown": "?", "switched": "switched"}
OUTCOME_WORDS = {"attackers_won": "time set", "defenders_held": "full hold", "unknown": "unknown"}


def _number(value: float | None, digits: int = 0) -> str:
    return number(value, digits)


def _when(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "–" if value is None else value.strftime(fmt)


def _hours(minutes: float | None) -> str:
    if not minutes:
        return "0:00"
    whole = round(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def build_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("etstats.web", "templates"),
        autoescape=select_autoescape(("html", "svg")),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        name=lambda raw: clean_name(raw or ""),
        num=_number,
        clock=clock,
        when=_when,
        hours=_hours,
        result=lambda r: RESULT_WORDS.get(r, r),
        outcome=lambda o: OUTCOME_WORDS.get(o, o),
    )
    return env


templates = Jinja2Templates(env=build_environment())
