"""The game's meaning and its domain types: Round 2 differential, pairing, stopwatch outcome,
formulas, sessions, careers, leaderboards, and the plain data the store fills and renderers show."""
