"""The dues and recruitment pages in Chromium: offline, accessible, readable on a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = ["ledgers/dues.html", "ledgers/recruitment.html"]
PHONE = {"width": 390, "height": 844}
BLOCKING = {"serious", "critical"}


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_and_passes_axe(page, site_url, prefix, path):
    page.goto(f"{site_url}/{prefix}{path}")
    assert page.locator("h1").count() == 1
    assert all(url.startswith(site_url) for url in page.requests), page.requests
    violations = [
        v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING
    ]
    assert violations == []
    # Every rule article cited on the page opens the article it names.
    links = page.locator("article a[href*='rules/0']")
    assert links.count() >= 3
    for href in {links.nth(i).get_attribute("href") for i in range(links.count())}:
        anchor = href.split("#", 1)[1]
        target = page.context.new_page()
        target.goto(f"{site_url}/{prefix}ledgers/{href}")
        assert target.locator(f"[id='{anchor}']").count() == 1, href
        target.close()


@pytest.mark.parametrize("path", PAGES)
def test_wide_tables_scroll_inside_the_page_on_a_phone(browser, site_url, path):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    try:
        tab.goto(f"{site_url}/{path}")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        assert tab.locator("table").count() >= 2
    finally:
        context.close()
