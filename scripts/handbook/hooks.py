"""MkDocs hooks: wire the handbook package into the build. The work happens in `handbook.*`.

The i18n plugin builds the site once per language and re-runs these events for each, so every
event asks which language is being built. Generated pages are virtual files added after the
i18n plugin has chosen the language's files (it cannot handle in-memory files itself).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook import ledgers_pages, pages, plan_pages, search
from handbook.config import DATA, DOCS, settings_from_extra
from handbook.content import NAV_EN, Handbook, check, load_handbook

_state: dict = {}


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def _book() -> Handbook:
    return _state["book"]


def _content_stamp() -> tuple:
    """Names, sizes and times of the content files: unchanged stamp, unchanged content."""
    paths = sorted([*DOCS.rglob("*.md"), *DATA.glob("*.yml")])
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the content, and teach jieba the glossary's terms.

    The i18n plugin runs this again for each language: the content is read once per build
    (and again by `mkdocs serve` only when a file changed).
    """
    stamp = _content_stamp()
    if _state.get("stamp") != stamp:
        book = load_handbook()
        problems = check(book)
        if problems:
            raise PluginError("Content problems:\n  " + "\n  ".join(problems))
        _state.update(book=book, stamp=stamp)
    book = _state["book"]
    _state["settings"] = settings_from_extra(config.extra)
    search.teach_jieba(book)
    config.nav = pages.navigation(book, config.nav)
    for language in getattr(config.plugins.get("i18n"), "config", {}).get("languages", []):
        if language.locale == "en":
            language.nav_translations = {**NAV_EN, **(language.nav_translations or {})}
    return config


def _virtual(config: MkDocsConfig, src_uri: str, content: str, lang: str, default: str) -> File:
    """A generated page carrying the attributes the i18n plugin expects on its files."""
    file = File.generated(config, src_uri, content=content)
    if lang != default:
        file.dest_uri = f"{lang}/{file.dest_uri}"
    file.locale = lang
    file.locale_alternate_of = lang
    file.localization = None if lang == default else lang
    file.norm_src_uri = src_uri
    file.alternates = {lang: file}
    return file


# After the i18n plugin (priority -100) has picked this language's files.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages of the language being built."""
    lang = _language(config)
    i18n = config.plugins.get("i18n")
    default = getattr(i18n, "default_language", lang)
    others = [lg for lg in getattr(i18n, "build_languages", [lang]) if lg != lang]
    for src_uri, content in pages.generate(_book(), lang, _state["settings"]).items():
        file = _virtual(config, src_uri, content, lang, default)
        for other in others:
            file.alternates[other] = _virtual(config, src_uri, "", other, default)
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Decorate hand-written pages: rule metadata and article anchors, template blanks."""
    # Material shows a nav icon for any page `status`; ours is a rule's legal status, not that.
    page.meta.pop("status", None)
    lang = _language(config)
    return pages.decorate(_book(), page.file.src_uri, markdown, lang, _state["settings"])


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Explain glossary terms where they first appear on a page (hover tooltips); mark the
    Chinese left on pages of other languages with `lang="zh"`."""
    html = pages.explain_terms(_book(), html, _language(config))
    return pages.mark_chinese(html, _language(config))


# After the i18n plugin (-100) has built every language: each build copies the theme's assets.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """Fix the search worker's query splitter; write one refined search index per language."""
    site = Path(config.site_dir)
    settings, data = _state["settings"], ledgers_pages.ledgers()
    names = plan_pages.branch_names(data, settings)
    for path, content in plan_pages.calendar_files(
        _book(), names, settings, config.site_url or "", dt.datetime.now(dt.UTC)
    ).items():  # the .ics files of the work calendar, under downloads/calendar/
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content)
    if not (site / "search" / "search_index.json").exists() or search.MODE == "plain":
        return  # a nested language build (the outer build finishes the job), or untuned search
    search.patch_search_worker(site, search.load_stopwords(), search.load_synonyms())
    i18n = config.plugins.get("i18n")
    default = getattr(i18n, "default_language", "zh")
    languages = getattr(i18n, "build_languages", [default])
    prefixes = {lang: "" if lang == default else f"{lang}/" for lang in languages}
    search.write_language_indexes(site, _book(), prefixes)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the theme's alternate links (they make Material fetch sitemaps that do not exist)."""
    return pages.drop_alternate_links(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """A bilingual 404 page; no sitemap.xml (an intranet site has no `site_url` to list)."""
    if template_name == "sitemap.xml":
        return ""  # MkDocs skips a template that renders empty
    if template_name == "404.html":
        return pages.drop_alternate_links(pages.not_found_page(output))
    return output


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """Point pages of other languages at their own folder, where their search index lives."""
    i18n = config.plugins.get("i18n")
    lang = _language(config)
    if i18n is not None and lang != i18n.default_language and search.MODE != "plain":
        depth = page.file.dest_uri.count("/")  # en/rules/15.html -> 2
        context["base_url"] = "/".join([".."] * (depth - 1)) or "."
    return context


class HandbookPlugin(BasePlugin):
    """These hooks as an MkDocs plugin (`plugins: - handbook` in mkdocs.yml), registered by the
    package's entry point, so an installed package needs no file path in the configuration."""

    on_config = staticmethod(on_config)
    on_files = staticmethod(on_files)
    on_page_markdown = staticmethod(on_page_markdown)
    on_page_content = staticmethod(on_page_content)
    on_post_build = staticmethod(on_post_build)
    on_post_page = staticmethod(on_post_page)
    on_post_template = staticmethod(on_post_template)
    on_page_context = staticmethod(on_page_context)
