"""Read the handbook's written content (rules, duties, glossary, templates) into typed objects.

Each fact lives once: a rule's metadata in its front matter, a duty in `data/duties.yml`, a term
in `data/glossary.yml`. Every page that shows them (index, matrix, back-links, PDF) is generated
from this model. `check()` returns every cross-reference problem instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from handbook import lint, yamltext
from handbook.config import Settings
from handbook.render import load_strings

# Controlled vocabularies, with the English used on English pages.
STATUSES = {
    "现行有效": "In force",
    "已修订": "Revised",
    "已修改": "Amended",  # an earlier edition replaced by a revision (docs/rules/editions/)
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
# The issuing word of a document number (文号) and its English form: 党组发〔2023〕8号 is
# "Leading Party Members' Group Document [2023] No. 8".
DOC_TYPES = {
    "党组发": "Leading Party Members' Group Document",
    "机关党委发": "Offices' Party Committee Document",
    "机关纪委发": "Offices' Discipline Inspection Commission Document",
}
_DOC_NO = re.compile(r"^(?P<kind>\w+?)〔(?P<year>\d{4})〕(?P<no>\d+)号$")


def doc_number_en(doc_no: str, short_en: str = "") -> str:
    """A document number in English, led by the organisation's English short name if given:
    ("党组发〔2023〕8号", "Bureau") -> "Bureau Leading Party Members' Group Document [2023] No. 8".

    Raises ValueError for a number that is not «issuing word〔year〕number号» with a known word.
    """
    match = _DOC_NO.match(doc_no.strip())
    if not match or match["kind"] not in DOC_TYPES:
        known = "、".join(f"{k}〔年份〕序号号" for k in DOC_TYPES)
        raise ValueError(f"文号“{doc_no}”格式不对，应为 {known} (unknown document number)")
    english = f"{DOC_TYPES[match['kind']]} [{match['year']}] No. {match['no']}"
    return f"{short_en} {english}" if short_en else english


# Navigation section titles generated from the content, in English.
# English titles of the navigation sections the code adds (rule categories, the two duty lists).
_DUTIES = {lang: load_strings(lang)["duties"] for lang in ("zh", "en")}
NAV_EN = {**CATEGORIES, **{_DUTIES["zh"][k]: _DUTIES["en"][k] for k in ("levels", "posts")}}
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
# A fill-in field of a report template: [[姓名]] (a blank on the page, in print and in Word).
BLANK = re.compile(r"\[\[([^\[\]\n]+)\]\]")


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


_ARTICLE_LABEL = re.compile(r"^(?:第([零一二三四五六七八九十百]+)条|(?:article[- ]?)?(\d+))$", re.I)


def article_number(label: str) -> int:
    """The number of an article however it is written: 第三条, Article 3, article-3 or 3."""
    match = _ARTICLE_LABEL.match(label.strip())
    if not match:
        raise ValueError(f"not an article: {label}")
    return chinese_number(match.group(1)) if match.group(1) else int(match.group(2))


def article_anchor(label: str, lang: str) -> str:
    """HTML id of an article on a rule page (the one formula): 第三条 on Chinese pages,
    article-3 on the others; `label` as `article_number` reads it."""
    number = article_number(label)
    if lang == "zh":
        return label if label.startswith("第") else f"第{chinese_numeral(number)}条"
    return f"article-{number}"


def chinese_numeral(number: int) -> str:
    """An int from 0 to 999 as a Chinese numeral (10 → 十, 23 → 二十三, 105 → 一百零五)."""
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    if not hundreds:
        if tens == 0:
            return digits[ones]
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    out = digits[hundreds] + "百"
    if tens:
        return out + digits[tens] + "十" + (digits[ones] if ones else "")
    return out + ("零" + digits[ones] if ones else "")


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


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split a Markdown file into its YAML front matter and body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    return yamltext.safe_load(match.group(1)) or {}, text[match.end() :]


@dataclass(frozen=True)
class Revision:
    date: dt.date
    version: str
    change: str
    doc_no: str = ""  # the document number of that version, where the history gives it


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
    # Review cycle (handbook.editions): who reviews the rule, when it was last and how often.
    owner: str = ""
    last_reviewed: dt.date | None = None
    review_in: int | None = None  # months
    review_errors: list[str] = field(default_factory=list)
    editions: list = field(
        default_factory=list
    )  # earlier editions (editions.Edition), oldest first

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

    def doc_no_in(self, lang: str, settings: Settings) -> str:
        """The document number as shown in a language, led by the organisation's short name."""
        if lang == "zh":
            return settings.org_short + self.doc_no
        return doc_number_en(self.doc_no, settings.org_short_en)

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
                anchor = article_anchor(label, "zh" if pattern is ARTICLE_LINE else "en")
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
            Revision(r.date, r.version, str(c), r.doc_no)
            for r, c in zip(self.history, changes, strict=True)
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


# Obligations register (data/obligations.yml): cadences and the words that state them.
CADENCES = {
    "weekly": ("每周",),
    "monthly": ("每月", "月度", "每个月"),
    "quarterly": ("每季度", "季度", "每个季度"),
    "half-yearly": ("每半年", "半年"),
    "yearly": ("每年", "年度", "全年"),
}
LIMIT_UNITS = ("日", "工作日", "周", "个月", "年")
WEEKDAYS = "一二三四五六日"  # ISO weekday 1..7 → 星期一..星期日
_COUNTED = re.compile(r"(\d+)\s*(?:次|期|篇|学时|个|名)")


@dataclass(frozen=True)
class Limit:
    """A time limit: `amount` `unit` after an event (`from` in the YAML), or before it."""

    amount: int
    unit: str
    start: str
    before: bool = False  # True: due `amount` `unit` before the event (report ahead)
    start_en: str = ""  # the starting event in English (`from_en`)

    @property
    def token(self) -> str:
        """How the article writes it: 3个工作日, 2个月, 15日."""
        unit = "个工作日" if self.unit == "工作日" else self.unit
        return f"{self.amount}{unit}"


@dataclass
class Obligation:
    """One recurring duty or deadline that the rules set, with the article that states it."""

    id: str
    who: str
    what: str
    applies_to: str
    states: str
    article: str
    also: list[str] = field(default_factory=list)
    cadence: str | None = None
    count: int | None = None
    day: int | None = None
    week: int | None = None
    weekday: int | None = None
    limit: Limit | None = None
    ledger: str | None = None
    who_en: str = ""
    what_en: str = ""
    applies_to_en: str = ""
    problems: list[str] = field(default_factory=list)  # malformed fields found while loading

    @property
    def refs(self) -> list[RuleRef]:
        """The stating article first, then every other article that states the same."""
        return [RuleRef.parse(text) for text in [self.article, *self.also] if text]

    def fixed_day(self, year: int, month: int) -> dt.date | None:
        """The day of a month on which the duty falls, if the register fixes one."""
        return fixed_day(year, month, self.day, self.week, self.weekday)


def fixed_day(
    year: int, month: int, day: int | None, week: int | None, weekday: int | None
) -> dt.date | None:
    """A register's fixed day in a month: `day` of the month, or the `week`-th `weekday`
    (ISO, 1 = Monday; 主题党日 is week 1, weekday 5: the first Friday)."""
    if week and weekday:
        first = dt.date(year, month, 1)
        offset = (weekday - 1 - first.weekday()) % 7 + 7 * (week - 1)
        return first + dt.timedelta(days=offset)
    if day:
        return dt.date(year, month, day)
    return None


@dataclass
class Handbook:
    """Everything written by hand, cross-referenced."""

    rules: list[Rule]
    levels: list[Level]
    posts: list[Post]
    terms: list[Term]
    templates: list[Template]
    obligations: list[Obligation] = field(default_factory=list)
    editions: list = field(default_factory=list)  # every earlier edition (editions.Edition)

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


def _review_fields(meta: dict) -> tuple[dt.date | None, int | None, list[str]]:
    """last_reviewed and review_in of a rule's front matter, with what is wrong with them."""
    errors, last, months = [], None, meta.get("review_in")
    if meta.get("last_reviewed") is not None:
        try:
            last = _as_date(meta["last_reviewed"])
        except ValueError:
            errors.append(
                f"last_reviewed: “{meta['last_reviewed']}”不是日期，应写作 2023-03-10"
                " (not a date YYYY-MM-DD)"
            )
    if months is not None and (
        isinstance(months, bool) or not isinstance(months, int) or months < 1
    ):
        errors.append(f"review_in: “{months}”应为月数，如 24 (must be a number of months)")
        months = None
    return last, months, errors


def load_rule(path: Path) -> Rule:
    """Read one rule page; raises KeyError/ValueError naming the missing or bad field."""
    meta, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
    missing = [key for key in REQUIRED_RULE_KEYS if key not in meta]
    if missing:
        raise KeyError(f"{path.name}: front matter lacks {', '.join(missing)}")
    titles = {"zh": meta["title"]}
    english_path = path.with_suffix(".en.md")
    english: dict = {}
    body_en = ""
    if english_path.exists():
        english, body_en = split_front_matter(english_path.read_text(encoding="utf-8-sig"))
        titles["en"] = english.get("title", meta["title"])
    last_reviewed, review_in, review_errors = _review_fields(meta)
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
            Revision(
                _as_date(h["date"]), str(h["version"]), str(h["change"]), str(h.get("doc_no", ""))
            )
            for h in meta["history"] or []
        ],
        body=body,
        path=path,
        titles=titles,
        english=english,
        body_en=body_en,
        owner=str(meta.get("owner") or ""),
        last_reviewed=last_reviewed,
        review_in=review_in,
        review_errors=review_errors,
    )


def load_rules(folder: Path) -> list[Rule]:
    """All rule pages (docs/rules/NN.md), ordered by id."""
    paths = sorted(p for p in folder.glob("[0-9][0-9].md"))
    return [load_rule(p) for p in paths]


def load_duties(path: Path) -> tuple[list[Level], list[Post]]:
    """The 三级五岗 lists: levels with their responsibilities, posts with their duties."""
    raw = yamltext.safe_load(path.read_text(encoding="utf-8-sig"))
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


def load_glossary(path: Path) -> list[Term]:
    """The bilingual glossary, the single source of how each term is rendered."""
    raw = yamltext.safe_load(path.read_text(encoding="utf-8-sig")) or []
    return [Term(t["zh"], t["en"], t.get("note_zh", ""), t.get("note_en", "")) for t in raw]


OBLIGATION_KEYS = {
    "id", "who", "who_en", "what", "what_en", "applies_to", "applies_to_en", "cadence", "count",
    "day", "week", "weekday", "limit", "states", "article", "also", "ledger",
}  # fmt: skip


def _int_or_none(raw: dict, key: str, problems: list[str]) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(f"{key} must be a whole number ≥ 1, not {value!r}")
        return None
    return value


def _obligation(raw: object, number: int) -> Obligation:
    """One register entry; malformed fields are kept as problems for `check_obligations`."""
    if not isinstance(raw, dict):
        return Obligation(f"#{number}", "", "", "", "", "", problems=["entry is not a mapping"])
    problems = [f"unknown key {key!r}" for key in raw if key not in OBLIGATION_KEYS]
    limit = None
    if raw.get("limit") is not None:
        spec = raw["limit"]
        if not isinstance(spec, dict) or not {"amount", "unit", "from"} <= set(spec):
            problems.append("limit needs amount, unit and from")
        elif set(spec) - {"amount", "unit", "from", "before", "from_en"}:
            problems.append("limit has keys other than amount, unit, from, before and from_en")
        elif spec["unit"] not in LIMIT_UNITS:
            problems.append(f"limit unit {spec['unit']!r} not in {list(LIMIT_UNITS)}")
        elif not isinstance(spec.get("before", False), bool):
            problems.append("limit before must be true or false")
        elif _int_or_none(spec, "amount", problems) is not None:
            before = spec.get("before", False)
            start_en = str(spec.get("from_en") or "")
            limit = Limit(spec["amount"], spec["unit"], str(spec["from"]), before, start_en)
    also = raw.get("also") or []
    if not isinstance(also, list):
        problems.append("also must be a list of articles")
        also = []
    return Obligation(
        id=str(raw.get("id") or f"#{number}"),
        who=str(raw.get("who") or ""),
        what=str(raw.get("what") or ""),
        applies_to=str(raw.get("applies_to") or ""),
        states=str(raw.get("states") or ""),
        article=str(raw.get("article") or ""),
        also=[str(a) for a in also],
        cadence=raw.get("cadence"),
        count=_int_or_none(raw, "count", problems),
        day=_int_or_none(raw, "day", problems),
        week=_int_or_none(raw, "week", problems),
        weekday=_int_or_none(raw, "weekday", problems),
        limit=limit,
        ledger=raw.get("ledger"),
        who_en=str(raw.get("who_en") or ""),
        what_en=str(raw.get("what_en") or ""),
        applies_to_en=str(raw.get("applies_to_en") or ""),
        problems=problems,
    )


def load_obligations(path: Path) -> list[Obligation]:
    """The obligations register; a YAML syntax error is raised as ValueError naming the file."""
    try:
        raw = yamltext.safe_load(path.read_text(encoding="utf-8-sig")) or []
    except yaml.YAMLError as error:
        raise ValueError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(raw, list):
        raise ValueError(f"{path.name}: expected a list of obligations")
    return [_obligation(item, number) for number, item in enumerate(raw, start=1)]


def load_templates(folder: Path) -> list[Template]:
    """Report and record templates (docs/templates/*.md, not index or English pages)."""
    found = []
    for path in sorted(folder.glob("*.md")):
        if path.stem == "index" or "." in path.stem:
            continue
        meta, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
        english_path = path.with_suffix(".en.md")
        english, body_en = (
            split_front_matter(english_path.read_text(encoding="utf-8-sig"))
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


def load_handbook(docs: Path, data: Path) -> Handbook:
    """Load every hand-written source into one model."""
    from handbook import editions

    levels, posts = load_duties(data / "duties.yml")
    rules = load_rules(docs / "rules")
    earlier = editions.load_editions(docs / "rules" / "editions")
    editions.attach(rules, earlier)
    return Handbook(
        rules=rules,
        levels=levels,
        posts=posts,
        terms=load_glossary(data / "glossary.yml"),
        templates=load_templates(docs / "templates"),
        obligations=load_obligations(data / "obligations.yml"),
        editions=earlier,
    )


_CN_ORDINALS = "一二三四五"
_SENTENCE_END = re.compile(r"[。\n]")
_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WHOLE_ARTICLE = re.compile(r"第[零一二三四五六七八九十百]+条")


def stated_value_problems(text: str, ob: Obligation, strict: bool = True) -> list[str]:
    """Where `text` does not state the obligation's cadence, count, day or time limit.

    Strict (the `states` phrase): every structured value must appear in it, the count as digits
    in a sentence with the cadence word. Lenient (an `also` article): the cadence word must
    appear, and a count stated beside it must be the same number.
    """
    problems: list[str] = []
    if ob.cadence in CADENCES:
        words = CADENCES[ob.cadence]
        sentences = [s for s in _SENTENCE_END.split(text) if any(w in s for w in words)]
        counts = {int(m.group(1)) for s in sentences for m in _COUNTED.finditer(s)}
        if not sentences:
            problems.append(f"does not say {'/'.join(words)} ({ob.cadence})")
        # A fixed day (每月第一个星期五) states a count of one by itself.
        elif ob.count is not None and ob.count not in counts and (counts or strict):
            if counts or ob.count != 1 or not (ob.day or ob.week):
                found = "、".join(str(c) for c in sorted(counts)) or "no count"
                problems.append(f"states {found} where count is {ob.count}")
    if ob.week and ob.weekday and ob.week <= len(_CN_ORDINALS) and ob.weekday <= 7:
        phrase = f"第{_CN_ORDINALS[ob.week - 1]}个星期{WEEKDAYS[ob.weekday - 1]}"
        if phrase not in text:
            problems.append(f"does not say {phrase}")
    if ob.day and not re.search(rf"(?<!\d){ob.day}日", text):
        problems.append(f"does not say {ob.day}日")
    if ob.limit and not re.search(rf"(?<!\d){re.escape(ob.limit.token)}", text):
        problems.append(f"does not say {ob.limit.token}")
    return problems


def check_obligations(
    obligations: list[Obligation],
    rules_by_id: dict[str, Rule],
    ledger_keys: Collection[str] | None = None,
) -> list[str]:
    """Every problem of the register, as `data/obligations.yml: <id>: reason` lines."""
    problems: list[str] = []
    texts = {
        (rule_id, label): text
        for rule_id, rule in rules_by_id.items()
        for _, label, text in rule.article_texts("zh")
    }
    seen: set[str] = set()
    for ob in obligations:

        def report(reason: str, ob: Obligation = ob) -> None:
            problems.append(f"data/obligations.yml: {ob.id}: {reason}")

        for reason in ob.problems:
            report(reason)
        if ob.id in seen:
            report("duplicate id")
        seen.add(ob.id)
        if not _KEBAB.fullmatch(ob.id):
            report("id is not kebab-case")
        for key in ("who", "who_en", "what", "what_en", "applies_to", "applies_to_en", "states"):
            if not getattr(ob, key):
                report(f"{key} is empty")
        if ob.cadence is not None and ob.cadence not in CADENCES:
            report(f"cadence {ob.cadence!r} not in {list(CADENCES)}")
        if ob.cadence is None and ob.limit is None:
            report("gives neither a cadence nor a limit")
        if ob.limit and not ob.limit.start_en:
            report("limit from_en is empty (the starting event in English)")
        if ob.week and not 1 <= ob.week <= len(_CN_ORDINALS):
            report(f"week {ob.week} is not 1..{len(_CN_ORDINALS)}")
        if ob.weekday and not 1 <= ob.weekday <= 7:
            report(f"weekday {ob.weekday} is not 1..7")
        if bool(ob.week) != bool(ob.weekday):
            report("week and weekday go together")
        if ob.day and not 1 <= ob.day <= 31:
            report(f"day {ob.day} is not 1..31")
        if ob.ledger is not None and ledger_keys is not None and ob.ledger not in ledger_keys:
            report(f"ledger {ob.ledger!r} is not a ledger key")
        if not ob.article:
            report("article is empty")
        if ob.article in ob.also or len(set(ob.also)) != len(ob.also):
            report("also repeats an article")
        for position, ref_text in enumerate([ob.article, *ob.also]):
            if not ref_text:
                continue
            ref = RuleRef.parse(ref_text)
            if not ref.article or not _WHOLE_ARTICLE.fullmatch(ref.article):
                report(f"{ref_text} cites a whole rule, not an article (write NN#第…条)")
                continue
            text = texts.get((ref.rule_id, ref.article))
            if text is None:
                report(f"{ref_text}: no such article")
            elif position == 0:
                if ob.states and ob.states not in text:
                    report(f"{ref_text} does not contain {ob.states!r}")
                for reason in stated_value_problems(ob.states, ob, strict=True):
                    report(f"states {ob.states!r} {reason}")
            else:
                for reason in stated_value_problems(text, ob, strict=False):
                    report(f"also {ref_text} {reason}")
    return problems


# --- duties say only what their cited articles say (data/duties.yml) ----------------------

# An Arabic number with the unit that gives it its meaning: 1次, 5个工作日, 3个月, 30%, 5万元,
# and the calendar and count units the rules also use (1月底前, 24小时, 1周, 3条, 1期, 1个).
NUMBER_WITH_UNIT = re.compile(
    r"(\d+(?:\.\d+)?万?)\s*"
    r"(个工作日|工作日|个月|小时|学时|次|日|年|天|月|周|%|％|元|人|名|个|分|篇|期|条|桌)"
)


def numbers_with_units(text: str) -> set[str]:
    """Every number with its unit in a Chinese text, normalised (5个工作日 = 5工作日, ％ = %)."""
    found = set()
    for number, unit in NUMBER_WITH_UNIT.findall(text):
        unit = {"个工作日": "工作日", "％": "%"}.get(unit, unit)
        found.add(number + unit)
    return found


def article_text(book: Handbook, ref: RuleRef) -> str | None:
    """Plain Chinese text of the cited article, or None when the rule or article does not exist."""
    rule = book.rules_by_id.get(ref.rule_id)
    if rule is None or ref.article is None:
        return None
    texts = {anchor: text for anchor, _, text in rule.article_texts("zh")}
    return texts.get(ref.article)


def duty_problems(book: Handbook, duty: Duty) -> list[str]:
    """Why a duty is not backed by its citations; empty when every claim is in a cited article."""
    problems = []
    if not duty.refs:
        problems.append(f"{duty.id}: cites no article")
    cited_text = []
    for ref in duty.refs:
        where = f"{ref.rule_id}#{ref.article}" if ref.article else ref.rule_id
        if ref.article is None:
            problems.append(f"{duty.id}: cites the whole rule {where}, not an article")
            continue
        text = article_text(book, ref)
        if text is None:
            problems.append(f"{duty.id}: cites {where}, which does not exist")
            continue
        cited_text.append(text)
    stated = set().union(*(numbers_with_units(t) for t in cited_text)) if cited_text else set()
    for figure in sorted(numbers_with_units(duty.text) - stated):
        problems.append(f"{duty.id}: {figure} is in no cited article")
    for number in re.finditer(r"\d+(?:\.\d+)?万?", duty.text):
        if not NUMBER_WITH_UNIT.match(duty.text, number.start()):
            problems.append(f"{duty.id}: {number.group()} has no unit this check can compare")
    return problems


def revisions(rules: list[Rule]) -> list[tuple[dt.date, str, str]]:
    """(date, title, version) of every revision in the rules' front matter, in date order: the
    one source the office ledger's 制度建立修订 rows must agree with."""
    return sorted((r.date, rule.title, r.version) for rule in rules for r in rule.history)


def check(book: Handbook, data: Path, root: Path | None = None) -> list[str]:
    """Every consistency problem of the content, as readable lines; empty when all is well.

    `data` is the project's data folder (terminology, glossary, register); file names in the
    terminology hits are shown relative to `root`."""
    problems: list[str] = []
    for duty in book.duties:
        problems += [f"data/duties.yml: {p}" for p in duty_problems(book, duty)]
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
        try:
            doc_number_en(rule.doc_no)
        except ValueError as error:
            problems.append(f"{where}: doc_no: {error}")
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
    rendered: dict[str, str] = {}
    for term in book.terms:
        other = rendered.setdefault(term.en.lower(), term.zh)
        if other != term.zh:  # one rendering must name one term, or tooltips mix them up
            problems.append(f"glossary.yml: {term.zh}: en: “{term.en}” already renders {other}")
    for template in book.templates:
        for rule_id in template.rule_ids:
            if rule_id not in book.rules_by_id:
                problems.append(f"{template.path.name}: unknown rule {rule_id}")
    from handbook import editions
    from handbook.ledgers.schemas import SPECS  # pandera is heavy: only the check needs it

    problems += check_obligations(book.obligations, book.rules_by_id, SPECS)
    problems += editions.check(book)
    problems += lint.run(book, data, root)
    return problems
