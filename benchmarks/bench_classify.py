"""End-to-end classify throughput against a plain scikit-learn baseline, measured in one run.

Builds a synthetic chat export of N tweets from the labelled corpus (texts shuffled, with
handles, numbers and links varied so no two rows are the same), then times

* the project: ``socialviews classify`` end to end (read, normalise, classify, write CSV), and
* the baseline: ``pandas.read_csv``, then ``make_pipeline(make_union(TfidfVectorizer(ngram_range=(1, 2)),
  TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))), LogisticRegression())`` trained on the same
  corpus, ``predict_proba`` on the raw text, and ``to_csv``,

and prints both throughputs, their ratio, and both models' macro-F1 on the evaluation chats. On a
machine that others share, wall times stretch with the load; the processor time of ``--jobs 1``
(one process doing all the work) against the baseline's is printed too, as a ratio the load
disturbs less. Peak memory: ``bench_memory.py``.

    python benchmarks/bench_classify.py --tweets 100000 [--jobs 1 2] [--dask]
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_export(path: Path, n: int, texts: list[str], seed: int = 0) -> Path:
    """Write a generic chat export of ``n`` tweets drawn from ``texts``."""
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "created_at", "text"])
        for i in range(n):
            text = rng.choice(texts)
            if rng.random() < 0.3:
                text = f"@user{rng.randrange(5000)} {text}"
            if rng.random() < 0.2:
                text = f"{text} https://t.co/{rng.randrange(10**9):09d}x"
            minute, second = divmod(i % 3600, 60)
            writer.writerow([str(1_300_000_000_000_000_000 + i), f"user{rng.randrange(5000)}",
                             f"2019-0{1 + i % 9}-1{i % 9}T08:{minute:02d}:{second:02d}Z", text])
    return path


def split_export(export: Path, folder: Path, parts: int) -> Path:
    """Split a CSV export into ``parts`` files (an archive of weekly chats)."""
    folder.mkdir()
    with open(export, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    size = -(-len(body) // parts)
    for i in range(parts):
        with open(folder / f"week{i:02d}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(body[i * size : (i + 1) * size])
    return folder


def baseline(corpus, export: Path, out: Path) -> tuple[float, object]:
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2)), TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))),
        LogisticRegression(),
    )
    model.fit(corpus["text"], corpus["label"])
    start, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    proba = model.predict_proba(frame["text"])
    for i, label in enumerate(model.classes_):
        frame[f"p_{label}"] = proba[:, i]
    frame.to_csv(out, index=False)
    return time.perf_counter() - start, time.process_time() - cpu, model


def project(export: Path, out: Path, models_dir: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds of ``socialviews classify`` and the processor seconds of its own process."""
    seconds, _, cpu = measured([sys.executable, "-m", "socialviews", "-q", "classify", str(export), "-o", str(out),
                                "--models-dir", str(models_dir), "--jobs", str(jobs)], cpu=True)
    return seconds, cpu


_MEASURE = """
import os, resource, subprocess, sys, time


def tree(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def high_water_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:])
peak = 0
while process.poll() is None:
    for pid in tree(process.pid):  # the workers too: they are not this process's children
        peak = max(peak, high_water_kb(pid))
    time.sleep(0.05)
seconds = time.perf_counter() - start
if process.returncode:
    sys.exit(process.returncode)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, max(peak, usage.ru_maxrss), usage.ru_utime + usage.ru_stime)
"""


def measured(command: list[str], cpu: bool = False) -> tuple:
    """Wall seconds of ``command``, and the peak resident memory (MB) of its largest process, workers included.

    The peak is each process's high-water mark (``VmHWM`` in ``/proc``, Linux), read every 50 ms
    while the command runs, and the command's own peak from ``getrusage``. With ``cpu``, also the
    processor seconds of the command's own process (not of its workers).
    """
    result = subprocess.run([sys.executable, "-c", _MEASURE, *command], check=True, capture_output=True, text=True)
    seconds, peak_kb, cpu_seconds = result.stdout.split()
    return (float(seconds), int(peak_kb) / 1024) + ((float(cpu_seconds),) if cpu else ())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tweets", type=int, default=200_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", action="store_true", help="also time --engine dask on a 2-worker LocalCluster")
    args = parser.parse_args()

    from socialviews.core.taxonomy import load_taxonomy
    from socialviews.model.metrics import score
    from socialviews.training.corpus import load_corpus
    from socialviews.training.default import load_model
    from socialviews.training.evaluate import read_held_out
    from socialviews.training.retrain import embedded_eval_dir
    from socialviews.training.train import train

    tax = load_taxonomy()
    corpus = load_corpus(None, tax)
    held_out = read_held_out([embedded_eval_dir()], tax)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export = build_export(tmp / "export.csv", args.tweets, corpus["text"].tolist())
        models = tmp / "models"
        start = time.perf_counter()
        train(models_dir=models, cv_folds=0)
        train_seconds = time.perf_counter() - start
        model = load_model(models)
        base_seconds, base_cpu, base_model = baseline(corpus, export, tmp / "baseline.csv")
        base_f1 = score(held_out["label"], base_model.predict(held_out["text"]), tax.labels, tax.no_view_labels)["macro_f1"]
        ours_f1 = score(held_out["label"], model.score_texts(held_out["text"].tolist())["view"], tax.labels,
                        tax.no_view_labels)["macro_f1"]
        n = args.tweets
        print(f"tweets: {n}   corpus rows: {len(corpus)}   eval rows: {len(held_out)}")
        print(f"training the default model: {train_seconds:.1f} s")
        print(f"baseline (read_csv + plain sklearn + to_csv): {n / base_seconds:>10,.0f} tweets/s   macro-F1 {base_f1:.3f}")
        timings = {}
        for jobs in args.jobs:
            timings[jobs], cpu = project(export, tmp / f"ours{jobs}.csv", models, jobs)
            processor = f"   processor time against the baseline's {base_cpu / cpu:.2f}x" if jobs == 1 else ""
            print(f"socialviews classify --jobs {jobs}:               {n / timings[jobs]:>10,.0f} tweets/s   "
                  f"macro-F1 {ours_f1:.3f}   ratio to baseline {base_seconds / timings[jobs]:.2f}x{processor}")
        if 1 in timings and 2 in timings:
            print(f"--jobs 2 against --jobs 1: {timings[1] / timings[2]:.2f}x")
        if args.dask:
            parts = split_export(export, tmp / "archive", 8)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "socialviews", "-q", "classify", str(parts), "--engine", "dask",
                            "-o", str(tmp / "dask_out"), "--models-dir", str(models)], check=True)
            seconds = time.perf_counter() - start
            print(f"socialviews classify --engine dask (LocalCluster, 2 workers, 8 files): {n / seconds:>10,.0f} tweets/s   "
                  f"ratio to baseline {base_seconds / seconds:.2f}x   ratio to --jobs 1 {timings.get(1, seconds) / seconds:.2f}x")
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "socialviews", "-q", "classify", str(export), "--engine", "dask",
                            "-o", str(tmp / "dask_one"), "--models-dir", str(models)], check=True)
            seconds = time.perf_counter() - start
            print(f"socialviews classify --engine dask (LocalCluster, 2 workers, 1 file in chunks): {n / seconds:>10,.0f} tweets/s   "
                  f"ratio to baseline {base_seconds / seconds:.2f}x   ratio to --jobs 1 {timings.get(1, seconds) / seconds:.2f}x")



if __name__ == "__main__":
    main()
