"""Every command given bad input ends with one line on stderr and a documented exit code."""

import os

import pytest
from typer.testing import CliRunner

from socialviews.cli import app

BAD = {
    "missing": None,
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "wrong-format": b"<html><body>not an export</body></html>\n",
    "unknown-label": b"text,label,source\nbuddies for every new starter,colaborative,x\n",
}

# command -> how the bad file is passed; {f} is the file, {m} the model store
COMMANDS = {
    "classify": ["classify", "{f}", "-o", "{o}", "--models-dir", "{m}"],
    "train": ["train", "--corpus", "{f}", "--cv", "0", "--models-dir", "{m}"],
    "evaluate": ["evaluate", "{f}", "-o", "{o}", "--models-dir", "{m}"],
    "check": ["check", "--corpus", "{f}"],
    "queue": ["queue", "{f}", "-o", "{o}", "--models-dir", "{m}"],
    "labels import": ["labels", "import", "{f}", "--labels-dir", "{o}"],
    "retrain": ["retrain", "--labels-dir", "{d}", "--eval", "{f}", "--cv", "0", "--models-dir", "{m}"],
    "models import": ["models", "import", "{f}", "--models-dir", "{o}"],
}
DOCUMENTED = {1, 2, 3}


def _check(result, out):
    assert result.exit_code in DOCUMENTED, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("socialviews: error: "), result.stderr
    assert "Traceback" not in result.output
    assert not os.path.exists(out) or os.path.isdir(out)


@pytest.mark.parametrize("kind", list(BAD))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_bad_input(command, kind, trained_store, tmp_path):
    path = tmp_path / "input.csv"
    if BAD[kind] is not None:
        path.write_bytes(BAD[kind])
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "imported.csv").write_bytes(BAD[kind] if BAD[kind] is not None else b"text,label\n")
    out = tmp_path / "out.csv"
    args = [a.format(f=path, o=out, m=trained_store, d=labels) for a in COMMANDS[command]]
    result = CliRunner().invoke(app, args)
    if kind == "unknown-label" and command in ("classify", "queue"):
        assert result.exit_code == 0  # a labelled CSV is a valid export with a text column
        return
    _check(result, out)


def test_broken_model_folder_is_refused_by_every_model_command(tmp_path):
    models = tmp_path / "models"
    (models / "broken").mkdir(parents=True)
    (models / "broken" / "model.joblib").write_bytes(b"not a pickle")
    (models / "broken" / "manifest.json").write_text('{"labels": ["a"], "model_sha256": "0"}')
    (models / "current.json").write_text('{"current": "broken", "history": []}')
    sample = tmp_path / "chat.csv"
    sample.write_text("text\nhello\n")
    for args in (["classify", str(sample)], ["explain", "hello"], ["evaluate", str(sample)], ["queue", str(sample)],
                 ["models", "export", str(tmp_path / "m.skops")]):
        result = CliRunner().invoke(app, [*args, "--models-dir", str(models)])
        _check(result, tmp_path / "nothing")
        assert "sha256" in result.stderr or "not a valid" in result.stderr


def test_usage_errors_end_in_one_line_too(tmp_path):
    import subprocess
    import sys

    for args, expected in ((["classify", "x.csv", "--bogus"], "No such option: --bogus"),
                           (["classify"], "Missing argument")):
        run = subprocess.run([sys.executable, "-m", "socialviews", *args], capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 2
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("socialviews: error: ") and expected in lines[0]


@pytest.mark.parametrize("args, hint", [
    (["classify", "x.csv", "-v"], "-v is a global option: put it before the command, as in socialviews -v classify"),
    (["models", "list", "--quiet"], "--quiet is a global option: put it before the command, as in socialviews --quiet models list"),
])
def test_a_global_option_after_the_command_says_where_it_goes(tmp_path, args, hint):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "socialviews", *args], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"socialviews: error: No such option: {args[-1]}; ")
    assert hint in lines[0]


def test_named_text_column_that_is_missing_is_named_in_the_message(trained_store, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,message\n1,hello\n")
    result = CliRunner().invoke(app, ["classify", str(path), "--text-column", "nope", "--models-dir", str(trained_store)])
    assert result.exit_code == 1 and "has no column 'nope'" in result.stderr


def test_report_refuses_an_output_that_is_not_html(trained_store, tmp_path):
    sample = tmp_path / "chat.csv"
    sample.write_text("text\nhello\n")
    result = CliRunner().invoke(app, ["report", str(sample), "-o", str(tmp_path / "r.pdf"), "--models-dir", str(trained_store)])
    assert result.exit_code == 2 and "end -o in .html" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("names", [["hdr.csv"], ["a.csv", "b.csv"]])
def test_classify_names_the_files_no_tweet_could_be_read_from(names, trained_store, tmp_path):
    for name in names:
        (tmp_path / name).write_text("tweet_id,author,created_at,text\n")
    result = CliRunner().invoke(app, ["classify", *(str(tmp_path / n) for n in names), "--models-dir", str(trained_store)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    files = "file" if len(names) == 1 else "files"
    expected = f"no tweet could be read from {', '.join(str(tmp_path / n) for n in names)}; check the {files} or pass"
    assert expected in result.stderr


def test_classify_names_at_most_three_files_no_tweet_could_be_read_from(trained_store, tmp_path):
    for k in range(5):
        (tmp_path / f"h{k}.csv").write_text("tweet_id,author,created_at,text\n")
    result = CliRunner().invoke(app, ["classify", str(tmp_path), "--models-dir", str(trained_store)])
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'h2.csv'} and 2 more files; check the files" in result.stderr


def test_a_json_lines_file_forced_as_csv_is_told_in_one_short_line(trained_store, tmp_path):
    path = tmp_path / "x.jsonl"
    tweet = '{"id": "1000000000000000101", "user": {"screen_name": "ana", "name": "Ana"}, "text": "%s"}\n'
    path.write_text("".join(tweet % f"A1 buddies for every new starter, week {k} " * 3 for k in range(3)))
    for extra in ([], ["--text-column", "text"]):
        result = CliRunner().invoke(app, ["classify", str(path), "--format", "csv", *extra, "--models-dir", str(trained_store)])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        lines = result.stderr.strip().splitlines()
        assert lines[-1].startswith(f"socialviews: error: {path} does not look like a CSV file"), result.stderr
        assert "starts with {" in lines[-1] and "drop --format" in lines[-1] and "--format jsonl" in lines[-1]
        assert "screen_name" not in result.stderr and len(lines[-1]) < 200 + len(str(path))


def test_a_header_without_a_text_column_is_shown_cut_to_one_line(trained_store, tmp_path):
    path = tmp_path / "wide.csv"
    names = [f"a_column_name_that_goes_on_and_on_and_on_{k}" for k in range(40)]
    path.write_text(",".join(names) + "\n" + ",".join("v" for _ in names) + "\n")
    result = CliRunner().invoke(app, ["classify", str(path), "--models-dir", str(trained_store)])
    assert result.exit_code == 1, result.output
    message = result.stderr.strip().splitlines()[-1]
    assert "has no text column (columns: a_column_name_that_goes_on_..., " in message
    assert "... (40 columns)); pass --text-column NAME" in message and len(message) < 240 + len(str(path))
