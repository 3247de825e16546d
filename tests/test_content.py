"""The rule collection, the 三级五岗 lists and the templates: complete and consistent."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handbook.content import (
    CATEGORIES,
    STATUSES,
    RuleRef,
    check,
    chinese_number,
    load_handbook,
    split_front_matter,
)
from tests.conftest import DATA, DOCS

ROOT = Path(__file__).resolve().parent.parent


def han_count(text: str) -> int:
    """Number of Han characters in a text (how Chinese document length is measured)."""
    return len(re.findall(r"[\u4e00-\u9fff]", text))


@pytest.fixture(scope="module")
def book():
    return load_handbook(DOCS, DATA)


def test_chinese_numerals_convert():
    assert [chinese_number(t) for t in ("一", "十", "十二", "二十", "二十三", "一百零五")] == [
        1,
        10,
        12,
        20,
        23,
        105,
    ]


def test_exactly_thirty_rules_with_unique_ids(book):
    ids = [rule.id for rule in book.rules]
    assert len(ids) == 30
    assert sorted(ids) == [f"{n:02d}" for n in range(1, 31)]


def test_front_matter_is_complete_and_valid(book):
    for rule in book.rules:
        assert rule.status in STATUSES, rule.id
        assert rule.category in CATEGORIES, rule.id
        assert rule.effective >= rule.issued, rule.id
        assert rule.basis and all(b.startswith("《") for b in rule.basis), rule.id
        assert rule.history and rule.history[-1].version == rule.version, rule.id
        assert rule.history[-1].date == rule.issued, rule.id
        dates = [h.date for h in rule.history]
        assert dates == sorted(dates), rule.id
        assert re.fullmatch(rf"{rule.issuer}发〔{rule.issued.year}〕\d+号", rule.doc_no), rule.id


def test_twenty_rules_made_or_revised_in_2023_h1(book):
    # Seed report: after the inspection feedback, 20 rules were made or revised in 2023 H1.
    revised = [
        r for r in book.rules if any("2023-01-01" <= str(h.date) <= "2023-06-30" for h in r.history)
    ]
    assert len(revised) == 20


def test_every_rule_has_chapters_articles_and_length(book):
    total = 0
    for rule in book.rules:
        assert rule.chapters, rule.id
        assert len(rule.articles) >= 10, rule.id
        numbers = [a.number for a in rule.articles]
        assert numbers == list(range(1, len(numbers) + 1)), rule.id
        count = han_count(rule.body)
        assert count >= 800, (rule.id, count)
        total += count
    assert total >= 45_000


def test_exactly_67_duties_over_five_posts(book):
    assert len(book.posts) == 5
    ids = [duty.id for duty in book.duties]
    assert len(ids) == 67
    assert len(set(ids)) == 67
    for post in book.posts:
        assert all(d.id.startswith(post.id + "-") for d in post.duties)
    assert len(book.levels) == 3
    assert sorted(pid for level in book.levels for pid in level.post_ids) == sorted(
        p.id for p in book.posts
    )


def test_every_duty_cites_existing_rules_and_every_rule_is_cited(book):
    assert check(book, DATA) == []
    cited = {ref.rule_id for duty in book.duties for ref in duty.refs}
    assert cited == set(book.rules_by_id)
    assert all(duty.refs for duty in book.duties)


def test_templates_have_fields_and_known_rules(book):
    assert len(book.templates) >= 9
    for template in book.templates:
        assert template.title and template.description
        assert len(re.findall(r"\[\[[^\]]+\]\]", template.body)) >= 5, template.slug
        assert all(rid in book.rules_by_id for rid in template.rule_ids)


def test_check_reports_broken_references():
    # The checker is what stops the build on inconsistent content: make sure it notices.
    book = load_handbook(DOCS, DATA)
    book.rules[0].status = "作废"
    book.posts[0].duties[0].refs = [RuleRef("99")]
    book.posts[0].duties[1].refs = [RuleRef("15", "第九十九条")]
    problems = check(book, DATA)
    assert any("status" in p and "01.md" in p for p in problems)
    assert any("unknown rule 99" in p for p in problems)
    assert any("第九十九条" in p for p in problems)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.articles: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
            if tag == "p" and "article" in (attributes.get("class") or "").split():
                self.articles.append(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.hrefs.append(attributes["href"])


def _parse(path: Path) -> _Ids:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_built_rule_pages_have_unique_article_anchors(book, site_dir):
    for rule in book.rules:
        parsed = _parse(site_dir / "rules" / f"{rule.id}.html")
        assert parsed.articles == [a.anchor for a in rule.articles], rule.id
        duplicates = [i for i, n in Counter(parsed.ids).items() if n > 1]
        assert duplicates == [], (rule.id, duplicates)


def test_rule_pages_list_the_duties_that_cite_them(book, site_dir):
    for rule in book.rules:
        html = (site_dir / "rules" / f"{rule.id}.html").read_text(encoding="utf-8")
        for duty in book.duties_citing(rule.id):
            assert f"#{duty.id.lower()}" in html, (rule.id, duty.id)


def test_post_pages_link_back_to_each_cited_rule(book, site_dir):
    for post in book.posts:
        parsed = _parse(site_dir / "duties" / f"{post.id}.html")
        assert [d.id.lower() for d in post.duties] == [
            i for i in parsed.ids if re.fullmatch(r"[a-z]\d-\d\d", i)
        ]
        for duty in post.duties:
            for ref in duty.refs:
                assert any(h.startswith(f"../rules/{ref.rule_id}.html") for h in parsed.hrefs)


def test_rule_index_lists_every_rule_with_its_document_number(book, site_dir):
    html = (site_dir / "rules" / "index.html").read_text(encoding="utf-8")
    for rule in book.rules:
        assert f'href="{rule.id}.html"' in html
        assert rule.doc_no in html


def test_front_matter_parser_keeps_body_intact():
    meta, body = split_front_matter("---\ntitle: 甲\n---\n正文\n")
    assert meta == {"title": "甲"} and body == "正文\n"


@pytest.mark.parametrize("page", ["rules/15.html", "en/rules/15.html"])
def test_navigation_lists_each_page_once_in_both_languages(site_dir, page):
    html = (site_dir / page).read_text(encoding="utf-8")
    # the primary navigation (all sections), up to the sidebar of the table of contents
    nav = html.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    links = re.findall(r'href="([^"#]+)"\s+class="md-nav__link', nav)
    assert len(links) > 60
    duplicates = [link for link, n in Counter(links).items() if n > 1]
    assert duplicates == []


def test_no_markdown_syntax_is_left_unrendered(site_dir):
    # Bold marks, key combos, template blanks and attribute lists that a missing extension or a
    # broken template would leave as text.
    leftovers = {}
    for page in site_dir.rglob("*.html"):
        match = re.search(
            r'<article class="md-content__inner md-typeset">(.*?)</article>',
            (page.read_text(encoding="utf-8")),
            re.S,
        )
        if not match:
            continue
        body = re.sub(r"<(pre|code|script|style|svg)\b.*?</\1>", " ", match.group(1), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", body)
        found = re.findall(r"\*\*|\+\+\w|\[\[|\]\]|\{:", text)
        if found:
            leftovers[str(page.relative_to(site_dir))] = found[:5]
    assert leftovers == {}
