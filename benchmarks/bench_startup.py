"""Start-up cost: ``socialviews --help`` against ``python -c "import typer"``, measured in one run.

    python benchmarks/bench_startup.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def best_of(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    typer_best, typer_median = best_of([sys.executable, "-c", "import typer"], args.repeat)
    help_best, help_median = best_of([sys.executable, "-m", "socialviews", "--help"], args.repeat)
    print(f'python -c "import typer":  best {typer_best:.3f} s   median {typer_median:.3f} s')
    print(f"socialviews --help:         best {help_best:.3f} s   median {help_median:.3f} s")
    print(f"ratio (best): {help_best / typer_best:.2f}x")


if __name__ == "__main__":
    main()
