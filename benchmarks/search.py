"""Compare search set-ups on our query set: `python -m benchmarks.search`.

Prints hit@1, hit@3 and the median time from the last keystroke to results for
1. Material's search with jieba as MkDocs configures it (HANDBOOK_SEARCH=plain),
2. the tuned search the site ships (per-language indexes, article entries, synonyms, fixed
   query splitter; handbook/search.py),
3. Pagefind's extended (CJK) build over the same pages, driven through its JS API on a site page
   (Pagefind needs `pip install -r benchmarks/requirements.txt`, which `make bench` does).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, _QuietHandler  # noqa: E402
from tests.search.harness import Query, Score, evaluate, load_queries  # noqa: E402

_PAGEFIND_QUERY = """async (q) => {
    const pagefind = window.__pf || (window.__pf = await import("/pagefind/pagefind.js"));
    const start = performance.now();
    const search = await pagefind.search(q);
    const top = await Promise.all(search.results.slice(0, 3).map(r => r.data()));
    return {ms: performance.now() - start, pages: top.map(d => d.url)};
}"""


def build(site: Path, mode: str) -> None:
    """Build the site (no PDFs) with the given search mode."""
    env = {**os.environ, "HANDBOOK_SEARCH": mode, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "handbook", "build", "--no-pdf", "--site-dir", str(site)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def evaluate_pagefind(page: object, base_url: str, queries: list[Query], lang: str) -> Score:
    """Run the queries through Pagefind's API on a warm page of the language."""
    page.goto(f"{base_url}/index.html" if lang == "zh" else f"{base_url}/{lang}/index.html")
    page.evaluate(_PAGEFIND_QUERY, "warm-up")
    score = Score(lang)
    for query in (q for q in queries if q.lang == lang):
        outcome = page.evaluate(_PAGEFIND_QUERY, query.q)
        pages = [unquote(urlparse(url).path).lstrip("/") for url in outcome["pages"]]
        score.results.append((query, pages, outcome["ms"]))
    return score


def main() -> None:
    """Build the variants, run the query set through each and print the figures."""
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    rows: list[tuple[str, Score]] = []
    try:
        for mode in ("plain", "tuned"):
            build(work / mode, mode)
        pagefind = shutil.which("pagefind_extended") or shutil.which("pagefind")
        has_pagefind = (
            subprocess.run(
                [sys.executable, "-m", "pagefind", "--version"], capture_output=True
            ).returncode
            == 0
        )
        if has_pagefind:
            shutil.copytree(work / "tuned", work / "pagefind")
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pagefind",
                    "--site",
                    str(work / "pagefind"),
                    "--quiet",
                    "--root-selector",
                    "article.md-content__inner",
                ],
                check=True,
            )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page()
            for variant in ("plain", "tuned", "pagefind"):
                if variant == "pagefind" and not has_pagefind:
                    continue
                with served(work / variant) as url:
                    for lang in ("zh", "en"):
                        run = evaluate_pagefind if variant == "pagefind" else evaluate
                        rows.append((variant, run(tab, url, queries, lang)))
            browser.close()
        if not has_pagefind:
            print(f"pagefind not installed ({pagefind}); run `make bench` to include it")
        sizes = {
            "plain": _size(work / "plain" / "search" / "search_index.json"),
            "tuned": _size(work / "tuned" / "search" / "search_index.json"),
            "pagefind": _size(work / "pagefind" / "pagefind"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("search: variant, language, queries, hit@1, hit@3, median ms from keystroke to results")
    for variant, score in rows:
        print(
            f"  {variant:9} {score.lang}  {len(score.results):4d}  {score.hit1:6.1%}  "
            f"{score.hit3:6.1%}  {score.median_ms:7.1f}"
        )
    print(
        "search index on disk (kB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in sizes.items())
    )


def _size(path: Path) -> int:
    """Bytes of a file, or of every file under a folder (0 when missing)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


if __name__ == "__main__":
    main()
