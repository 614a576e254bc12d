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
