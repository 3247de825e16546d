"""Jinja2 rendering of generated pages. Every value from data is escaped on its way out."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"

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


def environment(loader: BaseLoader | None = None, html: bool = False) -> Environment:
    """The one Jinja environment factory: strict about undefined names, escaping every output.

    By default the generated pages' templates (Markdown: `_finalize` escapes every string for
    Markdown and HTML at once). `html=True` with another loader: HTML templates (print), with
    Jinja's HTML autoescaping instead.
    """
    common = {"undefined": StrictUndefined, "trim_blocks": True, "lstrip_blocks": True}
    if html:
        env = Environment(loader=loader, autoescape=select_autoescape(["html", "j2"]), **common)
    else:
        env = Environment(
            loader=loader or FileSystemLoader(TEMPLATES),
            finalize=_finalize,
            autoescape=False,
            keep_trailing_newline=True,
            **common,
        )
    env.filters["safe_md"] = Markup
    env.filters["tr"] = _translated
    env.filters["article_anchor"] = _article_anchor
    env.filters["by_pinyin"] = by_pinyin
    env.filters["headline"] = headline
    from handbook.content import CATEGORIES, ISSUERS, STATUSES

    env.globals["vocab"] = {"status": STATUSES, "category": CATEGORIES, "issuer": ISSUERS}
    return env


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


# The package's own templates: code, not data (Jinja reloads a template whose file changed).
_ENV = environment()


def render(name: str, lang: str, **context: object) -> str:
    """Render `templates/<lang>/<name>.md.j2`."""
    return _ENV.get_template(f"{lang}/{name}.md.j2").render(lang=lang, **context)
