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

from socialviews.core.atomic import atomic_write, atomic_write_text
from socialviews.core.digest import sha256_file
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.files.safety import folder_lock

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from socialviews.model.model import Model

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


TRUST_KEY_FILE = "trust.key"


def trust_key_path() -> Path:
    """The key that signs the models this user writes: ``$XDG_CONFIG_HOME/socialviews/trust.key``
    (``~/.config/socialviews/trust.key``). It lives outside every store, so a store that is sent
    or copied never carries it."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "socialviews" / TRUST_KEY_FILE


def _trust_key(create: bool = False) -> bytes | None:
    path = trust_key_path()
    for _ in range(2):
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
            return key if len(key) >= 16 else None
        except FileNotFoundError:
            if not create:
                return None
        except (OSError, ValueError):
            return None
        import logging
        import secrets

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: read theirs
            continue
        except OSError as exc:
            logging.getLogger(__name__).warning(
                "cannot create %s (%s): the model is stored unsigned, and its pipeline will need --allow-pickle",
                path, exc.strerror)
            return None
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return None


def _signature(key: bytes, model_sha256: str) -> str:
    import hashlib
    import hmac

    return hmac.new(key, f"socialviews-model:{model_sha256}".encode(), hashlib.sha256).hexdigest()


def sign_manifest(manifest: dict) -> dict:
    """``manifest`` with a ``signature``: an HMAC of its model's sha256 under this user's key."""
    key = _trust_key(create=True)
    if key is None:
        return manifest
    return {**manifest, "signature": _signature(key, str(manifest["model_sha256"]))}


def written_by_this_user(manifest: dict) -> bool:
    """True when the manifest's signature was made with this user's key (the model was trained or
    imported here); a folder copied from elsewhere, or edited, is not."""
    import hmac

    key = _trust_key()
    signature, digest = manifest.get("signature"), manifest.get("model_sha256")
    if key is None or not isinstance(signature, str) or not isinstance(digest, str):
        return False
    return hmac.compare_digest(signature, _signature(key, digest))


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
            cv = manifest.get("cv_metrics") if isinstance(manifest.get("cv_metrics"), dict) else {}
            training = manifest.get("training") if isinstance(manifest.get("training"), dict) else {}
            evaluation = manifest.get("eval_metrics") if isinstance(manifest.get("eval_metrics"), dict) else {}
            rows.append(
                {
                    "model_id": model_id,
                    "current": model_id == current,
                    "created_at": str(manifest.get("created_at", "")),
                    "rows": training.get("rows", 0),
                    "cv_macro_f1": _number(cv.get("macro_f1")),
                    "eval_macro_f1": _number(evaluation.get("macro_f1")),
                }
            )
        return rows

    # -- saving --------------------------------------------------------------------------------
    def save(self, pipeline: Pipeline, manifest: dict, make_current: bool = True) -> str:
        """Store a fitted pipeline with its manifest; return the new model id.

        The model file is written first, then the manifest (with the model's sha256), each atomically,
        in a hidden folder that is renamed into place only when both are complete.
        """
        import joblib

        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stale_staging()
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
            manifest = {k: v for k, v in manifest.items() if k != "signature"}
            manifest = {**manifest, "model_id": model_id, "model_sha256": digest, "model_file": MODEL_FILE, **scorer}
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
                raise SocialViewsError(f"nothing to roll back to in {self.root}: only one model was ever current")
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


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


#: Where the classes of a stored pipeline lived in models saved by earlier releases.
MOVED_MODULES = {"socialviews.normalise": "socialviews.model.normaliser"}


def _alias_moved_modules() -> None:
    """Let pickles of earlier releases find their classes at their new homes."""
    import importlib
    import sys

    for old, new in MOVED_MODULES.items():
        if old not in sys.modules:
            sys.modules[old] = importlib.import_module(new)


class PipelineFile:
    """Loads a stored pipeline when called; small and picklable, so a model sent to workers stays light.

    ``trusted`` is False for a model this user did not write: calling it then refuses to unpickle.
    """

    def __init__(self, path: str, trusted: bool = True) -> None:
        self.path = path
        self.trusted = trusted

    def __call__(self) -> Pipeline:
        import joblib
        from sklearn.pipeline import Pipeline

        if not self.trusted:
            raise SocialViewsError(
                f"{self.path} was not written by socialviews for this user (its manifest has no valid signature), "
                "and loading it would run any code it holds; retrain with `socialviews train`, import a .skops "
                "export, or pass --allow-pickle if you made it yourself"
            )
        _alias_moved_modules()
        try:
            pipeline = joblib.load(self.path)
        except Exception as exc:  # a damaged pickle can raise nearly anything
            raise SocialViewsError(
                f"{self.path} cannot be loaded ({type(exc).__name__}); retrain with `socialviews train`"
            ) from None
        if not isinstance(pipeline, Pipeline):
            raise SocialViewsError(f"{self.path} does not hold a model pipeline; retrain with `socialviews train`")
        return pipeline


def _export_scorer(pipeline: Pipeline, folder: Path) -> dict:
    """Write ``scorer.npz`` for a pipeline that can be served as arrays; its manifest entries."""
    from socialviews.model.scorer import SCORER_FILE, Scorer

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


def load_model_dir(path: str | Path, accept_version_drift: bool = False, scoring_only: bool = False,
                   allow_pickle: bool = False) -> Model:
    """Load the model stored in folder ``path``.

    Refuses (with :class:`SocialViewsError`) a folder that is not a model, a model file whose
    sha256 differs from its manifest, and a model saved under another scikit-learn minor version
    unless ``accept_version_drift``. Its pipeline (a pickle) is loaded only when the manifest is
    signed by this user or with ``allow_pickle``; ``scorer.npz`` (plain arrays) always can be.
    """
    from socialviews.model.model import Model

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
        labels = manifest["labels"]  # required: a manifest without labels is not valid
        if not isinstance(labels, list) or not labels or not all(isinstance(label, str) for label in labels):
            raise TypeError
        if not isinstance(manifest.get("config", {}), dict) or not isinstance(manifest.get("versions", {}), dict):
            raise TypeError
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, RecursionError):
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

    load_pipeline = PipelineFile(str(model_path), trusted=allow_pickle or written_by_this_user(manifest))
    scorer_path = path / str(manifest.get("scorer_file", ""))
    if scoring_only and manifest.get("scorer_file") and scorer_path.is_file():
        from socialviews.model.scorer import Scorer

        if sha256_file(scorer_path) != manifest.get("scorer_sha256"):
            raise SocialViewsError(
                f"{scorer_path} does not match the sha256 in its manifest (corrupted or altered); "
                "retrain with `socialviews train` or restore the file"
            )
        try:
            scorer = Scorer.load(scorer_path)
            return Model(None, manifest, path=path, scorer=scorer, loader=load_pipeline)
        except Exception as exc:  # a damaged file can raise nearly anything
            raise SocialViewsError(f"{scorer_path} cannot be loaded ({type(exc).__name__}); retrain with `socialviews train`") from None
    try:
        return Model(load_pipeline(), manifest, path=path)
    except (ValueError, TypeError, AttributeError) as exc:
        raise SocialViewsError(f"{model_path} cannot be loaded ({exc}); retrain with `socialviews train`") from None
