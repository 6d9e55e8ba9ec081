"""``etstats check``: look at everything the settings point at, read-only, and say per line what is wrong and how to fix it."""
