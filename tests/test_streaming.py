"""Chunked reading and classification give exactly what reading each file whole gives."""

import csv
import json
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialviews.chat.questions import assign_questions, question_label
from socialviews.engine.local import classify_files
from socialviews.files.output import csv_text
from socialviews.readers import read_inputs
from socialviews.readers.chunk_read import read_chunk
from socialviews.readers.cutting import plan_chunks
from socialviews.readers.facts import chunk_facts
from socialviews.readers.whole_file import FileAssembler, question_codes
from tests.conftest import TINY_CORPUS

TEXTS = [text for texts in TINY_CORPUS.values() for text in texts]
IDS = ["1300000000000000001", "1300000000000000002", "1300000000000000003", "17", "0123", "abc", "",
       "1.26426E+18", "9223372036854775808", "9223372036854775807"]
GOOD_TIMES = ["2020-01-01T10:00:00Z", "2020-01-01T10:05:00Z", "2020-01-01T19:00:00Z", "2020-01-02T10:00:00Z"]
TIMES = GOOD_TIMES + ["", "2018-02-30T00:00:00Z", "Tue Jan 01"]
MARKERS = ["", "", "Q1", "Q2", "A1", "A2b", "Q10", "A0", "Q0"]

ROW = st.fixed_dictionaries({
    "tweet_id": st.sampled_from(IDS),
    "created_at": st.sampled_from(TIMES),
    "reply_to_id": st.sampled_from(IDS),
    "qa": st.sampled_from(MARKERS),
})


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, max_size=40), st.booleans())
def test_question_codes_equal_assign_questions(rows, all_timed):
    if all_timed:  # only valid times: the time order and the six-hour sessions are used
        rows = [dict(row, created_at=GOOD_TIMES[i % len(GOOD_TIMES)] if row["created_at"] not in GOOD_TIMES
                     else row["created_at"]) for i, row in enumerate(rows)]
    got = [question_label(code) for code in question_codes(chunk_facts([dict(row) for row in rows]))]
    assert got == assign_questions(rows)


def _tricky_csv(path, n=400, seed=0):
    """A chat with duplicates, replies both ways, Q/A markers, a session break, quoted line breaks
    (\\n, \\r\\n and a lone \\r), quotes in texts, empty texts and a short row."""
    rng = random.Random(seed)
    ids = [str(1_300_000_000_000_000_000 + i) for i in range(n)]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n" if seed % 2 else "\n")
        writer.writerow(["tweet_id", "author", "created_at", "text", "in_reply_to_status_id", "lang"])
        for i in range(n):
            hours, minutes = divmod(i, 60)
            when = f"2021-03-0{1 + (i >= n // 2)}T{8 + hours % 3:02d}:{minutes:02d}:{i % 60:02d}Z"
            text = rng.choice(TEXTS)
            if i % 37 == 0:
                text = f"Q{i // 37 + 1} what does social learning mean to you?"
            elif rng.random() < 0.3:
                text = f"A{rng.randint(1, 9)}{rng.choice(['', 'b'])} {text}"
            text += rng.choice(["", "", "\nsecond line", "\r\nwindows line", "\rold mac line", ' "quoted" bit'])
            if rng.random() < 0.03:
                text = "   "
            tweet_id = ids[rng.randrange(i)] if i and rng.random() < 0.05 else ids[i]
            reply = ids[rng.randrange(n)] if rng.random() < 0.4 else ""
            if rng.random() < 0.01:
                handle.write(f"{tweet_id},short row\n")
                continue
            writer.writerow([tweet_id, f"p{rng.randrange(9)}", when, text, reply, rng.choice(["en", "fr"])])
    return path


def _tricky_jsonl(path, n=300, seed=1):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            if rng.random() < 0.02:
                handle.write("not json\n")
                continue
            record = {"id": str(1_400_000_000_000_000_000 + (i if rng.random() > 0.05 else i // 2)),
                      "text": rng.choice(TEXTS) + rng.choice(["", " \\ud83d", "\u00e9"]),
                      "created_at": f"2022-05-05T10:{i // 60 % 60:02d}:{i % 60:02d}Z"}
            if rng.random() < 0.3:
                record["source"] = "web"  # a column only some lines have
            if rng.random() < 0.1:
                record["qa"] = "kept as input_qa"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.write('{"id": "9", "text": "cut off')  # a truncated last line
    return path


def _tricky_twarc2(path, n=240, seed=2):
    """twarc2 pages of 1 to 5 tweets with includes: tweets only ever included (some in several pages),
    included tweets that are some page's own (before or after), a stream page, error pages, a line
    that is not JSON, a data item that is not a tweet, repeated ids, flattened lines."""
    rng = random.Random(seed)
    ids = [str(1_500_000_000_000_000_000 + i) for i in range(n)]
    absent = [str(1_600_000_000_000_000_000 + i) for i in range(30)] + ["x-7", "00012"]

    def tweet(key, k):
        obj = {"id": key, "author_id": str(k % 7), "created_at": f"2022-06-0{1 + k // 120}T09:{k // 60 % 60:02d}:{k % 60:02d}.000Z",
               "text": rng.choice(TEXTS) if k % 29 else f"Q{k // 29 + 1} how do you learn from others?"}
        if rng.random() < 0.5:
            obj["referenced_tweets"] = [{"type": "replied_to", "id": rng.choice(ids + absent)}]
        return obj

    with open(path, "w", encoding="utf-8") as handle:
        i = 0
        while i < n:
            size = rng.randint(1, 5)
            page = [tweet(ids[i + k] if rng.random() > 0.04 else ids[rng.randrange(n)], i + k) for k in range(min(size, n - i))]
            i += len(page)
            refs = {r["id"] for t in page for r in t.get("referenced_tweets", [])}
            included = [tweet(key, rng.randrange(n)) for key in sorted(refs)]
            users = [{"id": str(k), "username": f"user{k}"} for k in range(7)]
            roll = rng.random()
            if roll < 0.03:
                handle.write('{"errors": [{"detail": "rate limited"}]}\n')
            elif roll < 0.05:
                handle.write("not json\n")
            elif roll < 0.1:
                handle.write(json.dumps({"data": page[0], "includes": {"users": users}, "matching_rules": []}) + "\n")
            elif roll < 0.15:
                flat = dict(page[0], author={"id": "1", "username": "flat"},
                            referenced_tweets=[{"type": "quoted", **tweet(rng.choice(absent), 3)}])
                handle.write(json.dumps(flat) + "\n")
            else:
                data = page + ([{"id": 5}] if rng.random() < 0.05 else [])
                handle.write(json.dumps({"data": data, "includes": {"users": users, "tweets": included},
                                         "meta": {"result_count": len(page)}}) + "\n")
    return path


def _run(inputs, model, out, **kwargs):
    summary = classify_files(inputs, model, out, max_rejects="50%", **kwargs)
    rejects = out.with_suffix(".rejects.csv")
    summary = {k: v for k, v in summary.items() if k not in ("output", "rejects_file")}
    return out.read_bytes(), rejects.read_bytes() if rejects.exists() else b"", summary


@pytest.mark.parametrize("builder", [_tricky_csv, _tricky_jsonl, _tricky_twarc2])
def test_output_and_rejects_do_not_depend_on_chunk_size(builder, tiny_model, tmp_path):
    export = builder(tmp_path / ("in.csv" if builder is _tricky_csv else "in.jsonl"))
    assert len(plan_chunks([str(export)], None, 7)) > 10  # the file is really cut
    whole = _run([export], tiny_model, tmp_path / "whole.csv", chunk_size=10**9)
    for size in (1, 7, 50):
        assert _run([export], tiny_model, tmp_path / f"c{size}.csv", chunk_size=size) == whole


@pytest.mark.parametrize("builder", [_tricky_csv, _tricky_jsonl, _tricky_twarc2])
def test_chunked_classify_equals_classifying_the_whole_read(builder, tiny_model, tmp_path):
    export = builder(tmp_path / ("in.csv" if builder is _tricky_csv else "in.jsonl"))
    output, rejects, summary = _run([export], tiny_model, tmp_path / "out.csv", chunk_size=5)
    result = read_inputs([export])
    expected = csv_text(tiny_model.classify(result.tweets)).encode()
    assert output == expected
    assert summary["records"] == result.stats["records"]
    assert summary["duplicates"] == result.stats["duplicates"] > 0
    saved = pd.read_csv(tmp_path / "out.rejects.csv", dtype=str, keep_default_na=False)
    assert saved.values.tolist() == result.rejects.astype(str).values.tolist()


def test_chunk_reads_report_lines_of_the_whole_file(tmp_path):
    export = _tricky_csv(tmp_path / "in.csv", seed=3)
    whole = read_inputs([export]).rejects
    lines = [r["line"] for c in plan_chunks([str(export)], None, 9) for r in read_chunk(c).rejects]
    assert lines == whole["line"].tolist() and lines


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_every_output_format_is_the_same_for_any_chunk_size(suffix, tiny_model, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    inputs = [_tricky_csv(tmp_path / "one.csv", 300, seed=5), _tricky_jsonl(tmp_path / "two.jsonl")]
    classify_files(inputs, tiny_model, a.with_suffix(suffix), chunk_size=10**9, max_rejects="50%")
    classify_files(inputs, tiny_model, b.with_suffix(suffix), chunk_size=3, max_rejects="50%")
    assert a.with_suffix(suffix).read_bytes() == b.with_suffix(suffix).read_bytes()


def test_files_with_different_columns_and_shared_ids(tiny_model, tmp_path):
    first = _tricky_csv(tmp_path / "a.csv", 200, seed=7)
    second = tmp_path / "b.csv"
    frame = pd.read_csv(first, dtype=str, keep_default_na=False).head(70)
    frame.loc[50:, "tweet_id"] = [str(1_500_000_000_000_000_000 + i) for i in range(20)]  # 50 ids again, 20 new
    frame = frame.drop(columns=["lang"]).assign(place="here")
    frame.to_csv(second, index=False)
    out = tmp_path / "out.csv"
    _, _, summary = _run([first, second], tiny_model, out, chunk_size=4)
    result = read_inputs([first, second])
    expected = tiny_model.classify(result.tweets)
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(got.columns) == list(expected.columns)
    assert "lang" in got.columns and "place" in got.columns
    assert got["tweet_id"].tolist() == expected["tweet_id"].tolist()
    assert summary["duplicates"] == result.stats["duplicates"] >= 45
    assert got.loc[got["place"] == "here", "lang"].eq("").all()
    assert (got["place"] == "here").sum() == (expected["place"] == "here").sum() > 10


def test_a_lone_carriage_return_in_a_text_does_not_end_the_row(tiny_model, tmp_path):
    export = _tricky_csv(tmp_path / "in.csv", 300, seed=2)
    assert b"\rold mac line" in export.read_bytes()
    _run([export], tiny_model, tmp_path / "out.csv", chunk_size=9)
    got = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert got["tweet_id"].tolist() == read_inputs([export]).tweets["tweet_id"].tolist()
    assert got["text"].str.contains("\rold mac line", regex=False).any()


def test_a_stray_quote_makes_the_file_read_whole_with_the_same_result(tiny_model, tmp_path):
    export = tmp_path / "stray.csv"
    lines = ["tweet_id,author,text"]
    for i in range(200):
        text = TEXTS[i % len(TEXTS)]
        lines.append(f'{i + 1},p{i % 5},{text} 5" screen' if i == 20 else f'{i + 1},p{i % 5},"{text}\nmore"')
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = _run([export], tiny_model, tmp_path / "whole.csv", chunk_size=10**9)
    assert _run([export], tiny_model, tmp_path / "chunked.csv", chunk_size=3) == whole


@pytest.mark.parametrize("builder", [_tricky_csv, _tricky_twarc2])
def test_two_workers_give_the_same_bytes_on_a_tricky_chat(builder, tiny_model, tmp_path):
    export = builder(tmp_path / "in.csv", 600, seed=11)
    one = _run([export], tiny_model, tmp_path / "one.csv", chunk_size=40)
    two = _run([export], tiny_model, tmp_path / "two.csv", chunk_size=40, jobs=2)
    assert one[:2] == two[:2]


def test_twarc2_pages_are_read_in_parts_and_their_included_tweets_at_the_end(tmp_path):
    export = _tricky_twarc2(tmp_path / "in.jsonl")
    chunks = plan_chunks([str(export)], None, 3)
    assert len(chunks) > 10 and chunks[0].fmt == "twarc2"
    whole = read_inputs([export])
    included_only = whole.tweets["tweet_id"].str.startswith(("16", "x-", "00"))
    assert included_only.sum() > 5 and not included_only[: len(included_only) - 20].any()  # after the file's own


def test_stdin_is_cut_into_chunks_too(trained_store, tmp_path):
    export = _tricky_csv(tmp_path / "in.csv", 300, seed=13)
    common = [sys.executable, "-m", "socialviews", "-q", "classify", "--models-dir", str(trained_store),
              "--max-rejects", "50%"]
    from_file = subprocess.run([*common, str(export)], capture_output=True, check=True).stdout
    with open(export, "rb") as handle:
        from_stdin = subprocess.run([*common, "-", "--chunk-size", "5"], stdin=handle, capture_output=True, check=True).stdout
    assert from_stdin == from_file.replace(str(export).encode(), b"<stdin>")
    assert from_stdin.count(b"\n") > 300


CELLS = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t\u00e9;')), max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CELLS, CELLS, st.booleans(), st.floats(0, 1), st.floats(1e-300, 1e-3)), min_size=1, max_size=12),
       st.booleans())
def test_the_chunk_writer_writes_what_pandas_writes(rows, header):
    from socialviews.files.output import rows_csv_text

    frame = pd.DataFrame(rows, columns=["text", "extra", "needs_review", "confidence", "p_none"])
    frame[["text", "extra"]] = frame[["text", "extra"]].astype(object)
    assert rows_csv_text(frame, header) == csv_text(frame, header)


def test_what_is_kept_per_tweet_is_compact(tmp_path):
    export = _tricky_csv(tmp_path / "in.csv", seed=4)
    reads = [read_chunk(chunk) for chunk in plan_chunks([str(export)], None, 50)]
    assert all(read.facts.ids.dtype == np.int64 and read.facts.qnum.dtype == np.int16 for read in reads)
    rows, codes, _ = FileAssembler().file([read.facts for read in reads], last=True)
    assert len(rows) == len(reads) > 1
    assert {part.dtype for part in rows} == {np.dtype(np.int32)} and {part.dtype for part in codes} == {np.dtype(np.int16)}


def test_twarc2_pages_longer_than_the_head_are_cut_not_read_whole(tiny_model, tmp_path):
    export = tmp_path / "pages.jsonl"
    with open(export, "w", encoding="utf-8") as handle:
        for page in range(5):
            data = [{"id": str(1_700_000_000_000_000_000 + page * 200 + k), "text": f"{TEXTS[k % len(TEXTS)]} {'x' * 300}",
                     "created_at": f"2022-06-01T09:{page:02d}:{k % 60:02d}.000Z"} for k in range(200)]
            handle.write(json.dumps({"data": data, "meta": {"result_count": 200}}) + "\n")
    assert export.read_bytes().index(b"\n") > 65536
    chunks = plan_chunks([str(export)], None, 50)
    assert len(chunks) == 5 and {chunk.fmt for chunk in chunks} == {"twarc2"}
    whole = _run([export], tiny_model, tmp_path / "whole.csv", chunk_size=10**9)
    assert _run([export], tiny_model, tmp_path / "cut.csv", chunk_size=50) == whole
