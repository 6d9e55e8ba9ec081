"""The live service: watch sources, ingest in time order, write posts to the outbox, send them."""
