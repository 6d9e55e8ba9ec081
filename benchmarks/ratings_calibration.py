"""How good the chance of group A winning is on maps it has not seen: Brier scores on the real corpus.

Every map is predicted from the maps before it only (walk-forward), exactly as the
importer records ``p_group_a``; the score is the mean squared error against the result
(group A won 1, lost 0, a draw ½). Lower is better; a coin (always ½) scores 0.25.

Compared with:

* the *base rate so far*: always the share of group A wins among the earlier maps —
  the forecaster ``p_group_a`` must not be worse than (target);
* the *hindsight base rate*: the share over all scored maps, known only afterwards;
* the *raw model*: openskill's chance before the shrinkage toward the base rate.

Usage: ``python benchmarks/ratings_calibration.py [--corpus DIR]`` (default: ``ETSTATS_CORPUS``
or the shared corpus folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from etstats.stats.ratings import RIDGE, walk_forward
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from etstats.store.ratings import rated_maps

DEFAULT_CORPUS = Path(
    os.environ.get("ETSTATS_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "data" / "gamestats"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.iterdir() if p.name.endswith(".txt"))
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'etstats.db'}")
        with engine.begin() as conn:
            import_batch(conn, "corpus", [IncomingFile(p.name, p.read_bytes()) for p in files])
        with engine.connect() as conn:
            maps = [played for _, _, played in rated_maps(conn)]
        engine.dispose()
    report = walk_forward(maps)
    print(f"{len(files)} files, {len(maps)} maps, {report.maps} with a winner scored (ridge {RIDGE})")
    print(f"  Brier, p_group_a (shown)      {report.shown:.4f}")
    print(f"  Brier, base rate so far       {report.base_rate:.4f}   target: p_group_a no worse")
    print(f"  Brier, hindsight base rate    {report.hindsight:.4f}")
    print(f"  Brier, raw openskill chance   {report.raw:.4f}")
    print(f"  Brier, always 1/2             {0.25:.4f}")
    ok = report.shown <= report.base_rate
    print("PASS" if ok else "FAIL", f"p_group_a {report.shown:.4f} vs base rate so far {report.base_rate:.4f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
