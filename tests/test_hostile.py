"""Hostile and careless use, one attack a row: nothing deleted, nothing executed, nothing unbounded,
never a traceback.

Each row names the files an attack needs (text, bytes, or a function that writes the file), the
command line, the exit code and a fragment of the one-line message expected, and optionally a
check of what is left on disk afterwards. In the command, ``{T}`` is the test's folder and
``{store}`` a model store holding one model. A new attack is one more row.
"""

from __future__ import annotations

import csv
import json
import os
import shlex
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import REPO, invoke

SAMPLE = REPO / "data" / "samples" / "ldinsight_generic.csv"
CHAT = SAMPLE.read_text(encoding="utf-8")


@dataclass
class Attack:
    files: dict[str, "str | bytes | Callable[[Path], object]"]
    args: str
    rc: int
    says: str = ""
    then: "Callable[[Path], bool] | None" = field(default=None)
    before: str = ""  # a command run first, which must succeed


def _unchanged(name: str, content: str) -> Callable[[Path], bool]:
    return lambda tmp: (tmp / name).read_text(encoding="utf-8") == content


def _rows(name: str, n: int) -> Callable[[Path], bool]:
    return lambda tmp: len(list(csv.reader(open(tmp / name, encoding="utf-8", newline="")))) == n + 1


def _fifo(content: str) -> Callable[[Path], None]:
    """A named pipe that a thread fills with ``content`` once a reader opens it."""

    def make(path: Path) -> None:
        os.mkfifo(path)

        def feed() -> None:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(content)

        threading.Thread(target=feed, daemon=True).start()

    return make


PIPED = "".join(json.dumps({"id": str(10**17 + i), "text": f"A1 peer feedback in cohorts, number {i}"}) + "\n"
                for i in range(3000))


ATTACKS: dict[str, Attack] = {
    # -- data loss -------------------------------------------------------------------------------
    "I1 dask -o a folder of other files": Attack(
        {"in/chat.csv": CHAT, "tagged/week0.csv": "hand labelled\n", "tagged/sub/keep.txt": "keep\n"},
        "classify {T}/in --engine dask -o {T}/tagged", 2, "did not write",
        lambda tmp: (tmp / "tagged/week0.csv").exists() and (tmp / "tagged/sub/keep.txt").exists()),
    "I2 dask -o the input folder": Attack(
        {"in/chat.csv": CHAT, "in/notes.md": "precious\n"}, "classify {T}/in --engine dask -o {T}/in", 2,
        "holds an input", _unchanged("in/notes.md", "precious\n")),
    "I3 dask -o an existing file": Attack(
        {"chat.csv": CHAT, "afile.csv": "x\n"}, "classify {T}/chat.csv --engine dask -o {T}/afile.csv", 2,
        "is a file", _unchanged("afile.csv", "x\n")),
    "I4 dask -o the root folder": Attack({"chat.csv": CHAT}, "classify {T}/chat.csv --engine dask -o /", 2, "root"),
    "I5 dask -o the folder above an input": Attack(
        {"in/chat.csv": CHAT}, "classify {T}/in/chat.csv --engine dask -o {T}/in", 2, "holds an input"),
    "E15 -o the input": Attack({"chat.csv": CHAT}, "classify {T}/chat.csv -o {T}/chat.csv", 2, "is an input",
                               _unchanged("chat.csv", CHAT)),
    "E15b -o a .zip input": Attack(
        {"a.zip": lambda p: zipfile.ZipFile(p, "w").writestr("chat.csv", CHAT)},
        "classify {T}/a.zip -o {T}/a.zip", 2, "a.zip"),
    "E16 --rejects the input": Attack(
        {"chat.csv": CHAT + "1,x\n"}, "classify {T}/chat.csv -o {T}/out.csv --rejects {T}/chat.csv", 2, "is an input",
        _unchanged("chat.csv", CHAT + "1,x\n")),
    "E17 --rejects the output": Attack(
        {"chat.csv": CHAT + "1,x\n"}, "classify {T}/chat.csv -o {T}/out.csv --rejects {T}/out.csv", 2, "is the output"),
    "E30 --rejects a folder, with no rejects": Attack(
        {"chat.csv": CHAT, "r/x": ""}, "classify {T}/chat.csv -o {T}/out.csv --rejects {T}/r", 2, "is a folder"),
    "E30b --rejects with a bad extension": Attack(
        {"chat.csv": CHAT}, "classify {T}/chat.csv -o {T}/out.csv --rejects {T}/r.txt", 2, "cannot tell the format"),
    "E29 a folder re-run skips its own outputs": Attack(
        {"ex/chat.csv": CHAT}, "classify {T}/ex -o {T}/ex/all.csv", 0, "18 records read", _rows("ex/all.csv", 18),
        before="classify {T}/ex -o {T}/ex/all.csv"),
    "E29b rejects of an earlier run are skipped": Attack(
        {"ex/chat.csv": CHAT, "ex/all.rejects.csv": "source,line,reason,raw\nx,2,bad,\"1,x\"\n"},
        "classify {T}/ex -o {T}/out.csv", 0, "18 records read"),
    "E9 a FIFO is read once, whole": Attack(
        {"p.jsonl": _fifo(PIPED)}, "classify {T}/p.jsonl -o {T}/o.csv", 0, "3000 records read = 3000 classified",
        _rows("o.csv", 3000)),
    "E9b a FIFO CSV is read once, header included": Attack(
        {"p.csv": _fifo(CHAT)}, "classify {T}/p.csv -o {T}/o.csv", 0, "18 records read", _rows("o.csv", 18)),
    "E9c report of a FIFO": Attack({"p.csv": _fifo(CHAT)}, "report {T}/p.csv -o {T}/r.html", 0, "report of 18 tweets"),
}


def _command(line: str, tmp: Path, store: Path) -> list[str]:
    args = shlex.split(line.format(T=tmp, store=store))
    if args[0] in ("classify", "report", "queue", "explain", "evaluate") and "--models-dir" not in args:
        args += ["--models-dir", str(store)]
    return args


def _prepare(tmp: Path, attack: Attack, store: Path) -> None:
    for name, content in attack.files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_holds(name, runner, trained_store, tmp_path, monkeypatch):
    attack = ATTACKS[name]
    monkeypatch.chdir(tmp_path)
    _prepare(tmp_path, attack, trained_store)
    if attack.before:
        first = invoke(runner, _command(attack.before, tmp_path, trained_store))
        assert first.exit_code == 0, first.stderr
    result = invoke(runner, _command(attack.args, tmp_path, trained_store))
    message = result.stderr + result.stdout
    assert result.exit_code == attack.rc, message
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)
    assert "Traceback" not in message
    assert attack.says in message, message
    if attack.rc:
        assert "socialviews: error: " in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    if attack.then is not None:
        assert attack.then(tmp_path)


def test_concurrent_imports_into_one_corpus_lose_nothing(tmp_path):
    """F12: imports that run at the same time each add all their rows (a lock around the read-modify-write)."""
    files = []
    for k in range(4):
        path = tmp_path / f"labels_{k}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["tweet_id", "text", "label"])
            writer.writerows([str(k * 10_000 + i), f"peer review round {k} number {i}", "collaborative_learning"]
                             for i in range(3000))
        files.append(path)
    corpus = tmp_path / "corpus"
    procs = [subprocess.Popen([sys.executable, "-m", "socialviews", "labels", "import", str(f), "--corpus", str(corpus)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in files]
    assert [proc.wait(timeout=300) for proc in procs] == [0] * 4
    with open(corpus / "imported.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 12_000
