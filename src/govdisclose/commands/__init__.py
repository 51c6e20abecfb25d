"""The CLI's subcommands, one module each.

Each module provides ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``
(the exit code). ``cli.py`` registers the modules listed in ``COMMANDS`` in this order.
"""

COMMANDS: dict[str, str] = {
    "parse": "govdisclose.commands.parse",
    "convert": "govdisclose.commands.convert",
    "inspect": "govdisclose.commands.inspect",
    "diff": "govdisclose.commands.diff",
    "panel": "govdisclose.commands.panel",
    "codebook": "govdisclose.commands.codebook",
}
