"""Where export files come from: paths, globs, folders, archive folders, .zip files and stdin.

A file inside a .zip is named ``<zip>::<member>``, e.g. ``twitter-2023.zip::data/tweets.js``;
that name is what rejects and the run summary show.
"""

from __future__ import annotations

import glob
import logging
import os
import posixpath
import re
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from socialviews.core.errors import SocialViewsError
from socialviews.core.words import counted, plural

log = logging.getLogger(__name__)

ZIP_SEPARATOR = "::"
EXPORT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".jsonl", ".json", ".ndjson", ".js"})
_ARCHIVE_TWEETS = re.compile(r"^tweets?(?:-part\d+)?\.js$", re.IGNORECASE)
_GRAILBIRD_MONTH = re.compile(r"^\d{4}_\d{2}\.js$")
_SKIPPED_NAMES = re.compile(r"^(?:readme|license|licence|changelog)\b", re.IGNORECASE)


def _natural(path: PurePosixPath) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", str(path))]


def _archive_root(path: PurePosixPath) -> PurePosixPath | None:
    """The root folder of the archive a tweets file belongs to, or None."""
    if _ARCHIVE_TWEETS.match(path.name) and path.parent.name == "data":
        return path.parent.parent
    if _GRAILBIRD_MONTH.match(path.name) and len(path.parents) >= 4 and [p.name for p in path.parents[:3]] == [
        "tweets", "js", "data"
    ]:
        return path.parents[3]
    return None


def select_exports(paths: Iterable[PurePosixPath]) -> list[PurePosixPath]:
    """The export files among the files of a folder or a .zip, in natural order.

    In an archive (``data/tweets.js``, ``data/tweets-part1.js``, classic ``data/js/tweets/2018_03.js``,
    also when the folder given is ``data/`` or ``data/js/tweets/`` itself) only the tweet files are taken: not ``like.js`` or ``account.js``, nor the classic archive's
    ``tweets.csv`` copy of the same tweets. Hidden files and READMEs are left out.
    """
    paths = [p for p in paths if not any(part.startswith(".") or part == "__MACOSX" for part in p.parts)]
    roots = {root for root in map(_archive_root, paths) if root is not None}
    chosen = []
    for path in paths:
        if _archive_root(path) is not None or _ARCHIVE_TWEETS.match(path.name) or _GRAILBIRD_MONTH.match(path.name):
            chosen.append(path)
        elif path.suffix.lower() in EXPORT_SUFFIXES - {".js"} and not _SKIPPED_NAMES.match(path.name):
            if not any(root == path.parent or root in path.parents for root in roots):
                chosen.append(path)
    return sorted(chosen, key=_natural)


#: Limits on a .zip, checked before anything is unpacked: a member is read whole into memory.
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed size of a member over 1 MiB; text exports pack 3 to 20 times
MAX_MEMBERS = 10_000

_OPEN_ZIPS: dict[str, tuple[tuple, zipfile.ZipFile]] = {}
# A forked worker must not read through its parent's open archives: the two processes would share one
# file offset and read each other's members half-way ("Bad magic number", "Bad CRC-32").
os.register_at_fork(after_in_child=_OPEN_ZIPS.clear)


def open_zip(path: str | Path) -> zipfile.ZipFile:
    """The archive at ``path``, opened once per process (its directory is read once, not once per member)."""
    key = os.path.abspath(path)
    stat = os.stat(key)
    signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    cached = _OPEN_ZIPS.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    archive = zipfile.ZipFile(key)
    if cached is not None:
        cached[1].close()
    if len(_OPEN_ZIPS) >= 4:
        _OPEN_ZIPS.pop(next(iter(_OPEN_ZIPS)))[1].close()
    _OPEN_ZIPS[key] = (signature, archive)
    return archive


def check_member(path: str | Path, info: zipfile.ZipInfo) -> None:
    """Refuse a member too big to read, or packed so tightly that it is a zip bomb."""
    if info.file_size > MAX_MEMBER_BYTES:
        raise SocialViewsError(
            f"{path}{ZIP_SEPARATOR}{info.filename} unpacks to {info.file_size:,} bytes, more than the "
            f"{MAX_MEMBER_BYTES:,} read from one file in a .zip; unzip it and pass the file itself")
    if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise SocialViewsError(
            f"{path}{ZIP_SEPARATOR}{info.filename} unpacks to {info.file_size // max(info.compress_size, 1):,} "
            f"times its packed size (more than {MAX_RATIO}): a zip bomb, not an export; it was not unpacked")


_NOTED: set[str] = set()


def _note_once(level: int, message: str, *args: object) -> None:
    """Log a note about an input once per process, though the inputs are listed more than once in a run."""
    text = message % args
    if text not in _NOTED:
        _NOTED.add(text)
        log.log(level, "%s", text)


def _zip_members(path: Path) -> list[str]:
    try:
        archive = open_zip(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SocialViewsError(f"{path} is not a readable .zip ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise SocialViewsError(f"{path} holds {len(infos):,} entries, more than the {MAX_MEMBERS:,} socialviews reads "
                               "from one .zip; unzip it and pass the folder")
    by_name = {info.filename: info for info in infos if not info.is_dir()}
    unsafe = [name for name in by_name if name.startswith("/") or ".." in PurePosixPath(name).parts]
    if unsafe:
        _note_once(logging.WARNING, "%s: %s with a path that leads out of the archive (such as %s) %s skipped",
                   path, counted(len(unsafe), "member"), unsafe[0][:80], plural(len(unsafe), "is", "are"))
        by_name = {name: info for name, info in by_name.items() if name not in unsafe}
    members = select_exports(PurePosixPath(name) for name in by_name)
    if not members:
        raise SocialViewsError(f"{path} holds no export file (tweets.js, .csv, .jsonl, ...)")
    for member in members:
        check_member(path, by_name[str(member)])
    return [f"{path}{ZIP_SEPARATOR}{member}" for member in members]


def _earlier_output(path: Path) -> str | None:
    """What a file is when it was written by an earlier run (a classify output, a rejects file); else None."""
    import csv
    import json

    try:
        with open(path, "rb") as handle:
            first = handle.read(65536).split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip()
        if first.startswith("{"):
            columns = list(json.loads(first))
        else:
            columns = next(csv.reader([first]), [])
    except (OSError, ValueError, csv.Error, RecursionError):
        return None
    if columns == ["source", "line", "reason", "raw"]:
        return "a rejects file"
    if {"tweet_id", "text", "view", "confidence", "needs_review"} <= set(columns):
        return "a classify output"
    return None


def _folder_files(path: Path, skip_outputs: bool = False) -> list[str]:
    files = [p.relative_to(path) for p in path.rglob("*") if p.is_file()]
    kept = []
    for file in files:
        what = _earlier_output(path / file) if file.suffix.lower() in (".csv", ".jsonl", ".ndjson") else None
        if what == "a rejects file" or (what and skip_outputs):
            _note_once(logging.INFO, "skipping %s: %s of an earlier run", path / file, what)
        else:
            kept.append(file)
    files = kept
    zips = sorted(str(path / p) for p in files if p.suffix.lower() == ".zip")
    exports = [str(path / p) for p in select_exports(PurePosixPath(p.as_posix()) for p in files)]
    found = exports + [member for z in zips for member in _zip_members(Path(z))]
    if not found:
        raise SocialViewsError(f"folder {path} holds no export file ({', '.join(sorted(EXPORT_SUFFIXES | {'.zip'}))})")
    return found


def _expand_path(path: Path, skip_outputs: bool = False) -> list[str]:
    if path.is_dir():
        return _folder_files(path, skip_outputs)
    if path.suffix.lower() == ".zip":
        return _zip_members(path)
    return [str(path)]


def expand_inputs(inputs: Iterable[str | Path], skip_outputs: bool = False) -> list[str]:
    """The export files named by paths, globs, folders and .zip files, in order.

    Folders are searched recursively; in a personal or classic Twitter archive (a folder or a .zip)
    only the tweet files are taken. ``-`` stands for stdin. Rejects files of earlier runs in a
    folder are left out, and so are classify outputs with ``skip_outputs``.
    """
    files: list[str] = []
    for raw in inputs:
        raw = str(raw)
        path = Path(raw)
        if raw == "-":
            files.append(raw)
        elif ZIP_SEPARATOR in raw and not path.exists() and Path(raw.split(ZIP_SEPARATOR, 1)[0]).is_file():
            files.append(raw)  # one member of a .zip, as expand_inputs names it
        elif path.exists():
            files.extend(_expand_path(path, skip_outputs))
        elif any(ch in raw for ch in "*?["):
            found = sorted(glob.glob(raw, recursive=True))
            if not found:
                raise SocialViewsError(f"no file matches {raw}")
            for match in found:
                files.extend(_expand_path(Path(match), skip_outputs))
        elif path.is_symlink():
            raise SocialViewsError(f"{raw} is a link to nothing readable (a missing file, or a link to itself)")
        else:
            raise SocialViewsError(f"input not found: {raw}")
    return files


def read_source(name: str) -> bytes:
    """The bytes of an input named by :func:`expand_inputs` (a file, ``zip::member`` or ``-``), as stored.

    Decoding them (UTF-8, UTF-16, Windows-1252) is left to :func:`socialviews.core.encoding.to_utf8`.
    """
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    if ZIP_SEPARATOR in name and not path.exists():
        return read_member(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SocialViewsError(f"input not found: {name}") from None
    except IsADirectoryError:
        raise SocialViewsError(f"{name} is a folder; pass the export files in it") from None
    except PermissionError:
        raise SocialViewsError(f"cannot read {name}: permission denied") from None


def read_member(name: str, limit: int | None = None) -> bytes:
    """The bytes of ``zip::member`` (at most ``limit`` of them), from the archive opened once."""
    zip_path, member = name.split(ZIP_SEPARATOR, 1)
    try:
        archive = open_zip(zip_path)
        info = archive.getinfo(member)
        check_member(zip_path, info)
        with archive.open(info) as handle:
            return handle.read(limit if limit is not None else -1)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError) as exc:
        raise SocialViewsError(f"cannot read {name} ({exc})") from None


def sibling(source: str, *relative: str) -> bytes | None:
    """The bytes of the first existing file at ``relative`` paths from the folder of ``source``.

    Works for files inside a .zip too; None when there is no such file (or ``source`` is stdin).
    """
    if source in ("-", "<stdin>"):
        return None
    if ZIP_SEPARATOR in source and not Path(source).exists():
        zip_path, member = source.split(ZIP_SEPARATOR, 1)
        try:
            archive = open_zip(zip_path)
            names = set(archive.namelist())
            for rel in relative:
                candidate = posixpath.normpath(posixpath.join(posixpath.dirname(member), rel))
                if candidate in names:
                    check_member(zip_path, archive.getinfo(candidate))
                    return archive.read(candidate)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
            return None
        return None
    for rel in relative:
        candidate = Path(source).parent / rel
        try:
            if candidate.is_file():
                return candidate.read_bytes()
        except OSError:
            continue
    return None


def is_regular(path: str) -> bool:
    """False for an input that is not a regular file or a folder (a pipe, a FIFO, a character device).

    Such an input can be read only once. A path that cannot be looked at counts as regular: reading it
    gives the usual message.
    """
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode) or stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return True
