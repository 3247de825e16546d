"""`handbook`: the one command behind the Makefile; each subcommand is documented by its module.

    handbook build      validate, build the site and PDFs, publish only when all succeeded
    handbook check      validate the ledgers, then lint the wording of rules and registers
    handbook summary    print one half year's figures (--period 2023H1)
    handbook serve      preview the site with live reload
    handbook nginx      serve the built site through nginx, as on the intranet
    handbook export     write a plain docs tree and mkdocs.yml that any MkDocs builds
    handbook sample     write the sample ledgers

Run it in the folder that holds `mkdocs.yml`, `docs/` and `data/` (or pass `--project DIR`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable

# subcommand -> (module, how to call its main with the remaining arguments)
COMMANDS: dict[str, tuple[str, Callable[[list[str]], list[str]]]] = {
    "build": ("handbook.build", lambda rest: rest),
    "check": ("handbook.ledgers.__main__", lambda rest: [*rest, "check"]),
    "summary": ("handbook.ledgers.__main__", lambda rest: ["summary", *rest]),
    "serve": ("handbook.serve", lambda rest: rest),
    "nginx": ("handbook.deploy", lambda rest: rest),
    "export": ("handbook.export", lambda rest: rest),
    "sample": ("handbook.ledgers.sample", lambda rest: rest),
}


def _summary(module: str) -> str:
    """The first line of a module's docstring, without importing more than it needs."""
    try:
        doc = importlib.import_module(module).__doc__ or ""
    except ImportError:
        return ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def main(argv: list[str] | None = None) -> int:
    """Parse the subcommand and hand the rest of the arguments to its module."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="handbook",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(f"  {name:<8} {_summary(mod)}" for name, (mod, _) in COMMANDS.items()),
    )
    parser.add_argument("--project", help="folder holding mkdocs.yml (default: this folder)")
    parser.add_argument("command", choices=COMMANDS, help="what to do")
    args, rest = parser.parse_known_args(argv)
    if args.project:
        os.environ["HANDBOOK_ROOT"] = os.path.abspath(args.project)
    module, arguments = COMMANDS[args.command]
    entry = importlib.import_module(module).main
    result = entry(arguments(rest))
    if args.command == "check" and not result:
        from handbook import lint

        result = lint.main([])
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
