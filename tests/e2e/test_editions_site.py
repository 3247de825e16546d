"""Rules over time on the built site: currency statement, compare and edition pages, search
indexes without earlier editions, and in Chromium the review banner under a fixed clock and the
point-in-time table of the rule index."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from handbook import editions
from handbook.content import load_handbook

BOOK = load_handbook()
WITH_EDITIONS = [rule for rule in BOOK.rules if rule.editions]
PREFIX = {"zh": "", "en": "en/"}
CURRENCY = {
    "zh": "本手册收录截至 2023年6月30日 现行有效的制度",
    "en": "This handbook contains the rules in force on 30 June 2023",
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rule_page_states_the_currency_date(site_dir: Path, lang: str) -> None:
    for rule in BOOK.rules:
        html = (site_dir / PREFIX[lang] / "rules" / f"{rule.id}.html").read_text(encoding="utf-8")
        assert CURRENCY[lang] in _text(html), rule.id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_earlier_editions_are_not_in_either_search_index(site_dir: Path, lang: str) -> None:
    assert WITH_EDITIONS, "no earlier edition to test with"
    index = json.loads(
        (site_dir / PREFIX[lang] / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(("rules/editions/", "rules/compare/"))]
    assert any(loc.startswith("rules/07.html") for loc in locations)  # current rules are there
    for rule in WITH_EDITIONS:
        for edition in rule.editions:
            page = site_dir / PREFIX[lang] / "rules" / "editions" / f"{edition.slug}.html"
            assert page.is_file(), page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_pages_mark_changes_and_count_them(site_dir: Path, lang: str) -> None:
    assert WITH_EDITIONS
    for rule in WITH_EDITIONS:
        edition = rule.editions[-1]
        html = (site_dir / PREFIX[lang] / "rules" / "compare" / f"{rule.id}.html").read_text(
            encoding="utf-8"
        )
        tally = editions.counts(editions.compare(rule, edition, lang))
        summary = re.search(r'<p class="hb-cmp__summary"([^>]*)>', html)
        assert summary, rule.id
        shown = {k: int(v) for k, v in re.findall(r'data-(\w+)="(\d+)"', summary.group(1))}
        assert shown == tally, rule.id
        rows = re.findall(r'class="hb-cmp__row hb-cmp__row--(\w+)"', html)
        assert rows.count("changed") == tally["changed"] >= 1, rule.id
        assert "<del>" in html or "<ins>" in html
        # both editions are linked from the compare page, and the compare page from the rule
        assert f'href="../editions/{edition.slug}.html"' in html
        assert f'href="../{rule.id}.html"' in html
        rule_page = (site_dir / PREFIX[lang] / "rules" / f"{rule.id}.html").read_text("utf-8")
        assert f'href="compare/{rule.id}.html"' in rule_page
        assert f'href="editions/{edition.slug}.html"' in rule_page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_edition_pages_say_they_are_not_in_force(site_dir: Path, lang: str) -> None:
    banner = {"zh": "非现行有效版本", "en": "Not the version in force"}[lang]
    for rule in WITH_EDITIONS:
        for edition in rule.editions:
            path = site_dir / PREFIX[lang] / "rules" / "editions" / f"{edition.slug}.html"
            html = path.read_text(encoding="utf-8")
            assert banner in html, edition.slug
            assert f'href="../{rule.id}.html"' in html
            assert f'href="../compare/{rule.id}.html"' in html
            # not in the navigation: no page links an edition from its sidebar
            index = (site_dir / PREFIX[lang] / "rules" / "index.html").read_text("utf-8")
            assert f"editions/{edition.slug}.html" not in index.split("hb-pit")[0]


# --- in the browser ---------------------------------------------------------------------------

# Rule 08: last reviewed 2023-03-17, every 36 months: due 2026-03-17.
REVIEW_CLOCKS = [
    ("2025-06-01T09:00:00", "ok", ""),
    ("2026-01-20T09:00:00", "soon", "将在90天内到期"),
    ("2026-12-02T09:00:00", "overdue", "已逾期，请尽快复核"),
]


@pytest.mark.parametrize(("clock", "state", "note"), REVIEW_CLOCKS)
def test_review_banner_follows_the_readers_clock(page, site_dir, clock, state, note) -> None:
    rule = BOOK.rules_by_id["08"]
    assert editions.review_due(rule) == dt.date(2026, 3, 17)
    page.clock.set_fixed_time(clock)
    page.goto((site_dir / "rules" / "08.html").as_uri())  # from disk, as from a USB copy
    review = page.locator(".hb-meta .hb-review")
    assert "下次复核：2026-03-17" in review.inner_text()
    assert f"hb-review--{state}" in review.get_attribute("class")
    assert review.locator(".hb-review__note").inner_text().strip() == note


def test_review_page_is_worked_out_again_in_the_browser(page, site_dir) -> None:
    page.clock.set_fixed_time("2023-07-01T09:00:00")
    page.goto((site_dir / "rules" / "review.html").as_uri())
    assert page.locator("tr.hb-review-row:visible").count() == 0
    assert "没有需要复核" in page.locator(".hb-review-list__empty").inner_text()
    page.clock.set_fixed_time("2026-12-02T09:00:00")
    page.reload()
    expected = editions.review_lines(BOOK.rules, dt.date(2026, 12, 2))
    assert page.locator("tr.hb-review-row:visible").count() == len(expected) > 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_point_in_time_for_two_dates(page, site_dir, lang: str) -> None:
    assert WITH_EDITIONS
    rule = WITH_EDITIONS[0]
    edition = rule.editions[-1]
    page.goto((site_dir / PREFIX[lang] / "rules" / "index.html").as_uri())
    date = page.locator(".hb-pit__date")
    row = page.locator(f'.hb-pit__table tr[data-rule="{rule.id}"]')
    newest = max(BOOK.rules, key=lambda r: r.history[0].date)
    # On a day the earlier edition was in force: it is linked, not the current text.
    day = edition.effective or edition.issued
    date.fill(day.isoformat())
    assert row.get_attribute("data-state") == "earlier"
    assert row.locator("a").get_attribute("href") == f"editions/{edition.slug}.html"
    blank = page.locator(f'.hb-pit__table tr[data-rule="{newest.id}"]')
    assert blank.get_attribute("data-state") == "none"
    assert blank.locator("td").nth(1).inner_text() == {"zh": "尚未制定", "en": "not yet made"}[lang]
    # On the handbook's date every rule is in its current edition.
    date.fill("2023-06-30")
    assert row.get_attribute("data-state") == "current"
    states = page.locator(".hb-pit__table tbody tr").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-state'))"
    )
    assert states == ["current"] * len(BOOK.rules)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_pages_pass_axe(browser, site_url, lang: str) -> None:
    assert WITH_EDITIONS
    rule = WITH_EDITIONS[0]
    paths = [
        f"rules/compare/{rule.id}.html",
        f"rules/editions/{rule.editions[-1].slug}.html",
        "rules/review.html",
    ]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    found = {}
    try:
        for path in paths:
            tab.goto(f"{site_url}/{PREFIX[lang]}{path}")
            violations = [
                f"{v['id']}: {v['nodes'][0]['target']}"
                for v in Axe().run(tab).response["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
            if violations:
                found[path] = violations
    finally:
        context.close()
    assert not found, found


@pytest.mark.print
def test_pdf_handbook_states_the_currency_date() -> None:
    import subprocess
    import tempfile

    from handbook.config import load_settings
    from handbook.printing.pdf import handbook_pdf

    for lang in ("zh", "en"):
        data = handbook_pdf(BOOK, lang, load_settings())
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(data)
            handle.flush()
            cover = subprocess.run(
                ["pdftotext", "-l", "1", "-raw", handle.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        assert CURRENCY[lang] in re.sub(r"\s+", " ", cover), cover
