"""Summaries to posts, and posts to wherever they go (terminal, JSON lines, Discord)."""
