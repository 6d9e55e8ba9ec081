from etstats.publish.outgoing import NONCE_LENGTH, message_nonce, plan_messages
from etstats.publish.post import Attachment
from tests.publish.helpers import PNG, make_post, many_embeds


def test_nonce_is_stable_short_and_distinct_per_part() -> None:
    assert message_nonce("k", 0) == message_nonce("k", 0)
    assert len(message_nonce("a" * 500, 3)) <= NONCE_LENGTH
    assert len({message_nonce("k", 0), message_nonce("k", 1), message_nonce("k2", 0)}) == 3


def test_single_message_carries_everything() -> None:
    post = make_post(content="Round over")
    (message,) = plan_messages(post)
    assert message.content == "Round over"
    assert message.embeds == post.embeds
    assert [a.filename for a in message.attachments] == ["chart.png"]
    assert message.nonce == message_nonce(post.key, 0)


def test_split_post_puts_files_with_the_embed_that_shows_them() -> None:
    embeds = many_embeds(12)
    embeds[11]["image"] = {"url": "attachment://late.png"}
    post = make_post(
        embeds=embeds, content="hello", attachments=[Attachment("late.png", PNG), Attachment("log.txt", b"x")]
    )
    first, second = plan_messages(post)
    assert (first.content, second.content) == ("hello", None)
    assert [a.filename for a in first.attachments] == ["log.txt"]
    assert [a.filename for a in second.attachments] == ["late.png"]
    assert first.nonce != second.nonce


def test_post_without_embeds_is_one_message() -> None:
    (message,) = plan_messages(make_post(embeds=[], content="x" * 2500))
    assert message.embeds == [] and len(message.content or "") == 2000
