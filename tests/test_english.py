"""The English edition: complete, in English, and consistent with the glossary."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from scripts.config import load_settings
from scripts.content import load_handbook
from scripts.ledgers import load_all
from scripts.ledgers.schemas import LEDGER_SPECS, MEMBERS, columns
from scripts.search import contains_word

HAN = re.compile(r"[\u4e00-\u9fff]+")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
# Pages with no counterpart by design: Material's 404 page is built once for the whole site.
ONE_LANGUAGE = {"404.html"}


def _pages(root: Path, skip: tuple[str, ...] = ()) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not p.relative_to(root).as_posix().startswith(skip)
    } - ONE_LANGUAGE


def body_text(page: Path) -> str:
    """The visible text of a page's content (no navigation, no scripts)."""
    match = _ARTICLE.search(page.read_text(encoding="utf-8"))
    html = match.group(1) if match else ""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'\stitle="[^"]*"', " ", html)  # tooltips are checked with the glossary
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def book():
    return load_handbook()


@pytest.fixture(scope="module")
def data_words(book) -> list[str]:
    """Chinese the English edition may show: data values, ledger headers, original names."""
    words: set[str] = set()
    ledgers = load_all()
    for frame in ledgers.frames.values():
        words.update(str(c) for c in frame.columns)
        for column in frame.columns:
            words.update(str(v) for v in frame[column].dropna().unique() if HAN.search(str(v)))
    for spec in (*LEDGER_SPECS, MEMBERS):  # the roster's columns are documented, not its rows
        words.add(spec.zh)  # the ledger's own Chinese name, as its Excel file is titled
        for column in columns(spec.model):
            words.add(column.name)  # the Chinese header people type in Excel
            words.update(column.allowed)
            words.update(HAN.findall(column.en_note))  # notes quote the Chinese values to type
    settings = load_settings()
    words.update({settings.org_name, settings.org_short})
    words.update(settings.org_short + rule.doc_no for rule in book.rules)  # original numbers
    return sorted((w for w in words if HAN.search(w)), key=len, reverse=True)


def test_every_chinese_page_has_an_english_page_and_back(site_dir):
    chinese = _pages(site_dir, skip=("en/", "assets/"))
    english = _pages(site_dir / "en")
    assert chinese == english
    assert len(english) >= 30 + 5 + 9  # at least the rules, post pages and templates


def test_every_source_page_has_a_translation():
    docs = Path(__file__).resolve().parent.parent / "docs"
    chinese = {p.relative_to(docs) for p in docs.rglob("*.md") if not p.name.endswith(".en.md")}
    for page in chinese:
        assert (docs / page).with_suffix(".en.md").exists(), page


def test_english_pages_hold_no_chinese_but_data(site_dir, book, data_words):
    english = site_dir / "en"
    terms = sorted((t.zh for t in book.terms), key=len, reverse=True)
    leftovers = {}
    for rel in sorted(_pages(english)):
        text = body_text(english / rel)
        allowed = data_words + (terms if rel == "about/glossary.html" else [])
        allowed = sorted(allowed, key=len, reverse=True)  # 中央八项规定 before the value 中
        if rel.startswith("about/maintenance"):
            # the guide shows literal file contents and messages in code blocks
            html = (english / rel).read_text(encoding="utf-8")
            text = body_text(english / rel) if "<code" not in html else _without_code(html)
        for word in allowed:
            if word in text:
                text = text.replace(word, " ")
        found = HAN.findall(text)
        if found:
            leftovers[rel] = found[:10]
    assert leftovers == {}


def _without_code(html: str) -> str:
    match = _ARTICLE.search(html)
    body = re.sub(r"<(pre|code)\b.*?</\1>", " ", match.group(1) if match else "", flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def test_glossary_renderings_are_used_where_the_term_appears(site_dir, book, data_words):
    # For every page in both languages, hand-written or generated, each glossary term in the
    # Chinese page's own text must appear in its one English rendering on the English page: no
    # competing translations. Ledger values are data and stay Chinese, so they are left out.
    missing = []
    for rel in sorted(_pages(site_dir / "en")):
        chinese = _plain(site_dir / rel)
        for word in data_words:
            chinese = chinese.replace(word, " ")
        english = _normal(_plain(site_dir / "en" / rel))
        for term in book.terms:
            if contains_word(chinese, term.zh) and _normal(term.en) not in english:
                missing.append((rel, term.zh, term.en))
    assert missing == []


def _normal(text: str) -> str:
    """Lower case, hyphens as spaces, no plural s: "Party-building offices" ~ "party building
    office"."""
    words = re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))
    return " " + " ".join(_singular(w) for w in words) + " "


def _singular(word: str) -> str:
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


def _plain(page: Path) -> str:
    # Without the generated duty list and revision table (their texts come from data files).
    html = page.read_text(encoding="utf-8")
    html = re.split(r'<h2 id="(相关职责|related-duties)"', html)[0]
    match = _ARTICLE.search(html + "</article>")
    text = re.sub(r"<[^>]+>", " ", match.group(1) if match else "")
    return unescape(text)
