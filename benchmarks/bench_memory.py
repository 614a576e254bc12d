"""Peak memory of ``socialviews classify`` on the export shapes users have, at two sizes.

For each shape of :mod:`exports` (TAGS, twarc-csv, twarc2 pages, generic CSV), builds exports of
``--sizes`` tweets, classifies each with ``--jobs 1`` and with the default (one worker per core),
and prints the peak resident memory of the largest process, the throughput, and for each shape the
ratio of the peak at the largest size to the peak at the smallest (1.0 when memory is flat).

    python benchmarks/bench_memory.py [--sizes 100000 1000000] [--shapes tags twarc-csv twarc2 csv]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench_classify import measured
from exports import SHAPES, write_export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    args = parser.parse_args()

    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.training.corpus import load_corpus
    from socialviews.training.train import train

    texts = load_corpus(None, load_taxonomy())["text"].tolist()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        models = tmp / "models"
        train(models_dir=models, cv_folds=0)
        print(f"{'shape':<10} {'tweets':>10} {'MB of input':>12} {'jobs':>8} {'peak MB':>8} {'tweets/s':>9}")
        peaks: dict[tuple[str, str], list[float]] = {}
        for shape in args.shapes:
            for n in args.sizes:
                export = write_export(shape, tmp, n, texts)
                size = export.stat().st_size / 2**20
                for jobs in ("1", "default"):
                    option = ["--jobs", jobs] if jobs != "default" else []
                    seconds, peak = measured([sys.executable, "-m", "socialviews", "-q", "classify", str(export), "-o",
                                              str(tmp / "out.csv"), "--models-dir", str(models), *option])
                    peaks.setdefault((shape, jobs), []).append(peak)
                    print(f"{shape:<10} {n:>10,} {size:>12,.0f} {jobs:>8} {peak:>8,.0f} {n / seconds:>9,.0f}", flush=True)
                export.unlink()
        if len(args.sizes) > 1:
            print(f"\npeak at {args.sizes[-1]:,} tweets against the peak at {args.sizes[0]:,}:")
            for (shape, jobs), values in peaks.items():
                print(f"{shape:<10} --jobs {jobs:<8} {values[-1] / values[0]:.2f}x")


if __name__ == "__main__":
    main()
