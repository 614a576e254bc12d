"""The command class of every command: its ``--help`` names arguments and option values in words
(``INPUT...``, ``--corpus PATH``), never by their Python types (typer's ``<list[str]>``, ``<str>``).

Options name their value with ``metavar=`` where they are declared; typer shows an argument's Python
type beside its metavar whatever it is given, so :class:`Command` writes the argument rows itself.
"""

from __future__ import annotations

from typer.core import TyperArgument, TyperCommand


def argument_name(argument: TyperArgument) -> str:
    """How ``--help`` names an argument: its metavar (or its name in capitals), ``...`` when repeatable."""
    name = argument.metavar or argument.name.upper()
    return name if argument.nargs == 1 or name.endswith("...") else f"{name}..."


class Command(TyperCommand):
    """A typer command whose help lists arguments by name, without typer's type placeholder."""

    def format_options(self, ctx, formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
