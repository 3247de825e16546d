"""Golden files: the generated Markdown of one page of each kind, in both languages.

`tests/test_golden.py` regenerates these pages and compares them with `tests/golden/<lang>/`;
`make golden` (`python -m tests.goldens --update`) rewrites the files after an intended change.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
LANGS = ("zh", "en")

# One generated page of each kind (src_uri as `handbook.pages.generate` returns it).
GENERATED = (
    "rules/index.md",
    "rules/recent.md",
    "duties/index.md",
    "duties/matrix.md",
    "duties/L1.md",
    "duties/G1.md",
    "templates/index.md",
    "about/glossary.md",
    "ledgers/index.md",
    "ledgers/org_life.md",
    "ledgers/compliance/theme-days.md",
    "ledgers/compliance/rectification.md",
    "ledgers/columns.md",
)
# Hand-written pages whose decorations (rule metadata panel, footer, template download) are kept.
DECORATED = ("rules/15.md", "templates/theme-party-day-record.md")


def _pages(lang: str) -> tuple[dict[str, str], object]:
    """The generated pages of `lang` and a function decorating a hand-written page.

    The one place that calls the page API, so that a change of its signature is one edit here.
    """
    from handbook.config import load_settings
    from handbook.content import load_handbook
    from handbook.pages import decorate, generate

    book, settings = load_handbook(), load_settings(ROOT / "mkdocs.yml")
    return generate(book, lang, settings), lambda uri, md: decorate(book, uri, md, lang, settings)


def _source(src_uri: str, lang: str) -> tuple[str, str]:
    """src_uri and Markdown body (front matter removed, as MkDocs hands it to the hook) of a
    hand-written page in `lang` (English files end in .en.md)."""
    from mkdocs.utils.meta import get_data

    uri = src_uri if lang == "zh" else src_uri.removesuffix(".md") + f".{lang}.md"
    return uri, get_data((ROOT / "docs" / uri).read_text(encoding="utf-8"))[0]


def current() -> dict[str, str]:
    """Every golden page as the code generates it now: {path under tests/golden/: markdown}."""
    out: dict[str, str] = {}
    for lang in LANGS:
        generated, decorate = _pages(lang)
        reports = sorted(k for k in generated if k.startswith("ledgers/reports/"))
        for src_uri in (*GENERATED, reports[-1]):
            out[f"{lang}/{src_uri}"] = generated[src_uri]
        for src_uri in DECORATED:
            uri, markdown = _source(src_uri, lang)
            out[f"{lang}/decorated/{src_uri}"] = decorate(uri, markdown)
    return out


def stored() -> dict[str, str]:
    """Every golden file on disk: {path under tests/golden/: markdown}."""
    return {
        path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8")
        for lang in LANGS
        for path in sorted((GOLDEN / lang).rglob("*.md"))
    }


def diff(name: str, expected: str, actual: str) -> str:
    """A unified diff of one golden file against the page generated now."""
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"tests/golden/{name} (stored)",
            tofile=f"tests/golden/{name} (generated now)",
        )
    )


def update() -> list[str]:
    """Rewrite tests/golden/ from the pages generated now; return the files that changed."""
    pages = current()
    changed = []
    for name in sorted(set(stored()) - set(pages)):
        (GOLDEN / name).unlink()
        changed.append(f"removed {name}")
    for name, text in pages.items():
        path = GOLDEN / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(f"wrote {name}")
    return changed


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.goldens --update` rewrites the golden files; without it, only compares."""
    parser = argparse.ArgumentParser(prog="python -m tests.goldens", description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite tests/golden/")
    args = parser.parse_args(argv)
    if args.update:
        changed = update()
        print("\n".join(changed) or "golden files unchanged")
        return 0
    pages, files = current(), stored()
    differ = [
        name for name in sorted(set(pages) | set(files)) if pages.get(name) != files.get(name)
    ]
    for name in differ:
        print(diff(name, files.get(name, ""), pages.get(name, "")))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
