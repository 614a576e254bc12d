"""Ctrl-C: exit 130, earlier outputs and models untouched, no partial file; a rerun gives the same output."""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]


def _big_chat(path: Path, rows: int) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "text"])
        for i in range(rows):
            writer.writerow([str(1_200_000_000_000_000_000 + i), f"user{i % 97}", f"{TEXTS[i % len(TEXTS)]} #{i}"])
    return path


def _default_signals() -> None:
    """In the child: SIGINT at its default, as in a terminal (a script run in the background would
    otherwise start it with SIGINT ignored, and Python would then never raise KeyboardInterrupt)."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _interrupt_after(args: list[str], cwd: Path, marker: str, signum: int = signal.SIGINT, group: bool = False,
                     env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the CLI in a session of its own, send ``signum`` (to it, or to its process group) once
    ``marker`` shows on stderr, and return the finished process."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "socialviews", *args], cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, preexec_fn=_default_signals, start_new_session=True, env=env,
    )
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if marker in line:
            if group:
                os.killpg(proc.pid, signum)
            else:
                proc.send_signal(signum)
            break
    out, err = proc.communicate(timeout=120)  # returns only once every process holding the pipes is gone
    result = subprocess.CompletedProcess(proc.args, proc.returncode, out, "".join(seen) + err)
    result.pid = proc.pid
    return result


def _live_members(pgid: int) -> list[str]:
    """The processes of group ``pgid`` that are still running (an exited one waiting to be reaped is not)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            live.append(stat.parent.name)
    return live


def _group_is_gone(pgid: int) -> bool:
    """True once no process of the group runs; the helpers of a pool end as soon as the run does."""
    for _ in range(100):
        if not _live_members(pgid):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
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


@pytest.mark.parametrize(
    ("signum", "group", "code"),
    [
        (signal.SIGTERM, False, 143),  # systemd, kill PID
        (signal.SIGHUP, False, 129),  # the terminal closed
        (signal.SIGTERM, True, 143),  # docker stop: the whole process group
        (signal.SIGINT, True, 130),  # Ctrl-C in a terminal: the whole foreground group
    ],
    ids=["sigterm-pid", "sighup-pid", "sigterm-group", "sigint-group"],
)
def test_signals_during_classify_stop_workers_and_leave_nothing(trained_store, tmp_path, signum, group, code):
    chat = _big_chat(tmp_path / "big.csv", 60_000)
    out = tmp_path / "out.csv"
    spool = tmp_path / "tmp"
    spool.mkdir()
    args = ["-v", "classify", str(chat), "-o", str(out), "--models-dir", str(trained_store), "--jobs", "2",
            "--chunk-size", "5000"]
    env = {**os.environ, "TMPDIR": str(spool)}
    result = _interrupt_after(args, tmp_path, "chunk 1 of 12 read", signum=signum, group=group, env=env)
    assert result.returncode == code, result.stderr
    assert "interrupted" in result.stderr and "Traceback" not in result.stderr
    assert _group_is_gone(result.pid), "a worker outlived the run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "tmp"]
    assert list(spool.iterdir()) == []


@pytest.mark.slow
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
    result = _interrupt_after(args, tmp_path, "cross-validation folds in")
    assert result.returncode == 130, result.stderr
    assert sorted(p.name for p in store.iterdir()) == before
    assert (store / "current.json").read_text() == pointer
