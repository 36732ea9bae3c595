"""Command-line parsing for commands that take a query: a word that begins with `-` is a query
word (`kuntahaku search -maksu budjetti` leaves out "maksu"), not an unknown option.

Click would read `-maksu` as the short options -m -a -k -s -u and fail ("No such option"), or
worse, `-hanke` as `-h` (help). `QueryCommand` sorts the arguments first: the command's own
options (with their values) stay options, everything else becomes a positional word after `--`,
in the order given. A mistyped long option (`--limt`) is still an error, as before.
"""

from __future__ import annotations

import click


class QueryCommand(click.Command):
    """A click command whose positional words may begin with `-` (a NOT in the query)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Rewrite `args` as options first, then `--` and the positional words, then parse."""
        return super().parse_args(ctx, sort_query_args(self, ctx, args))


def _option_arity(command: click.Command, ctx: click.Context) -> dict[str, bool]:
    """Each option name of the command (with help) -> whether it takes a value."""
    out: dict[str, bool] = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            takes_value = not (param.is_flag or param.count)
            for name in (*param.opts, *param.secondary_opts):
                out[name] = takes_value
    return out


def sort_query_args(command: click.Command, ctx: click.Context, args: list[str]) -> list[str]:
    """Options (and their values) in order, then `--` and every other argument in order."""
    arity = _option_arity(command, ctx)
    options: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            words.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if arg.startswith("--") or name in arity:
            options.append(arg)  # our option, or an unknown `--name` that click reports
            if arity.get(name) and "=" not in arg and i < len(args):
                options.append(args[i])
                i += 1
            continue
        words.append(arg)
    return [*options, "--", *words] if words else options
