"""Chinese search support: teach jieba the handbook's own terms before the index is built."""

from __future__ import annotations

import jieba

from scripts.content import Handbook


def teach_jieba(book: Handbook) -> None:
    """Add glossary terms and rule titles so jieba keeps them whole (三会一课, not 三/会/一/课)."""
    for term in book.terms:
        jieba.add_word(term.zh, freq=20000)
    for rule in book.rules:
        jieba.add_word(rule.title.strip('"“”'), freq=20000)
