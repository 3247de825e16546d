"""Decorations of pages: glossary tooltips, article anchors, template blanks, escaping."""

from __future__ import annotations

import pytest

from handbook.content import load_handbook
from handbook.pages import anchor_articles, explain_terms
from handbook.render import escape
from tests.conftest import DATA, DOCS


@pytest.fixture(scope="module")
def book():
    return load_handbook(DOCS, DATA)


def test_tooltip_fires_inside_a_chinese_sentence(book):
    html = explain_terms(book, "<p>各支部每月开展主题党日活动。</p>", "zh")
    assert '<abbr title="' in html and ">主题党日</abbr>活动" in html


def test_tooltip_only_on_whole_words(book):
    # 党组 is a glossary term, but in 党组织 it is part of another word
    html = explain_terms(book, "<p>上级党组织的部署</p>", "zh")
    assert "<abbr" not in html


def test_tooltip_only_once_per_page(book):
    html = explain_terms(book, "<p>主题党日</p><p>主题党日</p>", "zh")
    assert html.count("<abbr") == 1


@pytest.mark.parametrize(
    "fragment",
    [
        "<h2>主题党日</h2>",
        '<svg><text x="1">中心组集中学习</text></svg>',
        '<aside class="hb-meta"><p>机关党委</p></aside>',
        '<a href="x">主题党日</a>',
        "<table><tr><td>主题党日</td></tr></table>",
    ],
)
def test_no_tooltip_in_headings_charts_panels_links_or_tables(book, fragment):
    assert explain_terms(book, fragment, "zh") == fragment


def test_english_tooltips_use_word_boundaries(book):
    html = explain_terms(book, "<p>Each Party branch holds a theme Party day.</p>", "en")
    assert ">theme Party day</abbr>" in html and ">Party branch</abbr>" in html
    assert "<abbr" not in explain_terms(book, "<p>the Party branches</p>", "en")


def test_articles_get_anchor_and_citation(book):
    rule = book.rules_by_id["15"]
    out = anchor_articles("**第一条**　甲。\n\n（一）乙；\n\n**第二条**　丙。\n", rule, "zh")
    assert '{: #第一条 .article data-cite="《主题党日制度》第一条" }' in out
    assert out.index("#第一条") < out.index("（一）")  # the anchor closes the first paragraph
    english = anchor_articles("**Article 2** Text.\n", rule, "en")
    assert '#article-2 .article data-cite="Theme Party Day Rules, Article 2"' in english


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("<script>alert(1)</script>", "&#60;script&#62;"),
        ("**粗体**", "&#42;&#42;"),
        ("# 标题", "&#35; 标题"),
        ("a|b", "a&#124;b"),
        ("[链接](http://x)", "&#91;链接&#93;"),
    ],
)
def test_escape_neutralises_markup(raw, shown):
    assert shown in escape(raw)
