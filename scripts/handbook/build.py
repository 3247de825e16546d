"""`make build`: validate everything, build the site and PDFs into a temporary folder, then swap.

Nothing is published unless every step succeeds: on any error the previous `site/` and `dist/`
are left exactly as they were and the command exits non-zero with the problem in plain words
(a traceback only with HANDBOOK_DEBUG=1). A lock file beside `site/` makes a second build wait
for the first; leftovers of an interrupted build are removed by the next one.
"""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handbook.config import DIST, ROOT, SITE, SettingsError, load_settings, roster_path
from handbook.ledgers import LedgerError, load_all

STOPPED = "构建已停止，原网站未改动。Build stopped; the previous site is unchanged."
LOCK_NAME = ".build.lock"
WORK_PREFIX = ".build-"


class BuildStopped(Exception):
    """A problem found before anything was built, already worded for people."""


def _show_mkdocs_problems() -> None:
    """Print MkDocs' warnings and errors (a hook's message, a broken link) to stderr.

    Called as a library, MkDocs logs them to no handler, and only "Aborted with a BuildError!"
    would reach the terminal, without the reason.
    """
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_handbook", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._handbook = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def build_site(site_dir: Path) -> None:
    """Run the strict MkDocs build into `site_dir`."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    _show_mkdocs_problems()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice only
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    mkdocs_build(config)


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold `.build.lock` in `folder`; if another build holds it, say so and wait for it."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                "另一个构建正在进行，等它结束后再开始…… Another build is running; waiting for it.",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def leftovers(folder: Path, targets: list[Path]) -> list[Path]:
    """Folders an interrupted build left behind: its work folders and set-aside old outputs."""
    found = [p for p in folder.glob(f"{WORK_PREFIX}*") if p.is_dir()]
    for target in targets:
        found += [p for p in target.parent.glob(f"{target.name}.old*") if p.is_dir()]
    return sorted(set(found))


def swap_in(pairs: list[tuple[Path, Path]], aside: Path) -> None:
    """Put each new folder in place of its target, all or none.

    Every old target is first renamed into `aside` (a folder unique to this build), then every
    new folder renamed into place; if a rename fails, what was done is undone.
    """
    moved: list[tuple[Path, Path]] = []  # (from, to) renames done so far
    try:
        for number, (_, target) in enumerate(pairs):
            if target.exists():
                old = aside / f"old-{number}-{target.name}"
                target.rename(old)
                moved.append((target, old))
        for new, target in pairs:
            target.parent.mkdir(parents=True, exist_ok=True)
            new.rename(target)
            moved.append((new, target))
    except OSError:
        for source, destination in reversed(moved):
            destination.rename(source)
        raise


def _check_settings() -> None:
    try:
        load_settings(ROOT / "mkdocs.yml")
    except SettingsError as error:
        raise BuildStopped(str(error)) from None


def _check_period(ledgers: object) -> None:
    """The configured period must be one the ledgers have data for."""
    from handbook.summaries import Period, periods

    wanted = Period.parse(load_settings(ROOT / "mkdocs.yml").current_period)
    known = periods(ledgers)
    if known and wanted not in known:
        have = "、".join(p.key for p in known)
        raise BuildStopped(
            f"mkdocs.yml: extra.current_period: 台账里没有 {wanted.key} 的数据，"
            f"可选：{have} (no ledger data for this period)"
        )


def _check_translations(ledgers: object) -> None:
    """Every ledger value English pages show needs its English form (data/translations.yml)."""
    from handbook import translations

    try:
        problems = translations.problems(ledgers, translations.load())
    except translations.TranslationError as error:
        raise BuildStopped(str(error)) from None
    if problems:
        raise BuildStopped("\n".join(problems))


def _private_report(ledgers: object, folder: Path) -> None:
    """Per-member dues and recruitment detail, as HTML and PDF, into dist/private/ only."""
    from handbook import dues_pages, private_report

    settings = load_settings(ROOT / "mkdocs.yml")
    branches = ledgers["branches"]
    names = dict(zip(branches["编号"], branches["名称"], strict=True))
    as_of = dues_pages.as_of_day(settings)
    for path in private_report.write(ledgers, settings, as_of, folder, names):
        print(f"内部报告（不上网站）：{path.name} (private report)", file=sys.stderr)


def build(site_dir: Path, dist_dir: Path, pdf: bool) -> None:
    """Validate, build into a fresh work folder beside `site_dir`, and publish both outputs."""
    _check_settings()
    ledgers = load_all()  # fail on bad ledgers before anything is written
    for notice in ledgers.notices:
        print(notice, file=sys.stderr)
    _check_period(ledgers)
    _check_translations(ledgers)
    folder = site_dir.parent
    for stale in leftovers(folder, [site_dir, dist_dir]):
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=folder))
    try:
        site_tmp, dist_tmp = work / "site", work / "dist"
        build_site(site_tmp)
        pairs = [(site_tmp, site_dir)]
        if pdf:
            from handbook import printing

            roster, origin = roster_path()
            words = {"private": "正式名册", "sample": "示例名册（没有 data/private/members.csv）"}
            print(f"个人手册使用{words.get(origin, '指定的名册')}：{roster}", file=sys.stderr)
            printing.build_all(site_tmp, dist_tmp)
            _private_report(ledgers, dist_tmp / "private")
            dist_tmp.mkdir(parents=True, exist_ok=True)
            pairs.append((dist_tmp, dist_dir))
        swap_in(pairs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def describe(error: BaseException) -> str:
    """An error in plain words: the ledger report, or the message without a traceback."""
    if isinstance(error, LedgerError):
        return error.report()
    text = str(error).strip()
    name = type(error).__name__
    if isinstance(error, BuildStopped | SettingsError):
        return text
    return f"{name}: {text}" if text else name


def main(argv: list[str] | None = None) -> int:
    """Validate ledgers, build site and PDFs, and publish them only when all succeeded."""
    parser = argparse.ArgumentParser(prog="handbook build", description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=SITE, help="where to publish the site")
    parser.add_argument("--dist-dir", type=Path, default=DIST, help="where personalised PDFs go")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF outputs (faster)")
    args = parser.parse_args(argv)
    site_dir, dist_dir = args.site_dir.absolute(), args.dist_dir.absolute()
    try:
        with build_lock(site_dir.parent):
            build(site_dir, dist_dir, pdf=not args.no_pdf)
    except (Exception, KeyboardInterrupt) as error:  # every failure ends as a message
        if os.environ.get("HANDBOOK_DEBUG"):
            traceback.print_exc()
        print(describe(error), file=sys.stderr)
        print(STOPPED, file=sys.stderr)
        return 130 if isinstance(error, KeyboardInterrupt) else 1
    print(f"Site built in {site_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
