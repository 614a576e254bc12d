"""socialviews: which view on social learning does each tweet of a chat hold?

The package imports nothing heavy at import time; the names below load their modules on first use::

    import socialviews as sv
    tweets = sv.read_chat("export.jsonl")
    model = sv.load_model()
    result = model.classify(tweets)
"""

from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
    "read_chat": "socialviews.readers",
    "read_inputs": "socialviews.readers",
    "load_model": "socialviews.training.default",
    "train": "socialviews.training.train",
    "evaluate": "socialviews.training.evaluate",
    "build_report": "socialviews.report.html",
    "classify_files": "socialviews.engine.local",
    "load_taxonomy": "socialviews.core.taxonomy",
    "ModelStore": "socialviews.model.store",
    "ModelConfig": "socialviews.core.config",
    "Model": "socialviews.model.model",
    "SocialViewsError": "socialviews.core.errors",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'socialviews' has no attribute {name!r}")
