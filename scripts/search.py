"""Chinese search support: teach jieba the handbook's own terms before the index is built."""

from __future__ import annotations

from pathlib import Path

import jieba

from scripts.content import Handbook


def teach_jieba(book: Handbook) -> None:
    """Add glossary terms and rule titles so jieba keeps them whole (三会一课, not 三/会/一/课)."""
    for term in book.terms:
        jieba.add_word(term.zh, freq=20000)
    for rule in book.rules:
        jieba.add_word(rule.title.strip('"“”'), freq=20000)


def word_bounds(text: str) -> set[int]:
    """Offsets where jieba puts a word boundary (Chinese has no spaces to match on)."""
    bounds = {0, len(text)}
    for _, start, end in jieba.tokenize(text):
        bounds.update((start, end))
    return bounds


def contains_word(text: str, word: str) -> bool:
    """Whether `word` occurs in Chinese `text` as a whole word (党组 is not in 党组织)."""
    bounds = None
    start = text.find(word)
    while start >= 0:
        bounds = bounds or word_bounds(text)
        if start in bounds and start + len(word) in bounds:
            return True
        start = text.find(word, start + 1)
    return False


# Material 9.x's search worker splits a Chinese query into indexed words, but its loop stops one
# character short of the end (`o<t.length`), so the last word of a query is never matched whole:
# "主题党日" is searched as "主题"+"党". We fix the bound in the built worker. If a Material
# update changes the code, the build fails here instead of silently searching worse.
_WORKER_BUG = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
_WORKER_FIX = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_search_worker(site_dir: Path) -> None:
    """Make the built search worker consider the query's last word (see comment above)."""
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        raise FileNotFoundError(f"no Material search worker under {site_dir}")
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if _WORKER_FIX in code:
            continue
        if _WORKER_BUG not in code:
            raise RuntimeError(f"{worker.name}: Material's query splitter changed; review the fix")
        worker.write_text(code.replace(_WORKER_BUG, _WORKER_FIX), encoding="utf-8")
