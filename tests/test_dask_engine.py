"""The Dask engine against the local engine, on a real distributed.LocalCluster."""

import csv
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from socialviews.cli import app
from socialviews.engine.dask_cluster import classify_dask, read_parts
from socialviews.engine.local import classify_files
from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]


def _archive(folder, files=3, per_file=40):
    folder.mkdir()
    for f in range(files):
        with open(folder / f"week{f}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["tweet_id", "author", "text"])
            for i in range(per_file):
                tweet = f * per_file + i - (5 if f else 0)  # weeks overlap by 5 ids: duplicates across files
                writer.writerow([str(1_280_000_000_000_000_000 + tweet), f"p{tweet % 9}", f"{TEXTS[tweet % len(TEXTS)]} {tweet}"])
        if f == 1:
            with open(folder / f"week{f}.csv", "a", encoding="utf-8") as handle:
                handle.write('1280000000000009999,px,too,many,fields\n')
    return folder


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster


def test_dask_engine_gives_the_local_engines_rows_ids_and_views(tiny_model, tmp_path, cluster):
    archive = _archive(tmp_path / "archive")
    files = sorted(str(p) for p in archive.glob("*.csv"))
    local = classify_files(files[:1] + files[2:], tiny_model, tmp_path / "local.parquet")
    assert local["duplicates"] == 0
    summary = classify_dask(files[:1] + files[2:], tiny_model, tmp_path / "out", scheduler=cluster.scheduler_address)
    expected = pd.read_parquet(tmp_path / "local.parquet")
    got = read_parts(tmp_path / "out")
    pd.testing.assert_frame_equal(got, expected)
    assert summary["classified"] == len(expected) and summary["parts"] == ["part-00000.parquet", "part-00001.parquet"]
    # the report and the analysis read the output folder as one classified file, as the local engine's
    from socialviews.analysis import load_classified

    [whole] = load_classified([tmp_path / "out"], model=tiny_model)
    [single] = load_classified([tmp_path / "local.parquet"], model=tiny_model)
    assert set(whole["chat"]) == {"out"} and set(single["chat"]) == {"local"}
    pd.testing.assert_frame_equal(whole.drop(columns="chat"), single.drop(columns="chat"))


def test_dask_engine_drops_duplicates_across_files_like_the_local_engine(tiny_model, tmp_path, cluster):
    archive = _archive(tmp_path / "archive")
    files = sorted(str(p) for p in archive.glob("*.csv"))
    local = classify_files(files, tiny_model, tmp_path / "local.parquet", max_rejects="5")
    summary = classify_dask(files, tiny_model, tmp_path / "out", scheduler=cluster.scheduler_address, max_rejects="5")
    pd.testing.assert_frame_equal(read_parts(tmp_path / "out"), pd.read_parquet(tmp_path / "local.parquet"))
    for key in ("records", "classified", "rejected", "duplicates"):
        assert summary[key] == local[key], key
    assert summary["duplicates"] == 5
    rejects = pd.read_csv(tmp_path / "out" / "rejects.csv", dtype=str)
    assert len(rejects) == local["rejected"]
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["records"] == local["records"]


@pytest.mark.slow
def test_cli_dask_engine_on_its_own_local_cluster(trained_store, tmp_path):
    archive = _archive(tmp_path / "archive", files=2, per_file=10)
    result = CliRunner().invoke(app, ["classify", str(archive / "week0.csv"), "--engine", "dask", "-o", str(tmp_path / "out"),
                                      "--models-dir", str(trained_store)])
    assert result.exception is None, result.output
    assert "1 Parquet part in" in result.stderr
    assert len(read_parts(tmp_path / "out")) == 10


def test_dask_engine_needs_an_output_folder(trained_store, tmp_path):
    result = CliRunner().invoke(app, ["classify", "x.csv", "--engine", "dask", "--models-dir", str(trained_store)])
    assert result.exit_code == 2 and "-o OUT_DIR" in result.stderr


def test_chunks_of_a_big_file_become_partitions_with_the_local_engines_result(tiny_model, tmp_path, cluster):
    from tests.test_streaming import _tricky_csv

    export = _tricky_csv(tmp_path / "big.csv", 500, seed=21)
    local = classify_files([export], tiny_model, tmp_path / "local.parquet", max_rejects="50%", chunk_size=37)
    summary = classify_dask([export], tiny_model, tmp_path / "out", scheduler=cluster.scheduler_address,
                            max_rejects="50%", chunk_size=37)
    assert summary["partitions"] > 10 and len(summary["parts"]) == summary["partitions"]
    pd.testing.assert_frame_equal(read_parts(tmp_path / "out"), pd.read_parquet(tmp_path / "local.parquet"))
    for key in ("records", "classified", "rejected", "duplicates", "views", "needs_review"):
        assert summary[key] == local[key], key
    rejects = pd.read_csv(tmp_path / "out" / "rejects.csv", dtype=str, keep_default_na=False)
    assert rejects.values.tolist() == pd.read_csv(tmp_path / "local.rejects.csv", dtype=str, keep_default_na=False).values.tolist()


def test_twarc2_pages_are_read_whole_on_the_cluster_with_the_local_engines_result(tiny_model, tmp_path, cluster):
    from tests.test_streaming import _tricky_twarc2

    export = _tricky_twarc2(tmp_path / "pages.jsonl")
    classify_files([export], tiny_model, tmp_path / "local.parquet", max_rejects="50%", chunk_size=5)
    summary = classify_dask([export], tiny_model, tmp_path / "out", scheduler=cluster.scheduler_address,
                            max_rejects="50%", chunk_size=5)
    assert summary["partitions"] == 1
    pd.testing.assert_frame_equal(read_parts(tmp_path / "out"), pd.read_parquet(tmp_path / "local.parquet"))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["local.parquet", "local.rejects.csv", "out", "pages.jsonl"]


def test_a_stray_quote_in_a_big_file_reads_it_whole_on_the_cluster_too(tiny_model, tmp_path, cluster):
    export = tmp_path / "stray.csv"
    lines = ["tweet_id,author,text"] + [
        f'{i + 1},p{i % 5},{TEXTS[i % len(TEXTS)]} 5" screen' if i == 20 else f'{i + 1},p{i % 5},"{TEXTS[i % len(TEXTS)]}\nmore"'
        for i in range(300)
    ]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    classify_files([export], tiny_model, tmp_path / "local.parquet", chunk_size=10**9)
    classify_dask([export], tiny_model, tmp_path / "out", scheduler=cluster.scheduler_address, chunk_size=7)
    pd.testing.assert_frame_equal(read_parts(tmp_path / "out"), pd.read_parquet(tmp_path / "local.parquet"))
