"""The reader's tools in the browser: keyboard sorting, citations without a clipboard, and the
language switch that keeps the article being read."""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import quote, unquote


@contextmanager
def sized_page(browser, width: int, height: int):
    """A page in a fresh browser context of the given viewport size."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


NO_CLIPBOARD = "Object.defineProperty(navigator, 'clipboard', {value: undefined});"


def _column(table, index: int) -> list[str]:
    return table.evaluate(
        "(t, c) => [...t.tBodies[0].rows].map(r => r.cells[c].textContent.trim())", index
    )


def test_a_keyboard_user_can_sort_a_table(page, site_url):
    page.goto(f"{site_url}/rules/index.html")
    table = page.locator(".hb-sortable table").first
    header = table.locator("thead th").nth(5)  # 印发日期
    assert header.get_attribute("aria-sort") == "none"
    dates = _column(table, 5)
    header.locator("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    assert _column(table, 5) == sorted(dates)
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "descending"
    assert _column(table, 5) == sorted(dates, reverse=True)
    # Only one column claims the order.
    sorted_headers = table.locator("thead th:not([aria-sort='none'])")
    assert sorted_headers.count() == 1


def test_sort_buttons_are_reached_with_tab(page, site_url):
    page.goto(f"{site_url}/rules/index.html")
    page.locator(".hb-filter__input").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('hb-sort')")


def test_citation_without_a_clipboard_shows_the_text_selected(browser, site_url):
    context = browser.new_context()
    context.add_init_script(NO_CLIPBOARD)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/rules/15.html")
        article = page.locator("[id='第三条']")
        article.hover()
        article.locator(".hb-cite").click()
        box = article.locator(".hb-cite__text")
        value = box.input_value()
        assert value.startswith("《主题党日制度》第三条 ")
        # The link is readable, not percent-encoded, and opens the article.
        assert value.endswith("/rules/15.html#第三条")
        selected = page.evaluate(
            "() => { const e = document.activeElement; "
            "return e.value.substring(e.selectionStart, e.selectionEnd); }"
        )
        assert selected == value
        assert article.locator(".hb-cite").inner_text() != "✓"  # no false "copied" mark
    finally:
        context.close()


def _switch_language(page, name: str) -> None:
    page.hover(".md-select")
    page.click(f".md-select__link:has-text('{name}')")
    page.wait_for_load_state("load")


def test_language_switch_lands_on_the_same_article(page, site_url):
    page.goto(f"{site_url}/rules/15.html#{quote('第十二条')}")
    _switch_language(page, "English")
    assert page.url.endswith("/en/rules/15.html#article-12")
    page.evaluate("location.hash = '#article-21'")
    _switch_language(page, "简体中文")
    assert unquote(page.url).endswith("/rules/15.html#第二十一条")
    assert "/en/" not in page.url


PAGES = [
    "/index.html",
    "/rules/index.html",
    "/rules/15.html",
    "/duties/index.html",
    "/templates/index.html",
    "/ledgers/index.html",
    "/about/glossary.html",
]


def test_no_request_is_answered_404_while_loading_pages(page, site_url):
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    for path in PAGES + ["/en" + p for p in PAGES]:
        page.goto(site_url + path)
        page.hover(".md-select")  # the language menu is where the theme looked for sitemaps
        page.wait_for_timeout(300)
    assert failed == []


def test_the_404_page_speaks_both_languages(page, site_url):
    page.goto(f"{site_url}/404.html")
    heading = page.locator("h1").first
    assert heading.get_attribute("lang") == "zh"
    assert "页面不存在" in heading.inner_text()
    assert page.locator("p[lang='en'] a").get_attribute("href") == "/en/index.html"


def test_rule_index_fits_a_1366_pixel_screen_in_both_languages(browser, site_url):
    with sized_page(browser, 1366, 900) as page:
        for path in ("/rules/index.html", "/en/rules/index.html"):
            page.goto(site_url + path)
            overflow = page.evaluate(
                "() => { const w = document.querySelector('.hb-wide .md-typeset__scrollwrap');"
                " return w.scrollWidth - w.clientWidth; }"
            )
            assert overflow <= 0, path
            # Dates are whole: the English index once cut "2023-03-10" to "2023-03-1".
            issued = page.locator(".hb-wide tbody tr").first.locator("td").nth(5)
            assert issued.evaluate("e => e.scrollWidth <= e.clientWidth")


def test_duty_matrix_fits_a_1366_pixel_screen(browser, site_url):
    with sized_page(browser, 1366, 900) as page:
        for path in ("/duties/matrix.html", "/en/duties/matrix.html"):
            page.goto(site_url + path)
            overflow = page.evaluate(
                "() => { const w = document.querySelector('.hb-matrix .md-typeset__scrollwrap');"
                " return w.scrollWidth - w.clientWidth; }"
            )
            assert overflow <= 0, path
            # Rule columns are explained by a visible legend, not only by hover titles.
            legend = page.locator("table").nth(1).locator("tbody tr")
            assert legend.count() == 30


def test_guide_code_blocks_are_read_whole_on_a_phone(browser, site_url):
    """Error messages and front matter in the 维护指南 wrap instead of scrolling sideways."""
    with sized_page(browser, 390, 844) as page:
        for path in ("/about/maintenance.html", "/en/about/maintenance.html"):
            page.goto(site_url + path)
            wide = page.evaluate(
                "() => [...document.querySelectorAll('pre code')]"
                ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
            )
            assert page.locator("pre code").count() > 3
            assert wide == 0, path
