"""The game's meaning: Round 2 differential, pairing, stopwatch outcome, formulas, sessions."""
