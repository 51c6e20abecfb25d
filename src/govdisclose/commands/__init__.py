"""The CLI's subcommands, one module each.

``COMMANDS`` lists them in the order ``--help`` shows them: name → module and one line of help.
Each module provides ``add_arguments(parser)`` and ``run(args) -> int`` (the exit code). ``cli.py``
imports the module of the command being run only: ``govdisclose --help`` reads the lines here.
"""

from typing import NamedTuple


class Command(NamedTuple):
    module: str
    help: str


COMMANDS: dict[str, Command] = {
    "parse": Command("govdisclose.commands.parse", "parse one report"),
    "convert": Command("govdisclose.commands.convert",
                       "convert files, folders, globs and zip archives into an output folder"),
    "inspect": Command("govdisclose.commands.inspect", "draw extracted cells on the page images and write "
                       "an HTML view (one report or a convert folder)"),
    "diff": Command("govdisclose.commands.diff",
                    "compare two reports year over year (changed cells, rates, prose, carry-over)"),
    "panel": Command("govdisclose.commands.panel", "build a panel (one row per agency-year, harmonised "
                     "variables or --raw cells) from many reports"),
    "codebook": Command("govdisclose.commands.codebook", "print the codebook: every cell key and "
                        "harmonised variable with labels, units, eras and rules"),
}
