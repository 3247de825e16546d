"""Drive Material's search box the way a person using a Chinese IME does."""

from __future__ import annotations

ZWSP = "\u200b"

_RESULTS = """() => [...document.querySelectorAll(".md-search-result__item a")].map(a => ({
    title: (a.querySelector("h1, h2") || a).textContent,
    href: a.href,
}))"""


def search(page: object, query: str, timeout: float = 10_000) -> list[dict]:
    """Type `query` into the search box and return the listed results (title, href)."""
    box = page.locator("input.md-search__input")
    box.click()
    # Playwright inserts non-ASCII text without key events; Material reacts to key events, so
    # set the value and dispatch what an IME fires when it commits the text.
    box.evaluate(
        """(el, q) => {
            el.focus();
            el.value = q;
            el.dispatchEvent(new Event("input", {bubbles: true}));
            el.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "Process"}));
        }""",
        query,
    )
    page.wait_for_function(
        """() => {
            const meta = document.querySelector(".md-search-result__meta");
            return meta && !/正在初始化|Initializing/.test(meta.textContent);
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(300)
    return [
        {"title": r["title"].replace(ZWSP, "").strip(), "href": r["href"]}
        for r in page.evaluate(_RESULTS)
    ]
