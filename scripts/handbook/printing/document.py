"""Print HTML of the handbook: the content model rendered with Jinja2, one document per language.

Pure functions: the model (and English pages read beside the Chinese ones) in, HTML out.
Anchors are prefixed per rule (`rule-15`, `rule-15-a3`) because all rules share one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from handbook.config import Settings
from handbook.content import (
    CATEGORIES,
    ISSUERS,
    STATUSES,
    Handbook,
    Level,
    Post,
    Rule,
    Template,
    chinese_number,
    localized,
    mark_articles,
)
from handbook.editions import currency_statement
from handbook.pages import BLANK
from handbook.render import LANGUAGES, strings
from handbook.render import environment as jinja_environment

TEMPLATES = Path(__file__).parent / "templates"
CSS_FILE = Path(__file__).parent / "print.css"

# The mkdocs.yml extensions that matter on paper (no permalinks, tabs or emoji in print).
MD_EXTENSIONS = ["tables", "attr_list", "admonition", "md_in_html", "def_list", "footnotes", "abbr"]

# Links between rules: `15.md`, `15.en.md`, `../rules/15.md#第三条`.
_RULE_LINK = re.compile(r"\]\((?:\.\./rules/|\./)?(\d\d)(?:\.en)?\.md(?:#([^)\s]*))?\)")
# Any other relative link would point into the site, which a PDF cannot reach: keep the text.
_OTHER_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?!https?:|mailto:|#)[^)]*\)")
_HEADING = re.compile(r"<(/?)h([1-5])\b")
# "…" holding a Chinese character and no markup, outside a tag's attributes.
_STRAIGHT_QUOTED = re.compile(r'(?<!=)"([^"<>{}=\n]*[\u4e00-\u9fff][^"<>{}=\n]*)"')
_SHORT_TH = re.compile(r"<th([^>]*)>(?=[^<]{1,6}</th>)")
_ARTICLE_ANCHOR = re.compile(r"^(?:第([零一二三四五六七八九十百]+)条|article-?(\d+)|(\d+))$", re.I)

# The print labels of each language: the `print` section of the strings table
# (scripts/handbook/render/strings/<lang>.yml).
LABELS: dict[str, dict] = {lang: strings(lang)["print"] for lang in LANGUAGES}


@dataclass
class Section:
    """One rule, level, post or template as printed: heading, facts, body."""

    anchor: str
    title: str
    group: str = ""  # category of a rule, kind of a template: a label in the contents
    lang: str = "zh"  # language of the text (an untranslated page stays Chinese)
    facts: list[tuple[str, str]] = field(default_factory=list)
    body: Markup = Markup("")
    notes: list[tuple[str, list[str]]] = field(default_factory=list)  # basis, history


@dataclass
class Part:
    anchor: str
    title: str
    sections: list[Section]
    grouped: bool = False  # list the sections' groups in the contents


def rule_anchor(rule_id: str, article: str | None = None) -> str:
    """The anchor of a rule, or of one of its articles (第三条 / article-3 / 3), in print HTML."""
    if not article:
        return f"rule-{rule_id}"
    match = _ARTICLE_ANCHOR.match(article)
    if not match:
        return f"rule-{rule_id}"
    number = chinese_number(match.group(1)) if match.group(1) else int(match[2] or match[3])
    return f"rule-{rule_id}-a{number}"


def _link(match: re.Match) -> str:
    return f"](#{rule_anchor(match.group(1), match.group(2))})"


def anchor_articles(body: str, rule_id: str) -> str:
    """Give each article's first paragraph an anchor unique in the whole document."""
    return mark_articles(body, lambda _label, number: f"#rule-{rule_id}-a{number} .article")


def _blank(match: re.Match) -> str:
    name = html_escape(match.group(1))
    return f'<span class="blank"><span class="blank__name">{name}</span></span>'


def blanks(body: str) -> str:
    """Fill-in fields `[[字段]]` as blanks carrying the field's name in small print.

    A paragraph that is one field alone becomes a writing area (class `fill`).
    """
    lines = body.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(BLANK.sub(_blank, line))
        alone = BLANK.fullmatch(line.strip()) and not line.startswith((" ", "\t", "|", "-"))
        if alone and (i + 1 == len(lines) or not lines[i + 1].strip()):
            out.append("{: .fill }")
    return "\n".join(out) + "\n"


_MD = markdown.Markdown(extensions=MD_EXTENSIONS)


def chinese_quotes(text: str) -> str:
    """Straight double quotes around Chinese text as Chinese quotes (“…”), outside markup."""
    return _STRAIGHT_QUOTED.sub(r"“\1”", text)


def _short_headers(html: str) -> str:
    """Table headers of a few characters never break inside a word (序号, not 序/号)."""
    return _SHORT_TH.sub(r'<th class="nowrap"\1>', html)


def to_html(body: str) -> Markup:
    """Hand-written Markdown to print HTML: links made internal, headings one level down."""
    body = _OTHER_LINK.sub(r"\1", _RULE_LINK.sub(_link, body))
    _MD.reset()
    html = _short_headers(_MD.convert(chinese_quotes(body)))
    return Markup(_HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html))


def rule_section(rule: Rule, lang: str, settings: Settings) -> Section:
    """A rule as printed: its translation when `lang` is English and one exists."""
    text_lang = "en" if lang == "en" and rule.body_en else "zh"
    body = rule.body_en if text_lang == "en" else rule.body
    labels = LABELS[lang]
    status = STATUSES.get(rule.status, rule.status) if lang == "en" else rule.status
    facts = [
        (labels["doc_no"], rule.doc_no_in(lang, settings)),
        (labels["issued"], str(rule.issued)),
        (labels["effective"], str(rule.effective)),
        (labels["version"], rule.version),
        (labels["status"], status),
    ]
    words = strings(text_lang)
    issuer = words["rule_page"]["issuer_value"].format(
        org=settings.org_name, issuer=rule.issuer if text_lang == "zh" else ISSUERS[rule.issuer]
    )
    history, gap = rule.history_in(text_lang), words["print"]["history_gap"]
    facts.insert(1, (labels["issuer"], issuer))
    return Section(
        anchor=rule_anchor(rule.id),
        title=rule.title_in(text_lang),
        group=CATEGORIES.get(rule.category, rule.category) if lang == "en" else rule.category,
        lang=text_lang,
        facts=facts,
        body=to_html(anchor_articles(body, rule.id)),
        notes=[
            (labels["basis"], rule.basis_in(text_lang)),
            (labels["history"], [f"{h.date}{gap}v{h.version}{gap}{h.change}" for h in history]),
        ],
    )


def template_section(template: Template, lang: str) -> Section:
    """A report template; fill-in fields as blanks."""
    text_lang = "en" if lang == "en" and template.body_en else "zh"
    return Section(
        anchor=f"template-{template.slug}",
        title=localized(template, "title", text_lang),
        group=str(localized(template, "kind", lang)),
        lang=text_lang,
        body=to_html(blanks(localized(template, "body", text_lang))),
    )


@dataclass
class DutyView:
    """Levels and posts, and the rule titles duties cite, in one language."""

    levels: list[Level]
    posts: list[Post]
    rule_titles: dict[str, str]  # rule id -> title in the language


def duty_view(book: Handbook, lang: str) -> DutyView:
    return DutyView(
        levels=book.levels,
        posts=book.posts,
        rule_titles={rule.id: rule.title_in(lang) for rule in book.rules},
    )


def parts(book: Handbook, lang: str, settings: Settings) -> list[Part]:
    """The three parts of the handbook in print order."""
    labels = LABELS[lang]
    duty_sections = [
        Section(anchor=f"level-{lv.id}", title=localized(lv, "name", lang), group=labels["levels"])
        for lv in book.levels
    ] + [
        Section(anchor=f"post-{p.id}", title=localized(p, "name", lang), group=labels["posts"])
        for p in book.posts
    ]
    return [
        Part(
            "part-rules",
            labels["rules"],
            [rule_section(r, lang, settings) for r in book.rules],
            grouped=True,
        ),
        Part("part-duties", labels["duties"], duty_sections, grouped=True),
        Part(
            "part-templates",
            labels["templates"],
            [template_section(t, lang) for t in book.templates],
        ),
    ]


def environment() -> Environment:
    """Jinja environment of the print templates: the one factory of `handbook.render` with
    this folder's loader and HTML autoescaping (strict undefined, as for the pages)."""
    env = jinja_environment(FileSystemLoader(TEMPLATES), html=True)
    env.filters["rule_anchor"] = rule_anchor
    # {{ post | tr("name", labels.lang) }}: the English field when printing English
    env.filters["tr"] = localized
    return env


_ENV = environment()


@dataclass(frozen=True)
class Cover:
    """What a personal copy's cover says about its owner."""

    name: str
    branch: str
    post: str


@dataclass(frozen=True)
class DutyVariant:
    """The duties pages of a personal copy: a post's duties and a member's own obligations.

    `padding` note pages make every variant as long as the longest, so that the body's page
    numbers are the same in every copy.
    """

    key: str  # post id, or "member" for an ordinary member
    posts: list[Post]
    own: list[Any] = field(default_factory=list)  # personal.Duty: a member's obligations
    padding: int = 0


@dataclass(frozen=True)
class BranchPage:
    """A branch's page of the personal copies: who leads it, and its half-year calendar."""

    branch: Any  # personal.Branch
    calendar: Any  # personal.Calendar


@dataclass(frozen=True)
class MemberPages:
    """Pages appended after the body for the personal copies (never in the public PDFs).

    In a copy they come first: cover (unnumbered), the branch page (page 2), the duties pages
    (from page 3); the body is then numbered from `body_first` and every page says 共`total`页.
    """

    variants: list[DutyVariant]
    covers: list[Cover]
    branches: list[BranchPage] = field(default_factory=list)
    body_first: int = 0  # 0: measuring run, no renumbering
    only: bool = False  # lay out the personal pages alone (to measure them)


def organisation(book: Handbook, settings: Settings, lang: str) -> tuple[str, str]:
    """The cover's organisation line and office line in the handbook's language."""
    words = strings(lang)["print"]["organisation"]
    if lang == "zh":
        return words.format(org=settings.org_name), settings.office
    name = settings.org_name_en  # "the Municipal Bureau" in a sentence, capitalised on a cover
    return words.format(org=name[:1].upper() + name[1:]), settings.office_en


def page_label(lang: str, total: int | None = None) -> Markup:
    """CSS content of the page-number margin box; a fixed total when pages follow the body."""
    label = LABELS[lang]["page"]
    if total is not None:
        label = label.replace("counter(pages)", f'"{int(total)}"')
    return Markup(label)


def handbook_html(
    book: Handbook,
    lang: str,
    settings: Settings,
    members: MemberPages | None = None,
    total_pages: int | None = None,
) -> str:
    """The whole handbook of one language as one print HTML document.

    With `members`, their covers and duties pages follow the body, whose footer then states
    `total_pages` (the public handbook's page count) instead of this document's.
    """
    return _ENV.get_template("handbook.html.j2").render(
        lang=lang,
        labels=LABELS[lang],
        settings=settings,
        page_label=page_label(lang, total_pages),
        parts=parts(book, lang, settings),
        duties=duty_view(book, lang),
        levels={lv.id: lv for lv in book.levels},
        posts={p.id: p for p in book.posts},
        members=members,
        organisation=organisation(book, settings, lang),
        currency=currency_statement(settings, lang),
    )
