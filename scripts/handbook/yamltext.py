"""Reading YAML: the one helper every module uses, with libyaml's C loader when installed.

`yaml.safe_load` is PyYAML's pure-Python loader; libyaml's `CSafeLoader` builds the same values
about ten times faster (the register, glossary, duties and the pages' front matter).
"""

from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: str | IO[str]) -> Any:
    """The plain values of a YAML text or stream, like `yaml.safe_load`."""
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 (a safe loader)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML text (with line marks), like `yaml.compose`."""
    return yaml.compose(text, Loader=SafeLoader)
