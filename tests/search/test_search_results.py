"""What a reader sees of a search in the browser: snippets, English queries, highlighting."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.e2e.search import search

ZWSP = "\u200b"

# Each result group: every link shown (not folded into "more") and the text shown under its
# title (Material puts the entry's text in the link's <article> after the title).
_GROUPS = """() => [...document.querySelectorAll(".md-search-result__item")].map(li =>
    [...li.querySelectorAll(":scope > a")].map(a => {
        const article = a.querySelector("article").cloneNode(true);
        article.querySelectorAll("h1, h2, nav, .md-search-result__icon, .md-search-result__terms")
            .forEach(e => e.remove());
        return {href: a.href, teaser: article.textContent};
    }))"""

# Scroll the result list until Material has rendered every result (ten, then four a scroll).
_RENDER_ALL = """async (total) => {
    const wrap = document.querySelector(".md-search__scrollwrap");
    const count = () => document.querySelectorAll(".md-search-result__item").length;
    for (let i = 0; i < 50 && count() < total; i++) {
        wrap.scrollTop = 0;
        wrap.dispatchEvent(new Event("scroll"));
        await new Promise(r => setTimeout(r, 50));
        wrap.scrollTop = wrap.scrollHeight;
        wrap.dispatchEvent(new Event("scroll"));
        await new Promise(r => setTimeout(r, 150));
    }
    await new Promise(r => setTimeout(r, 300));
    return count();
}"""


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text.replace(ZWSP, ""))


def _path(url: str, site_url: str) -> str:
    """Built-page path of a link ('en/rules/15.html'), without query and anchor."""
    return unquote(urlparse(url).path)[len(urlparse(site_url).path) :].lstrip("/")


@pytest.mark.parametrize(
    ("folder", "query", "rule", "article"),
    [
        ("", "主题党日 固定日期", "rules/15.html", r"^第[一二三四五六七八九十]+条"),
        ("en/", "theme Party day first Friday", "en/rules/15.html", r"^Article \d+"),
    ],
)
def test_a_rule_result_shows_the_matching_article_not_the_metadata(
    page, site_url, folder, query, rule, article
):
    page.goto(f"{site_url}/{rule}")
    panel = [_plain(t) for t in page.locator(".hb-meta .hb-meta__line").all_text_contents()]
    assert len(panel) >= 3  # status and document number, dates, basis: what must not show
    page.goto(f"{site_url}/{folder}index.html")
    assert search(page, query)
    groups = page.evaluate(_GROUPS)
    teasers = [_plain(link["teaser"]) for group in groups for link in group]
    for teaser in filter(None, teasers):
        assert not any(line[:15] in teaser for line in panel), teaser
    group = next(g for g in groups if _path(g[0]["href"], site_url) == rule)
    shown = [link for link in group if link["teaser"].strip()]
    assert shown, "the rule's result shows no text"
    snippet = shown[0]["teaser"].replace(ZWSP, "").strip()
    assert re.match(article, snippet), snippet
    # The snippet is the text of the article its link opens.
    page.goto(shown[0]["href"])
    target = page.locator("p.article:target")
    assert target.count() == 1
    assert _plain(target.text_content())[:20] == _plain(snippet)[:20]


def _pages_with_all(index: dict, words: list[str]) -> tuple[set[str], set[str]]:
    """Pages with an index entry holding every word, and pages holding any, as lunr sees them.

    Tokens: text outside tags, split by the index's separator, lower-cased; a word matches a
    token it begins (the query's trailing wildcard).
    """
    separator = re.compile(index["config"]["separator"])
    every, some = set(), set()
    for doc in index["docs"]:
        tokens = set()
        for field in index["config"]["fields"]:
            value = doc.get(field) or ""
            value = " ".join(value) if isinstance(value, list) else value
            text = re.sub(r"<[^>]+>", " ", value)
            tokens.update(t.lower() for t in separator.split(text) if t)
        found = [any(t.startswith(w) for t in tokens) for w in words]
        page = doc["location"].split("#")[0]
        if all(found):
            every.add(page)
        if any(found):
            some.add(page)
    return every, some


def test_english_query_requires_every_word(page, site_url, site_dir: Path):
    index = json.loads((site_dir / "en" / "search" / "search_index.json").read_text("utf-8"))
    both, either = _pages_with_all(index, ["party", "dues"])
    assert 0 < len(both) < len(either)
    page.goto(f"{site_url}/en/index.html")
    assert search(page, "party dues")
    meta = page.locator(".md-search-result__meta").text_content()
    assert int(re.search(r"\d+", meta).group()) == len(both), meta
    assert page.evaluate(_RENDER_ALL, len(both)) == len(both)
    listed = {_path(g[0]["href"], site_url).removeprefix("en/") for g in page.evaluate(_GROUPS)}
    assert listed == both
    for path in listed:  # and each page really holds both words
        html = (site_dir / "en" / path).read_text("utf-8")
        text = re.sub(r"<[^>]+>", " ", html.split('<article class="md-content__inner', 1)[1])
        assert re.search(r"\bparty\b", text, re.I) and re.search(r"\bdues\b", text, re.I), path


def _marks_after(page, site_url: str, folder: str, query: str) -> Counter:
    """Marks on the page opened from the first result of `query`."""
    page.goto(f"{site_url}/{folder}index.html")
    results = search(page, query)
    assert results
    page.goto(results[0]["href"])
    page.wait_for_function("document.querySelectorAll('mark[data-md-highlight]').length > 0")
    page.wait_for_timeout(300)
    return Counter(page.locator("mark[data-md-highlight]").all_text_contents())


@pytest.mark.parametrize(
    ("query", "whole"),
    [
        ("主题党日安排在哪天", {"主题党日", "安排"}),  # 在, 哪天: particle and question word
        ("党费交纳比例", {"党费", "交纳", "比例"}),
    ],
)
def test_landed_page_marks_only_the_whole_query_terms(page, site_url, query, whole):
    marks = _marks_after(page, site_url, "", query)
    assert set(marks) <= whole, marks  # not 主题, 党日, 党, 费… on their own
    assert next(iter(sorted(whole, key=query.index))) in marks


def test_landed_english_page_marks_only_the_query_words(page, site_url):
    marks = _marks_after(page, site_url, "en/", "theme Party day")
    words = {w.lower() for mark in marks for w in mark.split()}
    assert words and words <= {"theme", "party", "day"}, marks
