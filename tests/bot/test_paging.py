"""Long replies: the first page is sent with buttons; the buttons swap pages (and their files)."""

from __future__ import annotations

from etstats.bot.paginator import Paginator
from etstats.bot.reply import Page, Reply, Section
from etstats.bot.respond import send_reply
from etstats.bot.sections import SectionSwitcher
from etstats.publish.post import Attachment
from tests.bot.fakes import FakeContext, FakeInteraction, FakeMessage, no_mentions

CHART = Attachment("session.png", b"\x89PNG\r\n\x1a\n")


def pages(count: int) -> list[Page]:
    first = Page([{"title": "page 1", "image": {"url": "attachment://session.png"}}], [CHART])
    return [first] + [Page([{"title": f"page {n}"}]) for n in range(2, count + 1)]


def test_files_follow_the_page_that_shows_them() -> None:
    reply = Reply.of([[{"title": "a"}], [{"title": "b", "image": {"url": "attachment://session.png"}}]], [CHART])
    assert [p.files for p in reply.pages] == [[], [CHART]]


async def test_a_long_reply_is_sent_with_buttons() -> None:
    ctx = FakeContext()
    await send_reply(ctx, Reply(pages=pages(3)))
    sent = ctx.reply
    assert no_mentions(sent)
    assert [e.title for e in sent["embeds"]] == ["page 1"]
    assert [f.filename for f in sent["files"]] == ["session.png"]
    view = sent["view"]
    assert isinstance(view, Paginator)
    assert (view.previous_page.disabled, view.counter.label, view.next_page.disabled) == (True, "1/3", False)


async def test_a_short_reply_has_no_buttons() -> None:
    ctx = FakeContext()
    await send_reply(ctx, Reply(pages=pages(1)))
    assert "view" not in ctx.reply


async def test_buttons_flip_pages_and_swap_the_files() -> None:
    view = Paginator(pages(3))
    click = FakeInteraction()
    await view.next_page.callback(click)
    [edit] = click.response.edits
    assert [e.title for e in edit["embeds"]] == ["page 2"]
    assert edit["attachments"] == [] and edit["view"] is view
    assert edit["allowed_mentions"].to_dict() == {"parse": []}
    assert (view.previous_page.disabled, view.counter.label, view.next_page.disabled) == (False, "2/3", False)
    await view.next_page.callback(FakeInteraction())
    assert view.next_page.disabled and view.counter.label == "3/3"
    back = FakeInteraction()
    for _ in range(3):
        await view.previous_page.callback(back)
    assert view.index == 0 and view.previous_page.disabled
    assert [f.filename for f in back.response.edits[-1]["attachments"]] == ["session.png"]


async def test_buttons_are_disabled_when_the_view_times_out() -> None:
    view = Paginator(pages(2))
    view.message = message = FakeMessage()  # type: ignore[assignment]
    await view.on_timeout()
    assert all(item.disabled for item in view.children)
    assert message.edits[0]["view"] is view


async def test_views_with_several_pages_keep_the_page_buttons_and_start_each_view_on_its_first_page() -> None:
    drawn: list[str] = []

    def draw() -> list[Attachment]:
        drawn.append("chart")
        return [CHART]

    view = SectionSwitcher([Section("Long", pages(3)), Section("Chart", pages(1)[:1], draw)])
    assert view.previous_page in view.children and view.counter.label == "1/3"
    await view.next_page.callback(FakeInteraction())
    assert view.counter.label == "2/3"
    click = FakeInteraction()
    await view.buttons[1].callback(click)
    assert view.counter.label == "1/1" and drawn == ["chart"]
    assert [f.filename for f in click.response.edits[0]["attachments"]] == ["session.png"]
    await view.buttons[0].callback(FakeInteraction())
    await view.buttons[1].callback(FakeInteraction())
    assert drawn == ["chart"], "a chart is drawn once"
    await view.on_timeout()
    assert all(item.disabled for item in view.children)


async def test_a_later_page_is_built_when_first_shown_and_may_grow_into_several() -> None:
    built: list[int] = []

    def build() -> list[Page]:
        built.append(1)
        return [Page([{"title": "page 2a"}]), Page([{"title": "page 2b"}])]

    view = Paginator([Page([{"title": "page 1"}]), Page([], later=build)])
    assert view.counter.label == "1/2" and built == []
    click = FakeInteraction()
    await view.next_page.callback(click)
    assert [e.title for e in click.response.edits[0]["embeds"]] == ["page 2a"]
    assert view.counter.label == "2/3" and not view.next_page.disabled
    await view.next_page.callback(FakeInteraction())
    await view.previous_page.callback(FakeInteraction())
    assert built == [1], "built once"
