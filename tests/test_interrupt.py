"""Ctrl-C: exit 130, earlier outputs and models untouched, no partial file; a rerun gives the same output."""

import csv
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]


def _big_chat(path: Path, rows: int) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "text"])
        for i in range(rows):
            writer.writerow([str(1_200_000_000_000_000_000 + i), f"user{i % 97}", f"{TEXTS[i % len(TEXTS)]} #{i}"])
    return path


def _interrupt_after(args: list[str], cwd: Path, marker: str) -> subprocess.CompletedProcess:
    """Run the CLI, send SIGINT once ``marker`` shows on stderr, and return the finished process."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "socialviews", *args], cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if marker in line:
            proc.send_signal(signal.SIGINT)
            break
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, "".join(seen) + err)


def test_sigint_during_classify(trained_store, tmp_path):
    chat = _big_chat(tmp_path / "big.csv", 40_000)
    out = tmp_path / "out.csv"
    out.write_text("previous output\n")
    args = ["-v", "classify", str(chat), "-o", str(out), "--models-dir", str(trained_store)]
    result = _interrupt_after(args, tmp_path, "classifying")
    assert result.returncode == 130, result.stderr
    assert "interrupted" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text() == "previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "out.csv"]

    rerun = subprocess.run([sys.executable, "-m", "socialviews", *args[1:]], cwd=tmp_path, capture_output=True)
    assert rerun.returncode == 0
    reference = tmp_path / "reference.csv"
    subprocess.run([sys.executable, "-m", "socialviews", *args[1:4], str(reference), *args[5:]], cwd=tmp_path, check=True, capture_output=True)
    assert out.read_bytes() == reference.read_bytes()
    assert len(out.read_text().splitlines()) == 40_001


def test_sigint_during_train_leaves_the_store_as_it_was(tiny_corpus, tmp_path):
    store = tmp_path / "models"
    subprocess.run([sys.executable, "-m", "socialviews", "train", "--corpus", str(tiny_corpus), "--cv", "0",
                    "--models-dir", str(store)], check=True, capture_output=True)
    before = sorted(p.name for p in store.iterdir())
    pointer = (store / "current.json").read_text()
    big = tmp_path / "big_corpus.csv"
    with open(big, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "source"])
        for i in range(3000):
            label = list(TINY_CORPUS)[i % 4]
            writer.writerow([f"{TINY_CORPUS[label][i % 12]} variant {i}", label, "t"])
    args = ["-v", "train", "--corpus", str(big), "--cv", "10", "--models-dir", str(store)]
    result = _interrupt_after(args, tmp_path, "cross-validation fold 2/")
    assert result.returncode == 130, result.stderr
    assert sorted(p.name for p in store.iterdir()) == before
    assert (store / "current.json").read_text() == pointer
