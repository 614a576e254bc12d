import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from socialviews.cli import app
from socialviews.core.errors import SocialViewsError
from socialviews.core.taxonomy import load_taxonomy
from socialviews.labelling.importing import import_labels
from socialviews.labelling.queue import build_queue, uncertainty
from socialviews.model.store import ModelStore


def invoke(args, **kwargs):
    return CliRunner().invoke(app, [str(a) for a in args], **kwargs)


def _chat(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "created_at", "text", "reply_to_id"])
        writer.writerows(rows)
    return path


CHAT_ROWS = [
    ("1900000000000000001", "host", "2020-01-10T08:00:00Z", "Q1 What does social learning look like where you work?", ""),
    ("1900000000000000002", "amy", "2020-01-10T08:01:00Z", "A1 mostly people helping each other out at their desks", "1900000000000000001"),
    ("1900000000000000003", "bob", "2020-01-10T08:02:00Z", "A1 we tried Slack channels for each course cohort", "1900000000000000001"),
    ("1900000000000000004", "bob", "2020-01-10T08:02:30Z", "A1 we tried Slack channels for each course cohort!!", "1900000000000000001"),
    ("1900000000000000005", "cat", "2020-01-10T08:03:00Z", "RT @amy: A1 mostly people helping each other out at their desks", ""),
    ("1900000000000000006", "dan", "2020-01-10T08:04:00Z", "@bob A1 did the cohorts keep using them after the course?", "1900000000000000003"),
    ("1900000000000000007", "eve", "2020-01-10T08:05:00Z", "A1 our leaders share their work in progress openly now", "1900000000000000001"),
    ("1900000000000000008", "host", "2020-01-10T08:10:00Z", "Q2 Who designs it?", ""),
    ("1900000000000000009", "amy", "2020-01-10T08:11:00Z", "A2 nobody, it grows in the teams by itself", "1900000000000000008"),
]


def test_margin_and_entropy_rank_an_even_split_as_most_uncertain():
    proba = np.array([[0.97, 0.01, 0.01, 0.01], [0.4, 0.4, 0.1, 0.1]])
    assert uncertainty(proba, "margin").argmax() == 1
    assert uncertainty(proba, "entropy").argmax() == 1


def test_queue_drops_retweets_near_duplicates_and_known_texts(tiny_model, tmp_path):
    from socialviews.readers import read_inputs

    tweets = read_inputs([_chat(tmp_path / "c.csv", CHAT_ROWS)]).tweets
    classified = tiny_model.classify(tweets)
    known = {__import__("socialviews.training.audit", fromlist=["near_key"]).near_key(CHAT_ROWS[-1][3])}
    queue = build_queue(classified, tiny_model, n=20, exclude_texts=known)
    ids = queue["tweet_id"].tolist()
    assert "1900000000000000005" not in ids  # retweet
    assert not {"1900000000000000003", "1900000000000000004"} <= set(ids)  # near-duplicates
    assert "1900000000000000009" not in ids  # already labelled
    assert queue["uncertainty"].is_monotonic_decreasing or len(queue) < 3
    reply = queue.loc[queue["tweet_id"] == "1900000000000000006", "context"].item()
    assert "replies to: A1 we tried Slack channels" in reply and "answers Q1" in reply
    assert (queue["label"] == "").all()


def test_queue_gives_no_reply_context_to_tweets_of_a_file_without_ids(tiny_model, tmp_path):
    # a transcript has no tweet ids: no tweet replies to the last tweet without an id
    from socialviews.readers import read_inputs

    transcript = Path(__file__).parents[1] / "data" / "samples" / "ldinsight_transcript.txt"
    classified = tiny_model.classify(read_inputs([transcript]).tweets)
    assert (classified["tweet_id"] == "").all()
    queue = build_queue(classified, tiny_model, n=10)
    assert len(queue) and not queue["context"].str.contains("replies to").any()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "label-studio", "doccano", "prodigy"])
def test_queue_exports_every_labelling_format(fmt, trained_store, tmp_path):
    out = tmp_path / f"q.{fmt}"
    result = invoke(["queue", _chat(tmp_path / "c.csv", CHAT_ROWS), "-n", "3", "--to", fmt, "-o", out,
                     "--models-dir", trained_store])
    assert result.exception is None, result.output
    text = out.read_text()
    if fmt == "csv":
        frame = pd.read_csv(out, dtype=str, keep_default_na=False)
        assert list(frame.columns[:5]) == ["tweet_id", "text", "context", "suggested", "confidence"]
        assert frame["tweet_id"].str.len().eq(19).all()
    elif fmt == "label-studio":
        tasks = json.loads(text)
        assert tasks[0]["predictions"][0]["result"][0]["value"]["choices"][0] in load_taxonomy().labels
        assert tasks[0]["data"]["tweet_id"].startswith("19")
    else:
        first = json.loads(text.splitlines()[0])
        assert first["text"] and ("meta" in first or "tweet_id" in first)


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_import_reports_conflicts_and_typos_and_skips_known(tiny_corpus, tmp_path):
    filled = _write(tmp_path / "filled.csv",
        "tweet_id,text,label\n"
        "1900000000000000002,A1 mostly people helping each other out at their desks,social_constructivist\n"
        "1900000000000000003,our leaders share their work in progress openly now,new_social_learnin\n"
        "1900000000000000004,give every new starter a buddy for the first three months,none\n"
        "1900000000000000006,peer feedback in small groups is the best part of our leadership programme,collaborative_learning\n"
        "1900000000000000007,a brand new remark about cohorts learning together,\n")
    corpus = tmp_path / "labelled"
    report = import_labels(filled, corpus, load_taxonomy(), base_corpus=[tiny_corpus])
    assert report["imported"] == 1 and report["already_labelled"] == 1 and report["unlabelled"] == 1
    assert [row["line"] for row in report["invalid"]] == [3]
    assert "did you mean 'new_social_learning'?" in report["invalid"][0]["reason"]
    assert report["conflicts"][0]["existing"] == "collaborative_learning"
    saved = pd.read_csv(corpus / "imported.csv", dtype=str)
    assert saved["tweet_id"].tolist() == ["1900000000000000002"]
    assert saved["author"].isna().all()  # the filled CSV had no author column
    assert saved["source"].tolist() == ["import:filled.csv"]
    again = import_labels(filled, corpus, load_taxonomy(), base_corpus=[tiny_corpus])
    assert again["imported"] == 0 and again["already_labelled"] == 2


def test_import_reads_label_studio_doccano_and_prodigy(tmp_path):
    tax = load_taxonomy()
    studio = _write(tmp_path / "ls.json", json.dumps([
        {"data": {"text": "buddies for all new starters please", "tweet_id": "11"},
         "annotations": [{"was_cancelled": False, "result": [{"value": {"choices": ["collaborative_learning"]}}]}]},
        {"data": {"text": "a skipped one here", "tweet_id": "12"}, "annotations": [{"was_cancelled": True, "result": []}]},
    ]))
    doccano = _write(tmp_path / "d.jsonl", json.dumps({"text": "my PLN keeps me learning", "label": ["new_social_learning"], "tweet_id": "13"}) + "\n")
    prodigy = _write(tmp_path / "p.jsonl",
        json.dumps({"text": "it just happens in the team", "accept": ["social_constructivist"], "answer": "accept", "meta": {"tweet_id": "14"}}) + "\n"
        + json.dumps({"text": "not sure about this one", "accept": ["none"], "answer": "ignore", "meta": {"tweet_id": "15"}}) + "\n")
    corpus = tmp_path / "labelled"
    results = [import_labels(p, corpus, tax) for p in (studio, doccano, prodigy)]
    assert [r["format"] for r in results] == ["label-studio", "doccano", "prodigy"]
    assert [r["imported"] for r in results] == [1, 1, 1]
    assert results[0]["unlabelled"] == 1 and results[2]["unlabelled"] == 1
    saved = pd.read_csv(corpus / "imported.csv", dtype=str)
    assert saved["tweet_id"].tolist() == ["11", "13", "14"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x1c"])
def test_import_reads_json_lines_whose_texts_hold_raw_line_separators(separator, tmp_path):
    # JSON writers leave these characters unescaped; a JSON line still ends only at \n
    rows = [{"text": "my PLN keeps me learning", "label": ["new_social_learning"], "tweet_id": "1"},
            {"text": f"buddies{separator}for all new starters", "label": ["collaborative_learning"], "tweet_id": "2"}]
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\r\n" for row in rows), encoding="utf-8")
    report = import_labels(path, tmp_path / "labelled", load_taxonomy())
    assert report["format"] == "doccano" and report["imported"] == 2
    saved = pd.read_csv(tmp_path / "labelled" / "imported.csv", dtype=str, keep_default_na=False)
    assert saved["tweet_id"].tolist() == ["1", "2"] and saved["text"].str.startswith("buddies").sum() == 1


def test_import_of_garbage_is_a_clear_error(tmp_path):
    with pytest.raises(SocialViewsError, match="not valid JSON .* at line 1"):
        import_labels(_write(tmp_path / "x.json", "[{not json"), tmp_path / "c", load_taxonomy())


@pytest.mark.slow
def test_round_trip_queue_fill_import_retrain_rollback(tiny_corpus, tmp_path):
    models = tmp_path / "models"
    invoke(["train", "--corpus", tiny_corpus, "--cv", "0", "--models-dir", models])
    store = ModelStore(models)
    first = store.current_id()
    probe = ["our buddies help every new starter", "Q9 see you next week"]
    before = store.load().predict_proba(probe)

    queue = tmp_path / "queue.csv"
    assert invoke(["queue", _chat(tmp_path / "c.csv", CHAT_ROWS), "-n", "5", "-o", queue, "--models-dir", models,
                   "--corpus", tiny_corpus]).exit_code == 0
    frame = pd.read_csv(queue, dtype=str, keep_default_na=False)
    frame["label"] = frame["suggested"]
    frame.loc[0, "label"] = "colaborative"  # a typo
    assert (frame["author"] != "").all()
    frame.to_csv(queue, index=False)
    labelled = tmp_path / "labelled"
    imported = invoke(["labels", "import", queue, "--labels-dir", labelled])
    assert imported.exception is None and imported.exit_code == 0
    assert "1 invalid" in imported.stdout and "line 2: unknown label 'colaborative'" in imported.stderr
    saved = pd.read_csv(labelled / "imported.csv", dtype=str, keep_default_na=False)
    assert saved["author"].tolist() == frame["author"].tolist()[1:]

    retrained = invoke(["retrain", "--labels-dir", labelled, "--corpus", tiny_corpus, "--eval", tiny_corpus,
                        "--cv", "0", "--force", "--models-dir", models])
    assert retrained.exception is None, retrained.output
    assert "promoted" in retrained.stdout
    manifest = store.manifest(store.current_id())
    assert store.current_id() != first
    assert manifest["retrain"]["added_rows"] == len(frame) - 1
    assert manifest["retrain"]["previous_model"] == first

    assert invoke(["models", "rollback", "--models-dir", models]).exit_code == 0
    assert store.current_id() == first
    np.testing.assert_array_equal(store.load().predict_proba(probe), before)


def test_retrain_groups_a_corpus_whose_files_name_authors_in_different_columns(tiny_corpus, tmp_path):
    # The shipped corpus names a row's author in `voice`; imported labels name it in `author`.
    base = tmp_path / "base" / "corpus.csv"
    base.parent.mkdir()
    pd.read_csv(tiny_corpus).rename(columns={"author": "voice"}).to_csv(base, index=False)
    models = tmp_path / "models"
    assert invoke(["train", "--corpus", base, "--cv", "0", "--models-dir", models]).exit_code == 0
    new = tmp_path / "new.csv"
    pd.DataFrame({"text": ["peer feedback rounds in every module", "we learn in practice, with others, always",
                           "my PLN on Twitter is where I learn", "see you all next Friday"],
                  "label": ["collaborative_learning", "social_constructivist", "new_social_learning", "none"],
                  "author": ["ana", "ana", "", "ben"]}).to_csv(new, index=False)
    labelled = tmp_path / "labelled"
    assert invoke(["labels", "import", new, "--labels-dir", labelled]).exit_code == 0
    retrained = invoke(["retrain", "--labels-dir", labelled, "--corpus", base, "--cv", "3", "--force",
                        "--models-dir", models])
    assert retrained.exception is None, retrained.output
    manifest = ModelStore(models).manifest(ModelStore(models).current_id())
    assert manifest["decision"]["fitted_on"]["group_by"] == "author, voice"
    assert manifest["cv_metrics"]["n"] == len(pd.read_csv(base)) + 4


@pytest.mark.slow
def test_retrain_keeps_the_current_model_when_the_candidate_is_worse(tiny_corpus, tmp_path):
    models = tmp_path / "models"
    invoke(["train", "--corpus", tiny_corpus, "--cv", "0", "--models-dir", models])
    first = ModelStore(models).current_id()
    labelled = tmp_path / "labelled"
    labelled.mkdir()
    frame = pd.read_csv(tiny_corpus)
    flipped = frame.assign(text=frame["text"] + " (relabelled)", label=frame["label"].sample(frac=1, random_state=1).to_numpy())
    flipped.to_csv(labelled / "noise.csv", index=False)
    result = invoke(["retrain", "--labels-dir", labelled, "--corpus", labelled, "--eval", tiny_corpus, "--cv", "0",
                     "--models-dir", models])
    assert result.exception is None, result.output
    assert "kept the current model" in result.stdout
    assert ModelStore(models).current_id() == first
    assert len(ModelStore(models).ids()) == 2


@pytest.mark.slow
def test_queue_reads_classify_outputs_in_any_format(trained_store, tmp_path):
    chat = _chat(tmp_path / "c.csv", CHAT_ROWS)
    for suffix in (".csv", ".parquet", ".jsonl"):
        tagged = tmp_path / f"tagged{suffix}"
        assert invoke(["classify", chat, "-o", tagged, "--models-dir", trained_store]).exit_code == 0
        result = invoke(["queue", tagged, "-n", "3", "--models-dir", trained_store])
        assert result.exception is None, result.output
        assert result.stdout.startswith("tweet_id,text,context")


def test_retrain_with_a_missing_labels_folder_is_an_error(trained_store, tmp_path):
    result = invoke(["retrain", "--labels-dir", tmp_path / "nowhere", "--models-dir", trained_store])
    assert result.exit_code == 1 and "labels folder not found" in result.stderr


@pytest.mark.parametrize("classified", [False, True], ids=["export", "classify-output"])
def test_queue_refuses_to_write_over_one_of_its_inputs(classified, trained_store, tmp_path):
    chat = _chat(tmp_path / "c.csv", CHAT_ROWS)
    source = chat
    if classified:
        source = tmp_path / "tagged.csv"
        assert invoke(["classify", chat, "-o", source, "--models-dir", trained_store]).exit_code == 0
    before = source.read_bytes()
    result = invoke(["queue", chat, source, "-n", "5", "-o", source, "--models-dir", trained_store])
    assert result.exit_code == 2, result.output
    assert f"-o {source} is an input; write the result to another file" in result.stderr
    assert source.read_bytes() == before
    folder = invoke(["queue", tmp_path, "-n", "5", "-o", tmp_path / "c.csv", "--models-dir", trained_store])
    assert folder.exit_code == 2 and "is an input" in folder.stderr


def test_import_reads_a_filled_queue_saved_with_semicolons_as_excel_does(tmp_path):
    filled = tmp_path / "to_label.csv"  # Excel in a European locale: semicolons, CRLF, Windows-1252
    filled.write_bytes(
        "tweet_id;text;context;suggested;confidence;uncertainty;author;question;label\r\n"
        "1900000000000000002;peer feedback, in small groups, works;;none;0,41;0,9;amy;Q1;collaborative_learning\r\n"
        '1900000000000000003;"caf\u00e9 chats; that is where we learn";;none;0,5;0,8;bob;Q1;social_constructivist\r\n'
        .encode("cp1252"))
    result = invoke(["labels", "import", filled, "--labels-dir", tmp_path / "labelled"])
    assert result.exception is None and result.exit_code == 0, result.output
    assert result.stdout.startswith("2 imported")
    saved = pd.read_csv(tmp_path / "labelled" / "imported.csv", dtype=str)
    assert saved["label"].tolist() == ["collaborative_learning", "social_constructivist"]
    assert saved["text"].tolist()[1] == "caf\u00e9 chats; that is where we learn"
    assert saved["tweet_id"].tolist() == ["1900000000000000002", "1900000000000000003"]


def test_strict_import_is_all_or_nothing(tmp_path):
    labelled = tmp_path / "labelled"
    earlier = _write(tmp_path / "earlier.csv", "text,label\nour buddies help every new starter,collaborative_learning\n")
    assert invoke(["labels", "import", earlier, "--labels-dir", labelled]).exit_code == 0
    before = (labelled / "imported.csv").read_bytes()
    filled = _write(tmp_path / "filled.csv",
                    "text,label\n"
                    "peer feedback in cohorts works,collaborative_learning\n"
                    "my PLN on twitter is where I learn,new_social_learnin\n"
                    "it happens in the team anyway,social_constructivist\n")
    strict = invoke(["labels", "import", filled, "--labels-dir", labelled, "--strict"])
    assert strict.exit_code == 1 and isinstance(strict.exception, SystemExit)
    assert strict.stdout.startswith("0 imported") and "line 3: unknown label 'new_social_learnin'" in strict.stderr
    assert "--strict: nothing was imported (2 valid rows held back); fix the row above and import the file again" in strict.stderr
    assert (labelled / "imported.csv").read_bytes() == before
    report = import_labels(filled, labelled, load_taxonomy(), strict=True)
    assert report["imported"] == 0 and report["held_back"] == 2
    assert (labelled / "imported.csv").read_bytes() == before
    lenient = invoke(["labels", "import", filled, "--labels-dir", labelled])
    assert lenient.exit_code == 0 and lenient.stdout.startswith("2 imported")


def test_check_counts_one_file_and_one_row_in_the_singular(tmp_path):
    corpus = _write(tmp_path / "one.csv", "text,label\nour buddies help every new starter,collaborative_learning\n")
    result = invoke(["check", "--corpus", corpus, "--eval", corpus])
    assert "corpus: 1 row in 1 file\n" in result.stdout and "eval set: 1 row\n" in result.stdout
    assert result.stderr.endswith("1 problem found in the corpus; see above\n")
