"""What the commands print while they work: one progress line on stderr, the same everywhere."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(done: int, total: int, label: str, every: int = 1, log: bool = True) -> None:
    """`label: done/total` on stderr: one line rewritten in place on a terminal; in a log file
    (stderr not a terminal) a whole line every `every` items and at the end, or none at all
    when `log` is false."""
    live = sys.stderr.isatty()
    if (not live and not log) or (done % every and done != total):
        return
    end = "\n" if done == total or not live else ""
    start = "\r" if live else ""
    print(f"{start}{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)


def steps(items: Iterable[T], label: Callable[[T], str]) -> Iterator[T]:
    """Yield the items, showing which one is being worked on (on a terminal only)."""
    found = list(items)
    for done, item in enumerate(found, start=1):
        progress(done, len(found), label(item), log=False)
        yield item
