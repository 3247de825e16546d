"""The package's own error: a problem in the content, data or settings, worded for people.

The middle layer raises it (or a subclass) with the whole message; the edges turn it into what
they speak: `handbook.hooks` into MkDocs' `PluginError`, `handbook build` into a message on stderr.
"""

from __future__ import annotations

from pathlib import Path


class HandbookError(ValueError):
    """A problem found in the project's content, data or settings; the message says it all."""


def shown_path(path: Path, root: Path | None = None) -> str:
    """A path as people want it in messages: relative to the project `root` (default: the
    current folder) when inside it, else as it is."""
    try:
        return str(Path(path).resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
