"""Read the handbook's written content (rules, duties, glossary, templates) into typed objects.

Each fact lives once: a rule's metadata in its front matter, a duty in `data/duties.yml`, a term
in `data/glossary.yml`. Every page that shows them (index, matrix, back-links, PDF) is generated
from this model. `check()` returns every cross-reference problem instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from scripts.config import DATA, DOCS

# Controlled vocabularies, with the English used on English pages.
STATUSES = {
    "现行有效": "In force",
    "已修订": "Revised",
    "已废止": "Repealed",
    "尚未施行": "Not yet in force",
}
CATEGORIES = {
    "理论学习": "Theory study",
    "组织建设": "Organisation building",
    "组织生活": "Organisational life",
    "责任落实": "Fulfilling responsibilities",
    "党风廉政": "Party conduct and integrity",
}
ISSUERS = {
    "党组": "Leading Party members' group",
    "机关党委": "Party committee of the bureau's offices",
    "机关纪委": "Discipline inspection commission of the bureau's offices",
}
# Navigation section titles generated from the content, in English.
NAV_EN = {**CATEGORIES, "三级主体责任": "Three levels", "五岗具体职责": "Five posts"}
REQUIRED_RULE_KEYS = (
    "id",
    "title",
    "category",
    "issuer",
    "doc_no",
    "issued",
    "effective",
    "status",
    "version",
    "basis",
    "history",
)

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
# An article starts a paragraph: **第十二条**　text
ARTICLE_LINE = re.compile(r"^\*\*(第([零一二三四五六七八九十百]+)条)\*\*")
EN_ARTICLE_LINE = re.compile(r"^\*\*(Article (\d+))\*\*")
CHAPTER_LINE = re.compile(r"^## (第[零一二三四五六七八九十百]+章)\s*(.*)$")
_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HAN = re.compile(r"[\u4e00-\u9fff]")


def chinese_number(text: str) -> int:
    """Convert a Chinese numeral below 1000 (e.g. 二十三, 一百零五) to an int."""
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + current


def article_anchor(label: str, lang: str) -> str:
    """HTML id of an article: 第三条 on Chinese pages, article-3 on English ones."""
    if lang == "zh":
        return label
    return f"article-{chinese_number(label.removeprefix('第').removesuffix('条'))}"


def mark_articles(markdown: str, attributes: Callable[[str, int], str]) -> str:
    """Close each article's first paragraph with an attr_list line `{: …}`.

    `attributes(label, number)` gives what goes inside the braces for an article: the label as
    written (第三条 or Article 3) and its number.
    """
    out: list[str] = []
    pending: str | None = None
    for line in markdown.splitlines():
        if pending and not line.strip():
            out.append(pending)
            pending = None
        zh, en = ARTICLE_LINE.match(line), EN_ARTICLE_LINE.match(line)
        if zh or en:
            if pending:
                out.append(pending)
            label = (zh or en).group(1)
            number = chinese_number(zh.group(2)) if zh else int(en.group(2))
            pending = "{: " + attributes(label, number) + " }"
        out.append(line)
    if pending:
        out.append(pending)
    return "\n".join(out) + "\n"


def _plain(markdown: str) -> str:
    """Markdown of an article as plain text: no emphasis marks, links reduced to their text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"\*{1,2}|__", "", text).strip()


def han_count(text: str) -> int:
    """Number of Han characters in a text (how Chinese document length is measured)."""
    return len(_HAN.findall(text))


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split a Markdown file into its YAML front matter and body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    return yaml.safe_load(match.group(1)) or {}, text[match.end() :]


@dataclass(frozen=True)
class Revision:
    date: dt.date
    version: str
    change: str


@dataclass(frozen=True)
class Article:
    number: int
    label: str  # 第三条; also the HTML anchor of the article

    @property
    def anchor(self) -> str:
        return self.label


@dataclass(frozen=True)
class Chapter:
    label: str  # 第一章
    title: str  # 总则


@dataclass
class Rule:
    id: str
    title: str
    category: str
    issuer: str
    doc_no: str
    issued: dt.date
    effective: dt.date
    status: str
    version: str
    basis: list[str]
    history: list[Revision]
    body: str
    path: Path
    titles: dict[str, str] = field(default_factory=dict)  # language -> title
    english: dict = field(default_factory=dict)  # front matter of NN.en.md: title, basis, history
    body_en: str = ""

    @property
    def src_uri(self) -> str:
        return f"rules/{self.id}.md"

    @cached_property
    def articles(self) -> list[Article]:
        found = []
        for line in self.body.splitlines():
            match = ARTICLE_LINE.match(line)
            if match:
                found.append(Article(chinese_number(match.group(2)), match.group(1)))
        return found

    @cached_property
    def chapters(self) -> list[Chapter]:
        return [
            Chapter(m.group(1), m.group(2).strip())
            for line in self.body.splitlines()
            if (m := CHAPTER_LINE.match(line))
        ]

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang, self.title)

    def article_texts(self, lang: str) -> list[tuple[str, str, str]]:
        """(anchor, label, plain text) of each article, items included, in a language."""
        body = self.body_en if lang != "zh" and self.body_en else self.body
        pattern = ARTICLE_LINE if body is self.body else EN_ARTICLE_LINE
        found: list[tuple[str, str, list[str]]] = []
        for block in re.split(r"\n\s*\n", body):
            block = block.strip()
            match = pattern.match(block)
            if match:
                label = match.group(1)
                anchor = label if pattern is ARTICLE_LINE else f"article-{match.group(2)}"
                found.append((anchor, label, [block]))
            elif block.startswith("#"):
                found.append(("", "", []))  # a heading ends the article
            elif found and found[-1][0]:
                found[-1][2].append(block)
        return [
            (anchor, label, _plain("\n".join(parts))) for anchor, label, parts in found if anchor
        ]

    def basis_in(self, lang: str) -> list[str]:
        """The 上位依据 in a language (the Chinese list where no translation exists)."""
        translated = self.english.get("basis") if lang == "en" else None
        return list(translated) if translated else self.basis

    def history_in(self, lang: str) -> list[Revision]:
        """Revisions with the change text in a language."""
        changes = self.english.get("history") if lang == "en" else None
        if not changes or len(changes) != len(self.history):
            return self.history
        return [
            Revision(r.date, r.version, str(c)) for r, c in zip(self.history, changes, strict=True)
        ]


@dataclass(frozen=True)
class RuleRef:
    """A reference from a duty to a rule, optionally to one article: "15" or "15#第三条"."""

    rule_id: str
    article: str | None = None

    @classmethod
    def parse(cls, text: str) -> RuleRef:
        rule_id, _, article = str(text).partition("#")
        return cls(rule_id.zfill(2), article or None)


def localized(obj: object, name: str, lang: str) -> object:
    """`obj.<name>_en` when building English and it exists, else the Chinese `obj.<name>`."""
    if lang != "zh":
        value = getattr(obj, f"{name}_{lang}", None)
        if value:
            return value
    return getattr(obj, name)


@dataclass
class Duty:
    id: str
    text: str
    refs: list[RuleRef]
    post_id: str
    text_en: str = ""


@dataclass
class Post:
    id: str
    name: str
    role: str
    summary: str
    duties: list[Duty]
    level_id: str = ""
    name_en: str = ""
    role_en: str = ""
    summary_en: str = ""


@dataclass
class Level:
    id: str
    name: str
    summary: str
    responsibilities: list[str]
    post_ids: list[str]
    name_en: str = ""
    summary_en: str = ""
    responsibilities_en: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    note_zh: str
    note_en: str


@dataclass
class Template:
    slug: str
    title: str
    kind: str
    rule_ids: list[str]
    description: str
    body: str
    path: Path
    title_en: str = ""
    description_en: str = ""
    kind_en: str = ""
    body_en: str = ""

    @property
    def src_uri(self) -> str:
        return f"templates/{self.slug}.md"


@dataclass
class Handbook:
    """Everything written by hand, cross-referenced."""

    rules: list[Rule]
    levels: list[Level]
    posts: list[Post]
    terms: list[Term]
    templates: list[Template]

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    @property
    def duties(self) -> list[Duty]:
        return [duty for post in self.posts for duty in post.duties]

    def duties_citing(self, rule_id: str) -> list[Duty]:
        return [d for d in self.duties if any(ref.rule_id == rule_id for ref in d.refs)]

    def post(self, post_id: str) -> Post:
        return next(p for p in self.posts if p.id == post_id)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_rule(path: Path) -> Rule:
    """Read one rule page; raises KeyError/ValueError naming the missing or bad field."""
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    missing = [key for key in REQUIRED_RULE_KEYS if key not in meta]
    if missing:
        raise KeyError(f"{path.name}: front matter lacks {', '.join(missing)}")
    titles = {"zh": meta["title"]}
    english_path = path.with_suffix(".en.md")
    english: dict = {}
    body_en = ""
    if english_path.exists():
        english, body_en = split_front_matter(english_path.read_text(encoding="utf-8"))
        titles["en"] = english.get("title", meta["title"])
    return Rule(
        id=str(meta["id"]).zfill(2),
        title=meta["title"],
        category=meta["category"],
        issuer=meta["issuer"],
        doc_no=meta["doc_no"],
        issued=_as_date(meta["issued"]),
        effective=_as_date(meta["effective"]),
        status=meta["status"],
        version=str(meta["version"]),
        basis=list(meta["basis"] or []),
        history=[
            Revision(_as_date(h["date"]), str(h["version"]), str(h["change"]))
            for h in meta["history"] or []
        ],
        body=body,
        path=path,
        titles=titles,
        english=english,
        body_en=body_en,
    )


def load_rules(folder: Path = DOCS / "rules") -> list[Rule]:
    """All rule pages (docs/rules/NN.md), ordered by id."""
    paths = sorted(p for p in folder.glob("[0-9][0-9].md"))
    return [load_rule(p) for p in paths]


def load_duties(path: Path = DATA / "duties.yml") -> tuple[list[Level], list[Post]]:
    """The 三级五岗 lists: levels with their responsibilities, posts with their duties."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    levels = [
        Level(
            id=lv["id"],
            name=lv["name"],
            summary=lv.get("summary", ""),
            responsibilities=list(lv.get("responsibilities", [])),
            post_ids=list(lv.get("posts", [])),
            name_en=lv.get("name_en", ""),
            summary_en=lv.get("summary_en", ""),
            responsibilities_en=list(lv.get("responsibilities_en", [])),
        )
        for lv in raw["levels"]
    ]
    level_of = {pid: lv.id for lv in levels for pid in lv.post_ids}
    posts = [
        Post(
            id=p["id"],
            name=p["name"],
            role=p.get("role", ""),
            summary=p.get("summary", ""),
            duties=[
                Duty(
                    d["id"],
                    d["text"],
                    [RuleRef.parse(r) for r in d.get("rules", [])],
                    p["id"],
                    d.get("text_en", ""),
                )
                for d in p["duties"]
            ],
            level_id=level_of.get(p["id"], ""),
            name_en=p.get("name_en", ""),
            role_en=p.get("role_en", ""),
            summary_en=p.get("summary_en", ""),
        )
        for p in raw["posts"]
    ]
    return levels, posts


def load_glossary(path: Path = DATA / "glossary.yml") -> list[Term]:
    """The bilingual glossary, the single source of how each term is rendered."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Term(t["zh"], t["en"], t.get("note_zh", ""), t.get("note_en", "")) for t in raw]


def load_templates(folder: Path = DOCS / "templates") -> list[Template]:
    """Report and record templates (docs/templates/*.md, not index or English pages)."""
    found = []
    for path in sorted(folder.glob("*.md")):
        if path.stem == "index" or "." in path.stem:
            continue
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        english_path = path.with_suffix(".en.md")
        english, body_en = (
            split_front_matter(english_path.read_text(encoding="utf-8"))
            if english_path.exists()
            else ({}, "")
        )
        found.append(
            Template(
                slug=path.stem,
                title=meta.get("title", path.stem),
                kind=meta.get("kind", ""),
                rule_ids=[str(r).zfill(2) for r in meta.get("rules", [])],
                description=meta.get("description", ""),
                body=body,
                path=path,
                title_en=english.get("title", ""),
                description_en=english.get("description", ""),
                kind_en=english.get("kind", ""),
                body_en=body_en,
            )
        )
    return found


def load_handbook(docs: Path = DOCS, data: Path = DATA) -> Handbook:
    """Load every hand-written source into one model."""
    levels, posts = load_duties(data / "duties.yml")
    return Handbook(
        rules=load_rules(docs / "rules"),
        levels=levels,
        posts=posts,
        terms=load_glossary(data / "glossary.yml"),
        templates=load_templates(docs / "templates"),
    )


def check(book: Handbook) -> list[str]:
    """Every consistency problem of the content, as readable lines; empty when all is well."""
    problems: list[str] = []
    seen: set[str] = set()
    for rule in book.rules:
        where = rule.path.name
        if rule.id in seen:
            problems.append(f"{where}: duplicate rule id {rule.id}")
        seen.add(rule.id)
        if rule.path.stem != rule.id:
            problems.append(f"{where}: id {rule.id} does not match the file name")
        if rule.status not in STATUSES:
            problems.append(f"{where}: status {rule.status!r} not in {list(STATUSES)}")
        if rule.category not in CATEGORIES:
            problems.append(f"{where}: category {rule.category!r} not in {list(CATEGORIES)}")
        if rule.issuer not in ISSUERS:
            problems.append(f"{where}: issuer {rule.issuer!r} not in {list(ISSUERS)}")
        if rule.effective < rule.issued:
            problems.append(f"{where}: effective {rule.effective} is before issued {rule.issued}")
        if rule.history and rule.history[-1].version != rule.version:
            problems.append(f"{where}: last revision {rule.history[-1].version} != {rule.version}")
        numbers = [a.number for a in rule.articles]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"{where}: articles are not numbered 1..{len(numbers)}")
        if not rule.chapters:
            problems.append(f"{where}: no chapters (## 第一章…)")
        for key in ("basis", "history"):
            if rule.english.get(key) and len(rule.english[key]) != len(getattr(rule, key)):
                problems.append(f"{rule.id}.en.md: {key} has a different number of entries")
    duty_ids: set[str] = set()
    for duty in book.duties:
        if duty.id in duty_ids:
            problems.append(f"duties.yml: duplicate duty id {duty.id}")
        duty_ids.add(duty.id)
        for ref in duty.refs:
            rule = book.rules_by_id.get(ref.rule_id)
            if rule is None:
                problems.append(f"duties.yml: {duty.id} cites unknown rule {ref.rule_id}")
            elif ref.article and ref.article not in {a.label for a in rule.articles}:
                problems.append(f"duties.yml: {duty.id} cites {ref.rule_id}#{ref.article}, absent")
    for template in book.templates:
        for rule_id in template.rule_ids:
            if rule_id not in book.rules_by_id:
                problems.append(f"{template.path.name}: unknown rule {rule_id}")
    return problems
