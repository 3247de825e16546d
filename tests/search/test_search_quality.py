"""The site's real search box, in headless Chromium, against our own query set."""

from __future__ import annotations

import pytest

from tests.search.harness import evaluate, load_queries

THRESHOLD = 0.95


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_finds_the_answering_page_in_the_top_three(page, site_url, lang):
    queries = load_queries()
    score = evaluate(page, site_url, queries, lang)
    print("\n" + score.summary())  # the figures, shown with `pytest -s` and in CI logs
    for query, top, expected in score.misses():
        print(f"  miss: {query} -> {top} (expected {expected})")
    assert len(score.results) >= (80 if lang == "zh" else 20)
    assert score.hit3 >= THRESHOLD, score.misses()


def test_results_are_in_the_language_of_the_page(page, site_url):
    from tests.e2e.search import search

    page.goto(f"{site_url}/en/index.html")
    english = search(page, "theme Party day")
    assert english and all("/en/" in r["href"] for r in english)
    page.goto(f"{site_url}/index.html")
    chinese = search(page, "主题党日")
    assert chinese and all("/en/" not in r["href"] for r in chinese)


def test_results_link_to_the_matching_article(page, site_url):
    from tests.e2e.search import search

    page.goto(f"{site_url}/index.html")
    results = search(page, "红白喜事")  # an everyday word for 婚丧喜庆 (synonyms.yml)
    assert results[0]["href"].split("?")[0].endswith("rules/30.html")
    articles = [r["href"] for r in results if "#%E7%AC%AC" in r["href"]]  # #第…条 anchors
    assert articles
    page.goto(articles[0])
    page.wait_for_load_state("load")
    assert page.locator("p.article:target").count() == 1
    assert page.locator("mark[data-md-highlight]").count() >= 1  # matched words highlighted
