"""Write the whole handbook as a plain docs tree that MkDocs builds without our plugin.

    handbook export --out DIR [--site SITE]

DIR/docs/ gets every page as the site shows it: the hand-written pages with what our plugin
adds at build time (rule metadata panel, article anchors, template blanks) and every generated
page (duties, glossary, ledger summaries, compliance views, reports), Chinese at the top and
English under en/ (the same addresses as the site). Assets (CSS, JS) are copied, and the PDFs
and Word files of SITE/downloads/ when a built site is there (default: site/).
DIR/mkdocs.yml uses MkDocs' own `mkdocs` theme, the `search` plugin and the Markdown
extensions of our mkdocs.yml except Material's: building it needs only `mkdocs` and
`pymdown-extensions`, no Material, no static-i18n and no `handbook` package:

    cd DIR && python -m mkdocs build --strict

Not in the export (our plugin does them on the HTML): glossary tooltips, `lang="zh"` marks on
English pages, the bilingual 404 page and the jieba-refined search index: MkDocs' own search
finds English well but Chinese poorly (see the maintenance guide).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml

from handbook import config, pages, yamltext
from handbook import model as flow
from handbook.content import NAV_EN
from handbook.model import Model, Project

DEFAULT = "zh"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_H1 = re.compile(r"^# ", re.M)
# Markdown extensions whose options name Material's own Python code are left out.
_MATERIAL = "material."
# The built-in theme's strings in the handbook's first language; no highlight.js from a CDN.
THEME = {"name": "mkdocs", "locale": "zh_CN", "highlightjs": False, "navigation_depth": 3}
# MkDocs' own search: its `zh` needs jieba from Node.js and breaks in the browser (no search at
# all); `ja` segments Han text in the browser (TinySegmenter). Measured with our query set
# (benchmarks/export_search.py): Chinese top-3 hits 9.5% (`en` alone: 0%), English 95.1%.
SEARCH = {"search": {"lang": ["en", "ja"]}}
HEADER = (
    "# Written by `handbook export`: a plain MkDocs configuration, no Material, no plugins of\n"
    "# our own. Build with `python -m mkdocs build --strict` (needs mkdocs, pymdown-extensions).\n"
)


@dataclass(frozen=True)
class PyTag:
    """A `!!python/...` tag of mkdocs.yml kept as written (e.g. the toc slugify function)."""

    tag: str
    value: object


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml keeping its `!!python/...` tags as PyTag values."""


class _Dumper(yaml.SafeDumper):
    """Writes PyTag values back as the tags they were."""


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PyTag:
    tag = "tag:yaml.org,2002:python/" + suffix
    if isinstance(node, yaml.MappingNode):
        return PyTag(tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return PyTag(tag, loader.construct_sequence(node, deep=True))
    return PyTag(tag, loader.construct_scalar(node))


def _represent(dumper: yaml.SafeDumper, data: PyTag) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct)
_Dumper.add_representer(PyTag, _represent)


def read_config(mkdocs_yml: Path) -> dict:
    """Our mkdocs.yml as data, `!!python/...` tags kept."""
    return yaml.load(mkdocs_yml.read_text(encoding="utf-8-sig"), Loader=_Loader) or {}


# --- pure parts ---------------------------------------------------------------------------------


def _names_material(value: object) -> bool:
    """Whether an option value refers to Material's Python code."""
    if isinstance(value, PyTag):
        return _MATERIAL in value.tag or _names_material(value.value)
    if isinstance(value, dict):
        return any(_names_material(v) for v in value.values())
    if isinstance(value, list):
        return any(_names_material(v) for v in value)
    return False


def plain_extensions(extensions: list) -> list:
    """The Markdown extensions of mkdocs.yml minus those that need Material to load."""
    return [e for e in extensions if not _names_material(e)]


def i18n_languages(raw: dict) -> list[dict]:
    """The languages of the static-i18n plugin as configured, default first."""
    for plugin in raw.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = (plugin["i18n"] or {}).get("languages") or []
            return sorted(languages, key=lambda lg: not lg.get("default", False))
    return [{"locale": DEFAULT, "default": True}]


def translate_nav(nav: list, titles: dict[str, str], prefix: str) -> list:
    """The nav with section titles translated and every page path under `prefix`."""
    out: list = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), *_ = item.items()
            value = (
                prefix + value if isinstance(value, str) else translate_nav(value, titles, prefix)
            )
            out.append({titles.get(title, title): value})
        else:
            out.append(prefix + item)
    return out


def source_pages(docs: Path, lang: str, languages: set[str]) -> dict[str, Path]:
    """Hand-written pages of one language: {src_uri without suffix: file}.

    As static-i18n's `docs_structure: suffix` with `fallback_to_default`: `x.en.md` is the
    English `x.md`; a page without an English version shows the Chinese one.
    """
    chosen: dict[str, Path] = {}
    for path in sorted(docs.rglob("*.md")):
        folder, _, name = path.relative_to(docs).as_posix().rpartition("/")
        stem, _, suffix = name.removesuffix(".md").rpartition(".")
        if not stem or suffix not in languages:
            stem, suffix = name.removesuffix(".md"), ""
        base = f"{folder}/{stem}.md" if folder else f"{stem}.md"
        if suffix == lang:
            chosen[base] = path
        elif not suffix:
            chosen.setdefault(base, path)
    return chosen


def hand_written(text: str, decorate: Callable[[str], str]) -> str:
    """A hand-written page as the site shows it: front matter kept, the body decorated, and
    the title as a heading when the body has none (Material adds it; MkDocs' theme does not)."""
    match = _FRONT_MATTER.match(text)
    head, body = (match.group(0), text[match.end() :]) if match else ("", text)
    meta = (yamltext.safe_load(match.group(1)) if match else None) or {}
    title = meta.get("title") if isinstance(meta, dict) else None
    heading = f"# {title}\n\n" if title and not _H1.search(body) else ""
    return head + heading + decorate(body)


def page_path(src_uri: str, lang: str, default: str = DEFAULT) -> str:
    """Where a page of `lang` goes in the export: the default language at the top."""
    return src_uri if lang == default else f"{lang}/{src_uri}"


def not_in_nav(raw: dict, prefixes: list[str]) -> str:
    """The project's `not_in_nav` patterns (earlier editions, compare pages), repeated for the
    folder of every language in the export ("" and "en/")."""
    patterns = [line.strip() for line in str(raw.get("not_in_nav") or "").splitlines()]
    rooted = [p.lstrip("/") for p in patterns if p and not p.startswith("#")]
    return "".join(f"/{prefix}{pattern}\n" for prefix in prefixes for pattern in rooted)


def export_config(raw: dict, nav: list, prefixes: list[str] | None = None) -> dict:
    """The plain MkDocs configuration of the exported tree (`prefixes`: the language folders)."""
    extra = {k: v for k, v in (raw.get("extra") or {}).items() if k not in ("polyfills",)}
    keep = ("site_name", "site_description", "strict", "validation", "exclude_docs")
    hidden = not_in_nav(raw, prefixes or [""])
    return {
        **{k: raw[k] for k in keep if k in raw},
        **({"not_in_nav": hidden} if hidden else {}),
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": False,
        "theme": dict(THEME),
        "extra": extra,
        "extra_css": list(raw.get("extra_css") or []),
        "extra_javascript": list(raw.get("extra_javascript") or []),
        "plugins": [SEARCH],
        "markdown_extensions": plain_extensions(raw.get("markdown_extensions") or []),
        "nav": nav,
    }


# --- the one place that calls page generation ----------------------------------------------


def _pages_of(model: Model, lang: str) -> tuple:
    """Generated pages of `lang` and a function decorating a hand-written page of `lang`."""
    generated = pages.generate(model, lang)
    book, settings = model.book, model.settings
    return generated, lambda src_uri, md: pages.decorate(book, src_uri, md, lang, settings)


# --- I/O at the edges -------------------------------------------------------------------------


def docs_tree(root: Path) -> tuple[dict[str, str], list]:
    """Every page of every language as {path in the export: markdown}, and the export's nav."""
    raw = read_config(root / "mkdocs.yml")
    settings = config.settings_from_extra(raw.get("extra") or {})
    model = flow.load(Project.from_config_file(root / "mkdocs.yml"), settings)
    tree: dict[str, str] = {}
    nav: list = []
    base_nav = pages.navigation(model, raw.get("nav"))
    languages = i18n_languages(raw)
    for language in languages:
        lang = language["locale"]
        generated, decorate = _pages_of(model, lang)
        sources = source_pages(root / "docs", lang, {lg["locale"] for lg in languages})
        for uri, path in sources.items():
            markdown = hand_written(path.read_text(encoding="utf-8-sig"), partial(decorate, uri))
            tree[page_path(uri, lang)] = markdown
        tree.update({page_path(uri, lang): markdown for uri, markdown in generated.items()})
        if language.get("default"):
            nav += base_nav
        else:
            titles = {**NAV_EN, **(language.get("nav_translations") or {})}
            prefix = page_path("", lang)
            nav.append({language.get("name", lang): translate_nav(base_nav, titles, prefix)})
    prefixes = [page_path("", language["locale"]) for language in languages]
    return tree, export_config(raw, nav, prefixes)


def _check_target(out: Path, root: Path) -> None:
    """Refuse to overwrite anything but an earlier export (never the project's own docs/)."""
    config_file = out / "mkdocs.yml"
    earlier = config_file.is_file() and config_file.read_text(encoding="utf-8").startswith(HEADER)
    if out.resolve() == root.resolve() or ((out / "docs").exists() and not earlier):
        raise ValueError(
            f"{out} 不是之前导出的文件夹，不覆盖 (not an earlier export; not overwritten)"
        )


def export(out: Path, root: Path | None = None, site: Path | None = None) -> list[str]:
    """Write the docs tree and mkdocs.yml into `out`; return the pages' paths.

    Every page is generated before anything is written: on a problem `out` stays as it was.
    """
    root = root or Project.find().root
    _check_target(out, root)
    tree, configuration = docs_tree(root)
    docs_out = out / "docs"
    if docs_out.exists():
        shutil.rmtree(docs_out)
    for path, markdown in tree.items():
        target = docs_out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    for path in (root / "docs").rglob("*"):
        if path.is_file() and path.suffix != ".md":
            target = docs_out / path.relative_to(root / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    downloads = (site or root / "site") / "downloads"
    if downloads.is_dir():
        shutil.copytree(downloads, docs_out / "downloads")
    text = yaml.dump(configuration, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    (out / "mkdocs.yml").write_text(HEADER + text, encoding="utf-8")
    return sorted(tree)


def main(argv: list[str] | None = None) -> int:
    """Export the docs tree; errors end as one message."""
    parser = argparse.ArgumentParser(
        prog="handbook export", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write (docs/ inside)")
    parser.add_argument("--site", type=Path, help="built site whose downloads/ to copy")
    args = parser.parse_args(argv)
    try:
        written = export(args.out.absolute(), site=args.site)
    except Exception as error:  # every failure ends as a message
        print(f"导出失败 (export failed): {error}", file=sys.stderr)
        return 1
    print(
        f"已导出 {len(written)} 页到 {args.out}，在该文件夹运行 mkdocs build --strict 生成网站。"
        f" (Exported {len(written)} pages; build with: mkdocs build --strict)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
