"""Counts in words, as messages show them: ``1 tweet``, ``2 tweets``, never ``2 tweet(s)``."""

from __future__ import annotations


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """The word ``n`` takes: ``singular`` for 1, else ``plural_form`` (default: the singular with s or es).

    The default adds ``es`` after s, x, z, ch and sh, and turns a y after a consonant into ``ies``;
    pass ``plural_form`` for other words (``plural(n, "was", "were")``).

    Examples
    --------
    >>> plural(1, "process"), plural(2, "process"), plural(0, "entry"), plural(3, "was", "were")
    ('process', 'processes', 'entries', 'were')
    """
    if n == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular.endswith(("s", "x", "z", "ch", "sh")):
        return singular + "es"
    if singular.endswith("y") and singular[-2:-1] not in ("", *"aeiou"):
        return singular[:-1] + "ies"
    return singular + "s"


def counted(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` and the noun it counts, in the right number: ``counted(1, "tweet id")`` is ``"1 tweet id"``.

    Examples
    --------
    >>> counted(1, "tweet"), counted(5, "cross-validation fold"), counted(0, "file")
    ('1 tweet', '5 cross-validation folds', '0 files')
    """
    return f"{n} {plural(n, singular, plural_form)}"
