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
import ast
import datetime as dt
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

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


# Material for MkDocs' own notice (material/templates/__init__.py of 9.8.1) gives this date.
MATERIAL_END_OF_LIFE = dt.date(2027, 5, 5)


def end_of_life_notice(today: dt.date) -> str:
    """The one line `handbook build` prints about the theme's end of life, before or after it."""
    when = (
        "将于 2027 年 5 月 5 日停止维护"
        if today < MATERIAL_END_OF_LIFE
        else "已于 2027 年 5 月 5 日停止维护"
    )
    return (
        f"提示：网站主题 Material for MkDocs {when}，应对办法见维护指南“主题停止维护后怎么办”一节。"
        " (Material for MkDocs reaches end of life on 5 May 2027; see the maintenance guide.)"
    )


def _summary(module: str) -> str:
    """The first line of a module's docstring, read from its file without importing it or its
    package (importing handbook.config would fix the project folder before --project is read)."""
    path = Path(__file__).parent.joinpath(*module.split(".")[1:]).with_suffix(".py")
    if not path.is_file():
        return ""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def _command_index(argv: list[str]) -> int | None:
    """Where the subcommand stands in the arguments (the value of --project is skipped)."""
    index = 0
    while index < len(argv):
        if argv[index] == "--project":
            index += 2
            continue
        if argv[index] in COMMANDS:
            return index
        index += 1
    return None


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
    # Everything after the subcommand is its own (`handbook build --help` is build's help).
    split = _command_index(argv)
    args = parser.parse_args(argv if split is None else argv[: split + 1])
    rest = [] if split is None else argv[split + 1 :]
    if args.project:
        os.environ["HANDBOOK_ROOT"] = os.path.abspath(args.project)
    if args.command == "build":
        print(end_of_life_notice(dt.date.today()), file=sys.stderr, flush=True)
    module, arguments = COMMANDS[args.command]
    entry = importlib.import_module(module).main
    result = entry(arguments(rest))
    if args.command == "check" and not result:
        from handbook import lint

        result = lint.main([])
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
