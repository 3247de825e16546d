"""What the work calendar, due/overdue list and knowledge tests (issue 17) add to a build.

Run `python -m benchmarks.calendar`. Prints milliseconds (best of `--repeat`, in one process)
for the ledger pages, the calendar/due/self-test pages, the question bank, the .ics files and
the test papers, with the ratio to the ledger pages. Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from handbook import ledgers_pages, plan_pages, questions
from handbook.config import load_settings
from handbook.model import Project, load
from handbook.printing.papers import write_papers

LANGUAGES = ("zh", "en")


def best(work: Callable[[], object], repeat: int) -> float:
    """Fastest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args, _ = parser.parse_known_args()
    project = Project.find()
    model = load(project, load_settings(project.config_file))
    book, settings = model.book, model.settings
    names = plan_pages.branch_names(model)
    stamp = dt.datetime.now(dt.UTC)
    base = best(lambda: [ledgers_pages.generate(model, lg) for lg in LANGUAGES], args.repeat)
    rows = [
        (
            "calendar, due and self-test pages",
            best(
                lambda: [plan_pages.generate(model, lg) for lg in LANGUAGES],
                args.repeat,
            ),
        ),
        (
            "question bank",
            best(lambda: [questions.questions(book, lg) for lg in LANGUAGES], args.repeat),
        ),
        (
            ".ics files",
            best(lambda: plan_pages.calendar_files(book, names, settings, "", stamp), args.repeat),
        ),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        year = plan_pages.calendar_year(settings)
        rows.append(
            (
                "test papers (Word and PDF)",
                best(lambda: write_papers(book, settings, Path(tmp), year), 1),
            )
        )
    print("Issue 17 outputs, both languages (ms; ratio to the ledger pages)")
    print(f"  ledger pages: {base * 1000:.0f}")
    for name, seconds in rows:
        print(f"  {name}: {seconds * 1000:.0f} ({seconds / base:.1f}x)")


if __name__ == "__main__":
    main()
