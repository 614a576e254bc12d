"""The model store: one folder per model (``model.joblib``, ``scorer.npz``, ``manifest.json``) and a pointer file.

Layout::

    models/
      current.json                 {"current": "<id>", "history": ["<older id>", ...]}
      20260301T101500Z-1a2b3c4d/
        model.joblib
        scorer.npz                 the same model as plain arrays, kept when it scores as the pipeline does
        manifest.json              written last: a folder without it is not a model
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.atomic import atomic_write, atomic_write_text
from socialviews.core.config import MODELS_FOLDER, home_folder
from socialviews.core.digest import sha256_file
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.files.safety import folder_lock
from socialviews.model.loading import MANIFEST_FILE, MODEL_FILE, PipelineFile, load_model_dir
from socialviews.model.signing import sign_manifest, trust_key_path, written_by_this_user

__all__ = ["MANIFEST_FILE", "MODEL_FILE", "POINTER_FILE", "ModelStore", "PipelineFile", "cv_macro_f1",
           "default_models_dir", "is_model_id", "load_model_dir", "sign_manifest", "trust_key_path", "written_by_this_user"]

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sklearn.pipeline import Pipeline

    from socialviews.model.model import Model
POINTER_FILE = "current.json"
#: The ids :meth:`ModelStore.save` makes: when the model was saved (UTC), the start of its model file's sha256.
MADE_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}(-\d+)?")


def default_models_dir(models_dir: str | Path | None = None) -> Path:
    """``--models-dir`` if given, else ``$SOCIALVIEWS_HOME/models``, else ``./models``."""
    return home_folder(MODELS_FOLDER, models_dir)


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
        damaged = f"{path} is damaged; delete it and run `socialviews models promote ID`"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            raise SocialViewsError(damaged) from None
        if not isinstance(data, dict):
            raise SocialViewsError(damaged)
        current, history = data.get("current"), data.get("history", [])
        if not isinstance(history, list) or not all(isinstance(item, str) for item in history):
            raise SocialViewsError(damaged)
        if current is not None and not isinstance(current, str):
            raise SocialViewsError(damaged)
        for model_id in ([current] if current else []) + history:
            if not is_model_id(model_id):
                raise SocialViewsError(f"{path} names {model_id!r}, which is not a model id of this store; "
                                       "delete it and run `socialviews models promote ID`")
        return {"current": current, "history": list(history)}

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
        return sorted(p.name for p in self.root.iterdir()
                      if is_model_id(p.name) and p.is_dir() and not p.is_symlink() and (p / MANIFEST_FILE).is_file())

    def folder(self, model_id: str) -> Path:
        """The folder of a model: ``model_id`` must be one name inside the store, nothing else."""
        if not isinstance(model_id, str) or not is_model_id(model_id):
            raise UsageError(
                f"{model_id!r} is not a model id: an id is one name in the store (as `socialviews models list` "
                "shows), not a path; to use a model from elsewhere, `socialviews models import` it")
        path = self.root / model_id
        if path.is_symlink():
            raise SocialViewsError(f"{path} is a link, not a model folder of this store; `socialviews models import` the model it points to")
        return path

    def manifest(self, model_id: str) -> dict:
        """The manifest of one model."""
        path = self.folder(model_id) / MANIFEST_FILE
        if not path.is_file():
            raise SocialViewsError(f"no model {model_id!r} in {self.root}; `socialviews models list` shows the ids")
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            raise SocialViewsError(f"{path} is not a valid manifest; retrain with `socialviews train`") from None
        if not isinstance(manifest, dict):
            raise SocialViewsError(f"{path} is not a valid manifest; retrain with `socialviews train`")
        return manifest

    def list(self) -> list[dict]:
        """One summary dict per stored model, oldest first."""
        current = self.current_id()
        rows = []
        for model_id in self.ids():
            try:
                manifest = self.manifest(model_id)
            except SocialViewsError:
                manifest = {}
            training = manifest.get("training") if isinstance(manifest.get("training"), dict) else {}
            evaluation = manifest.get("eval_metrics") if isinstance(manifest.get("eval_metrics"), dict) else {}
            rows.append(
                {
                    "model_id": model_id,
                    "current": model_id == current,
                    "created_at": str(manifest.get("created_at", "")),
                    "rows": training.get("rows", 0),
                    "cv_macro_f1": cv_macro_f1(manifest),
                    "eval_macro_f1": _number(evaluation.get("macro_f1")),
                }
            )
        return rows

    # -- saving --------------------------------------------------------------------------------
    def save(self, pipeline: Pipeline, manifest: dict, make_current: bool = True,
             training_texts: Sequence[str] | None = None, model_id: str | None = None) -> str:
        """Store a fitted pipeline with its manifest; return the new model id.

        The model file is written first, then the manifest (with the model's sha256), each atomically,
        in a hidden folder that is renamed into place only when both are complete. The model's
        arrays (``scorer.npz``, which ``classify`` scores with) are kept only when they give the
        pipeline's probabilities and labels on a probe set (see :mod:`socialviews.model.fastpath`);
        the manifest's ``fast_path`` says what that check found.

        Parameters
        ----------
        pipeline : sklearn.pipeline.Pipeline
            The fitted pipeline.
        manifest : dict
            What to store beside it (at least ``labels``).
        make_current : bool
            Point the store at the new model.
        training_texts : sequence of str, optional
            The texts the pipeline was fitted on: a sample of them joins the probe set.
        model_id : str, optional
            Keep this id (one that a store made, see :data:`MADE_ID`) instead of making a new one: a
            model moved from another store. The store must not hold a model of that id yet.
        """
        import joblib

        from socialviews.model.fastpath import export_fast_path

        if model_id is not None and not MADE_ID.fullmatch(model_id):
            raise ValueError(f"{model_id!r} is not a model id that a store makes")
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stale_staging()
        created = datetime.now(timezone.utc)
        staging = self.root / f".staging-{os.getpid()}-{created:%H%M%S%f}"
        staging.mkdir()
        try:
            with atomic_write(staging / MODEL_FILE, "wb", encoding=None) as handle:
                joblib.dump(pipeline, handle, compress=3)
            digest = sha256_file(staging / MODEL_FILE)
            fast_path = export_fast_path(pipeline, staging, manifest, training_texts)
            if model_id is None:
                base_id = f"{created:%Y%m%dT%H%M%SZ}-{digest[:8]}"
                model_id, n = base_id, 1
                while (self.root / model_id).exists():
                    n += 1
                    model_id = f"{base_id}-{n}"
            elif (self.root / model_id).exists():
                raise UsageError(f"a model {model_id} is already in {self.root}; `socialviews models show "
                                 f"{model_id}` shows it")
            manifest = {k: v for k, v in manifest.items()
                        if k not in ("scorer_file", "scorer_sha256", "fast_path", "signature")}
            manifest = {**manifest, "model_id": model_id, "model_sha256": digest, "model_file": MODEL_FILE, **fast_path}
            manifest.setdefault("created_at", created.strftime("%Y-%m-%dT%H:%M:%SZ"))
            manifest = sign_manifest(manifest)
            atomic_write_text(staging / MANIFEST_FILE, json.dumps(manifest, indent=2, default=str) + "\n")
            os.replace(staging, self.root / model_id)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if make_current:
            self.promote(model_id)
        return model_id

    def _remove_stale_staging(self) -> None:
        """Remove the staging folders of saves that were killed (their process is gone)."""
        for path in self.root.glob(".staging-*"):
            pid = path.name.split("-")[1]
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(path, ignore_errors=True)
            except OSError:
                continue

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
                raise SocialViewsError(f"nothing to roll back to in {self.root}: no model was current before "
                                       f"{pointer['current']}; `models promote ID` makes any stored model current")
            pointer["current"] = pointer["history"].pop()
            self._write_pointer(pointer)
            return pointer["current"]

    # -- loading -------------------------------------------------------------------------------
    def load(self, model_id: str | None = None, accept_version_drift: bool = False, scoring_only: bool = False,
             allow_pickle: bool = False) -> Model:
        """Load a model (the current one by default), checking its sha256 and library versions.

        With ``scoring_only``, a model stored with its arrays (``scorer.npz``) is opened without
        loading scikit-learn; its pipeline is loaded when first needed. The pipeline (a pickle) is
        loaded only from a model this user wrote (see :func:`written_by_this_user`), or with
        ``allow_pickle``.
        """
        model_id = model_id or self.current_id()
        if not model_id:
            raise SocialViewsError(f"no current model in {self.root}; run `socialviews train`")
        folder = self.folder(model_id)
        if not folder.is_dir():
            raise SocialViewsError(f"no model {model_id!r} in {self.root}; `socialviews models list` shows the ids")
        return load_model_dir(folder, accept_version_drift=accept_version_drift, scoring_only=scoring_only,
                              allow_pickle=allow_pickle)


def is_model_id(model_id: str) -> bool:
    """True for one plain name (no folder, no ``..``, not hidden): the only ids a store holds."""
    return (bool(model_id) and model_id == Path(model_id).name and not model_id.startswith(".")
            and "/" not in model_id and "\\" not in model_id and "\x00" not in model_id)


def cv_macro_f1(manifest: dict) -> float | None:
    """The cross-validated macro-F1 that models are compared by: one kind for every model.

    It is the grouped cross-validation of the labels the model calls, its decision rule applied
    (the manifest's ``decision_cv_metrics``), which every model fitted with a decision rule has,
    whether or not it was trained with ``--cv``. The manifest's ``cv_metrics`` (``train --cv K``:
    the most probable label of the same folds) is another kind and is not used here.

    Returns
    -------
    float or None
        None for a model stored without it (its decision rule was not fitted, or it predates them).
    """
    scores = manifest.get("decision_cv_metrics")
    return _number(scores.get("macro_f1")) if isinstance(scores, dict) else None


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
