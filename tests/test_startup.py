import subprocess
import sys


def test_help_imports_neither_sklearn_nor_pandas():
    code = (
        "import sys\n"
        "from socialviews.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sklearn', 'pandas', 'numpy', 'scipy') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "classify" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "socialviews", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "classify" in result.stdout


def test_labels_import_and_the_corpus_audit_import_no_sklearn(tmp_path):
    # importing labels checks near-duplicates with the audit's key: plain text functions, no model
    queue = tmp_path / "queue.csv"
    queue.write_text("tweet_id,author,text,label\n"
                     "1,ann,A2 my PLN on twitter is where I learn most #WOL,new_social_learning\n"
                     "2,bob,we pair juniors with mentors and they meet every fortnight,collaborative_learning\n",
                     encoding="utf-8")
    code = (
        "import sys\n"
        "from socialviews.cli import app\n"
        "try:\n"
        f"    app(['labels', 'import', {str(queue)!r}, '--corpus', {str(tmp_path / 'labelled')!r}])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "from socialviews.training.audit import audit\n"
        f"assert audit([{str(tmp_path / 'labelled')!r}])['rows'] == 2\n"
        "print(sorted(m for m in sys.modules if m == 'sklearn' or m.startswith('sklearn.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 imported into ")
    assert result.stdout.strip().splitlines()[-1] == "[]"
