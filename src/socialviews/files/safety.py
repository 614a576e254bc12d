"""Guards against careless and hostile use: outputs that would replace inputs, concurrent writers,
termination signals, and control characters echoed from untrusted files."""

from __future__ import annotations

import contextlib
import os
import re
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path

from socialviews.core.errors import UsageError

# C0 and C1 control characters (tab and newline included: a message is one line), DEL, and the
# bidirectional overrides and isolates, which can make text read differently from what it is.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with control characters (terminal escapes among them) replaced by ``?``, for messages."""
    return _CONTROL.sub("?", str(text))


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_stdin(path: str | Path) -> bool:
    """Whether ``path`` is the file this process reads on stdin (``< path``)."""
    try:
        stdin, target = os.fstat(0), os.stat(path)
    except OSError:
        return False
    return (stdin.st_dev, stdin.st_ino) == (target.st_dev, target.st_ino)


def refuse_overwriting_inputs(files: Iterable[str], output: str | Path | None, rejects: str | Path | None) -> None:
    """Refuse (exit 2) an output or rejects file that is one of the inputs, or a rejects file that is the output.

    ``files`` are the names from :func:`~socialviews.files.sources.expand_inputs`; members of a
    .zip are compared through the .zip file.
    """
    from socialviews.files.sources import ZIP_SEPARATOR

    files = list(files)
    paths = [name.split(ZIP_SEPARATOR, 1)[0] if ZIP_SEPARATOR in name and not Path(name).exists() else name
             for name in files if name != "-"]
    for option, target in (("-o", output), ("--rejects", rejects)):
        if target is None or str(target) == "-":
            continue
        for path in paths:
            if _same(target, path) or os.path.abspath(target) == os.path.abspath(path):
                raise UsageError(f"{option} {printable(target)} is an input; write the result to another file")
        if "-" in files and _is_stdin(target):
            raise UsageError(f"{option} {printable(target)} is the file on stdin; write the result to another file")
    if output is not None and rejects is not None and str(output) != "-" and (
            _same(output, rejects) or os.path.abspath(output) == os.path.abspath(rejects)):
        raise UsageError(f"--rejects {printable(rejects)} is the output file; name another file")


def refuse_unwritable_folder(folder: str | Path, what: str) -> None:
    """Refuse (exit 2) ``folder`` when it cannot be created or written to, before long work that writes there.

    ``what`` names the folder and the option that sets it, for the message.
    """
    import tempfile

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except FileExistsError:
        raise UsageError(f"{what} {printable(folder)} is a file, not a folder; name a folder") from None
    except OSError as exc:
        raise UsageError(f"cannot write to {what} {printable(folder)} ({exc.strerror or exc}); name a folder you can "
                         "write to") from None


@contextlib.contextmanager
def folder_lock(folder: str | Path, name: str = ".socialviews.lock") -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (a lock file in it) for a read-modify-write of its files.

    Another socialviews process that asks for the same lock waits until this one is done.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: no lock
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------------------------
# termination signals

#: The signals that end a run the way Ctrl-C does (SIGHUP where the platform has it).
TERMINATION_SIGNALS = (signal.SIGINT, signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the main thread so that a run unwinds (and cleans up) as on Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_DEFERRING = [0]
_PENDING: list[int] = []


def _raise_for(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    for other in TERMINATION_SIGNALS:
        if other != signal.SIGINT:
            with contextlib.suppress(OSError, ValueError):
                signal.signal(other, signal.SIG_IGN)  # one unwinding at a time; cleanup is not cut short
    raise Terminated(signum)


def _on_signal(signum: int, frame) -> None:
    if _DEFERRING[0]:
        _PENDING.append(signum)
        return
    _raise_for(signum)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block is done (a step that must not be cut in
    half, such as starting a worker process); then act on the first that came."""
    _DEFERRING[0] += 1
    try:
        yield
    finally:
        _DEFERRING[0] -= 1
        if not _DEFERRING[0] and _PENDING:
            signum = _PENDING[0]
            _PENDING.clear()
            _raise_for(signum)


def handle_termination() -> None:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` (a KeyboardInterrupt), and SIGINT into
    KeyboardInterrupt as Python does, unless a signal is ignored (``nohup``, a background job)."""
    for signum in TERMINATION_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            current = signal.getsignal(signum)
            if current is signal.SIG_IGN or (signum == signal.SIGINT and current is not signal.default_int_handler):
                continue
            signal.signal(signum, _on_signal)


def worker_signals() -> None:
    """In a worker process: leave SIGINT, SIGTERM and SIGHUP to the main process, which stops the workers."""
    for signum in TERMINATION_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, signal.SIG_IGN)
