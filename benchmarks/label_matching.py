"""Score the method matcher on the labelled variants of ``tests/data/method_labels.csv``:
precision (of the labels read as a method, how many were read right), recall (of the labels
that name a method, how many were read right), every failure, and the time to read 10,000
distinct unknown labels. Prints figures; no assertions.

Usage: .venv/bin/python benchmarks/label_matching.py [--labels 10000]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kam_analytics import taxonomy  # noqa: E402

LABELS = ROOT / "tests" / "data" / "method_labels.csv"


@dataclass(frozen=True)
class Score:
    variants: int  # labels that name a method
    negatives: int  # labels that must not be read as one
    right: int
    wrong: tuple[tuple[str, str, str], ...]  # label, expected ('' = none), read
    missed: tuple[tuple[str, str, str], ...]  # label, expected, first suggestion ('' = none)

    @property
    def precision(self) -> float:
        read = self.right + len(self.wrong)
        return self.right / read if read else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.variants if self.variants else 1.0


def labelled_variants(path: Path = LABELS) -> list[dict[str, str]]:
    """Return the labelled set: label, expected method id ('' when none may be read), kind."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def matcher_score(rows: list[dict[str, str]]) -> Score:
    """Return how the matcher reads the labelled set."""
    right, wrong, missed = 0, [], []
    for row in rows:
        m = taxonomy.match_method(row["label"])
        if m.method_id is None:
            if row["expected"]:
                missed.append((row["label"], row["expected"],
                               m.suggestions[0] if m.suggestions else ""))
        elif m.method_id == row["expected"]:
            right += 1
        else:
            wrong.append((row["label"], row["expected"], m.method_id))
    variants = sum(1 for r in rows if r["expected"])
    return Score(variants, len(rows) - variants, right, tuple(wrong), tuple(missed))


def random_labels(n: int, seed: int = 12) -> list[str]:
    """Return ``n`` distinct labels of 2-4 random words (some real words of the methods' labels,
    most not), none a known label."""
    rng = random.Random(seed)
    known = taxonomy.method_index()
    real = sorted({w for m in taxonomy.METHODS for w in f"{m.label_en} {m.label_ru}".split()})
    alphabet = "abcdefghijklmnopqrstuvwxyzабвгдежзиклмнопрстуфхцчшщыэюя"
    out: set[str] = set()
    while len(out) < n:
        words = [rng.choice(real) if rng.random() < 0.3 else
                 "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 10)))
                 for _ in range(rng.randint(2, 4))]
        label = " ".join(words)
        if taxonomy.normalise_label(label) not in known:
            out.add(label)
    return sorted(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=10_000)
    args = parser.parse_args()
    rows = labelled_variants()
    score = matcher_score(rows)
    print(f"labelled set: {score.variants} variants of the 26 methods, "
          f"{score.negatives} labels that must not match")
    print(f"precision {score.precision:.1%} ({score.right} right of "
          f"{score.right + len(score.wrong)} read), recall {score.recall:.1%} "
          f"({score.right} of {score.variants})")
    for label, expected, read in score.wrong:
        print(f"  WRONG  {label!r}: read {read}, expected {expected or 'none'}")
    for label, expected, suggestion in score.missed:
        print(f"  missed {label!r}: expected {expected}, first suggestion {suggestion or 'none'}")
    labels = random_labels(args.labels)
    start = time.perf_counter()
    read = sum(1 for label in labels if taxonomy.match_method(label).method_id)
    seconds = time.perf_counter() - start
    print(f"{len(labels):,} distinct random labels, none a known label, matched in "
          f"{seconds:.2f} s ({read} read by the word rule)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
