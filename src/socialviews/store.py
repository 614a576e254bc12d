"""The model store: one folder per model (``model.joblib`` + ``manifest.json``) and a pointer file.

Layout::

    models/
      current.json                 {"current": "<id>", "history": ["<older id>", ...]}
      20260301T101500Z-1a2b3c4d/
        model.joblib
        manifest.json              written last: a folder without it is not a model
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.atomic import atomic_write, atomic_write_text
from socialviews.corpus import sha256_file
from socialviews.errors import SocialViewsError
from socialviews.safety import folder_lock

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from socialviews.model import Model

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
POINTER_FILE = "current.json"


def default_models_dir(models_dir: str | Path | None = None) -> Path:
    """``--models-dir`` if given, else ``$SOCIALVIEWS_HOME/models``, else ``./models``."""
    if models_dir:
        return Path(models_dir)
    home = os.environ.get("SOCIALVIEWS_HOME")
    if home:
        return Path(home) / "models"
    return Path("models")


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


class ModelStore:
    """Models on disk, and which one is current.

    Parameters
    ----------
    root : str or Path, optional
        The store folder; see :func:`default_models_dir`.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = default_models_dir(root)

    # -- the pointer ---------------------------------------------------------------------------
    def _pointer(self) -> dict:
        path = self.root / POINTER_FILE
        if not path.exists():
            return {"current": None, "history": []}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise SocialViewsError(f"{path} is damaged; delete it and run `socialviews models promote ID`") from None
        return {"current": data.get("current"), "history": list(data.get("history", []))}

    def _write_pointer(self, pointer: dict) -> None:
        atomic_write_text(self.root / POINTER_FILE, json.dumps(pointer, indent=2) + "\n")

    def current_id(self) -> str | None:
        """The id of the current model, or None when the store has none."""
        return self._pointer()["current"]

    # -- listing -------------------------------------------------------------------------------
    def ids(self) -> list[str]:
        """Ids of every stored model (folders with a manifest), oldest first."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and (p / MANIFEST_FILE).is_file())

    def manifest(self, model_id: str) -> dict:
        """The manifest of one model."""
        path = self.root / model_id / MANIFEST_FILE
        if not path.is_file():
            raise SocialViewsError(f"no model {model_id!r} in {self.root}; `socialviews models list` shows the ids")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise SocialViewsError(f"{path} is not a valid manifest; retrain with `socialviews train`") from None

    def list(self) -> list[dict]:
        """One summary dict per stored model, oldest first."""
        current = self.current_id()
        rows = []
        for model_id in self.ids():
            manifest = self.manifest(model_id)
            cv = manifest.get("cv_metrics") or {}
            rows.append(
                {
                    "model_id": model_id,
                    "current": model_id == current,
                    "created_at": manifest.get("created_at", ""),
                    "rows": manifest.get("training", {}).get("rows", 0),
                    "cv_macro_f1": cv.get("macro_f1"),
                    "eval_macro_f1": (manifest.get("eval_metrics") or {}).get("macro_f1"),
                }
            )
        return rows

    # -- saving --------------------------------------------------------------------------------
    def save(self, pipeline: "Pipeline", manifest: dict, make_current: bool = True) -> str:
        """Store a fitted pipeline with its manifest; return the new model id.

        The model file is written first, then the manifest (with the model's sha256), each atomically,
        in a hidden folder that is renamed into place only when both are complete.
        """
        import joblib

        self.root.mkdir(parents=True, exist_ok=True)
        created = datetime.now(timezone.utc)
        staging = self.root / f".staging-{os.getpid()}-{created:%H%M%S%f}"
        staging.mkdir()
        try:
            with atomic_write(staging / MODEL_FILE, "wb", encoding=None) as handle:
                joblib.dump(pipeline, handle, compress=3)
            digest = sha256_file(staging / MODEL_FILE)
            scorer = _export_scorer(pipeline, staging)
            base_id = f"{created:%Y%m%dT%H%M%SZ}-{digest[:8]}"
            model_id, n = base_id, 1
            while (self.root / model_id).exists():
                n += 1
                model_id = f"{base_id}-{n}"
            manifest = {k: v for k, v in manifest.items() if k not in ("scorer_file", "scorer_sha256")}
            manifest = {**manifest, "model_id": model_id, "model_sha256": digest, "model_file": MODEL_FILE, **scorer}
            manifest.setdefault("created_at", created.strftime("%Y-%m-%dT%H:%M:%SZ"))
            atomic_write_text(staging / MANIFEST_FILE, json.dumps(manifest, indent=2, default=str) + "\n")
            os.replace(staging, self.root / model_id)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if make_current:
            self.promote(model_id)
        return model_id

    # -- pointer moves -------------------------------------------------------------------------
    def promote(self, model_id: str) -> None:
        """Make ``model_id`` current; the previous current model goes on the rollback history."""
        self.manifest(model_id)
        with folder_lock(self.root):  # a concurrent promote or rollback waits: no lost update
            pointer = self._pointer()
            if pointer["current"] == model_id:
                return
            if pointer["current"]:
                pointer["history"].append(pointer["current"])
            pointer["current"] = model_id
            self._write_pointer(pointer)

    def rollback(self) -> str:
        """Make the previously current model current again; return its id."""
        with folder_lock(self.root):
            pointer = self._pointer()
            if not pointer["history"]:
                raise SocialViewsError(f"nothing to roll back to in {self.root}: only one model was ever current")
            pointer["current"] = pointer["history"].pop()
            self._write_pointer(pointer)
            return pointer["current"]

    # -- loading -------------------------------------------------------------------------------
    def load(self, model_id: str | None = None, accept_version_drift: bool = False, scoring_only: bool = False) -> "Model":
        """Load a model (the current one by default), checking its sha256 and library versions.

        With ``scoring_only``, a model stored with its arrays (``scorer.npz``) is opened without
        loading scikit-learn; its pipeline is loaded when first needed.
        """
        model_id = model_id or self.current_id()
        if not model_id:
            raise SocialViewsError(f"no current model in {self.root}; run `socialviews train`")
        if not (self.root / model_id).is_dir():
            raise SocialViewsError(f"no model {model_id!r} in {self.root}; `socialviews models list` shows the ids")
        return load_model_dir(self.root / model_id, accept_version_drift=accept_version_drift, scoring_only=scoring_only)


def load_model(models_dir: str | Path | None = None, model_id: str | None = None, accept_version_drift: bool = False,
               scoring_only: bool = False) -> "Model":
    """The current model of the store; trains and stores the embedded default when there is none.

    Parameters
    ----------
    models_dir : path, optional
        The model store.
    model_id : str, optional
        A specific stored model instead of the current one.
    accept_version_drift : bool
        Load a model saved under another scikit-learn minor version.
    scoring_only : bool
        Open the model for scoring without loading scikit-learn (see :meth:`ModelStore.load`).
    """
    import logging

    store = ModelStore(models_dir)
    if model_id is None and store.current_id() is None:
        from socialviews.train import train

        logging.getLogger("socialviews.train").warning(
            "no model in %s yet: training the default model from the embedded corpus (10 to 20 seconds)", store.root)
        train(models_dir=store.root, cv_folds=0)
    return store.load(model_id, accept_version_drift=accept_version_drift, scoring_only=scoring_only)


class PipelineFile:
    """Loads a stored pipeline when called; small and picklable, so a model sent to workers stays light."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __call__(self) -> "Pipeline":
        import joblib

        try:
            return joblib.load(self.path)
        except Exception as exc:  # a damaged pickle can raise nearly anything
            raise SocialViewsError(
                f"{self.path} cannot be loaded ({type(exc).__name__}); retrain with `socialviews train`"
            ) from None


def _export_scorer(pipeline: "Pipeline", folder: Path) -> dict:
    """Write ``scorer.npz`` for a pipeline that can be served as arrays; its manifest entries."""
    from socialviews.scorer import SCORER_FILE, Scorer

    if not Scorer.supports(pipeline):
        return {}
    with atomic_write(folder / SCORER_FILE, "wb", encoding=None) as handle:
        Scorer.from_pipeline(pipeline).save(handle)
    return {"scorer_file": SCORER_FILE, "scorer_sha256": sha256_file(folder / SCORER_FILE)}


def _sklearn_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scikit-learn")
    except PackageNotFoundError:  # pragma: no cover - scikit-learn is a dependency
        import sklearn

        return sklearn.__version__


def load_model_dir(path: str | Path, accept_version_drift: bool = False, scoring_only: bool = False) -> "Model":
    """Load the model stored in folder ``path``.

    Refuses (with :class:`SocialViewsError`) a folder that is not a model, a model file whose
    sha256 differs from its manifest, and a model saved under another scikit-learn minor version
    unless ``accept_version_drift``.
    """
    from socialviews.model import Model

    path = Path(path)
    manifest_path = path / MANIFEST_FILE
    model_path = path / MODEL_FILE
    if not manifest_path.is_file() or not model_path.is_file():
        raise SocialViewsError(
            f"{path} is not a socialviews model (it needs {MODEL_FILE} and {MANIFEST_FILE}); run `socialviews train`"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        expected = manifest["model_sha256"]
        manifest["labels"]  # required: a manifest without labels is not valid
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError):
        raise SocialViewsError(f"{manifest_path} is not a valid manifest; retrain with `socialviews train`") from None
    if sha256_file(model_path) != expected:
        raise SocialViewsError(
            f"{model_path} does not match the sha256 in its manifest (corrupted or altered); "
            "retrain with `socialviews train` or restore the file"
        )
    saved = manifest.get("versions", {}).get("scikit-learn", "")
    installed = _sklearn_version()
    if saved and _minor(saved) != _minor(installed) and not accept_version_drift:
        raise SocialViewsError(
            f"model {path.name} was saved with scikit-learn {saved} but {installed} is installed; "
            "rebuild it with `socialviews train` (under a minute) or pass --accept-version-drift"
        )

    load_pipeline = PipelineFile(str(model_path))
    scorer_path = path / str(manifest.get("scorer_file", ""))
    if scoring_only and manifest.get("scorer_file") and scorer_path.is_file():
        from socialviews.scorer import Scorer

        if sha256_file(scorer_path) != manifest.get("scorer_sha256"):
            raise SocialViewsError(
                f"{scorer_path} does not match the sha256 in its manifest (corrupted or altered); "
                "retrain with `socialviews train` or restore the file"
            )
        try:
            scorer = Scorer.load(scorer_path)
        except Exception as exc:  # a damaged file can raise nearly anything
            raise SocialViewsError(f"{scorer_path} cannot be loaded ({type(exc).__name__}); retrain with `socialviews train`") from None
        return Model(None, manifest, path=path, scorer=scorer, loader=load_pipeline)
    try:
        return Model(load_pipeline(), manifest, path=path)
    except ValueError as exc:
        raise SocialViewsError(f"{model_path} cannot be loaded ({exc}); retrain with `socialviews train`") from None
