"""The read-only web site and JSON API: server-rendered pages over the same database."""
