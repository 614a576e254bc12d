"""The notebooks run top to bottom on the installed package (nbclient + ipykernel), from notebooks/.

They are run as Jupyter runs them: with notebooks/ as the working directory, so that they find the
repository's data in ../data. The model store is the tiny test model's ($SOCIALVIEWS_HOME). A missing
kernel fails the tests.
"""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAMES = ["1.0-inspect-a-chat.ipynb", "2.0-model-errors.ipynb"]


def run(name: str, **overrides) -> nbformat.NotebookNode:
    """Execute a notebook; ``overrides`` go into a cell after the one tagged ``parameters`` (as papermill does)."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    if overrides:
        at = next(i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", []))
        source = "\n".join(f"{key} = {value}" for key, value in overrides.items())
        nb.cells.insert(at + 1, nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]}))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def outputs(nb: nbformat.NotebookNode) -> str:
    return json.dumps([cell.get("outputs", []) for cell in nb.cells])


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert sum("parameters" in cell.metadata.get("tags", []) for cell in code) == 1


def test_inspect_a_chat_runs(trained_store, monkeypatch):
    monkeypatch.setenv("SOCIALVIEWS_HOME", str(trained_store.parent))
    nb = run("1.0-inspect-a-chat.ipynb")
    shown = outputs(nb)
    assert shown.count("image/png") >= 4  # view mix, per question, per participant, over time
    assert "characters of self-contained HTML" in shown


def test_model_errors_runs_on_data_eval(trained_store, tiny_corpus, monkeypatch):
    assert sorted((REPO / "data" / "eval").glob("*.csv")), "data/eval holds no labelled CSV to evaluate on"
    monkeypatch.setenv("SOCIALVIEWS_HOME", str(trained_store.parent))
    # the learning curve retrains four times: on the tiny corpus here, to keep the test fast
    nb = run("2.0-model-errors.ipynb", CORPUS=f"[{str(tiny_corpus)!r}]")
    shown = outputs(nb)
    assert "macro-F1" in shown and "pushed_for" in shown
    assert shown.count("image/png") >= 2  # the confusion matrix and the learning curve
