"""Loading a stored model from its folder: checksums, library versions, the pipeline or its arrays."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.digest import sha256_file
from socialviews.core.errors import SocialViewsError
from socialviews.model.signing import written_by_this_user

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from socialviews.model.model import Model

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


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
