import json
import re
from pathlib import Path

import pandas as pd
import pytest

from socialviews.cli import app
from tests.conftest import invoke

REPO = Path(__file__).resolve().parents[1]
OUTPUT_HEAD = ["tweet_id", "author", "created_at", "text", "is_retweet", "reply_to_id", "conversation_id", "qa",
               "view", "confidence", "needs_review", "p_social_constructivist", "p_new_social_learning",
               "p_collaborative_learning", "p_none"]


def test_classify_writes_one_row_per_tweet_in_contract_order(runner, chat_csv, trained_store, tmp_path):
    out = tmp_path / "out.csv"
    result = invoke(runner, ["classify", chat_csv, "-o", out, "--models-dir", trained_store])
    assert result.exception is None, result.output
    assert result.exit_code == 0
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == OUTPUT_HEAD + ["question", "client"]
    assert frame["question"].tolist() == ["Q1", "Q1", "Q1", "Q1"]
    assert frame["tweet_id"].tolist() == [f"100000000000000010{i}" for i in range(1, 5)]
    assert frame["qa"].tolist() == ["Q1", "A1", "A1", "A1"]
    probs = frame[[c for c in frame.columns if c.startswith("p_")]].astype(float).sum(axis=1)
    assert probs.round(9).eq(1.0).all()
    assert "4 records read = 4 classified + 0 rejected" in result.stderr


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_classify_output_format_follows_extension(runner, chat_csv, trained_store, tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    result = invoke(runner, ["classify", chat_csv, "-o", out, "--models-dir", trained_store])
    assert result.exception is None and result.exit_code == 0
    frame = pd.read_parquet(out) if suffix == ".parquet" else pd.read_json(out, lines=True, dtype={"tweet_id": str})
    assert list(frame.columns[: len(OUTPUT_HEAD)]) == OUTPUT_HEAD
    assert frame["tweet_id"].astype(str).tolist()[0] == "1000000000000000101"


def test_classify_reads_stdin_and_writes_stdout(runner, chat_csv, trained_store):
    result = invoke(runner, ["classify", "-", "--models-dir", trained_store], input=chat_csv.read_text())
    assert result.exception is None and result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(",".join(OUTPUT_HEAD))
    assert len(lines) == 5


@pytest.mark.parametrize("args, message", [
    (["missing.csv"], "input not found"),
    (["CHAT", "--max-rejects", "lots"], "--max-rejects"),
], ids=["missing-input", "bad-max-rejects"])
def test_classify_refuses_bad_input_before_training_a_model_into_an_empty_store(runner, chat_csv, tmp_path, args,
                                                                                 message):
    store = tmp_path / "models"
    args = [chat_csv if a == "CHAT" else tmp_path / a if a.endswith(".csv") else a for a in args]
    result = invoke(runner, ["classify", *args, "-o", tmp_path / "out.csv", "--models-dir", store])
    assert result.exit_code in (1, 2) and message in result.stderr
    assert not store.exists() or not any(store.iterdir())


def test_classify_with_named_text_column(runner, trained_store, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("id,message\n1,give every new starter a buddy\n2,good morning all\n")
    result = invoke(runner, ["classify", path, "--text-column", "message", "--models-dir", trained_store])
    assert result.exception is None and result.exit_code == 0
    assert "give every new starter a buddy" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "input not found"),
        ("", "is empty"),
        ("id,author,when\n1,jo,today\n", "no text column"),
    ],
    ids=["missing", "empty", "no-text-column"],
)
def test_bad_input_gives_one_line_exit_1_and_no_output(runner, trained_store, tmp_path, content, message):
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_text(content)
    out = tmp_path / "out.csv"
    result = invoke(runner, ["classify", path, "-o", out, "--models-dir", trained_store])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not out.exists()


def test_model_folder_that_is_not_a_model_is_refused(runner, chat_csv, tmp_path):
    models = tmp_path / "models"
    (models / "broken").mkdir(parents=True)
    (models / "current.json").write_text('{"current": "broken", "history": []}')
    out = tmp_path / "out.csv"
    result = invoke(runner, ["classify", chat_csv, "-o", out, "--models-dir", models])
    assert result.exit_code == 1
    assert "not a socialviews model" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_train_scores_the_new_model_on_every_eval_file_and_folder(runner, tiny_corpus, tmp_path):
    import shutil

    folder = tmp_path / "held"
    folder.mkdir()
    shutil.copy(tiny_corpus, folder / "a.csv")
    result = invoke(runner, ["train", "--corpus", tiny_corpus, "--cv", "0", "--no-promote", "--models-dir",
                             tmp_path / "models", "--eval", tiny_corpus, "--eval", folder])
    assert result.exception is None and result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)["eval_metrics"]
    assert metrics["n"] == 2 * len(pd.read_csv(tiny_corpus)) and metrics["file"] == f"{tiny_corpus}, {folder}"


@pytest.mark.slow
def test_train_stores_a_current_model_with_cv_metrics(runner, tiny_corpus, tmp_path):
    models = tmp_path / "models"
    result = invoke(runner, ["train", "--corpus", tiny_corpus, "--cv", "3", "--models-dir", models])
    assert result.exception is None and result.exit_code == 0
    summary = json.loads(result.stdout)
    assert (models / summary["model_id"] / "manifest.json").is_file()
    assert json.loads((models / "current.json").read_text())["current"] == summary["model_id"]
    assert 0 <= summary["cv_metrics"]["macro_f1"] <= 1


def test_train_refuses_unknown_label_with_its_line(runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,label,source\nbuddies for all,collaborative_learning,x\nhi all,nonee,x\n")
    result = invoke(runner, ["train", "--corpus", path, "--models-dir", tmp_path / "m"])
    assert result.exit_code == 1
    assert "bad.csv:3: unknown label 'nonee'" in result.stderr


@pytest.mark.slow
def test_evaluate_writes_the_report_folder(runner, tiny_corpus, trained_store, tmp_path):
    out = tmp_path / "ev"
    result = invoke(runner, ["evaluate", tiny_corpus, "-o", out, "--models-dir", trained_store,
                             "--cv", "3", "--group-by", "author", "--corpus", tiny_corpus, "--learning-curve"])
    assert result.exception is None and result.exit_code == 0
    assert re.search(r"macro-F1 \d\.\d{3}", result.stdout)
    report = json.loads((out / "report.json").read_text())
    assert set(report["metrics"]["per_label"]["none"]) >= {"precision", "recall", "f1", "confused_with"}
    assert report["metrics"]["views_macro_f1"] is not None
    assert report["cross_validation"]["group_by"] == "author"
    assert report["cross_validation"]["group_columns"] == "author"
    assert [p["share"] for p in report["learning_curve"]] == [0.25, 0.5, 0.75, 1.0]
    for name in ("errors.csv", "confusion_matrix.csv", "confusion_matrix.png", "confidence.png"):
        assert (out / name).stat().st_size > 0


def test_evaluate_prints_scores_rounded_once(runner, tiny_corpus, tiny_model, trained_store, tmp_path):
    """17 of 21 right is 0.80952: printed as 0.810, not rounded to 0.8095 first and then to 0.809."""
    texts = pd.read_csv(tiny_corpus)["text"].tolist()[:21]
    called = tiny_model.score_texts(texts)["view"].tolist()
    wrong = {view: next(label for label in tiny_model.labels if label != view) for view in tiny_model.labels}
    gold = [wrong[view] if i < 4 else view for i, view in enumerate(called)]
    held = tmp_path / "held.csv"
    pd.DataFrame({"text": texts, "label": gold}).to_csv(held, index=False)
    result = invoke(runner, ["evaluate", held, "-o", tmp_path / "ev", "--models-dir", trained_store])
    assert result.exception is None and result.exit_code == 0, result.output
    assert "accuracy 0.810  on 21 tweets" in result.stdout
    assert json.loads((tmp_path / "ev" / "report.json").read_text())["metrics"]["accuracy"] == 0.8095


def test_evaluate_grouped_by_chat_needs_a_chat_column(runner, tiny_corpus, trained_store, tmp_path):
    result = invoke(runner, ["evaluate", tiny_corpus, "-o", tmp_path / "ev", "--models-dir", trained_store,
                             "--cv", "3", "--group-by", "chat", "--corpus", tiny_corpus])
    assert result.exit_code == 2
    assert "--group-by chat needs a column chat or topic with values in the corpus" in result.stderr


def test_explain_prints_view_probabilities_and_ngrams(runner, trained_store):
    result = invoke(runner, ["explain", "A2 give every new starter a buddy", "--models-dir", trained_store])
    assert result.exception is None and result.exit_code == 0
    assert result.stdout.startswith("view: collaborative_learning")
    assert "pushed towards it:" in result.stdout and "buddy" in result.stdout


def test_models_list_and_show(runner, trained_store):
    listed = invoke(runner, ["models", "list", "--models-dir", trained_store])
    assert listed.exit_code == 0 and listed.stdout.startswith("* ")
    shown = invoke(runner, ["models", "show", "--models-dir", trained_store])
    manifest = json.loads(shown.stdout)
    assert manifest["labels"][-1] == "none"
    # trained without --cv: the list shows the cross-validation its decision rule was fitted on
    assert manifest["cv_metrics"] is None
    assert f"cv macro-F1 {manifest['decision_cv_metrics']['macro_f1']:.3f}" in listed.stdout


def _commands():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            for sub, subcommand in command.commands.items():
                yield f"{name} {sub}", subcommand
        else:
            yield name, command


@pytest.mark.parametrize(("name", "command"), list(_commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_with_an_example_and_a_readme_entry(name, command):
    assert "Example: socialviews " in (command.help or "")
    assert f"socialviews {name}" in (REPO / "README.md").read_text()


@pytest.mark.parametrize("name", ["", "labels", "models", *(name for name, _ in _commands())])
def test_help_names_values_in_words_not_python_types(runner, name):
    result = invoke(runner, [*name.split(), "--help"])
    assert result.exception is None and result.exit_code == 0, result.output
    assert "Usage: socialviews" in result.stdout
    assert not re.findall(r"<[a-z][a-z_\[\], ]*>|list\[|\[str\]|\bLIST\b", result.stdout)
