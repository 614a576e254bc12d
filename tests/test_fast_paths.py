"""The short cuts classify takes give exactly what the general paths give."""

import csv
import subprocess
import sys

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import socialviews.engine.workers as workers_module
from socialviews.engine.local import classify_files
from socialviews.files.output import csv_text, safe_cells, spreadsheet_safe, table_csv_text
from socialviews.readers.tables import table_frame, tweet_columns
from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]
CELLS = st.text(alphabet=st.sampled_from(list("ab =+-@'\t\r\n\",")), max_size=6)


def _export(path, n=300):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "text", "view", "note"])
        for i in range(n):
            text = f"{TEXTS[i % len(TEXTS)]} {i}" + ("\rsecond line" if i % 37 == 0 else "")
            writer.writerow([str(1_250_000_000_000_000_000 + i), f"p{i % 7}", text, "old view", f"={i}"])
    return path


@settings(max_examples=60, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=10))
def test_safe_cells_escape_what_spreadsheet_safe_escapes(values):
    frame = pd.DataFrame({"text": pd.Series(values, dtype=object), "flag": [True] * len(values)})
    assert safe_cells(values) == spreadsheet_safe(frame)["text"].tolist()
    assert safe_cells([True, 0.5]) == [True, 0.5]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CELLS, st.booleans(), st.floats(0, 1)), min_size=1, max_size=10), st.booleans())
def test_the_table_writer_writes_what_pandas_writes(rows, header):
    frame = pd.DataFrame(rows, columns=["text", "needs_review", "confidence"])
    frame["text"] = frame["text"].astype(object)
    columns = [frame[name].tolist() for name in frame.columns]
    assert table_csv_text(list(frame.columns), columns, header) == csv_text(frame, header)


def test_classify_columns_gives_the_cells_classify_gives(tiny_model):
    rows = [{"tweet_id": str(i), "author": "a", "text": text, "is_retweet": i % 2 == 0, "qa": "",
             "view": "an input column", "input_view": "taken", "extra": "x"} for i, text in enumerate(TEXTS)]
    table = tweet_columns(rows, list(rows[0]))
    scored = tiny_model.score_texts(table["text"])
    expected = tiny_model.classify(table_frame(table), scored=scored)
    names, cells = tiny_model.classify_columns(table, scored)
    assert names == list(expected.columns)
    assert "input_input_view" in names
    assert cells == [expected[name].tolist() for name in expected.columns]


def test_a_chunk_written_without_pandas_equals_the_frame_written_by_pandas(tiny_model, tmp_path):
    export = _export(tmp_path / "in.csv")
    classify_files([export], tiny_model, tmp_path / "out.csv", chunk_size=50)
    classify_files([export], tiny_model, tmp_path / "out.parquet", chunk_size=50)
    frame = pd.read_parquet(tmp_path / "out.parquet")
    assert (tmp_path / "out.csv").read_bytes().decode("utf-8") == csv_text(frame)
    classify_files([export], tiny_model, tmp_path / "safe.csv", chunk_size=50, safe_csv=True)
    assert (tmp_path / "safe.csv").read_bytes().decode("utf-8") == csv_text(spreadsheet_safe(frame))


def test_workers_that_load_the_model_themselves_give_the_same_bytes(tiny_model, tmp_path, monkeypatch):
    export = _export(tmp_path / "in.csv", 400)
    classify_files([export], tiny_model, tmp_path / "one.csv", chunk_size=64, jobs=1)
    monkeypatch.setattr(workers_module, "start_method", lambda: "forkserver")
    classify_files([export], tiny_model, tmp_path / "served.csv", chunk_size=64, jobs=2)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "served.csv").read_bytes()


def test_forked_workers_give_the_same_bytes(trained_store, tmp_path):
    export = _export(tmp_path / "in.csv", 400)
    common = ["classify", str(export), "--models-dir", str(trained_store), "--chunk-size", "64"]
    cli = [sys.executable, "-m", "socialviews"]
    one = subprocess.run([*cli, "-q", *common, "--jobs", "1"], capture_output=True, check=True)
    two = subprocess.run([*cli, "-v", *common, "--jobs", "2"], capture_output=True, check=True)
    assert two.stdout == one.stdout and one.stdout.count(b"\n") > 400
    if sys.platform.startswith("linux"):
        assert b"2 worker processes, started by fork" in two.stderr


def test_workers_are_forked_only_when_no_other_thread_runs():
    code = (
        "import threading\n"
        "from socialviews.engine.workers import start_method\n"
        "alone = start_method()\n"
        "stop = threading.Event()\n"
        "threading.Thread(target=stop.wait).start()\n"
        "print(alone, start_method())\n"
        "stop.set()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    alone, busy = result.stdout.split()
    assert alone == ("fork" if sys.platform.startswith("linux") else busy)
    assert busy in ("forkserver", "spawn")


def test_classifying_to_csv_does_not_import_pandas(trained_store, tmp_path):
    export = _export(tmp_path / "in.csv", 50)
    code = (
        "import sys\n"
        "from socialviews.cli import app\n"
        f"app(['-q', 'classify', {str(export)!r}, '-o', {str(tmp_path / 'out.csv')!r}, '--models-dir', "
        f"{str(trained_store)!r}, '--jobs', '1'], standalone_mode=False)\n"
        "print(sorted(m for m in ('sklearn', 'pandas') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == 51


def test_fast_scores_are_the_pipelines_probabilities(trained_store):
    from socialviews.model.store import ModelStore

    fast = ModelStore(trained_store).load(scoring_only=True)
    assert fast.scorer is not None
    texts = [*TEXTS, "", "zzz unseen", "A1 @someone #ldinsight https://t.co/x can't"] * 3
    X = fast.pipeline[:-1].transform(texts)
    expected = fast.decision.calibrate(fast.pipeline.named_steps["classify"].predict_proba(X)[:, fast._order])
    np.testing.assert_allclose(fast.predict_proba(texts), expected, rtol=1e-9, atol=1e-12)


def test_the_collector_runs_rarely_while_classifying_and_as_before_after(tiny_model, tmp_path, monkeypatch):
    import gc

    import socialviews.readers.chunk_read as chunks

    seen = []
    read_chunk = chunks.read_chunk
    monkeypatch.setattr(chunks, "read_chunk", lambda *args, **kwargs: seen.append(gc.get_threshold()) or read_chunk(*args, **kwargs))
    before = gc.get_threshold()
    classify_files([_export(tmp_path / "in.csv", 50)], tiny_model, tmp_path / "out.csv")
    assert seen and all(threshold[0] == workers_module.GC_YOUNG_THRESHOLD for threshold in seen)
    assert gc.get_threshold() == before
