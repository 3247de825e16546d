"""The built site in headless Chromium: search, offline, file://, language switch."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from tests.e2e.search import search


def _external(requests: list[str]) -> list[str]:
    """Requests that went anywhere but 127.0.0.1 or the local disk."""
    return [
        url
        for url in requests
        if urlparse(url).scheme not in ("file", "data", "blob", "about")
        and urlparse(url).hostname != "127.0.0.1"
    ]


def test_chinese_search_finds_the_rule_page(page, site_url):
    page.goto(f"{site_url}/index.html")
    results = search(page, "主题党日")
    titles = [r["title"] for r in results]
    assert "主题党日制度" in titles, titles
    assert any("rules/15.html" in r["href"] for r in results)


def test_home_page_requests_stay_on_localhost(page, site_url):
    page.goto(f"{site_url}/index.html")
    search(page, "党费")  # also loads the search worker and index
    page.goto(f"{site_url}/rules/15.html")
    page.wait_for_load_state("networkidle")
    assert page.requests, "no requests were recorded"
    assert _external(page.requests) == []


def test_site_opened_from_disk_navigates_offline(page, site_dir: Path):
    page.goto((site_dir / "index.html").as_uri())
    assert "党建" in page.title()
    page.click(".md-tabs__link:has-text('制度汇编')")
    page.wait_for_load_state("load")
    assert page.url.endswith("rules/index.html")
    page.click("a:has-text('主题党日制度')")
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and page.url.endswith("rules/15.html")
    assert page.locator("h1").first.inner_text().strip() == "主题党日制度"
    assert _external(page.requests) == []


def test_search_works_from_disk(page, site_dir: Path):
    page.goto((site_dir / "index.html").as_uri())
    titles = [r["title"] for r in search(page, "主题党日")]
    assert "主题党日制度" in titles
    assert _external(page.requests) == []


def _switch_language(page, name: str) -> None:
    page.hover(".md-select")  # the language selector opens on hover/focus
    page.click(f".md-select__link:has-text('{name}')")
    page.wait_for_load_state("load")


def test_language_switch_keeps_the_page(page, site_url):
    page.goto(f"{site_url}/rules/15.html")
    _switch_language(page, "English")
    assert page.url.endswith("/en/rules/15.html")
    assert page.locator("html").get_attribute("lang") == "en"
    _switch_language(page, "简体中文")
    assert page.url.endswith("/rules/15.html") and "/en/" not in page.url
    assert page.locator("html").get_attribute("lang").startswith("zh")


def test_english_search_finds_a_rule_by_its_english_title(page, site_url):
    page.goto(f"{site_url}/en/rules/index.html")
    results = search(page, "Rules on the Democratic Appraisal of Party Members")
    pages = [r["href"].split("?")[0].split("#")[0] for r in results]
    assert pages and pages[0].endswith("/en/rules/18.html")
    assert all("/en/" in p for p in pages)


def test_language_switch_works_from_disk(page, site_dir: Path):
    page.goto((site_dir / "rules" / "15.html").as_uri())
    _switch_language(page, "English")
    assert page.url.startswith("file://") and page.url.endswith("/en/rules/15.html")
    assert page.locator("h1").first.inner_text().strip() == "Theme Party Day Rules"
    _switch_language(page, "简体中文")
    assert page.url.endswith("/rules/15.html") and "/en/" not in page.url
