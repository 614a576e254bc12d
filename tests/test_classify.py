import csv
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from socialviews.engine.local import classify_files
from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]


def _export(path, n=97):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "text"])
        for i in range(n):
            writer.writerow([str(1_250_000_000_000_000_000 + i), f"p{i % 7}", f"{TEXTS[i % len(TEXTS)]} {i}"])
    return path


@settings(max_examples=15, deadline=None)
@given(chunk=st.integers(min_value=1, max_value=120))
def test_output_does_not_depend_on_chunk_size(tiny_model, tmp_path_factory, chunk):
    tmp = tmp_path_factory.mktemp("chunks")
    export = _export(tmp / "in.csv")
    classify_files([export], tiny_model, tmp / "one.csv", chunk_size=10_000)
    classify_files([export], tiny_model, tmp / "many.csv", chunk_size=chunk)
    assert (tmp / "one.csv").read_bytes() == (tmp / "many.csv").read_bytes()


def test_two_worker_processes_give_the_same_output(tiny_model, tmp_path):
    export = _export(tmp_path / "in.csv", 500)
    one = classify_files([export], tiny_model, tmp_path / "one.csv", chunk_size=64)
    two = classify_files([export], tiny_model, tmp_path / "two.csv", chunk_size=64, jobs=2)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert one["classified"] == two["classified"] == 500


def test_two_worker_processes_read_a_zip_of_many_exports_whole(trained_store, tmp_path):
    # Workers forked while the main process holds the archive open must not share its file offset;
    # the command runs in its own process, where workers are forked as users get them.
    target = tmp_path / "weeks.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for week in range(12):
            archive.writestr(f"week{week}.csv", "tweet_id,text\n" + "".join(
                f"{week * 1000 + i},A{i % 6 + 1} peer feedback in week {week} tweet {i}\n" for i in range(200)))
    command = [sys.executable, "-m", "socialviews", "-q", "classify", "--models-dir", str(trained_store), str(target),
               "--chunk-size", "64"]
    one = subprocess.run([*command, "--jobs", "1"], capture_output=True, check=True).stdout
    assert one.count(b"\n") == 2401
    for _ in range(3):
        two = subprocess.run([*command, "--jobs", "2"], capture_output=True)
        assert two.returncode == 0, two.stderr.decode()
        assert two.stdout == one


def test_summary_accounts_for_every_record(tiny_model, tmp_path):
    export = tmp_path / "in.jsonl"
    export.write_text(
        '{"id": "1", "text": "buddies for new starters"}\n'
        "not json at all\n"
        '{"id": "1", "text": "buddies for new starters"}\n'
        '{"id": "2", "text": ""}\n'
        '{"id": "3", "text": "my PLN"}\n'
    )
    summary = classify_files([export], tiny_model, tmp_path / "out.csv", max_rejects="50%")
    assert summary["records"] == 5
    assert summary["records"] == summary["classified"] + summary["rejected"] + summary["duplicates"]
    assert (summary["classified"], summary["rejected"], summary["duplicates"]) == (2, 2, 1)
    rejects = pd.read_csv(tmp_path / "out.rejects.csv", dtype=str)
    assert rejects["line"].tolist() == ["2", "4"]
    assert list(rejects.columns) == ["source", "line", "reason", "raw"]


def test_parquet_output_of_mixed_exports_keeps_one_type_per_column(tiny_model, tmp_path):
    # referenced_only is a twarc2 column: the other exports' rows are false there, not ""
    samples = Path(__file__).resolve().parents[1] / "data" / "samples"
    inputs = [samples / "ldinsight_generic.csv", samples / "ldinsight_twarc2.jsonl"]
    for order, files in (("ab", inputs), ("ba", inputs[::-1])):
        out = tmp_path / f"{order}.parquet"
        summary = classify_files(files, tiny_model, out, chunk_size=10)
        frame = pd.read_parquet(out)
        assert len(frame) == summary["classified"] == 52
        assert frame["referenced_only"].dtype == bool and frame["referenced_only"].sum() == 1
