"""Rule pages in the browser: links to one article land on that article."""

from __future__ import annotations

from urllib.parse import quote


def _in_view(page, element_id: str) -> bool:
    return page.evaluate(
        """id => {
            const el = document.getElementById(id);
            if (!el) return false;
            const r = el.getBoundingClientRect();
            return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;
        }""",
        element_id,
    )


def test_link_to_an_article_scrolls_it_into_view(page, site_url):
    # A duty on the branch secretary's page links to the rule it implements; an article deep
    # in the page must be scrolled to when its anchor is followed.
    page.goto(f"{site_url}/rules/15.html#{quote('第十二条')}")
    page.wait_for_load_state("load")
    assert _in_view(page, "第十二条")
    assert not _in_view(page, "第一条")
    text = page.locator("[id='第十二条']").inner_text()
    assert text.startswith("第十二条")


def test_following_an_article_link_from_another_page(page, site_url):
    page.goto(f"{site_url}/rules/index.html")
    page.evaluate(
        """() => {
            const a = document.createElement("a");
            a.href = "15.html#" + encodeURIComponent("第五条");
            a.id = "probe";
            a.textContent = "probe";
            document.querySelector(".md-content").prepend(a);
        }"""
    )
    page.click("#probe")
    page.wait_for_load_state("load")
    assert page.url.endswith("15.html#" + quote("第五条"))
    assert _in_view(page, "第五条")


def test_article_citation_button_names_rule_and_article(page, site_url):
    page.goto(f"{site_url}/rules/15.html")
    article = page.locator("[id='第三条']")
    assert article.get_attribute("data-cite") == "《主题党日制度》第三条"
    article.hover()
    article.locator(".hb-cite").click()
    assert page.url.endswith("#" + quote("第三条"))


def test_rule_index_filters_rows_as_you_type(page, site_url):
    page.goto(f"{site_url}/rules/index.html")
    rows = page.locator(".hb-filter table tbody tr")
    assert rows.count() == 30
    box = page.locator(".hb-filter__input")
    box.evaluate("""(el) => { el.value = "党风廉政"; el.dispatchEvent(new Event("input")); }""")
    visible = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < 30
    assert all("党风廉政" in r.inner_text() for r in visible)


def test_tables_sort_when_a_header_is_clicked(page, site_url):
    page.goto(f"{site_url}/rules/index.html")
    table = page.locator(".hb-sortable table").first

    def column(index: int) -> list[str]:
        return table.evaluate(
            "(t, c) => [...t.tBodies[0].rows].map(r => r.cells[c].textContent.trim())", index
        )

    dates = column(5)  # 印发日期
    table.locator("th").nth(5).click()
    assert column(5) == sorted(dates)
    table.locator("th").nth(5).click()
    assert column(5) == sorted(dates, reverse=True)
    assert len(set(column(0))) == 30  # whole rows move, none is lost
    page.goto(f"{site_url}/ledgers/branches.html")
    assert page.locator(".hb-sortable table").count() >= 1
