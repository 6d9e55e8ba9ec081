"""Pure renderers: summaries in, Discord embed dicts out (limits enforced by ``publish.limits``)."""
