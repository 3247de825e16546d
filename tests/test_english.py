"""The English edition: complete, in English, and consistent with the glossary."""

from __future__ import annotations

import re
from html import escape as html_escape
from html import unescape
from pathlib import Path

import pytest

from handbook import search
from handbook.config import SettingsError, load_settings, settings_from_extra
from handbook.content import DOC_TYPES, Handbook, Term, check, doc_number_en, load_handbook
from handbook.ledgers import load_all
from handbook.ledgers.schemas import ALL_SPECS, MEMBERS, columns
from handbook.pages import explain_terms
from handbook.printing.document import rule_section
from handbook.search import contains_word
from tests.conftest import DATA, DOCS, LEDGERS, MKDOCS_YML

HAN = re.compile(r"[\u4e00-\u9fff]+")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
# Pages with no counterpart by design: Material's 404 page is built once for the whole site.
ONE_LANGUAGE = {"404.html"}

_DOC_NO_EN = re.compile(r"^(?P<kind>.+?) Document \[(?P<year>\d{4})\] No\. (?P<no>\d+)$")


def doc_number_zh(english: str, short_en: str = "") -> str:
    """The Chinese document number an English one stands for (the inverse of doc_number_en)."""
    text = english.strip()
    if short_en and text.startswith(short_en + " "):
        text = text[len(short_en) + 1 :]
    match = _DOC_NO_EN.match(text)
    kinds = {f"{v.removesuffix(' Document')}": k for k, v in DOC_TYPES.items()}
    if not match or match["kind"] not in kinds:
        raise ValueError(f"{english!r} is not an English document number")
    return f"{kinds[match['kind']]}〔{match['year']}〕{match['no']}号"


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
    return load_handbook(DOCS, DATA)


@pytest.fixture(scope="module")
def data_words(book) -> list[str]:
    """Chinese the English edition may show: data values, ledger headers, original names."""
    words: set[str] = set()
    ledgers = load_all(LEDGERS)
    for frame in ledgers.frames.values():
        words.update(str(c) for c in frame.columns)
        for column in frame.columns:
            words.update(str(v) for v in frame[column].dropna().unique() if HAN.search(str(v)))
    for spec in (*ALL_SPECS, MEMBERS):  # the roster's columns are documented, not its rows
        words.add(spec.zh)  # the ledger's own Chinese name, as its Excel file is titled
        for column in columns(spec.model):
            words.add(column.name)  # the Chinese header people type in Excel
            words.update(column.allowed)
            words.update(HAN.findall(column.en_note))  # notes quote the Chinese values to type
    settings = load_settings(MKDOCS_YML)
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
    # Words are found as the build finds them: with the glossary taught to jieba (whatever
    # other tests did to jieba's shared dictionary before).
    search.teach_jieba(book, search.load_synonyms(DATA / search.SYNONYMS))
    missing = []
    for rel in sorted(_pages(site_dir / "en")):
        chinese = _plain(site_dir / rel)
        for word in data_words:
            chinese = chinese.replace(word, " ")
        english = _normal(_plain(site_dir / "en" / rel))
        for term in book.terms:
            if contains_word(chinese, term.zh) and _normal(term.en) not in english:
                missing.append((rel, term.zh, term.en))
    assert missing == [], missing


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
    # Visible text only: a script's data (the self-test's question bank) is not page text.
    body = re.sub(r"<script\b.*?</script>", " ", match.group(1) if match else "", flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


# --- issue 14: an English edition without Chinese left in it ----------------------------------

HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
# Ledger columns that hold people's names, the one kind of Chinese an English page may keep.
PEOPLE_COLUMNS = {"书记", "组长", "责任人", "姓名"}
PERSONAL_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@pytest.fixture(scope="module")
def people() -> list[str]:
    """People's names in the ledgers (posts such as 局党组书记 are longer and stay out)."""
    names: set[str] = set()
    for frame in load_all(LEDGERS).frames.values():
        for column in PEOPLE_COLUMNS & {str(c) for c in frame.columns}:
            names.update(str(v) for v in frame[column].dropna() if PERSONAL_NAME.match(str(v)))
    return sorted(names, key=len, reverse=True)


def han_share(text: str) -> float:
    """Han characters as a share of all non-space characters."""
    visible = re.sub(r"\s", "", text)
    return len(HAN_CHAR.findall(visible)) / len(visible) if visible else 0.0


def _reading_text(page: Path) -> str:
    """A page's prose: without code (literal file contents and values to type, as in the
    maintainers' guide), scripts and tooltips."""
    match = _ARTICLE.search(page.read_text(encoding="utf-8"))
    html = match.group(1) if match else ""
    html = re.sub(r"<(script|style|svg|pre|code)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'\stitle="[^"]*"', " ", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_han_share_counts_characters():
    assert han_share("党建 Party") == pytest.approx(2 / 7)
    assert han_share("   ") == 0.0


def test_every_english_page_is_at_most_two_percent_han(site_dir, book, people, data_words):
    english = site_dir / "en"
    too_chinese = {}
    for rel in sorted(_pages(english)):
        text = _reading_text(english / rel)
        for name in people:
            text = text.replace(name, " ")
        # Two reference pages list the Chinese originals on purpose: the glossary its terms,
        # the ledger columns page the Chinese headers and values typed in Excel.
        if rel == "about/glossary.html":
            for term in sorted(book.terms, key=lambda t: len(t.zh), reverse=True):
                text = text.replace(term.zh, " ")
        if rel == "ledgers/columns.html":
            for word in data_words:
                text = text.replace(word, " ")
        share = han_share(text)
        if share > 0.02:
            too_chinese[rel] = (round(share * 100, 1), HAN.findall(text)[:8])
    assert too_chinese == {}


def test_english_page_attributes_hold_no_chinese(site_dir):
    # Tooltips, labels and descriptions are read aloud and shown on hover: English throughout.
    found = {}
    attribute = re.compile(r'\s(?:title|aria-label|placeholder|alt|content)="([^"]*)"')
    for rel in sorted(_pages(site_dir / "en")):
        html = (site_dir / "en" / rel).read_text(encoding="utf-8")
        chinese = [v for v in attribute.findall(html) if HAN.search(v)]
        if chinese:
            found[rel] = chinese[:3]
    assert found == {}


def _words(text: str) -> list[str]:
    return _normal(text).split()


def _contains(longer: list[str], shorter: list[str]) -> bool:
    return any(longer[i : i + len(shorter)] == shorter for i in range(len(longer)))


def test_glossary_renderings_are_distinct(book):
    # One Chinese term, one English rendering; a rendering inside another term's rendering is
    # allowed only where the Chinese term is inside the other Chinese term (巡察 in 巡察整改).
    by_rendering: dict[str, list[str]] = {}
    for term in book.terms:
        by_rendering.setdefault(_normal(term.en), []).append(term.zh)
    assert {r: zh for r, zh in by_rendering.items() if len(zh) > 1} == {}
    overlaps = [
        (outer.zh, inner.zh)
        for outer in book.terms
        for inner in book.terms
        if outer is not inner
        and _contains(_words(outer.en), _words(inner.en))
        and inner.zh not in outer.zh
    ]
    assert overlaps == []


def test_glossary_distinctness_check_catches_a_shared_word():
    # The check above on a glossary with the old collision: 巡察 "inspection" inside 纪检's.
    assert _contains(_words("discipline inspection commission"), _words("inspection"))
    assert not _contains(_words("discipline inspection commission"), _words("political inspection"))


def test_standard_renderings_of_key_terms(book):
    english = {t.zh: t.en for t in book.terms}
    assert english["三会一课"] == "three meetings and one lecture"
    assert english["党课"] == "Party lecture"
    assert english["科室"] == "section"
    assert english["巡察"] == "political inspection"
    assert english["巡视"] == "inspection tour"


def test_no_english_text_says_three_meetings_and_one_lesson(site_dir):
    root = Path(__file__).resolve().parent.parent
    sources = [
        *root.glob("docs/**/*.en.md"),
        root / "data" / "glossary.yml",
        root / "data" / "duties.yml",
        *root.glob("scripts/handbook/render/templates/en/*.j2"),
        root / "scripts" / "handbook" / "render" / "strings" / "en.yml",
        *root.glob("scripts/handbook/printing/**/*.py"),
        *root.glob("scripts/handbook/printing/templates/*.j2"),
        *(site_dir / "en").rglob("*.html"),
    ]
    said = [p.name for p in sources if "one lesson" in p.read_text(encoding="utf-8").lower()]
    assert said == []


# --- document numbers -------------------------------------------------------------------------


def test_document_number_in_english_reads_as_the_repeal_clauses_do():
    assert (
        doc_number_en("党组发〔2023〕8号") == "Leading Party Members' Group Document [2023] No. 8"
    )
    assert doc_number_en("机关党委发〔2019〕9号", "Bureau") == (
        "Bureau Offices' Party Committee Document [2019] No. 9"
    )
    assert doc_number_en("机关纪委发〔2020〕7号") == (
        "Offices' Discipline Inspection Commission Document [2020] No. 7"
    )


@pytest.mark.parametrize(
    "number", ["党组发〔2031〕105号", "机关纪委发〔2024〕1号", "机关党委发〔2023〕08号"]
)
def test_document_number_conversion_works_on_any_number(number):
    english = doc_number_en(number, "Transport Bureau")
    assert not HAN.search(english)
    assert doc_number_zh(english, "Transport Bureau") == number


@pytest.mark.parametrize(
    "bad", ["党组发[2023]8号", "局长办公会发〔2023〕8号", "党组发〔23〕8号", ""]
)
def test_malformed_document_number_is_a_message_not_a_traceback(bad):
    with pytest.raises(ValueError, match="文号"):
        doc_number_en(bad)


def test_document_numbers_round_trip_for_every_rule(book):
    settings = load_settings(MKDOCS_YML)
    for rule in book.rules:
        english = rule.doc_no_in("en", settings)
        assert english == doc_number_en(rule.doc_no, settings.org_short_en)
        assert english.startswith(settings.org_short_en + " ")
        assert doc_number_zh(english, settings.org_short_en) == rule.doc_no
        assert rule.doc_no_in("zh", settings) == settings.org_short + rule.doc_no


def test_english_rule_pages_and_index_show_english_numbers(site_dir, book):
    settings = load_settings(MKDOCS_YML)
    index = body_text(site_dir / "en" / "rules" / "index.html")
    for rule in book.rules:
        english = rule.doc_no_in("en", settings)
        page = body_text(site_dir / "en" / "rules" / f"{rule.id}.html")
        assert english in page, rule.id
        assert english in index, rule.id
        assert rule.doc_no not in page and rule.doc_no not in index, rule.id


def test_english_print_facts_use_the_english_number(book):
    settings = load_settings(MKDOCS_YML)
    rule = book.rules[0]
    facts = dict(rule_section(rule, "en", settings).facts)
    assert facts["Document No."] == rule.doc_no_in("en", settings)
    assert (
        dict(rule_section(rule, "zh", settings).facts)["文号"] == settings.org_short + rule.doc_no
    )


# --- organisation words in English ------------------------------------------------------------


def test_english_organisation_words_come_from_extra():
    extra = {"current_period": "2023H1", "edition": "2023-06-30"}
    named = settings_from_extra({**extra, "org": {"name_en": "Wuxi Transport Bureau"}})
    assert named.org_name_en == "Wuxi Transport Bureau"
    default = settings_from_extra(extra)
    assert default.org_short_en and default.office_en and not HAN.search(default.org_name_en)


def test_empty_english_organisation_name_is_reported():
    extra = {"current_period": "2023H1", "edition": "2023-06-30", "org": {"short_en": " "}}
    with pytest.raises(SettingsError, match=r"extra\.org\.short_en"):
        settings_from_extra(extra)


def test_english_reports_name_the_organisation_in_english(site_dir):
    settings = load_settings(MKDOCS_YML)
    reports = sorted((site_dir / "en" / "ledgers" / "reports").glob("20*.html"))
    assert reports
    for page in reports:
        text = body_text(page)
        assert settings.org_name not in text, page.name
        assert settings.org_name_en in text, page.name


# --- tooltips ---------------------------------------------------------------------------------


def _abbrs(html: str, note: str) -> list[tuple[str, str]]:
    """(text before, wrapped text) of every <abbr> carrying a glossary note."""
    title = html_escape(note)
    return [
        (m.group(1), m.group(2))
        for m in re.finditer(
            r'([^<>]{0,30})<abbr title="' + re.escape(title) + r'">([^<]*)</abbr>', html
        )
    ]


def test_political_inspection_tooltip_never_sits_on_discipline_inspection(site_dir, book):
    term = next(t for t in book.terms if t.zh == "巡察")
    seen = 0
    for page in (site_dir / "en").rglob("*.html"):
        for before, wrapped in _abbrs(page.read_text(encoding="utf-8"), term.note_en):
            seen += 1
            assert _normal(wrapped) == _normal(term.en), page
            assert not before.lower().endswith(("discipline ", "enforcement ")), page
    assert seen > 0  # the term is explained somewhere, so the check above had work to do


def test_tooltips_match_the_longest_term_and_never_inside_it():
    # The old glossary's collision: 巡察 "inspection" inside 机关纪委's rendering.
    terms = [
        Term("巡察", "inspection", "", "TOUR"),
        Term("机关纪委", "discipline inspection commission", "", "DIC"),
        Term("科室", "section", "", "SECTION"),
    ]
    book = Handbook(rules=[], levels=[], posts=[], terms=terms, templates=[])
    html = explain_terms(
        book,
        "<p>The discipline inspection commission; a section-level official; the inspection; "
        "the section.</p>",
        "en",
    )
    assert '<abbr title="DIC">discipline inspection commission</abbr>' in html
    assert '<abbr title="TOUR">inspection</abbr>;' in html
    assert "section-level" in html and '<abbr title="SECTION">section</abbr>.' in html
    assert html.count("<abbr") == 3


def test_content_check_reports_a_shared_rendering_and_a_bad_number():
    book = load_handbook(DOCS, DATA)
    book.terms.append(Term("纪检", "Political Inspection", "", ""))
    book.rules[0].doc_no = "党组发〔2023〕"
    problems = check(book, DATA)
    assert "glossary.yml: 纪检: en: “Political Inspection” already renders 巡察" in problems
    assert any(p.startswith(f"{book.rules[0].path.name}: doc_no: 文号") for p in problems)
