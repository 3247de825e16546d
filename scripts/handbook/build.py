"""`make build`: validate everything, build the site and PDFs into a temporary folder, then swap.

Nothing is published unless every step succeeds: on any error the previous `site/` and `dist/`
are left exactly as they were and the command exits non-zero with the problem in plain words
(a traceback only with HANDBOOK_DEBUG=1). A lock file beside `site/` makes a second build wait
for the first; leftovers of an interrupted build are removed by the next one.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handbook import model as flow
from handbook.config import load_settings
from handbook.errors import HandbookError
from handbook.ledgers import LedgerError
from handbook.model import Model, Project

STOPPED = "构建已停止，原网站未改动。Build stopped; the previous site is unchanged."
LOCK_NAME = ".build.lock"
WORK_PREFIX = ".build-"


class BuildStopped(Exception):
    """A problem found before anything was built, already worded for people."""


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


def _check_period(model: Model) -> None:
    """The configured period must be one the ledgers have data for."""
    from handbook.summaries import Period, periods

    wanted = Period.parse(model.settings.current_period)
    known = periods(model.ledgers)
    if known and wanted not in known:
        have = "、".join(p.key for p in known)
        raise BuildStopped(
            f"mkdocs.yml: extra.current_period: 台账里没有 {wanted.key} 的数据，"
            f"可选：{have} (no ledger data for this period)"
        )


def _private_report(model: Model, folder: Path) -> None:
    """Per-member dues and recruitment detail, as HTML and PDF, into dist/private/ only."""
    from handbook import dues_pages, private_report

    branches = model.ledgers["branches"]
    names = dict(zip(branches["编号"], branches["名称"], strict=True))
    as_of = dues_pages.as_of_day(model.settings)
    for path in private_report.write(model.ledgers, model.settings, as_of, folder, names):
        print(f"内部报告（不上网站）：{path.name} (private report)", file=sys.stderr)


def build(project: Project, site_dir: Path, dist_dir: Path, pdf: bool) -> None:
    """Validate, build into a fresh work folder beside `site_dir`, and publish both outputs.

    The model is loaded (and so every input checked) before anything is written, and handed
    to the MkDocs plugin, which reuses it while no input changed.
    """
    settings = load_settings(project.config_file)
    key = flow.stamp(project, settings)
    model = flow.load(project, settings)  # fail on bad content or ledgers before any writing
    for notice in model.ledgers.notices:
        print(notice, file=sys.stderr)
    _check_period(model)
    folder = site_dir.parent
    for stale in leftovers(folder, [site_dir, dist_dir]):
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=folder))
    try:
        site_tmp, dist_tmp = work / "site", work / "dist"
        from handbook import hooks  # the MkDocs adapter, only once there is a site to build

        hooks.build_site(project, site_tmp, model, key)
        pairs = [(site_tmp, site_dir)]
        if pdf:
            from handbook import ledgers_pages, printing

            words = {"private": "正式名册", "sample": "示例名册（没有 data/private/members.csv）"}
            origin = words.get(project.roster_origin, "指定的名册")
            print(f"个人手册使用{origin}：{project.roster}", file=sys.stderr)
            reports = {lang: ledgers_pages.reports(model, lang) for lang in ("zh", "en")}
            printing.build_all(model, site_tmp, dist_tmp, reports)
            _private_report(model, dist_tmp / "private")
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
    if isinstance(error, BuildStopped | HandbookError):
        return text
    return f"{name}: {text}" if text else name


def main(argv: list[str] | None = None) -> int:
    """Validate ledgers, build site and PDFs, and publish them only when all succeeded."""
    parser = argparse.ArgumentParser(prog="handbook build", description=__doc__)
    parser.add_argument("--site-dir", type=Path, help="where to publish the site (site/)")
    parser.add_argument("--dist-dir", type=Path, help="where personalised PDFs go (dist/)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF outputs (faster)")
    args = parser.parse_args(argv)
    project = Project.find()  # `handbook --project DIR`, else the mkdocs.yml at or above here
    site_dir = (args.site_dir or project.site).absolute()
    dist_dir = (args.dist_dir or project.dist).absolute()
    try:
        with build_lock(site_dir.parent):
            build(project, site_dir, dist_dir, pdf=not args.no_pdf)
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
