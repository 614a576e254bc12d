"""The one domain exception, turned into a one-line message and an exit code by the CLI."""

from __future__ import annotations

#: Exit codes of the command line, documented in the README.
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_TOO_MANY_REJECTS = 3
EXIT_INTERRUPTED = 130


class SocialViewsError(Exception):
    """An expected failure: bad input, unknown format, a model that is refused.

    Parameters
    ----------
    message : str
        One line that says what is wrong and what to do about it.
    exit_code : int, default=1
        The exit code the command line ends with.
    """

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def __reduce__(self):
        return type(self), (str(self), self.exit_code)  # keeps the exit code across worker processes
