"""The library's errors: a small hierarchy without exit codes; the CLI's table maps them to exit codes."""

import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import socialviews as sv
from socialviews.cli.errors import exit_code_for
from socialviews.core.errors import SocialViewsError, TooManyRejectsError, UsageError

SRC = Path(__file__).resolve().parents[1] / "src" / "socialviews"


def _raise(cls):
    raise cls("3 of 4 records could not be read; see x.rejects.csv")


@pytest.mark.parametrize("cls", [SocialViewsError, UsageError, TooManyRejectsError])
def test_an_error_pickles_as_its_class_and_message(cls):
    copy = pickle.loads(pickle.dumps(cls("pass --format twarc2")))
    assert type(copy) is cls and str(copy) == "pass --format twarc2"


def test_an_error_raised_in_a_worker_process_reaches_the_caller_unchanged():
    with ProcessPoolExecutor(max_workers=1) as pool, pytest.raises(TooManyRejectsError, match="see x.rejects.csv"):
        pool.submit(_raise, TooManyRejectsError).result()


@pytest.mark.parametrize(("cls", "code"), [(SocialViewsError, 1), (UsageError, 2), (TooManyRejectsError, 3)])
def test_the_cli_maps_each_error_class_to_its_documented_exit_code(cls, code):
    assert exit_code_for(cls("x")) == code


def test_a_subclass_takes_the_exit_code_of_its_nearest_listed_base():
    class BadOutput(UsageError):
        pass

    assert exit_code_for(BadOutput("x")) == 2


def test_every_error_is_a_socialviews_error_reachable_from_the_package():
    assert sv.SocialViewsError is SocialViewsError
    assert issubclass(UsageError, sv.SocialViewsError) and issubclass(TooManyRejectsError, sv.SocialViewsError)


def test_the_library_carries_no_exit_codes():
    offenders = [str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                 if "cli" not in path.relative_to(SRC).parts and re.search(r"\bexit_code\b|\bEXIT_", path.read_text())]
    assert offenders == []
