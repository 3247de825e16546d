"""Accessibility in the browser: axe-core on representative pages in both languages and both
colour schemes, contrast of what axe cannot see at rest, and Chinese marked on English pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from handbook.content import STATUSES
from handbook.pages import mark_chinese

# One page of each kind a reader meets (paths of the Chinese site; English ones live under en/).
PAGES = [
    "index.html",
    "rules/index.html",
    "rules/15.html",
    "duties/index.html",
    "duties/G1.html",
    "duties/matrix.html",
    "templates/index.html",
    "templates/half-year-report.html",
    "ledgers/index.html",
    "ledgers/study.html",
    "ledgers/compliance/theme-days.html",
    "ledgers/reports/2023H1.html",
    "about/glossary.html",
    "about/maintenance.html",
]
SCHEMES = {"light": "default", "dark": "slate"}
BLOCKING = {"serious", "critical"}
# Moderate by axe's scale, but what the issue named: headings that skip levels, landmarks a
# screen reader cannot tell apart.
ALSO_BLOCKING = {"heading-order", "landmark-unique", "page-has-heading-one", "landmark-one-main"}
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# WCAG contrast of an element's text colour against the colour painted behind it, with the
# alpha of semi-transparent colours (Material's greys) blended over what lies beneath.
CONTRAST_JS = """
(el) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const blend = (top, bottom) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a));
  };
  const behind = (node) => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.length && !(c.length > 3 && c[3] === 0)) layers.push(c);
    }
    let colour = [255, 255, 255];
    for (const layer of layers.reverse()) colour = blend(layer, colour);
    return colour;
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const back = behind(el);
  const fore = blend(parse(getComputedStyle(el).color), back);
  const [hi, lo] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}
"""


def _context(browser, scheme: str, viewport: dict = DESKTOP):
    return browser.new_context(color_scheme=scheme, viewport=viewport)


def _blocking(results: dict) -> list[dict]:
    return [v for v in results["violations"] if v["impact"] in BLOCKING or v["id"] in ALSO_BLOCKING]


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']} {node['html'][:120]}")
    return "\n".join(lines)


def _axe_pages(
    browser,
    site_url: str,
    scheme: str,
    lang: str,
    viewport: dict,
    pages: tuple[str, ...] = PAGES,
    prepare=None,
) -> None:
    """Run axe on `pages` of `lang`; `prepare(page, path)` may act on a page before the check."""
    axe = Axe()
    context = _context(browser, scheme, viewport)
    page = context.new_page()
    prefix = "" if lang == "zh" else "en/"
    found = {}
    try:
        for path in pages:
            page.goto(f"{site_url}/{prefix}{path}")
            # The scheme really is the one asked for (else dark mode would go untested).
            assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
            if prepare is not None:
                prepare(page, path)
            blocking = _blocking(axe.run(page).response)
            if blocking:
                found[prefix + path] = _report(blocking)
    finally:
        context.close()
    assert not found, "\n".join(f"{path}:\n{text}" for path, text in found.items())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_serious_violation(browser, site_url, scheme: str, lang: str):
    _axe_pages(browser, site_url, scheme, lang, DESKTOP)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_violation_on_a_phone(browser, site_url, lang: str):
    """Tables that scroll sideways on a phone must be reachable by keyboard, and so on."""
    _axe_pages(browser, site_url, "light", lang, PHONE)


def test_a_table_wider_than_a_phone_scrolls_by_keyboard(browser, site_url):
    context = _context(browser, "light", PHONE)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/rules/index.html")
        box = page.locator(".md-typeset__scrollwrap").first
        assert box.get_attribute("tabindex") == "0"
        assert box.get_attribute("role") == "region"
        assert box.get_attribute("aria-label")
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('.md-typeset__scrollwrap').scrollLeft > 0"
        )
        # On a wide screen the same table fits: no needless Tab stop.
        page.set_viewport_size(DESKTOP)
        page.goto(f"{site_url}/en/templates/index.html")
        assert page.locator(".md-typeset__scrollwrap[tabindex]").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_citation_box_and_search_are_named_and_pass_axe(browser, site_url, scheme: str):
    """States axe does not see on a fresh page: the citation box (no clipboard) and open search."""
    context = _context(browser, scheme)
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/rules/15.html")
        article = page.locator("[id='第三条']")
        article.hover()
        article.locator(".hb-cite").click()
        assert article.locator(".hb-cite__text").get_attribute("aria-label")
        page.locator(".md-search__input").fill("主题党日")
        page.locator(".md-search-result__item").first.wait_for()
        blocking = _blocking(Axe().run(page).response)
        assert not blocking, _report(blocking)
        assert page.locator(".md-search").get_attribute("aria-label") == "搜索"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_citation_icon_at_rest_stands_out(browser, site_url, scheme: str):
    """WCAG 1.4.11: an icon-only control needs 3:1 against its background, hover or not."""
    context = _context(browser, scheme)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/rules/15.html")
        page.mouse.move(0, 0)
        icon = page.locator(".hb-cite").first
        assert icon.evaluate(CONTRAST_JS) >= 3.0
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_status_badge_is_readable(browser, site_url, scheme: str):
    """All statuses, not only those the sample rules happen to have (all 现行有效 today)."""
    context = _context(browser, scheme)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/rules/15.html")
        for status in STATUSES:
            badge = page.evaluate_handle(
                """(status) => {
                  const s = document.createElement("span");
                  s.className = "hb-status hb-status--" + status;
                  s.textContent = status;
                  document.querySelector(".hb-meta").appendChild(s);
                  return s;
                }""",
                status,
            )
            ratio = badge.evaluate(CONTRAST_JS)
            assert ratio >= 4.5, f"{status}: {ratio:.2f}:1"
    finally:
        context.close()


ENGLISH_PAGES_WITH_CHINESE = [
    "about/glossary.html",
    "about/maintenance.html",
    "rules/15.html",
    "ledgers/reports/2023H1.html",
]
# Text nodes in the article holding Han characters that no lang="zh" element encloses
# (SVG charts are left out: their labels are translated, and <span> cannot go in them).
UNMARKED_JS = r"""
() => {
  const walker = document.createTreeWalker(document.querySelector("article"),
                                           NodeFilter.SHOW_TEXT);
  const bad = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!/[\u3400-\u9fff]/.test(n.data) || n.parentElement.closest("svg, script, style")) continue;
    const lang = n.parentElement.closest("[lang]").getAttribute("lang");
    if (!lang.startsWith("zh")) bad.push(n.data.trim().slice(0, 40));
  }
  return {bad, marked: document.querySelectorAll("article [lang=zh]").length};
}
"""


@pytest.mark.parametrize("path", ENGLISH_PAGES_WITH_CHINESE)
def test_chinese_on_english_pages_is_marked(page, site_url, path: str):
    page.goto(f"{site_url}/en/{path}")
    assert page.locator("html").get_attribute("lang") == "en"
    found = page.evaluate(UNMARKED_JS)
    assert found["bad"] == []
    if path == "about/glossary.html":
        assert found["marked"] > 0  # the glossary quotes every term in Chinese


def test_chinese_pages_are_not_marked(page, site_url):
    page.goto(f"{site_url}/about/glossary.html")
    assert page.locator("article [lang=zh]").count() == 0


# --- mark_chinese on its own --------------------------------------------------------------------


def test_mark_chinese_wraps_han_runs_with_their_punctuation():
    html = "<p>The “三会一课” system (第5条) of 某局。 Due in 3个工作日, 2023年6月.</p>"
    assert mark_chinese(html, "en") == (
        '<p>The <span lang="zh">“三会一课”</span> system (<span lang="zh">第5条</span>) '
        'of <span lang="zh">某局。</span> Due in <span lang="zh">3个工作日</span>, '
        '<span lang="zh">2023年6月</span>.</p>'
    )


def test_mark_chinese_leaves_attributes_scripts_svg_and_marked_elements_alone():
    html = (
        '<abbr title="党课">Party lecture</abbr><script>var s = "党";</script>'
        '<svg><text>党支部</text></svg><p lang="zh">党<b>组</b></p><br><i>Fine</i>'
    )
    assert mark_chinese(html, "en") == html


def test_mark_chinese_reaches_text_after_a_skipped_element():
    html = '<p><span lang="zh">党组</span> and <svg><text>图</text></svg> then 党委</p>'
    assert mark_chinese(html, "en").endswith('then <span lang="zh">党委</span></p>')


def test_mark_chinese_leaves_chinese_pages_unchanged():
    assert mark_chinese("<p>党支部</p>", "zh") == "<p>党支部</p>"
