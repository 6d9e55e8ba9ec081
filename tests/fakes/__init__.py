"""Local stand-ins for the services etstats talks to (a fake Discord HTTP API)."""
