"""Rules over time: earlier editions, the comparison of two editions, review dates, currency.

An earlier edition of a rule is kept as Markdown in `docs/rules/editions/NN-YYYY.md` (and
`.en.md`), with its own document number, dates and status (已修改 or 已废止). This module reads
them, checks them against the rule's revision history, and writes what the site shows about
time: a compare page per revised rule (article by article, words marked), the banner on an
edition page, the point-in-time table of the rule index, the review cycle (`owner`,
`last_reviewed`, `review_in` in a rule's front matter) and the currency statement
("本手册收录截至…现行有效的制度", from `extra.edition` in mkdocs.yml).

Pure functions, data in and Markdown out; `load_editions` and `print_reviews` are the edges.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from handbook.content import (
    ARTICLE_LINE,
    EN_ARTICLE_LINE,
    ISSUERS,
    chinese_number,
    doc_number_en,
    mark_articles,
    split_front_matter,
)
from handbook.render import escape, strings

if TYPE_CHECKING:
    from handbook.config import Settings
    from handbook.content import Handbook, Rule, Term

# The status of an earlier edition and its English form (also in content.STATUSES).
EDITION_STATUSES = {"已修改": "Amended", "已废止": "Repealed"}
EDITION_KEYS = (
    "rule",
    "title",
    "issuer",
    "doc_no",
    "issued",
    "effective",
    "version",
    "status",
    "superseded_by",
    "superseded_on",
)
_EDITION_FILE = re.compile(r"^(\d\d)-(\d{4})$")
EDITION_PAGE = re.compile(r"^rules/editions/(\d\d-\d{4})(?:\.(\w+))?\.md$")
SOON_DAYS = 90  # a review due within this many days is announced


# --- loading ----------------------------------------------------------------------------------


@dataclass
class Edition:
    """An earlier edition of a rule, read from docs/rules/editions/NN-YYYY.md."""

    slug: str  # 07-2018, the file name
    rule_id: str
    title: str
    issuer: str
    doc_no: str
    issued: dt.date | None
    effective: dt.date | None
    version: str
    status: str
    superseded_by: str
    superseded_on: dt.date | None
    body: str
    path: Path
    title_en: str = ""
    body_en: str = ""
    basis: list[str] = field(default_factory=list)
    english: dict = field(default_factory=dict)  # front matter of the .en.md twin
    problems: list[str] = field(default_factory=list)  # malformed fields found while loading

    @property
    def src_uri(self) -> str:
        return f"rules/editions/{self.slug}.md"

    def title_in(self, lang: str) -> str:
        return self.title_en if lang != "zh" and self.title_en else self.title

    def basis_in(self, lang: str) -> list[str]:
        """The 上位依据 in a language (the Chinese list where no translation exists)."""
        translated = self.english.get("basis") if lang != "zh" else None
        return [str(b) for b in translated] if translated else self.basis

    def doc_no_in(self, lang: str, settings: Settings) -> str:
        """The document number in a language, led by the organisation's short name."""
        if lang == "zh":
            return settings.org_short + self.doc_no
        return doc_number_en(self.doc_no, settings.org_short_en)


def _date(meta: dict, key: str, problems: list[str]) -> dt.date | None:
    value = meta.get(key)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{key}: “{value}”不是日期，应写作 2020-10-23 (not a date YYYY-MM-DD)")
        return None


def load_edition(path: Path) -> Edition:
    """One edition file; malformed or missing fields are kept as problems for `check`."""
    try:
        meta, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, ValueError) as error:  # PyYAML raises ValueError for 2018-13-01
        reason = str(error).splitlines()[0]
        meta, body = {}, ""
        problems = [f"页首信息（front matter）无法读取：{reason} (front matter is not valid YAML)"]
    else:
        problems = []
    problems += [
        f"缺少 {key} (front matter lacks {key})" for key in EDITION_KEYS if key not in meta
    ]
    if not _EDITION_FILE.match(path.stem):
        problems.append("文件名应为 制度编号-年份.md，如 07-2018.md (file name must be NN-YYYY.md)")
    english_path = path.with_suffix(".en.md")
    english, body_en = ({}, "")
    if english_path.exists():
        english, body_en = split_front_matter(english_path.read_text(encoding="utf-8-sig"))
    return Edition(
        slug=path.stem,
        rule_id=str(meta.get("rule", "")).zfill(2),
        title=str(meta.get("title", "")),
        issuer=str(meta.get("issuer", "")),
        doc_no=str(meta.get("doc_no", "")),
        issued=_date(meta, "issued", problems) if "issued" in meta else None,
        effective=_date(meta, "effective", problems) if "effective" in meta else None,
        version=str(meta.get("version", "")),
        status=str(meta.get("status", "")),
        superseded_by=str(meta.get("superseded_by", "")),
        superseded_on=_date(meta, "superseded_on", problems) if "superseded_on" in meta else None,
        body=body,
        path=path,
        title_en=str(english.get("title", "")),
        body_en=body_en,
        basis=[str(b) for b in meta.get("basis") or []],
        english=english,
        problems=problems,
    )


def load_editions(folder: Path) -> list[Edition]:
    """Every edition file of the folder (not the English twins), ordered by name."""
    if not folder.is_dir():
        return []
    return [load_edition(p) for p in sorted(folder.glob("*.md")) if "." not in p.stem]


def attach(rules: list[Rule], editions: list[Edition]) -> None:
    """Give each rule its earlier editions, oldest first (by the order of its history)."""
    order = {rule.id: {rev.version: n for n, rev in enumerate(rule.history)} for rule in rules}
    for rule in rules:
        own = [e for e in editions if e.rule_id == rule.id]
        rule.editions = sorted(own, key=lambda e: (order[rule.id].get(e.version, -1), e.slug))


def _successor(rule: Rule, edition: Edition) -> tuple[str, dt.date] | None:
    """Document number and date of the version that followed an edition, from the history."""
    versions = [rev.version for rev in rule.history]
    if edition.version not in versions:
        return None
    position = versions.index(edition.version)
    if position + 1 >= len(versions):
        return None
    nxt = rule.history[position + 1]
    if nxt.version == rule.version:
        return rule.doc_no, rule.effective
    later = next((e for e in rule.editions if e.version == nxt.version), None)
    if later is not None and later.effective:
        return later.doc_no, later.effective
    return nxt.doc_no, nxt.date


def _fact(edition: Edition, key: str) -> object:
    """An edition's front-matter value by its key (rule, doc_no, issued, …)."""
    return edition.rule_id if key == "rule" else getattr(edition, key)


def check(book: Handbook) -> list[str]:
    """Every problem of the editions and the review fields, as `file: key: reason` lines."""
    problems: list[str] = []
    for edition in book.editions:
        where = f"docs/rules/editions/{edition.path.name}"

        def report(reason: str, where: str = where) -> None:
            problems.append(f"{where}: {reason}")

        for reason in edition.problems:
            report(reason)
        for key in (k for k in EDITION_KEYS if k != "title"):  # English may repeat, not change
            if key in edition.english and str(edition.english[key]) != str(_fact(edition, key)):
                problems.append(
                    f"docs/rules/editions/{edition.slug}.en.md: {key}: {edition.english[key]}"
                    f" 与中文版的 {_fact(edition, key)} 不一致 (differs from the Chinese file)"
                )
        rule = book.rules_by_id.get(edition.rule_id)
        if rule is None:
            report(f"rule: 没有编号为 {edition.rule_id} 的制度 (unknown rule)")
            continue
        if not edition.slug.startswith(rule.id + "-"):
            report(f"文件名应以 {rule.id}- 开头 (file name must start with the rule id)")
        if edition.status not in EDITION_STATUSES:
            allowed = "、".join(EDITION_STATUSES)
            report(f"status: “{edition.status}”不对，应为 {allowed} (must be one of these)")
        if edition.issuer not in ISSUERS:
            report(f"issuer: “{edition.issuer}”不在 {'、'.join(ISSUERS)} 之中 (unknown issuer)")
        try:
            doc_number_en(edition.doc_no)
        except ValueError as error:
            report(f"doc_no: {error}")
        entry = next((rev for rev in rule.history if rev.version == edition.version), None)
        if entry is None:
            versions = "、".join(rev.version for rev in rule.history)
            report(
                f"version: {edition.version} 不在 {rule.id}.md 的修订历史中（有 {versions}）"
                " (no such version in the rule's history)"
            )
            continue
        if edition.version == rule.version:
            report(f"version: {edition.version} 是现行版本，不是旧版本 (is the current version)")
        if entry.doc_no and entry.doc_no != edition.doc_no:
            report(
                f"doc_no: {edition.doc_no} 与 {rule.id}.md 修订历史 {entry.version} 版的文号"
                f" {entry.doc_no} 不一致 (does not match the history)"
            )
        if edition.issued and edition.issued != entry.date:
            report(
                f"issued: {edition.issued} 与 {rule.id}.md 修订历史 {entry.version} 版的日期"
                f" {entry.date} 不一致 (does not match the history)"
            )
        if edition.issued and edition.effective and edition.effective < edition.issued:
            report(f"effective: {edition.effective} 早于印发日期 {edition.issued} (before issued)")
        successor = _successor(rule, edition)
        if successor and edition.superseded_by != successor[0]:
            report(
                f"superseded_by: 应为下一版本的文号 {successor[0]}，而不是 {edition.superseded_by}"
                " (must be the next edition's document number)"
            )
        if successor and edition.superseded_on and edition.superseded_on != successor[1]:
            report(
                f"superseded_on: 应为下一版本的施行日期 {successor[1]}，而不是"
                f" {edition.superseded_on} (must be the date the next edition took effect)"
            )
    seen = [e.slug for e in book.editions]
    for slug in sorted({s for s in seen if seen.count(s) > 1}):
        problems.append(f"docs/rules/editions/{slug}.md: 重复 (duplicate)")
    for rule in book.rules:
        problems += [f"{rule.id}.md: {reason}" for reason in review_problems(rule, book.terms)]
    return problems


# --- review cycle -----------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day where it is shorter)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def review_due(rule: Rule) -> dt.date | None:
    """When a rule is next to be reviewed: `last_reviewed` plus `review_in` months."""
    if rule.last_reviewed is None or not rule.review_in:
        return None
    return add_months(rule.last_reviewed, rule.review_in)


def review_state(due: dt.date, today: dt.date) -> str:
    """ "overdue", "soon" (within SOON_DAYS) or "ok"; the browser repeats this (editions.js)."""
    if due < today:
        return "overdue"
    if (due - today).days <= SOON_DAYS:
        return "soon"
    return "ok"


def owner_en(owner: str, terms: list[Term]) -> str | None:
    """The English form of an owner: the glossary's, for the name or its short form in （）."""
    english = {t.zh: t.en for t in terms}
    short = re.search(r"（([^（）]+)）$", owner)
    found = english.get(owner) or (english.get(short.group(1)) if short else None)
    return found[:1].upper() + found[1:] if found else None


def review_problems(rule: Rule, terms: list[Term]) -> list[str]:
    """What is missing or wrong in a rule's owner, last_reviewed and review_in."""
    problems = list(rule.review_errors)
    if not rule.owner:
        problems.append("缺少 owner（负责复核的部门或岗位）(front matter lacks owner)")
    elif owner_en(rule.owner, terms) is None:
        problems.append(
            f"owner: “{rule.owner}”在词汇表 data/glossary.yml 中没有英文译名"
            " (the owner needs an English form in the glossary)"
        )
    if rule.last_reviewed is None and not rule.review_errors:
        problems.append("缺少 last_reviewed（上次复核日期）(front matter lacks last_reviewed)")
    elif rule.last_reviewed and rule.last_reviewed < rule.issued:
        problems.append(f"last_reviewed: {rule.last_reviewed} 早于印发日期 (before issued)")
    if not rule.review_in and not rule.review_errors:
        problems.append("缺少 review_in（复核周期，月数）(front matter lacks review_in)")
    return problems


def review_span(due: dt.date, lang: str, today: dt.date | None = None) -> str:
    """The "下次复核" date as HTML whose state editions.js sets from the reader's clock.

    With `today` the state as of that day is written in (the review page's build-time view).
    """
    words = _words(lang, "review")
    state = review_state(due, today) if today else ""
    note = escape(words[state]) if state else ""
    return (
        f'<span class="hb-review hb-review--{state or "unknown"}" data-review-due="{due}"'
        f' data-overdue="{escape(words["overdue"])}" data-soon="{escape(words["soon"])}">'
        f"<strong>{escape(words['next'])}</strong>{due}"
        f' <span class="hb-review__note" role="status">{note}</span></span>'
    )


# --- currency statement -----------------------------------------------------------------------


def currency_statement(settings: Settings, lang: str) -> str:
    """ "本手册收录截至 2023年6月30日 现行有效的制度", from `extra.edition` in mkdocs.yml."""
    day = dt.date.fromisoformat(settings.edition)
    month_name = _table(lang)["dates"]["month_names"][day.month - 1]
    return _words(lang, "panel")["currency"].format(
        year=day.year, month=day.month, day=day.day, month_name=month_name
    )


# --- the rule page's panel --------------------------------------------------------------------


def _table(lang: str) -> dict:
    """The strings table of `lang` (English for languages other than Chinese)."""
    return strings("zh" if lang == "zh" else "en")


def _words(lang: str, part: str) -> dict:
    """Words of one part of the edition features (review, panel, mark, compare, banner, pit,
    list) in `lang`: `editions:` in render/strings/<lang>.yml."""
    return _table(lang)["editions"][part]


def edition_name(edition: Edition, lang: str) -> str:
    """ "2018年版" / "2018 edition": how an edition is named in links."""
    year = edition.issued.year if edition.issued else edition.slug[-4:]
    return f"{year}{_words(lang, 'panel')['edition']}"


def panel_lines(rule: Rule, lang: str, settings: Settings, terms: list[Term]) -> str:
    """Lines for a rule's metadata panel: review owner and dates, currency, earlier editions."""
    words = {**_words(lang, "review"), **_words(lang, "panel")}
    sep = _table(lang)["sep"]
    lines = []
    due = review_due(rule)
    if due:
        owner = rule.owner if lang == "zh" else (owner_en(rule.owner, terms) or rule.owner)
        lines.append(
            f"<strong>{words['owner']}</strong> {escape(owner)}{sep}"
            f"<strong>{words['last']}</strong> {rule.last_reviewed}{sep}{review_span(due, lang)}"
        )
    lines.append(f'<span class="hb-currency">{escape(currency_statement(settings, lang))}</span>')
    if rule.editions:
        last = rule.editions[-1]
        links = [f"[{words['compare']}](compare/{rule.id}.md){{: .hb-compare-link }}"]
        for edition in reversed(rule.editions):
            name = edition_name(edition, lang)
            if edition is last:
                name = words["previous_name"].format(previous=words["previous"], name=name)
            links.append(f"[{escape(name)}](editions/{edition.slug}.md)")
        lines.append(sep.join(links))
    return "".join(f"{line}\n{{: .hb-meta__line }}\n\n" for line in lines)


def extend_panel(head: str, rule: Rule, lang: str, settings: Settings, terms: list[Term]) -> str:
    """The rule's metadata panel (`<aside>`) with `panel_lines` added at its end."""
    before, found, after = head.rpartition("</aside>")
    if not found:
        return head + "\n" + panel_lines(rule, lang, settings, terms)
    return before + "\n" + panel_lines(rule, lang, settings, terms) + found + after


# --- articles and their comparison ------------------------------------------------------------


@dataclass(frozen=True)
class Art:
    """An article of one edition: its number, label as written, and plain text without it."""

    number: int
    label: str
    text: str

    def anchor(self, lang: str) -> str:
        return self.label if lang == "zh" else f"article-{self.number}"


def articles(body: str, lang: str) -> list[Art]:
    """The articles of a rule text with their items; headings end an article."""
    pattern = ARTICLE_LINE if lang == "zh" else EN_ARTICLE_LINE
    found: list[tuple[int, str, list[str]]] = []
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        match = pattern.match(block)
        if match:
            number = chinese_number(match.group(2)) if lang == "zh" else int(match.group(2))
            found.append((number, match.group(1), [block[match.end() :].strip()]))
        elif block.startswith("#"):
            found.append((0, "", []))
        elif found and found[-1][1] and block and not block.startswith("{:"):
            found[-1][2].append(block)
    return [Art(n, label, _plain("\n".join(parts))) for n, label, parts in found if label]


def _plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"\*{1,2}|__", "", text).strip()


@dataclass(frozen=True)
class Pair:
    """Two aligned articles: kind is "same", "changed", "added" or "removed"."""

    kind: str
    old: Art | None
    new: Art | None


def tokens(text: str, lang: str) -> list[str]:
    """Words to compare: jieba's words for Chinese, words and spaces for English."""
    if lang == "zh":
        import jieba

        return [
            t
            for part in re.split(r"(\n)", text)
            for t in (jieba.lcut(part) if part != "\n" else [part])
        ]
    return re.findall(r"\n|[^\W_]+|\s+|[^\w\s]|_", text)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(old: str, new: str) -> float:
    """How much of the shorter article is found in the longer one (0..1): the share of its
    character pairs that the other has too. Not difflib's ratio: an article extended to three
    times its length (本制度自印发之日起施行。+ a repeal sentence) is the same article changed,
    not one removed and one added. Measured on the 27 earlier editions: the Chinese and the
    English comparison agree on the counts of 26 rules (difflib's ratio at 0.4: 20), and
    aligning all 27 in both languages takes 0.13 s (difflib, character by character: 2-3 s)."""
    first, second = _bigrams(old), _bigrams(new)
    return len(first & second) / max(1, min(len(first), len(second)))


def _pair_block(old: list[Art], new: list[Art], threshold: float) -> list[Pair]:
    """Pair articles of a changed stretch in order, maximising their total likeness."""
    n, m = len(old), len(new)
    sim = [[similarity(a.text, b.text) for b in new] for a in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            take = best[i - 1][j - 1] + sim[i - 1][j - 1] if sim[i - 1][j - 1] >= threshold else -1
            best[i][j] = max(best[i - 1][j], best[i][j - 1], take)
    pairs: list[Pair] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i and j and sim[i - 1][j - 1] >= threshold:
            if best[i][j] == best[i - 1][j - 1] + sim[i - 1][j - 1]:
                pairs.append(Pair("changed", old[i - 1], new[j - 1]))
                i, j = i - 1, j - 1
                continue
        if j and (i == 0 or best[i][j] == best[i][j - 1]):
            pairs.append(Pair("added", None, new[j - 1]))
            j -= 1
        else:
            pairs.append(Pair("removed", old[i - 1], None))
            i -= 1
    return pairs[::-1]


def align(old: list[Art], new: list[Art], threshold: float = 0.4) -> list[Pair]:
    """Match the articles of two editions: equal texts by difflib over the article lists,
    then, inside each changed stretch, the most alike articles as "changed"."""
    matcher = SequenceMatcher(None, [a.text for a in old], [b.text for b in new], autojunk=False)
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [Pair("same", a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            pairs += _pair_block(old[i1:i2], new[j1:j2], threshold)
    return pairs


def counts(pairs: list[Pair]) -> dict[str, int]:
    """How many articles were added, removed, changed and kept."""
    return {
        kind: sum(p.kind == kind for p in pairs) for kind in ("added", "removed", "changed", "same")
    }


def _html(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _mark(tag: str, text: str, lang: str) -> str:
    words = _words(lang, "mark")
    return (
        f'<{tag}><span class="hb-sr">{words[tag]}</span>{_html(text)}'
        f'<span class="hb-sr">{words["end"]}</span></{tag}>'
    )


def edits(a: list[str], b: list[str]) -> list[tuple[bool, str, str]]:
    """(unchanged?, old text, new text) runs of two token lists.

    A short unchanged run between two changes (a space, "的", "'s") is folded into them, so a
    rewritten sentence reads as one deletion and one insertion, not as word confetti.
    """
    runs: list[tuple[bool, str, str]] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        runs.append((tag == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[bool, str, str]] = []
    for n, run in enumerate(runs):
        short = run[0] and 0 < n < len(runs) - 1 and len(run[1].strip()) <= 2
        if short and not runs[n - 1][0] and not runs[n + 1][0]:
            run = (False, run[1], run[2])
        if merged and not merged[-1][0] and not run[0]:
            merged[-1] = (False, merged[-1][1] + run[1], merged[-1][2] + run[2])
        else:
            merged.append(run)
    return merged


def diff_html(old: str, new: str, lang: str) -> tuple[str, str]:
    """The old text with deletions in `<del>` and the new with additions in `<ins>`, word by
    word (jieba words for Chinese), every piece of text escaped."""
    left: list[str] = []
    right: list[str] = []
    for same, before, after in edits(tokens(old, lang), tokens(new, lang)):
        if same:
            left.append(_html(before))
            right.append(_html(after))
            continue
        if before:
            left.append(_mark("del", before, lang))
        if after:
            right.append(_mark("ins", after, lang))
    return "".join(left), "".join(right)


def _texts(rule: Rule, edition: Edition, lang: str) -> tuple[str, str, str]:
    """The language whose texts are compared, and the old and new bodies in it."""
    if lang != "zh" and rule.body_en and edition.body_en:
        return "en", edition.body_en, rule.body_en
    return "zh", edition.body, rule.body


def compare(rule: Rule, edition: Edition, lang: str) -> list[Pair]:
    """The article-by-article alignment of an edition and the current rule."""
    text_lang, old, new = _texts(rule, edition, lang)
    return align(articles(old, text_lang), articles(new, text_lang))


def _row(pair: Pair, lang: str, text_lang: str, edition: Edition, rule: Rule, words: dict) -> str:
    old, new = pair.old, pair.new
    kind = words["kinds"][pair.kind]
    label_old = old.label if old else ""
    label_new = new.label if new else ""
    heading = f" {words['arrow']} ".join(x for x in (label_old, label_new) if x)
    if old and new and old.label == new.label:
        heading = new.label  # 第二条, not 第二条 → 第二条
    elif pair.kind == "same":
        kind += words["renumbered"]
    if pair.kind == "changed" and old and new:
        left, right = diff_html(old.text, new.text, text_lang)
    else:
        left = _mark("del", old.text, lang) if old and pair.kind == "removed" else ""
        right = _mark("ins", new.text, lang) if new and pair.kind == "added" else ""
        if pair.kind == "same" and old and new:
            left, right = _html(old.text), _html(new.text)
    lang_attr = "" if text_lang == lang else f' lang="{text_lang}"'

    def column(side: str, art: Art | None, body: str, page: str) -> str:
        caption = words["old"] if side == "old" else words["new"]
        if art is None:
            return (
                f'<div class="hb-cmp__{side}"><p class="hb-cmp__cap">{caption}</p>'
                f'<p class="hb-cmp__none">{words["none"]}</p></div>'
            )
        link = f'<a href="{page}#{art.anchor(text_lang)}">{escape(art.label)}</a>'
        return (
            f'<div class="hb-cmp__{side}"{lang_attr}><p class="hb-cmp__cap">{caption} {link}</p>'
            f"<p>{body}</p></div>"
        )

    old_page = f"../editions/{edition.slug}.html"
    new_page = f"../{rule.id}.html"
    cols = column("old", old, left, old_page) + column("new", new, right, new_page)
    if pair.kind == "same":
        return (
            f'<details class="hb-cmp__row hb-cmp__row--same"><summary>{escape(heading)}'
            f' <span class="hb-cmp__kind">{kind}</span></summary>'
            f'<div class="hb-cmp__cols">{cols}</div></details>'
        )
    return (
        f'<section class="hb-cmp__row hb-cmp__row--{pair.kind}">'
        f'<h3 class="hb-cmp__label">{escape(heading)}'
        f' <span class="hb-cmp__kind">{kind}</span></h3>'
        f'<div class="hb-cmp__cols">{cols}</div></section>'
    )


def compare_page(rule: Rule, edition: Edition, lang: str, settings: Settings) -> str:
    """The compare page of a rule: its latest earlier edition beside the current text."""
    words = _words(lang, "compare")
    text_lang, old_body, new_body = _texts(rule, edition, lang)
    old, new = articles(old_body, text_lang), articles(new_body, text_lang)
    pairs = align(old, new)
    tally = counts(pairs)
    title = words["title"].format(title=rule.title_in(lang))

    def described(doc_no: str, version: str, effective: object) -> str:
        return escape(words["edition"].format(doc_no=doc_no, version=version, effective=effective))

    old_line = described(edition.doc_no_in(lang, settings), edition.version, edition.effective)
    new_line = described(rule.doc_no_in(lang, settings), rule.version, rule.effective)
    summary = words["summary"].format(old=len(old), new=len(new), **tally)
    rows = "\n".join(_row(p, lang, text_lang, edition, rule, words) for p in pairs)
    colon = words["colon"]
    return (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        "search:\n  exclude: true\n"
        "hide:\n  - toc\n"
        "---\n\n"
        f"# {escape(title)}\n\n"
        f"{words['old']}{colon}[{old_line}](../editions/{edition.slug}.md)  \n"
        f"{words['new']}{colon}[{new_line}](../{rule.id}.md)\n"
        "{: .hb-cmp__editions }\n\n"
        f'<p class="hb-cmp__summary" data-added="{tally["added"]}"'
        f' data-removed="{tally["removed"]}" data-changed="{tally["changed"]}"'
        f' data-same="{tally["same"]}" markdown>{summary}</p>\n\n'
        f'<p class="hb-cmp__legend">{words["legend"]}{colon}<ins>{words["ins"]}</ins>　'
        f"<del>{words['del']}</del>　{words['legend_note']}</p>\n\n"
        f'<div class="hb-cmp">\n{rows}\n</div>\n'
    )


# --- edition pages ----------------------------------------------------------------------------

_SIBLING_RULE = re.compile(r"\]\((\d\d(?:\.\w+)?\.md)")


def edition_of(book: Handbook, src_uri: str) -> Edition | None:
    """The edition whose page `src_uri` is (rules/editions/07-2018.md or .en.md)."""
    match = EDITION_PAGE.match(src_uri)
    if not match:
        return None
    return next((e for e in book.editions if e.slug == match.group(1)), None)


def decorate_edition(
    book: Handbook, src_uri: str, markdown: str, lang: str, settings: Settings
) -> str | None:
    """An edition page with its heading, "not in force" banner and article anchors; None for
    any other page."""
    edition = edition_of(book, src_uri)
    if edition is None:
        return None
    rule = book.rules_by_id.get(edition.rule_id)
    if rule is None:
        return None
    words = _words(lang, "banner")
    status = edition.status if lang == "zh" else EDITION_STATUSES.get(edition.status, "")
    heading = words["heading"].format(
        title=edition.title_in(lang), name=edition_name(edition, lang), status=status
    )
    by = (
        rule.doc_no_in(lang, settings)
        if edition.superseded_by == rule.doc_no
        else (
            settings.org_short + edition.superseded_by
            if lang == "zh"
            else doc_number_en(edition.superseded_by, settings.org_short_en)
        )
    )
    text = words["text"].format(
        doc_no=edition.doc_no_in(lang, settings),
        version=edition.version,
        on=edition.superseded_on,
        by=by,
    )
    sep = _table(lang)["sep"]
    banner = (
        f'!!! warning "{escape(words["title"])}"\n\n'
        f"    {escape(text)}\n\n"
        f"    {words['current']}[{escape(rule.title_in(lang))}](../{rule.id}.md){sep}"
        f"[{words['compare']}](../compare/{rule.id}.md)\n\n"
    )
    basis = _table(lang)["list_sep"].join(escape(b) for b in edition.basis_in(lang))
    meta = (
        f'<aside class="hb-meta hb-meta--edition" markdown>\n'
        f'<span class="hb-status hb-status--{escape(edition.status)}">{escape(status)}</span>'
        f" **{words['doc_no']}** {escape(edition.doc_no_in(lang, settings))}{sep}"
        f"**{words['issued']}** {edition.issued}{sep}**{words['effective']}** {edition.effective}"
        f"{sep}**{words['version']}** {escape(edition.version)}"
        "\n{: .hb-meta__line }\n\n"
        + (f"**{words['basis']}** {basis}\n{{: .hb-meta__line }}\n" if basis else "")
        + "</aside>\n\n"
    )

    def attributes(label: str, number: int) -> str:
        return f"#{label if label.startswith('第') else f'article-{number}'} .article"

    # Text copied from a rule page links other rules as NN.md; from editions/ they are ../NN.md.
    markdown = _SIBLING_RULE.sub(r"](../\1", markdown)
    return f"# {escape(heading)}\n\n" + banner + meta + mark_articles(markdown, attributes)


# --- point in time ----------------------------------------------------------------------------


def periods(rule: Rule) -> list[dict]:
    """When each version of a rule took effect, with the page that holds its text (if any)."""
    out = []
    for rev in rule.history:
        edition = next((e for e in rule.editions if e.version == rev.version), None)
        if rev.version == rule.version:
            out.append(
                {
                    "from": str(rule.effective),
                    "v": rev.version,
                    "href": f"{rule.id}.html",
                    "current": True,
                }
            )
        elif edition is not None:
            start = edition.effective or rev.date
            out.append(
                {"from": str(start), "v": rev.version, "href": f"editions/{edition.slug}.html"}
            )
        else:
            out.append({"from": str(rev.date), "v": rev.version, "href": ""})
    return out


def in_force(rule: Rule, day: dt.date) -> dict | None:
    """The period of a rule in force on a day (None: not yet made); editions.js does the same."""
    found = None
    for period in periods(rule):
        if period["from"] <= day.isoformat():
            found = period
    return found


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` can end or open a tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def point_in_time(book: Handbook, lang: str, settings: Settings) -> str:
    """The "查看某日现行制度" section of the rule index: a date input, its table, the data."""
    words = _words(lang, "pit")
    data = {
        "rules": [
            {"id": r.id, "title": r.title_in(lang), "periods": periods(r)} for r in book.rules
        ],
        "words": {k: words[k] for k in ("current", "earlier", "missing", "none")},
    }
    return (
        f"\n## {words['heading']}\n\n"
        f'<div class="hb-pit" data-default="{settings.edition}">\n'
        f"<p>{escape(words['intro'])}</p>\n"
        f'<p><label>{words["label"]} <input type="date" class="hb-pit__date"'
        f' value="{settings.edition}" min="2015-01-01" max="2099-12-31"></label></p>\n'
        f'<table class="hb-pit__table"><thead><tr><th>{words["rule"]}</th>'
        f"<th>{words['version']}</th></tr></thead><tbody></tbody></table>\n"
        f'<script type="application/json" class="hb-pit__data">{script_json(data)}</script>\n'
        "</div>\n"
    )


# --- the review page --------------------------------------------------------------------------


def review_page(book: Handbook, lang: str, today: dt.date) -> str:
    """rules/review.md: every rule's review, the ones not due hidden (editions.js re-checks)."""
    words = _words(lang, "list")
    rows = []
    reviewed = sorted((r for r in book.rules if review_due(r)), key=lambda r: review_due(r))
    for rule in reviewed:
        due = review_due(rule)
        assert due is not None
        owner = rule.owner if lang == "zh" else (owner_en(rule.owner, book.terms) or rule.owner)
        hidden = " hidden" if review_state(due, today) == "ok" else ""
        rows.append(
            f'<tr class="hb-review-row" data-review-due="{due}"{hidden}>'
            f'<td><a href="{rule.id}.html">{escape(rule.title_in(lang))}</a></td>'
            f"<td>{escape(owner)}</td><td>{rule.last_reviewed}</td><td>{rule.review_in}</td>"
            f"<td>{review_span(due, lang, today)}</td></tr>"
        )
    head = "".join(f"<th>{c}</th>" for c in words["columns"])
    return (
        f"---\ntitle: {words['title']}\nsearch:\n  exclude: true\n---\n\n"
        f"# {words['title']}\n\n"
        f"{escape(words['intro'].format(today=today))}\n\n"
        f'<div class="hb-review-list" data-empty="{escape(words["empty"])}">\n'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n"
        f'<p class="hb-review-list__empty" role="status"></p>\n'
        "</div>\n"
    )


def generate(book: Handbook, lang: str, settings: Settings, today: dt.date) -> dict[str, str]:
    """The compare page of every revised rule with an earlier edition, and the review page."""
    out = {"rules/review.md": review_page(book, lang, today)}
    for rule in book.rules:
        if rule.editions:
            out[f"rules/compare/{rule.id}.md"] = compare_page(
                rule, rule.editions[-1], lang, settings
            )
    return out


# --- `handbook check` -------------------------------------------------------------------------


def review_lines(rules: list[Rule], today: dt.date) -> list[str]:
    """One line per rule overdue or due within 90 days, the most urgent first."""
    lines = []
    for rule in sorted(rules, key=lambda r: review_due(r) or dt.date.max):
        due = review_due(rule)
        if due is None or review_state(due, today) == "ok":
            continue
        state = "已逾期 (overdue)" if due < today else "即将到期 (due soon)"
        lines.append(f"{state}  {rule.id} {rule.title}：应于 {due} 复核，责任部门 {rule.owner}")
    return lines


def print_reviews(docs: Path, today: dt.date) -> None:
    """Print the reviews due as information for `handbook check` (never an error)."""
    from handbook.content import load_rules

    lines = review_lines(load_rules(docs / "rules"), today)
    if not lines:
        print(f"制度复核：截至 {today} 没有到期的复核 (no reviews due)")
        return
    print(f"制度复核提醒（仅供参考，不是错误）(reviews due as of {today}, information only):")
    for line in lines:
        print("  " + line)
