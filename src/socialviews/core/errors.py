"""The library's exceptions: what went wrong, in one line that says what to do.

They carry no exit code: the command line alone maps each class to its exit code and prints the
message (``socialviews.cli.errors``). They pickle as their class and message, so an error raised in a
worker process reaches the main process unchanged.
"""

from __future__ import annotations


class SocialViewsError(Exception):
    """An expected failure: bad input, unknown format, a model that is refused.

    Parameters
    ----------
    message : str
        One line that says what is wrong and what to do about it.
    """


class UsageError(SocialViewsError):
    """An argument or option value the function cannot take (an unknown format, a bad ``--max-rejects``,
    an output path that is an input): the caller, not the data, has to change."""


class TooManyRejectsError(SocialViewsError):
    """More records could not be read than the caller allowed (``max_rejects``)."""
