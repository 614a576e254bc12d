"""Where export files come from: paths, globs, folders, archive folders, .zip files and stdin.

A file inside a .zip is named ``<zip>::<member>``, e.g. ``twitter-2023.zip::data/tweets.js``;
that name is what rejects and the run summary show.
"""

from __future__ import annotations

import glob
import logging
import posixpath
import re
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from socialviews.errors import SocialViewsError

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


def _zip_members(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise SocialViewsError(f"{path} is not a readable .zip ({exc})") from None
    members = select_exports(PurePosixPath(name) for name in names)
    if not members:
        raise SocialViewsError(f"{path} holds no export file (tweets.js, .csv, .jsonl, ...)")
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
            log.info("skipping %s: %s of an earlier run", path / file, what)
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
        elif path.exists():
            files.extend(_expand_path(path, skip_outputs))
        elif any(ch in raw for ch in "*?["):
            found = sorted(glob.glob(raw, recursive=True))
            if not found:
                raise SocialViewsError(f"no file matches {raw}")
            for match in found:
                files.extend(_expand_path(Path(match), skip_outputs))
        else:
            raise SocialViewsError(f"input not found: {raw}")
    return files


def read_source(name: str) -> bytes:
    """The bytes of an input named by :func:`expand_inputs` (a file, ``zip::member`` or ``-``), as stored.

    Decoding them (UTF-8, UTF-16, Windows-1252) is left to :func:`socialviews.encoding.to_utf8`.
    """
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    if ZIP_SEPARATOR in name and not path.exists():
        zip_path, member = name.split(ZIP_SEPARATOR, 1)
        try:
            with zipfile.ZipFile(zip_path) as archive:
                return archive.read(member)
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError) as exc:
            raise SocialViewsError(f"cannot read {name} ({exc})") from None
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SocialViewsError(f"input not found: {name}") from None
    except IsADirectoryError:
        raise SocialViewsError(f"{name} is a folder; pass the export files in it") from None
    except PermissionError:
        raise SocialViewsError(f"cannot read {name}: permission denied") from None


def sibling(source: str, *relative: str) -> bytes | None:
    """The bytes of the first existing file at ``relative`` paths from the folder of ``source``.

    Works for files inside a .zip too; None when there is no such file (or ``source`` is stdin).
    """
    if source in ("-", "<stdin>"):
        return None
    if ZIP_SEPARATOR in source and not Path(source).exists():
        zip_path, member = source.split(ZIP_SEPARATOR, 1)
        try:
            with zipfile.ZipFile(zip_path) as archive:
                names = set(archive.namelist())
                for rel in relative:
                    candidate = posixpath.normpath(posixpath.join(posixpath.dirname(member), rel))
                    if candidate in names:
                        return archive.read(candidate)
        except (zipfile.BadZipFile, OSError, RuntimeError):
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
