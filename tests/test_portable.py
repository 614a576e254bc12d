import subprocess
import sys
import textwrap

import numpy as np
import pytest

from socialviews.core.errors import SocialViewsError
from socialviews.model.portable import TRUSTED_TYPES, export_model, import_model
from socialviews.model.store import ModelStore

PROBE = ["give every new starter a buddy", "my PLN on twitter", "Q1 hello all"]


def test_trust_list_is_empty_for_our_pipeline():
    assert TRUSTED_TYPES == []


def test_export_then_import_gives_identical_predictions(trained_store, tmp_path):
    source = ModelStore(trained_store)
    path = export_model(source, None, tmp_path / "m.skops")
    target = ModelStore(tmp_path / "other")
    model_id = import_model(path, target, make_current=True)
    imported = target.load()
    assert imported.model_id == model_id
    assert imported.manifest["imported_from"]["model_id"] == source.current_id()
    np.testing.assert_array_equal(imported.predict_proba(PROBE), source.load().predict_proba(PROBE))


def test_pickle_is_refused_without_allow_pickle(trained_store, tmp_path):
    store = ModelStore(trained_store)
    joblib_file = store.root / store.current_id() / "model.joblib"
    with pytest.raises(SocialViewsError, match="--allow-pickle"):
        import_model(joblib_file, ModelStore(tmp_path / "x"))
    assert import_model(joblib_file, ModelStore(tmp_path / "x"), allow_pickle=True)


@pytest.mark.slow
def test_tampered_skops_file_is_refused_without_running_its_code(trained_store, tmp_path):
    """A skops file carrying a foreign type is refused before any of its code runs."""
    evil = tmp_path / "evilmod.py"
    marker = tmp_path / "ran.txt"
    evil.write_text(textwrap.dedent(f"""
        class Payload:
            def __init__(self):
                self.x = 1
            def __setstate__(self, state):
                open({str(marker)!r}, "w").write("code ran")
                self.__dict__.update(state)
    """))
    export_model(ModelStore(trained_store), None, tmp_path / "good.skops")
    build = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(tmp_path)!r})
        import skops.io as sio, evilmod
        payload = sio.load({str(tmp_path / 'good.skops')!r}, trusted=sio.get_untrusted_types(file={str(tmp_path / 'good.skops')!r}))
        payload["pipeline"].steps.append(("evil", evilmod.Payload()))
        sio.dump(payload, {str(tmp_path / 'bad.skops')!r})
    """)
    subprocess.run([sys.executable, "-c", build], check=True)
    assert not marker.exists()
    run = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(tmp_path)!r})
        from socialviews.cli import app
        app(["models", "import", {str(tmp_path / 'bad.skops')!r}, "--models-dir", {str(tmp_path / 'store')!r}])
    """)
    result = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True)
    assert result.returncode == 1
    assert "evilmod.Payload" in result.stderr and "not trusted" in result.stderr
    assert "Traceback" not in result.stderr
    assert not marker.exists()
    assert not (tmp_path / "store").exists() or not ModelStore(tmp_path / "store").ids()


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "x.skops"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(SocialViewsError, match="not a skops model file"):
        import_model(path, ModelStore(tmp_path / "s"))


def test_an_imported_model_keeps_its_id(trained_store, tmp_path, runner):
    from tests.conftest import invoke

    source = ModelStore(trained_store)
    path = export_model(source, None, tmp_path / "m.skops")
    result = invoke(runner, ["models", "import", path, "--promote", "--models-dir", tmp_path / "other"])
    assert result.exception is None and result.exit_code == 0, result.output
    assert result.stdout == f"{source.current_id()}\n"
    target = ModelStore(tmp_path / "other")
    assert target.ids() == [source.current_id()] and target.current_id() == source.current_id()
    listed = invoke(runner, ["models", "list", "--models-dir", tmp_path / "other"])
    assert listed.stdout.startswith(f"* {source.current_id()}  ")


def test_importing_a_model_the_store_holds_imports_nothing(trained_store, tmp_path, runner):
    from tests.conftest import invoke

    source = ModelStore(trained_store)
    path = export_model(source, None, tmp_path / "m.skops")
    target = tmp_path / "other"
    assert import_model(path, ModelStore(target)) == source.current_id()
    before = (target / source.current_id() / "manifest.json").read_bytes()
    again = invoke(runner, ["models", "import", path, "--models-dir", target])
    assert again.exception is None and again.exit_code == 0, again.output
    assert again.stdout == f"{source.current_id()}\n"
    assert f"model {source.current_id()} is already in {target}; nothing imported" in again.stderr
    assert ModelStore(target).ids() == [source.current_id()]
    assert (target / source.current_id() / "manifest.json").read_bytes() == before
    # back into the store it was exported from: the same model, already there
    assert import_model(path, source) == source.current_id() and source.ids() == [source.current_id()]


def test_a_different_model_under_the_same_id_is_refused(trained_store, tiny_corpus, tmp_path, runner):
    from socialviews.core.config import ModelConfig
    from socialviews.training.train import train
    from tests.conftest import invoke

    source = ModelStore(trained_store)
    path = export_model(source, None, tmp_path / "m.skops")
    target = ModelStore(tmp_path / "other")
    other = train([tiny_corpus], models_dir=target.root, cv_folds=0, config=ModelConfig(seed=7))["model_id"]
    (target.root / other).rename(target.root / source.current_id())
    result = invoke(runner, ["models", "import", path, "--models-dir", target.root])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "already has a different model of that id" in result.stderr
    assert "--models-dir" in result.stderr
    assert target.ids() == [source.current_id()]


def test_a_model_imported_without_promote_is_not_passed_over_by_training_a_new_one(trained_store, tmp_path, runner):
    from tests.conftest import invoke

    source = ModelStore(trained_store)
    path = export_model(source, None, tmp_path / "m.skops")
    assert invoke(runner, ["models", "import", path, "--models-dir", tmp_path / "other"]).exit_code == 0
    chat = tmp_path / "chat.csv"
    chat.write_text("tweet_id,text\n1,A1 buddies for every new starter\n", encoding="utf-8")
    result = invoke(runner, ["classify", chat, "-o", tmp_path / "o.csv", "--models-dir", tmp_path / "other"])
    assert result.exit_code == 2, result.output
    assert f"holds 1 model but none is current; run `socialviews models promote {source.current_id()}`" in result.stderr
    assert ModelStore(tmp_path / "other").ids() == [source.current_id()]  # nothing was trained


@pytest.mark.parametrize("name", ["m.joblib", "m.pkl", "m.zip"])
def test_export_names_its_file_skops_so_import_reads_it_as_such(trained_store, tmp_path, name):
    with pytest.raises(SocialViewsError, match=r"a model is exported as a \.skops file; name it m\.skops"):
        export_model(ModelStore(trained_store), None, tmp_path / name)
    assert not (tmp_path / name).exists()
