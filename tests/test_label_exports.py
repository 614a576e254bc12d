"""Golden tests: the exports the real labelling tools wrote (tests/fixtures/labelling) import exactly."""

import csv
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialviews.cli import app
from socialviews.cli.errors import exit_code_for
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.core.taxonomy import load_taxonomy
from socialviews.labelling.exports import Annotation, read_annotations, settle
from socialviews.labelling.importing import import_labels

FIXTURES = Path(__file__).parent / "fixtures" / "labelling"

EXPORTS = [
    ("label-studio/label-studio-export.json", "label-studio", True),
    ("label-studio/label-studio-export.min.json", "label-studio-min", True),
    ("label-studio/label-studio-export.csv", "label-studio-csv", True),
    ("label-studio/label-studio-export.tsv", "label-studio-tsv", True),
    ("doccano/doccano-per-annotator-jsonl.zip", "doccano", True),
    ("doccano/doccano-per-annotator-json.zip", "doccano-json", True),
    ("doccano/doccano-per-annotator-csv.zip", "doccano-csv", True),
    ("doccano/doccano-collaborative-jsonl.zip", "doccano", False),
    ("doccano/doccano-collaborative-json.zip", "doccano-json", False),
    ("doccano/doccano-collaborative-csv.zip", "doccano-csv", False),
    ("prodigy/prodigy-export.jsonl", "prodigy", True),
]


def invoke(args):
    return CliRunner().invoke(app, [str(a) for a in args])


def _expected(export: str) -> dict:
    folder = FIXTURES / export.split("/")[0]
    return json.loads(next(folder.glob("*-expected.json")).read_text(encoding="utf-8"))


def _first_annotator(expected: dict) -> str:
    return str(expected.get("first_annotator", 1))


def _want(expected: dict, winner: str | None) -> dict:
    want = {}
    for tweet_id, item in expected["tweets"].items():
        if item["outcome"] == "label":
            want[tweet_id] = (item["text"], item["label"])
        elif item["outcome"] == "disagreement" and winner:
            want[tweet_id] = (item["text"], item[winner])
    return want


def _imported(corpus: Path) -> dict:
    with open(corpus / "imported.csv", newline="", encoding="utf-8") as handle:
        return {row["tweet_id"]: (row["text"], row["label"]) for row in csv.DictReader(handle)}


@pytest.mark.parametrize("export, fmt, named", EXPORTS, ids=[e[0].split("/")[1] for e in EXPORTS])
def test_a_real_export_imports_every_label_with_its_text_and_tweet_id(export, fmt, named, tmp_path):
    expected = _expected(export)
    report = import_labels(FIXTURES / export, tmp_path / "c", load_taxonomy())
    assert report["format"] == fmt
    assert _imported(tmp_path / "c") == _want(expected, None)
    assert report["imported"] == len(_want(expected, None))
    assert [d["tweet_id"] for d in report["disagreements"]] == [
        tweet_id for tweet_id, item in expected["tweets"].items() if item["outcome"] == "disagreement"]
    assert not report["invalid"] and not report["conflicts"]


@pytest.mark.parametrize("export, fmt, named", [e for e in EXPORTS if e[2]], ids=[e[0].split("/")[1] for e in EXPORTS if e[2]])
def test_a_named_annotator_settles_the_disagreement(export, fmt, named, tmp_path):
    expected = _expected(export)
    first = import_labels(FIXTURES / export, tmp_path / "a", load_taxonomy(), resolve=f"annotator:{_first_annotator(expected)}")
    second = import_labels(FIXTURES / export, tmp_path / "b", load_taxonomy(), resolve=f"annotator:{expected['second_annotator']}")
    assert not first["disagreements"] and not second["disagreements"]
    assert _imported(tmp_path / "a") == _want(expected, "label")
    assert _imported(tmp_path / "b") == _want(expected, "second")


def test_collaborative_doccano_names_no_annotator_so_the_disagreement_stays(tmp_path):
    report = import_labels(FIXTURES / "doccano/doccano-collaborative-jsonl.zip", tmp_path / "c", load_taxonomy())
    assert len(report["disagreements"]) == 1
    reason = report["disagreements"][0]["reason"]
    assert "one said none; one said social_constructivist" in reason
    assert reason.endswith("--resolve skip leaves it out (label it again to settle it)")  # a tie, and nobody named
    with pytest.raises(UsageError, match="no annotator 'admin' labelled this file; its annotators are not named"):
        import_labels(FIXTURES / "doccano/doccano-collaborative-jsonl.zip", tmp_path / "d", load_taxonomy(),
                      resolve="annotator:admin")
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("export, fmt, named", [e for e in EXPORTS if e[2]][:1], ids=lambda e: str(e).split("/")[-1])
def test_resolving_by_an_annotator_nobody_in_the_file_is_is_an_error_naming_those_who_are(export, fmt, named, tmp_path):
    expected = _expected(export)
    with pytest.raises(UsageError, match="no annotator 'zzz' labelled this file; its annotators are .*"
                                         + _first_annotator(expected)):
        import_labels(FIXTURES / export, tmp_path / "a", load_taxonomy(), resolve="annotator:zzz")


@pytest.mark.parametrize("export, fmt, named", EXPORTS[:7], ids=[e[0].split("/")[1] for e in EXPORTS[:7]])
def test_format_forced_or_narrowed_to_the_family_reads_the_same(export, fmt, named, tmp_path):
    family = fmt.split("-")[0] if fmt.startswith("doccano") else "-".join(fmt.split("-")[:2])
    forced = import_labels(FIXTURES / export, tmp_path / "a", load_taxonomy(), fmt=fmt)
    narrowed = import_labels(FIXTURES / export, tmp_path / "b", load_taxonomy(), fmt=family)
    assert forced["imported"] == narrowed["imported"] > 0
    assert _imported(tmp_path / "a") == _imported(tmp_path / "b")


def test_a_format_from_another_family_is_refused_saying_what_the_file_looks_like(tmp_path):
    with pytest.raises(SocialViewsError, match="--format doccano, but it looks like a Label Studio JSON_MIN export"):
        read_annotations(FIXTURES / "label-studio/label-studio-export.min.json", "doccano")


@pytest.mark.slow
def test_cli_imports_a_doccano_zip_and_reports_the_disagreement(tmp_path):
    result = invoke(["labels", "import", FIXTURES / "doccano/doccano-per-annotator-jsonl.zip", "--labels-dir", tmp_path / "c"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("8 imported") and ", 1 disagreement (" in result.stdout
    assert "annotator admin said none; annotator annotator2_2 said social_constructivist" in result.stderr
    strict = invoke(["labels", "import", FIXTURES / "doccano/doccano-per-annotator-jsonl.zip", "--labels-dir", tmp_path / "d", "--strict"])
    assert strict.exit_code == 1


@pytest.mark.parametrize("queue, looks", [
    ("label-studio/tasks.json", "Label Studio tasks (10 tasks)"),
    ("doccano/tasks.jsonl", "doccano JSONL (10 records)"),
])
def test_the_queue_itself_is_no_export_exit_1_saying_what_it_looks_like(queue, looks, tmp_path):
    result = invoke(["labels", "import", FIXTURES / queue, "--labels-dir", tmp_path / "c"])
    assert result.exit_code == 1
    assert f"looks like {looks}, but none of its 10 items has a label; expected" in result.stderr
    assert "imported" not in result.stdout and not (tmp_path / "c").exists()


@pytest.mark.parametrize("content, looks", [
    ("[]", "JSON with no objects"),
    ('[{"text": "hi", "id": 1, "tweet_id": "7"}]', "JSON with 1 record whose keys (id, text, tweet_id) hold no label"),
    ("tweet_id,text,label\n1,hello there,\n2,hi again,\n", "a queue CSV (text and label columns), but none of its 2"),
    ('{"text": "a", "options": [], "accept": ["none"], "meta": {}}\n', "Prodigy JSONL (1 record), but its 1 item has no label"),
    ("id,name\n1,x\n", "a CSV with columns id, name"),
])
def test_a_file_with_no_label_is_an_error_naming_what_it_looks_like(content, looks, tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SocialViewsError, match="expected a filled queue CSV") as error:
        import_labels(path, tmp_path / "c", load_taxonomy())
    assert looks in str(error.value)


def test_prodigy_is_told_from_doccano_by_every_line_not_the_first(tmp_path):
    lines = [{"text": "a task nobody answered yet", "label": "none"},
             {"text": "peer feedback in cohorts works", "accept": ["collaborative_learning"], "answer": "accept",
              "_input_hash": 1, "meta": {"tweet_id": "42"}},
             {"text": "no idea", "accept": ["none"], "answer": "ignore", "_input_hash": 2}]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    fmt, _, annotations = read_annotations(path)
    assert fmt == "prodigy"
    assert [a.labels for a in annotations] == [(), ("collaborative_learning",), ()]
    doccano = tmp_path / "d.jsonl"
    doccano.write_text(json.dumps({"id": 1, "text": "x", "label": []}) + "\n"
                       + json.dumps({"id": 2, "text": "y", "label": ["none"]}) + "\n", encoding="utf-8")
    assert read_annotations(doccano)[0] == "doccano"


def _votes(*pairs):
    return [Annotation(where=f"line {i}", line=i, tweet_id="1", text="t", labels=(label,), task="7", annotator=who)
            for i, (who, label) in enumerate(pairs, start=1)]


def test_majority_takes_a_label_more_than_half_chose_and_reports_a_tie():
    rows, disputes = settle(_votes(("a", "none"), ("b", "none"), ("c", "collaborative_learning")), "majority")
    assert [row.label for row in rows] == ["none"] and not disputes
    rows, disputes = settle(_votes(("a", "none"), ("b", "collaborative_learning")), "majority")
    assert not rows and len(disputes) == 1


def test_skip_reports_every_vote_and_unknown_rules_are_usage_errors():
    rows, disputes = settle(_votes(("a", "none"), ("b", "none"), ("c", "collaborative_learning")))
    assert not rows and disputes[0]["votes"] == (
        "annotator a said none; annotator b said none; annotator c said collaborative_learning")
    with pytest.raises(SocialViewsError) as error:
        settle([], "last")
    assert exit_code_for(error.value) == 2


def test_a_zip_of_several_formats_or_nothing_is_refused(tmp_path):
    mixed = tmp_path / "mixed.zip"
    with zipfile.ZipFile(mixed, "w") as archive:
        archive.writestr("a.jsonl", json.dumps({"id": 1, "text": "x", "label": ["none"]}) + "\n")
        archive.writestr("b.csv", "id,text,label\n1,x,none\n")
    with pytest.raises(SocialViewsError, match="mixes formats"):
        read_annotations(mixed)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("folder/", "")
    with pytest.raises(SocialViewsError, match="zip with no file in it"):
        read_annotations(empty)


@pytest.mark.slow
def test_queue_to_label_studio_writes_the_config_labels_config_prints(trained_store, tmp_path):
    chat = Path(__file__).parents[1] / "data" / "samples" / "ldinsight_generic.csv"
    out = tmp_path / "tasks.json"
    result = invoke(["queue", chat, "-n", "3", "--to", "label-studio", "-o", out, "--models-dir", trained_store])
    assert result.exit_code == 0, result.output
    config = (tmp_path / "tasks.label-config.xml").read_text(encoding="utf-8")
    assert config == invoke(["labels", "config"]).stdout
    assert '<Choices name="view" toName="text"' in config and '<Text name="text" value="$text"/>' in config
    for label in load_taxonomy().labels:
        assert f'<Choice value="{label}"' in config
    types = json.loads(invoke(["labels", "config", "--to", "doccano"]).stdout)
    assert [t["text"] for t in types] == load_taxonomy().labels


def test_a_zip_bomb_of_labels_is_refused_before_unpacking(tmp_path):
    bomb = tmp_path / "export.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("all.jsonl", b" " * (8 << 20))
    with pytest.raises(SocialViewsError, match="zip bomb"):
        read_annotations(bomb)


def test_a_disagreement_names_only_the_rules_that_would_settle_it():
    _, [tie] = settle(_votes(("a", "none"), ("b", "collaborative_learning")), "majority")
    assert tie["reason"].endswith("--resolve majority leaves it out (--resolve annotator:a or annotator:b settles it)")
    _, [skipped] = settle(_votes(("a", "none"), ("b", "none"), ("c", "collaborative_learning")))
    assert "(--resolve majority, annotator:a, annotator:b or annotator:c settles it)" in skipped["reason"]
    _, [unnamed] = settle(_votes(("", "none"), ("", "collaborative_learning")), "majority")
    assert unnamed["reason"].endswith("leaves it out (label it again to settle it)")
    elsewhere = Annotation(where="line 9", line=9, tweet_id="2", text="u", labels=("none",), task="8", annotator="c")
    _, [absent] = settle([*_votes(("a", "none"), ("b", "collaborative_learning")), elsewhere], "annotator:c")
    assert absent["reason"].endswith("--resolve annotator:c leaves it out (--resolve annotator:a or annotator:b settles it)")


@pytest.mark.parametrize("export, forced, looks, detected", [
    ("label-studio/label-studio-export.json", "prodigy", "Label Studio tasks", "label-studio"),
    ("prodigy/prodigy-export.jsonl", "label-studio-csv", "Prodigy JSONL", "prodigy"),
    ("label-studio/label-studio-export.min.json", "doccano", "a Label Studio JSON_MIN export", "label-studio-min"),
])
def test_a_forced_format_the_file_does_not_have_is_a_usage_error_naming_the_one_it_has(export, forced, looks, detected,
                                                                                       tmp_path):
    result = invoke(["labels", "import", FIXTURES / export, "--format", forced, "--labels-dir", tmp_path / "c"])
    assert result.exit_code == 2, result.output
    assert f"--format {forced}, but it looks like {looks}" in result.stderr
    assert f"; drop --format or use --format {detected}\n" in result.stderr
    assert "none of its" not in result.stderr and not (tmp_path / "c").exists()


def test_a_forced_format_that_reads_labels_is_taken_over_what_the_file_looks_like(tmp_path):
    filled = tmp_path / "mine.csv"  # id, text and label look like doccano's CSV; forced, it is a queue CSV
    filled.write_text("id,text,label\n7,peer feedback in cohorts works,collaborative_learning\n", encoding="utf-8")
    assert read_annotations(filled)[0] == "doccano-csv"
    fmt, _, [annotation] = read_annotations(filled, "csv")
    assert fmt == "csv" and annotation.labels == ("collaborative_learning",)


@pytest.mark.parametrize("to, name, suffix", [
    ("label-studio", "tasks.label-config.xml", ".json"),
    ("label-studio", "tasks.jsonl", ".json"),
    ("doccano", "tasks.json", ".jsonl"),
    ("prodigy", "tasks.csv", ".jsonl"),
    ("csv", "to_label.xml", ".csv"),
    ("csv", "to_label.jsonl", ".csv"),
    ("csv", "to_label.parquet", ".csv"),
])
def test_queue_refuses_an_output_whose_suffix_does_not_fit_what_it_writes(to, name, suffix, trained_store, tmp_path):
    chat = Path(__file__).parents[1] / "data" / "samples" / "ldinsight_generic.csv"
    result = invoke(["queue", chat, "-n", "3", "--to", to, "-o", tmp_path / name, "--models-dir", trained_store])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and suffix in result.stderr.split(";")[-1]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_queue_names_the_config_beside_the_tasks_without_doubling_its_suffix(trained_store, tmp_path):
    chat = Path(__file__).parents[1] / "data" / "samples" / "ldinsight_generic.csv"
    out = tmp_path / "tasks.label-config.json"
    result = invoke(["queue", chat, "-n", "3", "--to", "label-studio", "-o", out, "--models-dir", trained_store])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))[0]["data"]["text"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.label-config.json", "tasks.label-config.xml"]


def test_the_import_summary_writes_one_count_in_the_singular(tmp_path):
    filled = tmp_path / "filled.csv"
    filled.write_text("text,label\n"
                      "zebra crossings of knowledge in our ward huddles,collaborative_learning\n"
                      "a brand new remark about cohorts learning together,collaborative_learning\n", encoding="utf-8")
    result = invoke(["labels", "import", filled, "--labels-dir", tmp_path / "c"])
    assert result.exit_code == 0, result.output
    assert ", 0 conflicts, 0 disagreements (csv, 2 tasks)" in result.stdout
    again = tmp_path / "again.csv"
    again.write_text("text,label\na brand new remark about cohorts learning together,none\n", encoding="utf-8")
    conflict = invoke(["labels", "import", again, "--labels-dir", tmp_path / "c"])
    assert ", 1 conflict, 0 disagreements (csv, 1 task)" in conflict.stdout
    assert conflict.stderr.endswith("nothing was imported; fix the row above and import the file again\n")


def test_what_a_file_looks_like_is_counted_in_the_singular(tmp_path):
    one = tmp_path / "one.json"
    one.write_text('[{"data": {"text": "hi"}}]', encoding="utf-8")
    with pytest.raises(SocialViewsError, match=r"looks like Label Studio tasks \(1 task\), but its 1 item has no label"):
        import_labels(one, tmp_path / "c", load_taxonomy())
    zipped = tmp_path / "one.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("admin.jsonl", json.dumps({"id": 1, "text": "x", "label": []}) + "\n")
    with pytest.raises(SocialViewsError, match=r"doccano JSONL \(1 record\), 1 file zipped, but"):
        import_labels(zipped, tmp_path / "c", load_taxonomy())
