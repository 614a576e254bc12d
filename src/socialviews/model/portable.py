"""Moving models between machines as skops files, which load without running any code.

A socialviews model is a pipeline whose first step, the tweet normaliser, is code of this
package and holds no learned state. An exported file therefore holds the fitted feature union
and classifier (plain scikit-learn types that skops trusts by default) and the manifest; on
import the normaliser is rebuilt from the manifest's configuration. Nothing outside
:data:`TRUSTED_TYPES` is ever loaded, and that list is empty for our pipeline.
"""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

from socialviews.core.atomic import atomic_write_bytes
from socialviews.core.errors import SocialViewsError, UsageError
from socialviews.files.safety import printable
from socialviews.model.store import MADE_ID, ModelStore

log = logging.getLogger(__name__)

#: Types beyond skops' defaults that an imported file may contain. Empty: our pipeline needs none.
TRUSTED_TYPES: list[str] = []
PICKLE_SUFFIXES = {".joblib", ".pkl", ".pickle"}


def export_model(store: ModelStore, model_id: str | None, path: str | Path, allow_pickle: bool = False) -> Path:
    """Write a stored model (the current one by default) to a ``.skops`` file."""
    import skops.io as sio
    from sklearn.pipeline import Pipeline

    path = Path(path)
    if path.suffix.lower() != ".skops":
        # the name tells `models import` how to read the file: a .joblib or .pkl name reads as a pickle
        raise UsageError(f"{printable(path)}: a model is exported as a .skops file; name it {printable(path.stem)}.skops")
    model = store.load(model_id, allow_pickle=allow_pickle)
    learned = Pipeline(model.pipeline.steps[1:])
    payload = {"format": "socialviews-model", "manifest": json.dumps(model.manifest), "pipeline": learned}
    atomic_write_bytes(path, sio.dumps(payload, compression=zipfile.ZIP_DEFLATED))
    return path


def _already_stored(store: ModelStore, model_id: str, model_sha256: str | None, path: Path) -> bool:
    """True when ``store`` holds ``model_id`` as this very model (the one whose model file had
    ``model_sha256`` where it was saved); False when it holds no model of that id.

    Raises
    ------
    UsageError
        When ``store`` holds another model under ``model_id``.
    """
    if not MADE_ID.fullmatch(model_id) or not (store.root / model_id).exists():
        return False
    try:
        held = store.manifest(model_id)
    except SocialViewsError:
        held = {}
    origin = held.get("imported_from") if isinstance(held.get("imported_from"), dict) else {}
    if model_sha256 and model_sha256 in (held.get("model_sha256"), origin.get("model_sha256")):
        return True
    raise UsageError(f"{path} holds model {model_id}, but {store.root} already has a different model of that id; "
                     "import it into another store (--models-dir), or move that folder out of the store first")


def _store(store: ModelStore, pipeline, manifest: dict, path: Path) -> str:
    """Save an imported model under the id it had where it was saved; return the id."""
    original_id = str(manifest.get("model_id") or "")
    original_sha = manifest.get("model_sha256")
    if _already_stored(store, original_id, original_sha, path):
        log.info("model %s is already in %s; nothing imported", original_id, store.root)
        return original_id
    keep = original_id if MADE_ID.fullmatch(original_id) else None
    if keep is None:
        log.warning("%s names no model id a store makes (%r): the model gets a new id", path, original_id)
    manifest = {k: v for k, v in manifest.items() if k not in {"model_id", "model_sha256"}}
    manifest["imported_from"] = {"file": path.name, "model_id": original_id, "model_sha256": original_sha}
    return store.save(pipeline, manifest, make_current=False, model_id=keep)


def _import_pickle(path: Path, store: ModelStore) -> str:
    from socialviews.model.store import load_model_dir

    folder = path.parent
    model = load_model_dir(folder, allow_pickle=True)  # checks sha256 and versions; the user vouched for the pickle
    return _store(store, model.pipeline, {"model_id": folder.name, **model.manifest}, path)


def import_model(path: str | Path, store: ModelStore, *, allow_pickle: bool = False, make_current: bool = False) -> str:
    """Add a model from a ``.skops`` file (or, with ``allow_pickle``, a foreign model folder) to the store.

    The model keeps the id it had where it was saved, so both stores name it alike. A model that is
    already in ``store`` is not imported again (its id is returned); another model under the same id
    is refused.

    Parameters
    ----------
    path : path
        A file written by :func:`export_model`; with ``allow_pickle``, also a ``model.joblib`` next to
        its ``manifest.json``.
    store : ModelStore
    allow_pickle : bool
        Accept a pickle-based model file. Loading a pickle runs code chosen by whoever wrote it: only
        for files you made yourself.
    make_current : bool
        Promote the imported model.

    Returns
    -------
    str
        The id of the imported model in ``store``.

    Raises
    ------
    UsageError
        When ``store`` holds a different model under the imported model's id.
    """
    import skops.io as sio
    from sklearn.pipeline import Pipeline

    from socialviews.core.config import ModelConfig
    from socialviews.model.model import Model
    from socialviews.model.normaliser import TweetNormaliser

    path = Path(path)
    if not path.is_file():
        raise SocialViewsError(f"model file not found: {path}")
    if path.suffix.lower() in PICKLE_SUFFIXES:
        if not allow_pickle:
            raise SocialViewsError(
                f"{path} is a pickle, which runs code when loaded; import .skops files (`socialviews models export`) "
                "or pass --allow-pickle for a file you made yourself"
            )
        model_id = _import_pickle(path, store)
    else:
        data = path.read_bytes()
        try:
            untrusted = sio.get_untrusted_types(data=data)
        except Exception as exc:  # not a zip, not a skops schema: refuse whatever it is
            raise SocialViewsError(f"{path} is not a skops model file ({type(exc).__name__})") from None
        extra = sorted(set(untrusted) - set(TRUSTED_TYPES))
        if extra:
            raise SocialViewsError(
                f"{path} holds types that are not trusted ({', '.join(extra[:5])}); it was not loaded. "
                "Only import models exported by `socialviews models export`"
            )
        try:
            payload = sio.loads(data, trusted=TRUSTED_TYPES)
            manifest = json.loads(payload["manifest"])
            learned = payload["pipeline"]
        except Exception as exc:
            raise SocialViewsError(f"{path} is not a socialviews model export ({type(exc).__name__})") from None
        if not isinstance(learned, Pipeline) or not isinstance(manifest, dict) or "labels" not in manifest:
            raise SocialViewsError(f"{path} is not a socialviews model export")
        try:
            config = ModelConfig.from_dict(manifest.get("config", {}))
            pipeline = Pipeline([("normalise", TweetNormaliser(chat_hashtags=tuple(config.chat_hashtags))), *learned.steps])
            Model(pipeline, manifest)  # validates labels against the classifier
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            raise SocialViewsError(f"{path} is not a valid socialviews model export: its manifest does not match its "
                                   f"model ({type(exc).__name__})") from None
        model_id = _store(store, pipeline, manifest, path)
    if make_current:
        store.promote(model_id)
    return model_id
