"""Each command passes exactly the arguments it was given to the library function it wraps.

The library functions are replaced by recorders, so these run in milliseconds; the end-to-end runs of
the same commands (tests/test_cli.py and others, marked slow) check that the real functions do the work.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from socialviews.cli import app
from socialviews.core.config import ModelConfig


class Recorder:
    """Stands in for a library function: records each call and returns ``result``."""

    def __init__(self, result=None):
        self.calls: list[tuple[tuple, dict]] = []
        self.result = result

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return self.result

    @property
    def call(self) -> tuple[tuple, dict]:
        assert len(self.calls) == 1, self.calls
        return self.calls[0]


MODEL = SimpleNamespace(model_id="m-1")


@pytest.fixture()
def record(monkeypatch):
    def patch(target: str, result=None) -> Recorder:
        recorder = Recorder(result)
        monkeypatch.setattr(target, recorder)
        return recorder

    return patch


def run(args: list[str], **kwargs):
    result = CliRunner().invoke(app, args, **kwargs)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    return result


SUMMARY = {"records": 2, "classified": 2, "rejected": 0, "duplicates": 0, "views": {"none": 2}, "needs_review": 0,
           "model_id": "m-1", "rejects_file": None}


@pytest.fixture
def inputs_here(tmp_path, monkeypatch):
    """A working folder holding the inputs the commands name (classify checks they exist first)."""
    monkeypatch.chdir(tmp_path)
    for name in ("a.csv", "b.jsonl"):
        (tmp_path / name).write_text("tweet_id,text\n1,hi\n")
    return tmp_path


def test_classify_passes_its_options_to_classify_files(record, inputs_here):
    load = record("socialviews.training.default.load_model", MODEL)
    classify = record("socialviews.engine.local.classify_files", SUMMARY)
    run(["classify", "a.csv", "b.jsonl", "-o", "out.parquet", "--format", "twarc2", "--text-column", "body",
         "--max-rejects", "25", "--rejects", "bad.csv", "--model", "m-1", "--models-dir", "store",
         "--accept-version-drift", "--allow-pickle", "-j", "3", "--chunk-size", "500", "--spreadsheet-safe",
         "--host", "ldinsight"])
    assert load.call == (("store", "m-1"), {"accept_version_drift": True, "scoring_only": True, "allow_pickle": True})
    assert classify.call == ((["a.csv", "b.jsonl"], MODEL, "out.parquet"), {
        "fmt": "twarc2", "text_column": "body", "max_rejects": "25", "rejects_path": "bad.csv", "progress": None,
        "jobs": 3, "chunk_size": 500, "safe_csv": True, "host": "ldinsight"})


def test_classify_defaults(record):
    load = record("socialviews.training.default.load_model", MODEL)
    classify = record("socialviews.engine.local.classify_files", SUMMARY)
    run(["classify", "-"])
    assert load.call == ((None, None), {"accept_version_drift": False, "scoring_only": True, "allow_pickle": False})
    assert classify.call == ((["-"], MODEL, None), {
        "fmt": None, "text_column": None, "max_rejects": "10%", "rejects_path": None, "progress": None,
        "jobs": None, "chunk_size": 10_000, "safe_csv": False, "host": None})


def test_classify_with_dask_passes_its_options_to_classify_dask(record, inputs_here):
    pytest.importorskip("distributed")
    record("socialviews.training.default.load_model", MODEL)
    dask = record("socialviews.engine.dask_cluster.classify_dask",
                  {**SUMMARY, "parts": ["part-00000.parquet"], "scheduler": "local"})
    run(["classify", "a.csv", "--engine", "dask", "-o", "parts", "--scheduler", "tcp://h:8786", "-j", "4",
         "--max-rejects", "5%", "--chunk-size", "100", "--format", "csv", "--text-column", "t", "--host", "h"])
    assert dask.call == ((["a.csv"], MODEL, "parts"), {
        "scheduler": "tcp://h:8786", "fmt": "csv", "text_column": "t", "max_rejects": "5%", "n_workers": 4,
        "chunk_size": 100, "host": "h"})


def test_explain_passes_the_text_and_top_to_the_model(record):
    explanation = {"view": "none", "confidence": 0.9, "needs_review": False, "normalised": "hi",
                   "probabilities": {"none": 0.9}, "pushed_for": [], "pushed_against": []}
    model = SimpleNamespace(explain=Recorder(explanation))
    load = record("socialviews.training.default.load_model", model)
    run(["explain", "buddies for new starters", "--top", "3", "--model", "m-1", "--models-dir", "store",
         "--accept-version-drift"])
    assert load.call == (("store", "m-1"), {"accept_version_drift": True, "allow_pickle": False})
    assert model.explain.call == (("buddies for new starters",), {"top": 3})


def test_train_passes_corpus_eval_and_config(record):
    train = record("socialviews.training.train.train", {"model_id": "m-2"})
    run(["train", "--corpus", "a.csv", "--corpus", "more", "--eval", "held.csv", "--eval", "eval", "--cv", "3",
         "--seed", "7", "--no-promote", "--models-dir", "store", "--taxonomy", "views.toml"])
    assert train.call == ((["a.csv", "more"],), {
        "taxonomy": "views.toml", "config": ModelConfig(seed=7), "models_dir": "store", "make_current": False,
        "cv_folds": 3, "eval_files": ["held.csv", "eval"]})


def test_train_add_puts_the_shipped_corpus_first(record):
    from socialviews.training.corpus import embedded_corpus_dir

    train = record("socialviews.training.train.train", {"model_id": "m-2"})
    run(["train", "--add", "--corpus", "a.csv"])
    assert train.call[0] == ([str(embedded_corpus_dir()), "a.csv"],)


def test_train_defaults_to_the_shipped_corpus(record):
    train = record("socialviews.training.train.train", {"model_id": "m-2"})
    run(["train"])
    assert train.call == ((None,), {"taxonomy": None, "config": ModelConfig(), "models_dir": None,
                                    "make_current": True, "cv_folds": 5, "eval_files": None})


EVALUATION = {
    "metrics": {"macro_f1": 0.5, "views_macro_f1": 0.5, "accuracy": 0.5, "n": 2, "per_label": {},
                "false_view_rate": None, "view_precision": None, "view_recall": None, "view_calls": 0,
                "view_tweets": 0, "view_call_intervals": {"false_view_rate": None, "view_precision": None,
                                                          "view_recall": None}},
    "needs_review": {"flagged_share": 0.0, "errors_caught_share": None},
    "calibration": {"ece": 0.1},
}


def test_evaluate_passes_files_and_options_to_evaluate(record):
    load = record("socialviews.training.default.load_model", MODEL)
    evaluate = record("socialviews.training.evaluate.evaluate", EVALUATION)
    run(["evaluate", "e1.csv", "eval", "-o", "report", "--cv", "4", "--group-by", "author", "--learning-curve",
         "--corpus", "c.csv", "--model", "m-1", "--models-dir", "store", "--allow-pickle"])
    assert load.call == (("store", "m-1"), {"accept_version_drift": False, "allow_pickle": True})
    assert evaluate.call == ((MODEL, ["e1.csv", "eval"], "report"), {
        "cv_folds": 4, "group_by": "author", "corpus": ["c.csv"], "with_learning_curve": True})


RETRAINED = {"current": dict.fromkeys(("model_id", "rows", "eval_macro_f1", "eval_views_macro_f1", "cv_macro_f1")),
             "candidate": dict.fromkeys(("model_id", "rows", "eval_macro_f1", "eval_views_macro_f1", "cv_macro_f1")),
             "promoted": True, "reason": "better", "added_rows": 1}


def test_retrain_passes_labels_corpus_and_eval(record):
    retrain = record("socialviews.training.retrain.retrain", RETRAINED)
    run(["retrain", "--labels-dir", "mine", "--corpus", "c.csv", "--eval", "e1.csv", "--eval", "e2.csv",
         "--tolerance", "0.01", "--force", "--cv", "2", "--models-dir", "store", "--allow-pickle"])
    assert retrain.call == ((Path("mine"),), {
        "base_corpus": ["c.csv"], "eval_files": ["e1.csv", "e2.csv"], "models_dir": "store", "tolerance": 0.01,
        "force": True, "cv_folds": 2, "labels_given": True, "allow_pickle": True})


def test_retrain_defaults(record, monkeypatch):
    monkeypatch.delenv("SOCIALVIEWS_HOME", raising=False)
    retrain = record("socialviews.training.retrain.retrain", RETRAINED)
    run(["retrain"])
    assert retrain.call == ((Path("labelled"),), {
        "base_corpus": None, "eval_files": None, "models_dir": None, "tolerance": 0.005, "force": False,
        "cv_folds": 5, "labels_given": False, "allow_pickle": False})


def test_check_passes_corpus_eval_and_taxonomy_to_audit(record):
    audit = record("socialviews.training.audit.audit", {"lines": ["ok"], "problems": 0})
    run(["check", "--corpus", "c.csv", "--eval", "e.csv", "--taxonomy", "views.toml"])
    assert audit.call == ((["c.csv"], ["e.csv"], "views.toml"), {})


def test_report_passes_inputs_and_options(record, tmp_path):
    import pandas as pd

    frames = [pd.DataFrame({"chat": ["c1"]})]
    load_classified = record("socialviews.analysis.load_classified", frames)
    build = record("socialviews.report.html.build_report", "<html></html>")
    out = tmp_path / "r.html"
    run(["report", "a.csv", "-o", str(out), "--anonymise", "--title", "Week 1", "--format", "twarc2",
         "--text-column", "body", "--host", "h", "--include-referenced"])
    args, kwargs = load_classified.call
    assert args == (["a.csv"],) and callable(kwargs.pop("model"))
    assert kwargs == {"fmt": "twarc2", "text_column": "body", "include_referenced": True, "host": "h"}
    assert build.call == ((frames,), {"anonymise": True, "title": "Week 1", "include_referenced": True})
    assert out.read_text() == "<html></html>"


def test_queue_passes_its_options_to_build_and_export(record, inputs_here):
    import pandas as pd

    classified = pd.DataFrame({"text": ["a"]})
    load = record("socialviews.training.default.load_model", MODEL)
    loaded = record("socialviews.analysis.load_classified", [classified])
    keys = record("socialviews.labelling.queue.labelled_keys", {"k"})
    build = record("socialviews.labelling.queue.build_queue", classified)
    export = record("socialviews.labelling.queue.export_queue")
    setup = record("socialviews.labelling.queue.write_label_config")
    run(["queue", "a.csv", "-n", "5", "-o", "q.json", "--to", "label-studio", "--strategy", "entropy",
         "--corpus", "c.csv", "--model", "m-1", "--models-dir", "store", "--text-column", "body", "--host", "mod"])
    assert load.call == (("store", "m-1"), {"accept_version_drift": False, "allow_pickle": False})
    assert loaded.call == ((["a.csv"],), {"model": MODEL, "fmt": None, "text_column": "body", "host": "mod"})
    assert keys.call == ((["c.csv"],), {})
    (frame, model), kwargs = build.call
    assert frame.equals(classified) and model is MODEL
    assert kwargs == {"n": 5, "strategy": "entropy", "exclude_texts": {"k"}}
    (ranked, output, to, taxonomy, model_id), _ = export.call
    assert ranked is classified and (output, to, model_id) == ("q.json", "label-studio", "m-1")
    assert setup.call == (("q.json", "label-studio", taxonomy), {})


def test_labels_import_passes_the_file_and_options(record, monkeypatch):
    from socialviews.training.corpus import embedded_corpus_dir

    imported = record("socialviews.labelling.importing.import_labels", {
        "imported": 1, "corpus_file": "x", "already_labelled": 0, "unlabelled": 0, "invalid": [], "conflicts": [],
        "disagreements": [], "format": "csv", "rows": 1})
    run(["labels", "import", "done.csv", "--labels-dir", "mine", "--format", "csv", "--resolve", "majority"])
    args, kwargs = imported.call
    assert args[:2] == ("done.csv", Path("mine"))
    assert kwargs == {"fmt": "csv", "base_corpus": [embedded_corpus_dir()], "resolve": "majority", "strict": False}


def test_labels_config_passes_the_tool(record):
    config = record("socialviews.labelling.queue.label_config", "<View/>")
    assert run(["labels", "config", "--to", "doccano"]).stdout == "<View/>"
    assert config.call[0][1] == "doccano"


class FakeStore:
    """Stands in for ModelStore: records the folder it was opened on and the calls made to it."""

    opened: list = []
    calls: list = []

    def __init__(self, root=None):
        FakeStore.opened.append(root)
        self.root = root

    def __getattr__(self, name):
        return lambda *args, **kwargs: FakeStore.calls.append((name, args, kwargs)) or {"list": []}.get(name, "m-1")


@pytest.fixture()
def store(monkeypatch):
    FakeStore.opened, FakeStore.calls = [], []
    monkeypatch.setattr("socialviews.model.store.ModelStore", FakeStore)
    return FakeStore


@pytest.mark.parametrize(("args", "call"), [
    (["models", "list"], ("list", (), {})),
    (["models", "promote", "m-1"], ("promote", ("m-1",), {})),
    (["models", "rollback"], ("rollback", (), {})),
    (["models", "show", "m-1"], ("manifest", ("m-1",), {})),
])
def test_models_commands_call_the_store_of_models_dir(store, args, call):
    run([*args, "--models-dir", "store"])
    assert store.opened == ["store"] and store.calls == [call]


def test_models_export_and_import_pass_their_options(record, store):
    export = record("socialviews.model.portable.export_model", "m.skops")
    imported = record("socialviews.model.portable.import_model", "m-2")
    run(["models", "export", "m.skops", "--model", "m-1", "--models-dir", "store", "--allow-pickle"])
    run(["models", "import", "m.skops", "--promote", "--models-dir", "store"])
    (exported_from, *rest), kwargs = export.call
    assert isinstance(exported_from, FakeStore) and rest == ["m-1", "m.skops"] and kwargs == {"allow_pickle": True}
    (path, into), kwargs = imported.call
    assert path == "m.skops" and isinstance(into, FakeStore) and kwargs == {"allow_pickle": False, "make_current": True}
    assert store.opened == ["store", "store"]


def test_notes_go_to_stderr_and_quiet_silences_them(store):
    shown = run(["models", "rollback", "--models-dir", "store"])
    assert shown.stderr == "current model: m-1\n" and shown.stdout == ""
    assert run(["-q", "models", "rollback", "--models-dir", "store"]).stderr == ""
    assert run(["models", "rollback", "--models-dir", "store"]).stderr == "current model: m-1\n"


ALIASES = {
    "evaluate --out": (["evaluate", "e.csv", "--output", "report"], ["evaluate", "e.csv", "--out", "report"]),
    "retrain --labels": (["retrain", "--labels-dir", "mine"], ["retrain", "--labels", "mine"]),
    "retrain --base-corpus": (["retrain", "--corpus", "c.csv"], ["retrain", "--base-corpus=c.csv"]),
    "labels import --corpus": (["labels", "import", "done.csv", "--labels-dir", "mine"],
                               ["labels", "import", "done.csv", "--corpus", "mine"]),
    "labels config --for": (["labels", "config", "--to", "doccano"], ["labels", "config", "--for", "doccano"]),
}
WRAPPED = {
    "evaluate": ("socialviews.training.evaluate.evaluate", EVALUATION),
    "retrain": ("socialviews.training.retrain.retrain", RETRAINED),
    "labels import": ("socialviews.labelling.importing.import_labels", {
        "imported": 1, "corpus_file": "x", "already_labelled": 0, "unlabelled": 0, "invalid": [], "conflicts": [],
        "disagreements": [], "format": "csv", "rows": 1}),
    "labels config": ("socialviews.labelling.queue.label_config", ""),
}


@pytest.mark.parametrize("alias", list(ALIASES))
def test_an_old_spelling_still_works_for_this_release_and_is_hidden(record, alias):
    new, old = ALIASES[alias]
    command = alias.rsplit(" ", 1)[0]
    record("socialviews.training.default.load_model", MODEL)
    calls = []
    for args in (new, old):
        calls.append(record(*WRAPPED[command]))
        result = run(args)
    assert calls[0].call == calls[1].call
    assert f"{alias.rsplit(' ', 1)[1]} is now" in result.stderr
    spelling = alias.rsplit(" ", 1)[1]
    assert not re.search(rf"{spelling}(?![\w-])", run([*command.split(), "--help"]).stdout)
