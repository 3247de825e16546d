"""Pages generated from the content model, and decorations of hand-written pages.

Pure functions: model in, Markdown or HTML out. `handbook.hooks` calls them during the build:
`navigation(model, nav)` once, `generate(model, lang)` once per language (`{src_uri: markdown}`,
nothing of MkDocs), and the decorations per page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from html import escape as html_escape
from typing import TYPE_CHECKING

from handbook import editions, ledgers_pages, plan_pages
from handbook.config import Settings
from handbook.content import BLANK, Handbook, Rule, article_anchor, mark_articles
from handbook.render import escape, render, strings
from handbook.search import word_bounds

if TYPE_CHECKING:
    from handbook.model import Model

_RULE_PAGE = re.compile(r"^rules/(\d\d)(?:\.(\w+))?\.md$")
_TEMPLATE_PAGE = re.compile(r"^templates/([\w-]+?)(?:\.(en))?\.md$")


# --- navigation -------------------------------------------------------------------------------


def _children(model: Model, index: str) -> list:
    """Pages listed under a section's index page in the navigation."""
    book = model.book
    if index == "rules/index.md":
        by_category: dict[str, list[str]] = defaultdict(list)
        for rule in book.rules:
            by_category[rule.category].append(rule.src_uri)
        return [
            "rules/recent.md",
            "rules/review.md",
            *({cat: uris} for cat, uris in by_category.items()),
        ]
    if index == "duties/index.md":
        titles = strings("zh")["duties"]  # section titles; English ones via content.NAV_EN
        return [
            "duties/matrix.md",
            {titles["levels"]: [f"duties/{level.id}.md" for level in book.levels]},
            {titles["posts"]: [f"duties/{post.id}.md" for post in book.posts]},
        ]
    if index == "templates/index.md":
        return [t.src_uri for t in book.templates]
    if index == "ledgers/index.md":
        return ledgers_pages.navigation(model)
    if index == "plan/index.md":
        return plan_pages.navigation(model)
    return []


def navigation(model: Model, nav: list | None) -> list:
    """Expand each section of mkdocs.yml's nav that points at an index page with its children.

    Idempotent: the i18n plugin runs `on_config` again for each language on the same nav.
    """
    expanded = []
    for item in nav or []:
        if isinstance(item, dict):
            (title, value), *_ = item.items()
            if isinstance(value, str) and _children(model, value):
                value = [value, *_children(model, value)]
            expanded.append({title: value})
        else:
            expanded.append(item)
    return expanded


# --- generated pages --------------------------------------------------------------------------


def page(name: str, lang: str, **context: object) -> str:
    """Render a generated page (one template per kind, the strings of `lang`)."""
    return render(name, lang, **context)


def generate(model: Model, lang: str) -> dict[str, str]:
    """All generated pages of one language: {src_uri: markdown}."""
    book = model.book
    common = {"book": book, "settings": model.settings}
    out = {
        "rules/index.md": page("rule_index", lang, **common),
        "rules/recent.md": page("rules_recent", lang, **common),
        "duties/index.md": page("duties_index", lang, **common),
        "duties/matrix.md": page("duty_matrix", lang, **common),
        "templates/index.md": page("template_index", lang, **common),
        "about/glossary.md": page("glossary", lang, **common),
    }
    for level in book.levels:
        out[f"duties/{level.id}.md"] = page("level", lang, level=level, **common)
    for post in book.posts:
        out[f"duties/{post.id}.md"] = page("post", lang, post=post, **common)
    out.update(ledgers_pages.generate(model, lang))
    out["rules/index.md"] += editions.point_in_time(book, lang, model.settings)
    out.update(editions.generate(book, lang, model.settings, dt.date.today()))
    out.update(plan_pages.generate(model, lang))
    return out


# --- decorations of hand-written pages --------------------------------------------------------


def anchor_articles(markdown: str, rule: Rule, lang: str) -> str:
    """Give each article's first paragraph a stable anchor (#第三条, #article-3) and a citation."""
    title = rule.title_in(lang)

    def attributes(label: str, number: int) -> str:
        zh = label.startswith("第")
        cite = f"《{title}》{label}" if zh else f"{title}, {label}"
        anchor = article_anchor(label, "zh" if zh else "en")
        return f'#{anchor} .article data-cite="{html_escape(cite)}"'

    return mark_articles(markdown, attributes)


def downloads_url(src_uri: str, lang: str, default: str = "zh") -> str:
    """Relative URL of site/downloads/ from a page (English pages live one folder deeper)."""
    depth = src_uri.count("/") + (0 if lang == default else 1)
    return "../" * depth + "downloads/"


def decorate(book: Handbook, src_uri: str, markdown: str, lang: str, settings: Settings) -> str:
    """Add generated parts to a hand-written page (rules and templates); others unchanged."""
    downloads = downloads_url(src_uri, lang)
    if match := _RULE_PAGE.match(src_uri):
        rule = book.rules_by_id.get(match.group(1))
        if rule is None:
            return markdown
        context = {"rule": rule, "book": book, "settings": settings, "downloads": downloads}
        head = page("rule_meta", lang, **context)
        head = editions.extend_panel(head, rule, lang, settings, book.terms)
        tail = page("rule_footer", lang, **context)
        return head + "\n" + anchor_articles(markdown, rule, lang) + "\n" + tail
    if (edition := editions.decorate_edition(book, src_uri, markdown, lang, settings)) is not None:
        return edition
    if (match := _TEMPLATE_PAGE.match(src_uri)) and not src_uri.startswith("templates/index"):
        suffix = "" if lang == "zh" else f".{lang}"
        head = page(
            "template_download", lang, href=f"{downloads}templates/{match.group(1)}{suffix}.docx"
        )
        body = BLANK.sub(lambda m: f'<span class="blank">{escape(m.group(1))}</span>', markdown)
        return head + "\n" + body
    return markdown


# No tooltips inside links, code, headings, tables, the rule metadata panel or SVG charts.
_SKIP_TAGS = {
    "a",
    "abbr",
    "aside",
    "svg",
    "table",
    "code",
    "pre",
    "script",
    "style",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
_TAG = re.compile(r"(<[^>]+>)")


def explain_terms(
    book: Handbook,
    html: str,
    lang: str,
    bounds: Callable[[str], set[int]] = word_bounds,
) -> str:
    """Wrap the first occurrence of each glossary term in body text with an <abbr> tooltip.

    Every glossary rendering takes part, the longest first: a term is never explained inside
    a longer term's rendering ("inspection" inside "discipline inspection commission").
    `bounds` gives jieba's word boundaries of a text (`search.word_bounds`, or a remembering
    `Segmenter.bounds`).
    """
    english = lang != "zh"
    names = [(t.en if english else t.zh) for t in book.terms]
    notes = {
        (t.en if english else t.zh): (t.note_en if english else t.note_zh)
        for t in book.terms
        if (t.note_en if english else t.note_zh)
    }
    if not notes:
        return html
    words = sorted(set(names), key=len, reverse=True)
    lookup = {w.lower(): w for w in words}
    # English words end at a space or punctuation, not at a hyphen ("section" in "section-level").
    edge = (r"(?<![\w-])", r"(?![\w-])") if english else ("", "")
    alternatives = "|".join(map(re.escape, words))
    # A lookahead finds every start, even inside another match; at each the longest word wins.
    pattern = re.compile(f"(?=({edge[0]}(?:{alternatives}){edge[1]}))", re.I if english else 0)
    done: set[str] = set()
    skip_depth = 0
    parts = _TAG.split(html)
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in _SKIP_TAGS and not part.endswith("/>"):
                skip_depth += -1 if part.startswith("</") else 1
            continue
        if skip_depth > 0 or not part.strip():
            continue
        spans = [
            (m.start(), m.start() + len(m.group(1)), lookup[m.group(1).lower()])
            for m in pattern.finditer(part)
        ]
        if spans and not english:  # segmented only where a term occurs (jieba is the cost)
            edges = bounds(part)
            # inside a longer word (党组 in 党组织) a Chinese term is no term
            spans = [s for s in spans if {s[0], s[1]} <= edges]
        taken: list[tuple[int, int, str]] = []
        for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if all(span[1] <= a or span[0] >= b for a, b, _ in taken):
                taken.append(span)
        out, last = [], 0
        for start, end, key in sorted(taken):
            if key in done or key not in notes:
                continue  # explained once per page
            done.add(key)
            title = html_escape(notes[key])
            out += [part[last:start], f'<abbr title="{title}">{part[start:end]}</abbr>']
            last = end
        parts[i] = "".join(out) + part[last:]
    return "".join(parts)


# --- whole-page touches the theme leaves to us (Material-specific; see docs/about/maintenance.md)

_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_NOT_FOUND = "<h1>404 - Not found</h1>"


def drop_alternate_links(html: str) -> str:
    """Remove `<link rel="alternate" hreflang>` from a page's head.

    Material fetches `sitemap.xml` next to each alternate link to map pages across languages;
    our language menu already links page to page, and on an intranet without `site_url` those
    fetches are 404s (and CORS errors from file://).
    """
    return _ALTERNATE.sub("", html)


def not_found_page(html: str) -> str:
    """The theme's 404 page in both languages, with a way back to each home page."""
    zh, en = strings("zh")["not_found"], strings("en")["not_found"]
    body = (
        f'<h1 lang="zh">{zh["heading"]} <span lang="en">{en["heading"]}</span></h1>\n'
        f'<p lang="zh">{zh["text"]}</p>\n'
        f'<p lang="en">{en["text"]}</p>'
    )
    return html.replace(_NOT_FOUND, body)


# --- language of Chinese text on English pages ------------------------------------------------

# Han characters, with the CJK punctuation and full-width forms that travel with them.
_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run holds at least one Han character; digits before or between Chinese words stay in it
# (2023年6月, 第5条, 3个工作日): a screen reader reads them in Chinese too.
_CHINESE_RUN = re.compile(
    rf"[“‘]?[0-9]*[{_CJK}]*[{_HAN}][{_CJK}]*(?:[0-9.]+[{_CJK}]*[{_HAN}][{_CJK}]*)*[”’]?"
)
# Text in these is not prose, or cannot hold a <span>.
_NO_LANG_TAGS = {"script", "style", "svg", "math", "textarea", "title", "option", "template"}
_VOID_TAGS = set("area base br col embed hr img input link meta source track wbr".split())
_OPEN_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_LANG_ATTR = re.compile(r"""\slang\s*=""", re.I)


def mark_chinese(html: str, lang: str, default: str = "zh") -> str:
    """Wrap Chinese runs in text of a non-Chinese page in `<span lang="zh">` (for screen readers).

    Attributes, comments, scripts, SVG and elements that already carry `lang` are left alone.
    """
    if lang == default:
        return html
    parts = _TAG.split(html)
    stack: list[bool] = []  # per open element: is its text left alone?
    for i, part in enumerate(parts):
        if part.startswith("<"):
            if part.startswith(("<!", "<?")):
                continue
            if part.startswith("</"):
                if stack:
                    stack.pop()
                continue
            match = _OPEN_TAG.match(part)
            if not match or part.endswith("/>") or match.group(1).lower() in _VOID_TAGS:
                continue
            name = match.group(1).lower()
            skip = (stack and stack[-1]) or name in _NO_LANG_TAGS or _LANG_ATTR.search(match[2])
            stack.append(bool(skip))
            continue
        if stack and stack[-1] or not re.search(f"[{_HAN}]", part):
            continue
        parts[i] = _CHINESE_RUN.sub(lambda m: f'<span lang="{default}">{m.group(0)}</span>', part)
    return "".join(parts)
