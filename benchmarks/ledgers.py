"""Build time with the sample ledgers, with 10× and 100× synthetic ledgers, and without ledgers.

Run `python -m benchmarks.ledgers`. Prints seconds per build (best of `--repeat`) and the ratio to
a build whose ledger pages are left out, so the ledger overhead shows. Not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handbook.ledgers.sample import write_all
from handbook.model import Project

ROOT = Project.find().root

# A build without ledger generation: the same docs, ledger pages replaced by the stub page.
_NO_LEDGERS = """
import sys
from handbook import ledgers_pages
ledgers_pages.navigation = lambda model: []
ledgers_pages.generate = lambda model, lang: {"ledgers/index.md": "# Ledgers\\n"}
from mkdocs.commands.build import build
from mkdocs.config import load_config
from handbook.model import Project
# Not strict: hand-written pages that link to ledger pages would warn about the missing pages.
config = str(Project.find().config_file)
build(load_config(config, site_dir=sys.argv[1], strict=False))
"""
_WITH_LEDGERS = """
import sys
from pathlib import Path
from handbook import model
from handbook.config import load_settings
from handbook.hooks import build_site
project = model.Project.find()
settings = load_settings(project.config_file)
key = model.stamp(project, settings)
loaded = model.load(project, settings)  # as `make build` does: validate first, then build
build_site(project, Path(sys.argv[1]), loaded, key)
"""


def timed(code: str, site: Path, ledgers: Path | None) -> float:
    """Seconds for one build in a fresh interpreter."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if ledgers is not None:
        env["HANDBOOK_LEDGERS"] = str(ledgers)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, str(site)], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start


def main() -> None:
    """Print the table of build times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runs: list[tuple[str, str, Path | None]] = [
            ("without ledger pages", _NO_LEDGERS, None),
            ("sample ledgers", _WITH_LEDGERS, None),
        ]
        for scale in (10, 100):
            folder = work / f"x{scale}"
            write_all(folder, roster=None, scale=scale)
            runs.append((f"{scale}× ledgers", _WITH_LEDGERS, folder))
        results = {}
        for label, code, ledgers in runs:
            best = min(timed(code, work / "site", ledgers) for _ in range(args.repeat))
            results[label] = best
        base = results["without ledger pages"]
        print(f"{'build':<24}{'seconds':>9}{'ratio':>8}{'overhead':>10}")
        for label, seconds in results.items():
            print(f"{label:<24}{seconds:>9.2f}{seconds / base:>8.2f}{seconds - base:>+10.2f}")


if __name__ == "__main__":
    main()
