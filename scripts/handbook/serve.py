"""Preview the site with live reload at http://127.0.0.1:8000 (`mkdocs serve`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from handbook.config import ROOT


def main(argv: list[str] | None = None) -> int:
    """Run `mkdocs serve` in the project folder; extra arguments go to MkDocs.

    The package's folder is watched too (an edit to a template reloads the preview); it is not
    in mkdocs.yml, so that a project folder without scripts/ builds with an installed package.
    """
    args = list(argv or []) or ["--dev-addr", "127.0.0.1:8000"]
    args += ["--watch", str(Path(__file__).parent)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", *args]
    return subprocess.call(command, cwd=ROOT, env=env)
