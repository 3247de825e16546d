"""Run every benchmark module in benchmarks/ that defines `main()`: `python -m benchmarks`."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    """Import each module of this folder in name order and call its `main()`."""
    folder = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        if callable(getattr(module, "main", None)):
            module.main()
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
