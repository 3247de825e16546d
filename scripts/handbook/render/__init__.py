"""Jinja2 rendering of generated pages. Every value from data is escaped on its way out.

One template per page kind (`templates/<name>.md.j2`) and one strings table per language
(`strings/<lang>.yml`, Material's `partials/languages/` is the model): a template writes
`{{ t.rules.title }}`, or `{{ t.ledgers.rows | fmt(n=rows) }}` for a string with blanks.
Prose that reads differently in each language (the half-year report) keeps one template per
language (`templates/<lang>/<name>.md.j2`) fed by the same function. Python code reads the
same table through `strings(lang)`; `environment()` is the one place that configures Jinja
(the print templates use it too, with their own loader and HTML escaping).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from handbook import yamltext

TEMPLATES = Path(__file__).parent / "templates"
STRINGS = Path(__file__).parent / "strings"
LANGUAGES = ("zh", "en")  # languages with a strings table; others fall back to Chinese

# Characters that HTML or Markdown would interpret anywhere in a line, each written as a numeric
# entity so that it shows literally: `<script>` stays text, `**x**` stays asterisks, `|` cannot
# split a table, `:smile:` is no emoji. Hyphens, dots and slashes stay, so ids like G1-05 work.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}|:~^="}
_ENTITIES[ord("\n")] = " "
_ENTITIES[ord("\r")] = ""
# Characters that only matter at the start of a line (headings, lists, quotes).
_LEADING = re.compile(r"^\s*([#>+\-]|\d+\.)")


def escape(value: object) -> str:
    """Escape any value for Markdown+HTML output; Markup values pass unchanged."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = str(value).translate(_ENTITIES)
    return _LEADING.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), text)


def _finalize(value: object) -> object:
    # Numbers and dates are safe as they are; strings from data are escaped.
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape(value)
    return value


def load_strings(lang: str) -> dict:
    """The strings table of a language (`strings/<lang>.yml`), Chinese for other languages."""
    name = lang if lang in LANGUAGES else "zh"
    with (STRINGS / f"{name}.yml").open(encoding="utf-8") as handle:
        return yamltext.safe_load(handle)


def _trusted(value: object) -> object:
    """The table with every string marked as template text (written by us, not from data)."""
    if isinstance(value, Mapping):
        return {key: _trusted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_trusted(item) for item in value]
    return Markup(value) if isinstance(value, str) else value


def fmt(text: str, /, **values: object) -> Markup:
    """`{{ t.key | fmt(n=3) }}`: a string of the table with its `{n}` blanks filled, each value
    escaped as `{{ n }}` would be."""
    return Markup(str(text).format(**{k: _finalize(v) for k, v in values.items()}))


def environment(
    loader: BaseLoader | None = None, *, html: bool = False, **options: object
) -> Environment:
    """The one Jinja environment factory: strict about undefined names, escaping every output.

    Generated pages (the default): Markdown output, every value escaped for Markdown and HTML
    at once by `_finalize`; the strings tables as `t`. `html=True` with another loader: the print
    templates, with Jinja's HTML autoescaping instead.
    """
    common = {"undefined": StrictUndefined, "trim_blocks": True, "lstrip_blocks": True}
    if html:  # the print templates take their labels as an argument (`labels`)
        return Environment(loader=loader, autoescape=True, **common, **options)
    env = Environment(
        loader=loader or FileSystemLoader(TEMPLATES),
        finalize=_finalize,
        autoescape=False,  # Markdown output: `_finalize` escapes for Markdown and HTML at once
        keep_trailing_newline=True,
        **common,
        **options,
    )
    # The tables, loaded once with the environment: plain for Python, trusted for templates.
    env.globals["_strings"] = {lang: load_strings(lang) for lang in LANGUAGES}
    env.globals["_t"] = {lang: _trusted(env.globals["_strings"][lang]) for lang in LANGUAGES}
    env.filters["fmt"] = fmt
    env.filters["vocab"] = _vocabulary
    env.filters["collate"] = _collate
    env.globals["suffix"] = _suffix
    env.globals["downloads_from"] = _downloads_from
    env.filters["safe_md"] = Markup
    env.filters["tr"] = _translated
    env.filters["article_anchor"] = _article_anchor
    env.filters["by_pinyin"] = by_pinyin
    env.filters["headline"] = headline
    return env


def _vocab() -> dict:
    """The rules' vocabularies (statuses, categories, issuers) with their English forms."""
    from handbook.content import CATEGORIES, ISSUERS, STATUSES  # content imports this module

    return {"status": STATUSES, "category": CATEGORIES, "issuer": ISSUERS}


def headline(text: str, limit: int = 24, words: int = 10) -> str:
    """A heading from a sentence: its first clause, shortened to `limit` characters (Chinese)
    or `words` words (English), so a page's table of contents says what each item is about."""
    clause = re.split(r"[，；。：,;:.]", str(text), maxsplit=1)[0].strip()
    if re.search(r"[\u4e00-\u9fff]", clause):
        return clause if len(clause) <= limit else clause[: limit - 1] + "…"
    parts = clause.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + "…"


def pinyin_key(text: str) -> list[tuple[str, str]]:
    """Sort key of a Chinese text in dictionary order: syllable by syllable, spelling then tone."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    return [(s.rstrip("12345"), s) for s in syllables]


def by_pinyin(items: list, attribute: str) -> list:
    """`{{ terms | by_pinyin("zh") }}`: items in pinyin order of a Chinese attribute."""
    return sorted(items, key=lambda item: pinyin_key(str(getattr(item, attribute))))


@pass_context
def _translated(context: dict, obj: object, name: str) -> object:
    """`{{ post | tr("name") }}`: the field in the page's language, Chinese as fallback."""
    from handbook.content import localized

    return localized(obj, name, context["lang"])


@pass_context
def _article_anchor(context: dict, label: str, rule: object) -> str:
    """The anchor of an article (第三条) on `rule`'s page in the current language."""
    from handbook.content import article_anchor

    lang = context["lang"]
    translated = lang == "zh" or lang in getattr(rule, "titles", {})
    return article_anchor(label, lang if translated else "zh")


@pass_context
def _vocabulary(context: dict, value: str, kind: str) -> str:
    """`{{ rule.status | vocab("status") }}`: a word of the rules' vocabulary in the page's
    language (the Chinese word itself on Chinese pages)."""
    if context["lang"] == "zh":
        return value
    return context["vocab"][kind][value]


@pass_context
def _collate(context: dict, items: list, zh: str, other: str) -> list:
    """`{{ terms | collate("zh", "en") }}`: Chinese pages in pinyin order of `zh`, others in
    alphabetical order (ignoring case) of `other`."""
    if context["lang"] == "zh":
        return by_pinyin(items, zh)
    return sorted(items, key=lambda item: str(getattr(item, other)).lower())


@pass_context
def _suffix(context: dict) -> str:
    """The file-name suffix of the page's language: "" (Chinese) or ".en" (rules/15.en.pdf)."""
    return "" if context["lang"] == "zh" else f".{context['lang']}"


@pass_context
def _downloads_from(context: dict, depth: int) -> str:
    """Relative URL of site/downloads/ from a page `depth` folders deep (other languages live
    one folder deeper)."""
    return "../" * (depth + (0 if context["lang"] == "zh" else 1)) + "downloads/"


def strings(lang: str) -> dict:
    """The strings table of `lang` (plain strings, for Python code: charts, tables, print)."""
    return _ENV.globals["_strings"][lang if lang in LANGUAGES else "zh"]


def render(name: str, lang: str, **context: object) -> str:
    """Render the page kind `name` in `lang`: `templates/<name>.md.j2` with the strings of
    `lang` as `t`, or the language's own `templates/<lang>/<name>.md.j2` where prose needs one
    (Chinese when a language has none)."""
    env = _ENV
    table = env.globals["_t"][lang if lang in LANGUAGES else "zh"]
    if (TEMPLATES / f"{name}.md.j2").is_file():
        template = f"{name}.md.j2"
    elif (TEMPLATES / lang / f"{name}.md.j2").is_file():
        template = f"{lang}/{name}.md.j2"
    else:
        template = f"zh/{name}.md.j2"
    return env.get_template(template).render(lang=lang, t=table, vocab=_vocab(), **context)


# The package's own templates: code, not data (Jinja reloads a template whose file changed).
_ENV = environment()
