import discord.http
import pytest

from etstats.publish.sinks.discord_api import describe_error, retry_after, set_api_base, webhook_endpoint


@pytest.mark.parametrize(
    "url",
    [
        "https://discord.com/api/webhooks/123/tok-EN_x",
        "https://discordapp.com/api/webhooks/123/tok-EN_x/",
        "https://canary.discord.com/api/v10/webhooks/123/tok-EN_x?thread_id=9",
    ],
)
def test_webhook_url_is_rewritten_to_the_api_base(url: str) -> None:
    assert webhook_endpoint(url, "http://127.0.0.1:9/api/v10/") == "http://127.0.0.1:9/api/v10/webhooks/123/tok-EN_x"


def test_malformed_webhook_url_is_refused() -> None:
    with pytest.raises(ValueError, match="webhooks/<id>/<token>"):
        webhook_endpoint("https://discord.com/api/webhooks/abc")


def test_retry_after_prefers_the_precise_body_value() -> None:
    assert retry_after({"Retry-After": "2"}, {"retry_after": 1.25}) == 1.25
    assert retry_after({"Retry-After": "2"}, "not json") == 2.0
    assert retry_after({}, {}) is None
    assert retry_after({"Retry-After": "soon"}, None) is None


def test_describe_error_flattens_discord_form_errors() -> None:
    body = {
        "code": 50035,
        "message": "Invalid Form Body",
        "errors": {"embeds": {"0": {"title": {"_errors": [{"code": "X", "message": "Must be 256 or fewer."}]}}}},
    }
    assert describe_error(400, body) == "400 Invalid Form Body (50035): embeds.0.title: Must be 256 or fewer."
    assert describe_error(502, "<html>bad gateway</html>") == "502 <html>bad gateway</html>"


def test_set_api_base_redirects_discord_py_and_returns_the_previous_base() -> None:
    previous = set_api_base("http://127.0.0.1:1/api/v10/")
    try:
        assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:1/api/v10/users/@me"
    finally:
        assert set_api_base(previous) == "http://127.0.0.1:1/api/v10"
    assert previous == discord.http.Route.BASE


def test_retry_after_that_is_not_a_finite_number_counts_as_not_given() -> None:
    assert retry_after({"Retry-After": "inf"}, None) is None
    assert retry_after({}, {"retry_after": float("nan")}) is None
    assert retry_after({}, {"retry_after": 1e12}) == 1e12
