"""What the plain export costs: `python -m benchmarks.export_search`.

Exports the handbook (`handbook export`), builds it with plain MkDocs, and prints, from one run:
the CPU seconds of the export and of its build, and hit@1 / hit@3 of MkDocs' own search on
tests/search/queries.yml (the query set the site's tuned search is measured with), typed into
the built-in theme's search box in Chromium. One shared index serves both languages, as MkDocs
builds it: a result in the other language counts as a miss.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search import served  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.search.harness import Score, load_queries  # noqa: E402

_ASK = """q => { const results = document.getElementById("mkdocs-search-results");
    results.innerHTML = "";
    const box = document.getElementById("mkdocs-search-query");
    box.value = q;
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true})); }"""
_SHOWN = "() => document.querySelectorAll('#mkdocs-search-results a').length > 0"


def _cpu_of(command: list[str], cwd: Path, env: dict | None = None) -> float:
    """CPU seconds (user + system) a child command used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def evaluate(page: object, base_url: str, lang: str) -> Score:
    """Type every query of one language into the search box of that language's home page."""
    page.goto(f"{base_url}/{'' if lang == 'zh' else lang + '/'}index.html")
    page.wait_for_timeout(5000)  # the worker builds the index in the browser
    score = Score(lang)
    for query in (q for q in load_queries() if q.lang == lang):
        page.evaluate(_ASK, query.q)
        try:
            page.wait_for_function(_SHOWN, timeout=700)
        except Exception:  # no result: a miss  # noqa: BLE001
            pass
        page.wait_for_timeout(100)
        links = page.eval_on_selector_all("#mkdocs-search-results a", "a => a.map(x => x.href)")
        pages: list[str] = []
        for link in links:
            path = unquote(urlparse(link).path).lstrip("/")
            if path not in pages:
                pages.append(path)
        score.results.append((query, pages, None))
    return score


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export"
        command = [sys.executable, "-m", "handbook", "export", "--out", str(out)]
        exporting = _cpu_of(command, ROOT)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        building = _cpu_of([sys.executable, "-m", "mkdocs", "build", "--strict"], out, env)
        print(f"export: {exporting:.1f} s CPU; plain MkDocs build of it: {building:.1f} s CPU")
        with served(out / "site") as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for lang in ("zh", "en"):
                print(
                    "plain export search "
                    + evaluate(page, url, lang).summary().split(", median")[0]
                )
            browser.close()


if __name__ == "__main__":
    main()
