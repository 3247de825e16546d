"""`handbook check|summary`: validate the ledgers or print a period's figures."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from handbook.console import steps
from handbook.ledgers import LedgerError, load_all
from handbook.ledgers.schemas import LedgerSpec
from handbook.model import Project


def progress(specs: Iterable[LedgerSpec]) -> Iterator[LedgerSpec]:
    """Show which ledger is being read, on one line of stderr (on a terminal)."""
    return steps(specs, lambda spec: f"读取台账 reading ledgers（{spec.zh}）")


def check(folder: Path, project: Project | None = None) -> int:
    """Validate every ledger and list every problem; exit 1 if there is any."""
    from handbook.content import load_rules, revisions

    project = project or Project.find()
    try:
        rules = load_rules(project.docs / "rules")
        ledgers = load_all(
            folder, progress, revisions(rules), project.root, private=project.private_ledgers
        )
    except LedgerError as error:
        print(error.report(), file=sys.stderr)
        return 1
    for notice in ledgers.notices:
        print(notice, file=sys.stderr)
    from handbook import translations

    try:
        problems = translations.problems(ledgers, translations.load(project.translations))
    except translations.TranslationError as error:
        problems = [str(error)]
    if problems:  # the build stops on these too (English pages show those values)
        print("\n".join(problems), file=sys.stderr)
        return 1
    rows = sum(len(frame) for frame in ledgers.frames.values())
    print(f"台账检查通过：{len(ledgers.frames)} 本台账，共 {rows} 条记录。All ledgers are valid.")
    return 0


def summary(folder: Path, period: str, project: Project | None = None) -> int:
    """Print the figures of one half year as a two-column table."""
    from handbook.summaries import Period, figures

    try:
        wanted = Period.parse(period)
        project = project or Project.find()
        ledgers = load_all(folder, progress, root=project.root, private=project.private_ledgers)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    except LedgerError as error:
        print(error.report(), file=sys.stderr)
        return 1
    values = figures(ledgers, wanted)
    width = max(len(key) for key in values)
    print(f"{wanted.label('zh')} ({wanted.key})")
    for key, value in values.items():
        print(f"  {key.ljust(width)}  {value:>7}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="handbook", description=__doc__)
    parser.add_argument("--folder", type=Path, help="ledger folder (default: data/ledgers)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help=check.__doc__)
    summary_parser = commands.add_parser("summary", help=summary.__doc__)
    summary_parser.add_argument("--period", required=True, help="half year, e.g. 2023H1")
    args = parser.parse_args(argv)
    project = Project.find()
    folder = args.folder or project.ledgers
    if args.command == "check":
        return check(folder, project)
    return summary(folder, args.period, project)


if __name__ == "__main__":
    sys.exit(main())
