"""The model to classify with: the store's current one, or the embedded default, trained on first use.

Light on purpose: loading a stored model for scoring imports neither scikit-learn nor pandas.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from socialviews.core.errors import UsageError
from socialviews.core.words import counted
from socialviews.model.store import ModelStore

if TYPE_CHECKING:
    from socialviews.model.model import Model


def load_model(models_dir: str | Path | None = None, model_id: str | None = None, accept_version_drift: bool = False,
               scoring_only: bool = False, allow_pickle: bool = False) -> Model:
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
    allow_pickle : bool
        Load the pipeline of a model this user did not write (its pickle runs whatever code it holds).
    """
    store = ModelStore(models_dir)
    if model_id is None and store.current_id() is None:
        from socialviews.files.safety import refuse_unwritable_folder
        from socialviews.training.train import train

        stored = store.ids()
        if stored:  # an imported or --no-promote model: the user chooses, nothing is trained behind it
            raise UsageError(f"{store.root} holds {counted(len(stored), 'model')} but none is current; run "
                             f"`socialviews models promote {stored[-1]}` (or pass --model ID)")

        refuse_unwritable_folder(store.root, "the model store (--models-dir)")

        logging.getLogger("socialviews.training.train").warning(
            "no model in %s yet: training the default model from the embedded corpus (one to three minutes)", store.root)
        train(models_dir=store.root, cv_folds=0)
    return store.load(model_id, accept_version_drift=accept_version_drift, scoring_only=scoring_only,
                      allow_pickle=allow_pickle)
