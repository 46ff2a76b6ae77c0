"""Split a batch of eval cases between the tuning half and the check half of the dev set.

Within each batch (the letter that starts a case id) cases alternate in id order: the first to `tune/`, the next to
`check/`, and so on, so both halves hold every batch's kind of traffic. The engine is tuned on `tune/` only;
`check/` is read only through its score.

    python -m handoff.evals.split NEW_BATCH_FOLDER evals/cases
"""

from __future__ import annotations

import shutil
import sys
from collections import defaultdict
from pathlib import Path


def halves(paths: list[Path]) -> dict[str, list[Path]]:
    by_batch: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(paths, key=lambda p: p.name):
        by_batch[path.name[:1]].append(path)
    split: dict[str, list[Path]] = {"tune": [], "check": []}
    for members in by_batch.values():
        for index, path in enumerate(members):
            split["tune" if index % 2 == 0 else "check"].append(path)
    return split


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m handoff.evals.split NEW_BATCH_FOLDER DEV_SET_FOLDER", file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    paths = sorted(source.glob("*.json"))
    if not paths:
        print(f"{source}: no .json case files", file=sys.stderr)
        return 1
    for half, members in halves(paths).items():
        (target / half).mkdir(parents=True, exist_ok=True)
        for path in members:
            if (target / half / path.name).exists() or (target / ("check" if half == "tune" else "tune") / path.name).exists():
                print(f"{path.name}: already in the dev set", file=sys.stderr)
                return 1
        for path in members:
            shutil.copy2(path, target / half / path.name)
        print(f"{half}: {len(members)} cases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
