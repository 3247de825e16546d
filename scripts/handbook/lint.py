"""Terminology lint: wrong or outdated forms in the rules, templates, glossary and register.

The forms live in `data/terminology.yml`; this module finds them and reports each hit as
`file:line: found → expected (reason)`. Markdown bodies are checked line by line (code fences
skipped); YAML (front matter, glossary) is checked value by value, so the quotes that YAML itself
needs are not hits but a straight quote inside a displayed title is. `python -m handbook.lint`
prints the hits and exits non-zero when there are any; `content.check` adds them to the build's
problems.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from handbook import yamltext
from handbook.errors import shown_path

if TYPE_CHECKING:
    from handbook.content import Handbook

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_FENCE = re.compile(r"^\s*(```|~~~)")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"([^"]*)")?\s*$')
# Where a form applies: the Markdown body only; also front matter and YAML values ("text",
# the default); or also the revision notes (`history`), which may quote the old wording.
SCOPES = {"body": {"body"}, "text": {"body", "front"}, "display": {"body", "front", "history"}}


@dataclass(frozen=True)
class Form:
    """One wrong form: a compiled pattern, what to write instead, and when it applies."""

    pattern: re.Pattern[str]
    expected: str
    reason: str
    scope: str = "text"
    issued_after: dt.date | None = None
    line_has: re.Pattern[str] | None = None
    file_has: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Hit:
    """A wrong form found at a line of a file."""

    path: Path
    line: int
    found: str
    expected: str
    reason: str

    def __str__(self) -> str:
        return self.shown()

    def shown(self, root: Path | None = None) -> str:
        """The hit as one line, the file relative to `root` (default: the current folder)."""
        where = shown_path(self.path, root)
        return f"{where}:{self.line}: {self.found} → {self.expected} ({self.reason})"


def load_forms(path: Path) -> list[Form]:
    """The forms of the terminology file; a bad entry raises ValueError naming file and entry."""
    raw = yamltext.safe_load(path.read_text(encoding="utf-8-sig")) or []
    forms = []
    for number, entry in enumerate(raw, start=1):
        where = f"{path.name}: entry {number}"
        if not isinstance(entry, dict) or ("find" in entry) == ("regex" in entry):
            raise ValueError(f"{where}: give exactly one of find or regex")
        missing = [key for key in ("expected", "reason") if not entry.get(key)]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        scope = entry.get("scope", "text")
        if scope not in SCOPES:
            raise ValueError(f"{where}: scope {scope!r} not in {list(SCOPES)}")
        try:
            pattern = re.compile(entry["regex"] if "regex" in entry else re.escape(entry["find"]))
            line_has = re.compile(entry["line_has"]) if entry.get("line_has") else None
            file_has = re.compile(entry["file_has"]) if entry.get("file_has") else None
        except re.error as error:
            raise ValueError(f"{where}: bad regular expression: {error}") from None
        after = entry.get("issued_after")
        if after is not None and not isinstance(after, dt.date):
            raise ValueError(f"{where}: issued_after must be a date (YYYY-MM-DD)")
        forms.append(
            Form(
                pattern,
                str(entry["expected"]),
                str(entry["reason"]),
                scope,
                after,
                line_has,
                file_has,
            )
        )
    return forms


def _yaml_values(text: str, first_line: int) -> Iterator[tuple[int, str, str]]:
    """(line number, value, kind) of every string scalar of a YAML document.

    The kind is "history" for values under a top-level `history` key, else "front".
    """
    try:
        root = yamltext.compose(text)
    except yaml.YAMLError:
        return  # a broken YAML file is reported by its own loader
    stack = [(root, "front")] if root is not None else []
    while stack:
        node, kind = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if isinstance(node.value, str):
                yield first_line + node.start_mark.line, node.value, kind
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, kind) for child in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                top = node is root and getattr(key, "value", None) == "history"
                stack.append((value, "history" if top else kind))


def _markdown_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of the body's lines outside code fences."""
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        admonition = _ADMONITION.match(line)
        # An admonition's quotes are Markdown syntax: only the title inside them is text.
        yield first_line + offset, (admonition.group(1) or "") if admonition else line


def _issued(meta: object) -> dt.date | None:
    value = meta.get("issued") if isinstance(meta, dict) else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def scan_text(path: Path, text: str, forms: list[Form]) -> list[Hit]:
    """Hits of the forms in one file's text (Markdown with front matter, or YAML)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if path.suffix in (".yml", ".yaml"):
        meta: object = None
        body = ""
        lines: list[tuple[int, str, str]] = list(_yaml_values(text, 1))
    else:
        match = _FRONT_MATTER.match(text)
        front, body = (match.group(1), text[match.end() :]) if match else ("", text)
        try:
            meta = yamltext.safe_load(front) if front else {}
        except yaml.YAMLError:
            meta = {}
        body_start = front.count("\n") + 4 if match else 1
        lines = list(_yaml_values(front, 2)) if front else []
        lines += [(n, v, "body") for n, v in _markdown_lines(body, body_start)]
    issued = _issued(meta)
    hits = []
    for form in forms:
        if form.issued_after and (issued is None or issued <= form.issued_after):
            continue
        if form.file_has and not form.file_has.search(body):
            continue
        for number, line, kind in lines:
            if kind not in SCOPES[form.scope]:
                continue
            if form.line_has and not form.line_has.search(line):
                continue
            for found in form.pattern.finditer(line):
                expected = found.expand(form.expected) if "\\" in form.expected else form.expected
                hits.append(Hit(path, number, found.group(0), expected, form.reason))
    return sorted(hits, key=lambda h: (h.line, h.found))


def default_paths(docs: Path, data: Path) -> list[Path]:
    """The Chinese rules and templates, the glossary and the obligations register."""
    rules = sorted(p for p in (docs / "rules").glob("*.md") if "." not in p.stem)
    templates = sorted(p for p in (docs / "templates").glob("*.md") if "." not in p.stem)
    return [*rules, *templates, data / "glossary.yml", data / "obligations.yml"]


def scan(paths: list[Path], forms: list[Form]) -> list[Hit]:
    """Hits in every file, in path order."""
    return [
        hit for path in paths for hit in scan_text(path, path.read_text(encoding="utf-8"), forms)
    ]


def run(book: Handbook, data: Path, root: Path | None = None) -> list[str]:
    """The build's view: every hit in the book's rules and templates and in the data files
    (`data`: the project's data folder, holding terminology.yml)."""
    terminology = data / "terminology.yml"
    try:
        forms = load_forms(terminology)
    except (OSError, ValueError, yaml.YAMLError) as error:
        return [f"{terminology.name}: {error}"]
    paths = [
        *(rule.path for rule in book.rules),
        *(template.path for template in book.templates),
        data / "glossary.yml",
        data / "obligations.yml",
    ]
    return [hit.shown(root) for hit in scan(paths, forms)]


def main(argv: list[str] | None = None) -> int:
    """Print every hit; exit 1 when there is any, 0 (with one line) when the text is clean."""
    parser = argparse.ArgumentParser(prog="python -m handbook.lint", description=__doc__)
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files (default: rules, templates, glossary, obligations)",
    )
    parser.add_argument("--terms", type=Path, help="default: the project's data/terminology.yml")
    args = parser.parse_args(argv)
    from handbook.model import Project  # the command line's project: --project or this folder

    project = Project.find()
    args.terms = args.terms or project.data / "terminology.yml"
    try:
        forms = load_forms(args.terms)
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"{args.terms}: {error}", file=sys.stderr)
        return 2
    paths = args.paths or default_paths(project.docs, project.data)
    if not args.paths:  # the whole handbook: also list the rule reviews due, as information
        from handbook.editions import print_reviews

        print_reviews(project.docs, dt.date.today())
    hits = scan(paths, forms)
    for hit in hits:
        print(hit.shown(project.root))
    if hits:
        print(f"{len(hits)} terminology problem(s) in {len(paths)} files", file=sys.stderr)
        return 1
    print(f"terminology: {len(paths)} files clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
