"""Search evaluation: run the query set through the site's real search box and score it.

Used by the CI test (threshold) and by `benchmarks/search.py` (figures and comparisons).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

QUERIES = Path(__file__).with_name("queries.yml")
ZWSP = "\u200b"

# Sets the query as an IME commit does, then waits until the result list has been quiet for
# 150 ms. Resolves with the time from the keystroke until the first result was shown and the
# pages listed (one per result group, in order).
_RUN_QUERY = """async (q) => {
    const box = document.querySelector("input.md-search__input");
    const list = document.querySelector(".md-search-result__list");
    box.focus();
    let first = null, last = null;
    const seen = new MutationObserver(records => {
        last = performance.now();
        if (first === null && records.some(r => [...r.addedNodes].some(
                n => n.classList && n.classList.contains("md-search-result__item")))) {
            first = last;
        }
    });
    seen.observe(list, {childList: true, subtree: true});
    const start = performance.now();
    box.value = q;
    box.dispatchEvent(new Event("input", {bubbles: true}));
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "Process"}));
    while (performance.now() - start < 3000) {
        await new Promise(r => setTimeout(r, 25));
        if (last !== null && performance.now() - last > 150) break;
    }
    seen.disconnect();
    const pages = [...list.querySelectorAll(":scope > .md-search-result__item > a")]
        .map(a => a.href);
    return {ms: first === null ? null : first - start, pages};
}"""


@dataclass(frozen=True)
class Query:
    q: str
    lang: str
    expect: tuple[str, ...]


@dataclass
class Score:
    lang: str
    results: list[tuple[Query, list[str], float | None]] = field(default_factory=list)

    @property
    def hit1(self) -> float:
        return self._hit(1)

    @property
    def hit3(self) -> float:
        return self._hit(3)

    def _hit(self, k: int) -> float:
        hits = sum(any(p in q.expect for p in pages[:k]) for q, pages, _ in self.results)
        return hits / len(self.results)

    @property
    def median_ms(self) -> float:
        times = [ms for _, _, ms in self.results if ms is not None]
        return statistics.median(times) if times else float("nan")

    def misses(self, k: int = 3) -> list[tuple[str, list[str], tuple[str, ...]]]:
        return [
            (q.q, p[:k], q.expect) for q, p, _ in self.results if not set(p[:k]) & set(q.expect)
        ]

    def summary(self) -> str:
        return (
            f"{self.lang}: {len(self.results)} queries, hit@1 {self.hit1:.1%}, "
            f"hit@3 {self.hit3:.1%}, median {self.median_ms:.1f} ms from last keystroke to results"
        )


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The evaluation set: query, language, pages that answer it."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(r["q"]), r["lang"], tuple(r["expect"])) for r in raw]


def _site_path(url: str, root: str) -> str:
    """Built-page path of a result link ('rules/15.html'), without query and anchor."""
    path = unquote(urlparse(url).path)
    return path[len(root) :].lstrip("/") if path.startswith(root) else path.lstrip("/")


def evaluate(page: object, base_url: str, queries: list[Query], lang: str) -> Score:
    """Run every query of one language on a warm page of that language."""
    start = f"{base_url}/index.html" if lang == "zh" else f"{base_url}/{lang}/index.html"
    page.goto(start)
    page.locator("input.md-search__input").click()
    page.wait_for_function(
        "() => (document.querySelector('.md-search-result__meta') || {}).textContent"
        " && !/正在初始化|Initializing/.test(document.querySelector('.md-search-result__meta')"
        ".textContent)"
    )
    root = urlparse(base_url).path.rstrip("/")
    score = Score(lang)
    for query in (q for q in queries if q.lang == lang):
        outcome = page.evaluate(_RUN_QUERY, query.q)
        pages = []
        for url in outcome["pages"]:
            path = _site_path(url, root)
            if path not in pages:
                pages.append(path)
        score.results.append((query, pages, outcome["ms"]))
    return score
