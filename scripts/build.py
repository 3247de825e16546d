"""`make build`: validate everything, build the site and PDFs into a temporary folder, then swap.

Nothing is published unless every step succeeds: on any error the previous `site/` is left
exactly as it was and the command exits non-zero with the problems listed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from scripts.config import DIST, ROOT, SITE
from scripts.ledgers import LedgerError, load_all


def build_site(site_dir: Path) -> None:
    """Run the strict MkDocs build into `site_dir`."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice only
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    mkdocs_build(config)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames, so a reader never sees a half-built folder."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Validate ledgers, build site and PDFs, and publish them only when all succeeded."""
    parser = argparse.ArgumentParser(prog="python -m scripts.build", description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=SITE, help="where to publish the site")
    parser.add_argument("--dist-dir", type=Path, default=DIST, help="where personalised PDFs go")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF outputs (faster)")
    args = parser.parse_args(argv)

    try:
        load_all()  # fail on bad ledgers before anything is written
    except LedgerError as error:
        print(error.report(), file=sys.stderr)
        print(
            "构建已停止，原网站未改动。Build stopped; the previous site is unchanged.",
            file=sys.stderr,
        )
        return 1

    args.site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=args.site_dir.parent))
    try:
        site_tmp = work / "site"
        build_site(site_tmp)
        if not args.no_pdf:
            from scripts import printing

            printing.build_all(site_tmp, work / "dist")
        swap_in(site_tmp, args.site_dir)
        if (work / "dist").exists():
            swap_in(work / "dist", args.dist_dir)
    except (Abort, ConfigurationError, PluginError, LedgerError) as error:
        message = error.report() if isinstance(error, LedgerError) else str(error)
        print(message, file=sys.stderr)
        print(
            "构建已停止，原网站未改动。Build stopped; the previous site is unchanged.",
            file=sys.stderr,
        )
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Site built in {args.site_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
