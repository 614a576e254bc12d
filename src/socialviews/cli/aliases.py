"""Old option spellings, kept for one release: accepted, hidden from ``--help``, with a warning that names
the new spelling.

A command that keeps old spellings is declared with ``cls=aliased({"--old": "--new"})``; its arguments are
renamed before they are parsed, so the command itself only knows the new names.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from socialviews.cli.command import Command

log = logging.getLogger("socialviews")


def rename_options(args: Sequence[str], aliases: dict[str, str]) -> list[str]:
    """``args`` with each old option name (``--old`` or ``--old=value``) replaced by its new one.

    Parameters
    ----------
    args : sequence of str
        The command's arguments; nothing after ``--`` is touched.
    aliases : dict
        Old option name to new option name.

    Returns
    -------
    list of str
    """
    renamed: list[str] = []
    for position, arg in enumerate(args):
        if arg == "--":
            return renamed + list(args[position:])
        name, equals, value = arg.partition("=")
        if name in aliases:
            log.warning("%s is now %s; the old spelling still works in this release only", name, aliases[name])
            arg = aliases[name] + equals + value
        renamed.append(arg)
    return renamed


class AliasedCommand(Command):
    """A typer command that takes the old spellings in :attr:`aliases` as well as its own options."""

    aliases: dict[str, str] = {}

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return super().parse_args(ctx, rename_options(args, self.aliases))


def aliased(aliases: dict[str, str]) -> type[AliasedCommand]:
    """A command class that accepts ``aliases`` (old name to new name), for ``app.command(cls=...)``."""
    return type("AliasedCommand", (AliasedCommand,), {"aliases": dict(aliases)})
