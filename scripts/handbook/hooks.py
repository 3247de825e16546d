"""The MkDocs plugin `handbook` (`plugins: - handbook` in mkdocs.yml): a thin adapter.

The work happens in `handbook.*`, which knows nothing of MkDocs. Wiring:

- `on_startup` only marks the plugin as one MkDocs keeps across `mkdocs serve` rebuilds, so the
  model below survives from one rebuild to the next;
- `on_config` loads the model (`handbook.model.load`: content, register, ledgers, translations
  and the language-independent ledger model) or reuses the last one while its key
  (`handbook.model.stamp`: every file under docs/ and data/, and the settings) is unchanged;
  this plugin instance is the one place a model is kept;
- `on_files` adds `pages.generate(model, lang)` as generated files of the language being built;
- the page events decorate hand-written pages; `on_post_build` refines the search indexes;
- the package's own errors (`HandbookError`, `LedgerError`) become MkDocs' `PluginError` here.

The i18n plugin builds the site once per language and re-runs these events for each, so every
event asks which language is being built. Generated pages are virtual files added after the
i18n plugin has chosen the language's files (it cannot handle in-memory files itself).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Literal

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook import model as flow
from handbook import pages, plan_pages, search
from handbook.config import settings_from_extra
from handbook.content import NAV_EN
from handbook.errors import HandbookError


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def _search_plugin(config: MkDocsConfig) -> BasePlugin | None:
    """Material's search plugin, if the site uses it."""
    return config.plugins.get("material/search") or config.plugins.get("search")


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


class TemplateCode(jinja2.BytecodeCache):
    """Compiled theme templates, by template and source checksum, kept in memory.

    MkDocs makes a new Jinja environment for every build, and the i18n plugin builds each
    language as a build of its own, so Material's ~50 templates were compiled once per
    language and again on every `mkdocs serve` rebuild. Jinja checks each entry against the
    template's source, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill `bucket` with the code compiled before, if any."""
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code just compiled."""
        self.codes[bucket.key] = bucket.bytecode_to_string()


class HandbookPlugin(BasePlugin):
    """The handbook's MkDocs events; holds the one model of the project being built."""

    def __init__(self) -> None:
        super().__init__()
        self.model: flow.Model | None = None
        self.key: tuple | None = None
        # jieba's words by text, kept across `mkdocs serve` rebuilds while the vocabulary stays.
        self.segmenter: search.Segmenter | None = None
        self.templates = TemplateCode()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Nothing to do: defining it makes MkDocs keep this instance (and its model) across
        `mkdocs serve` rebuilds instead of making a new one for each."""

    def use(self, model: flow.Model, key: tuple) -> None:
        """Take a model already loaded for `key` (`handbook build` validates before building)."""
        self.model, self.key = model, key

    def _model(self) -> flow.Model:
        if self.model is None:
            raise PluginError("handbook: no model loaded (on_config did not run)")
        return self.model

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load the model, or reuse it while no input changed; expand the navigation; teach
        jieba the glossary's terms.

        The i18n plugin runs this again for each language: the key is unchanged, so the
        model is read once per build (and again by `mkdocs serve` only when a file changed).
        """
        try:
            settings = settings_from_extra(config.extra)
            project = flow.Project.from_config_file(config.config_file_path or "mkdocs.yml")
            key = flow.stamp(project, settings)
            if key != self.key:
                self.model, self.key = None, None
                self.model, self.key = flow.load(project, settings), key
        except HandbookError as error:
            raise PluginError(str(error)) from None
        model = self._model()
        synonyms = search.load_synonyms(model.project.data / search.SYNONYMS)
        search.teach_jieba(model.book, synonyms)
        material = _search_plugin(config)
        user_dict = getattr(material, "config", {}).get("jieba_dict_user") if material else None
        root = Path(config.config_file_path or "mkdocs.yml").parent
        vocabulary = search.vocabulary(model.book, synonyms, user_dict and root / user_dict)
        if self.segmenter is None or self.segmenter.vocabulary != vocabulary:
            self.segmenter = search.Segmenter(vocabulary)
        if material is not None:
            search.remember_segmentation(material, self.segmenter)
        config.nav = pages.navigation(model, config.nav)
        for language in getattr(config.plugins.get("i18n"), "config", {}).get("languages", []):
            if language.locale == "en":
                language.nav_translations = {**NAV_EN, **(language.nav_translations or {})}
        return config

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Reuse the theme templates compiled by an earlier language or rebuild."""
        env.bytecode_cache = self.templates
        return env

    # After the i18n plugin (priority -100) has picked this language's files.
    @event_priority(-110)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the generated pages of the language being built."""
        lang = _language(config)
        i18n = config.plugins.get("i18n")
        default = getattr(i18n, "default_language", lang)
        others = [lg for lg in getattr(i18n, "build_languages", [lang]) if lg != lang]
        try:
            generated = pages.generate(self._model(), lang)
        except HandbookError as error:
            raise PluginError(str(error)) from None
        for src_uri, content in generated.items():
            file = _virtual(config, src_uri, content, lang, default)
            for other in others:
                file.alternates[other] = _virtual(config, src_uri, "", other, default)
            files.append(file)
        return files

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Decorate hand-written pages: rule metadata and article anchors, template blanks."""
        # Material shows a nav icon for any page `status`; ours is a rule's legal status, not that.
        page.meta.pop("status", None)
        model = self._model()
        lang = _language(config)
        return pages.decorate(model.book, page.file.src_uri, markdown, lang, model.settings)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Explain glossary terms where they first appear on a page (hover tooltips); mark the
        Chinese left on pages of other languages with `lang="zh"`."""
        seg = self.segmenter or search.Segmenter()
        html = pages.explain_terms(self._model().book, html, _language(config), seg.bounds)
        return pages.mark_chinese(html, _language(config))

    # After the i18n plugin (-100) has built every language: each build copies the theme's assets.
    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the work calendar's .ics files; fix the search worker's query splitter; write one
        refined search index per language."""
        site = Path(config.site_dir)
        if getattr(config.plugins.get("i18n"), "building", False):
            return  # a nested language build: the outer build merges the indexes, then refines
        model = self._model()
        calendars = plan_pages.calendar_files(
            model.book,
            plan_pages.branch_names(model),
            model.settings,
            config.site_url or "",
            dt.datetime.now(dt.UTC),
        )
        for path, content in calendars.items():  # under downloads/calendar/
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes(content)
        if not (site / "search" / "search_index.json").exists() or search.MODE == "plain":
            return  # no search index (search switched off), or untuned search
        data = model.project.data
        synonyms = search.load_synonyms(data / search.SYNONYMS)
        search.patch_search_worker(site, search.load_stopwords(data / search.STOPWORDS), synonyms)
        i18n = config.plugins.get("i18n")
        default = getattr(i18n, "default_language", "zh")
        languages = getattr(i18n, "build_languages", [default])
        prefixes = {lang: "" if lang == default else f"{lang}/" for lang in languages}
        search.write_language_indexes(site, model.book, prefixes, synonyms, self.segmenter)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Drop the theme's alternate links (they make Material fetch sitemaps that do not
        exist)."""
        return pages.drop_alternate_links(output)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """A bilingual 404 page; no sitemap.xml (an intranet site has no `site_url` to list)."""
        if template_name == "sitemap.xml":
            return ""  # MkDocs skips a template that renders empty
        if template_name == "404.html":
            return pages.drop_alternate_links(pages.not_found_page(output))
        return output

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
        """Point pages of other languages at their own folder, where their search index lives."""
        i18n = config.plugins.get("i18n")
        lang = _language(config)
        if i18n is not None and lang != i18n.default_language and search.MODE != "plain":
            depth = page.file.dest_uri.count("/")  # en/rules/15.html -> 2
            context["base_url"] = "/".join([".."] * (depth - 1)) or "."
        return context


def _show_mkdocs_problems() -> None:
    """Print MkDocs' warnings and errors (a hook's message, a broken link) to stderr.

    Called as a library, MkDocs logs them to no handler, and only "Aborted with a BuildError!"
    would reach the terminal, without the reason.
    """
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_handbook", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._handbook = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def build_site(
    project: flow.Project,
    site_dir: Path,
    model: flow.Model | None = None,
    key: tuple | None = None,
) -> None:
    """Run the strict MkDocs build of `project` into `site_dir` (`handbook build`'s site step).

    A `model` already loaded for `key` is handed to the plugin, which then loads nothing again.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    _show_mkdocs_problems()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice only
    config = load_config(str(project.config_file), site_dir=str(site_dir), strict=True)
    plugin = config.plugins.get("handbook")
    if model is not None and key is not None and isinstance(plugin, HandbookPlugin):
        plugin.use(model, key)
    mkdocs_build(config)
