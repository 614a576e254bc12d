"""The command line: thin typer wrappers over the library functions, one module per command group.

Heavy libraries (scikit-learn, pandas) are imported inside the commands, so ``--help`` stays fast.
``app`` is the typer app, ``main`` the console script.
"""

from __future__ import annotations

from socialviews.cli.app import app, main

__all__ = ["app", "main"]
