"""Generated reference pages read the way a Chinese reader expects: glossary and template index."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

from handbook import pages
from handbook.config import load_settings
from handbook.content import load_handbook
from handbook.render import escape
from tests.conftest import DATA, DOCS, MKDOCS_YML

BOOK = load_handbook(DOCS, DATA)
SETTINGS = load_settings(MKDOCS_YML)


def _dictionary_order(text: str) -> list[tuple[str, str]]:
    """Syllable by syllable: the toneless spelling first, then the tone (as dictionaries do)."""
    return [(s.rstrip("12345"), s) for s in lazy_pinyin(text, style=Style.TONE3)]


def _row_ids(markdown: str) -> list[str]:
    return re.findall(r'<tr id="([^"]+)">', markdown)


def test_glossary_is_in_pinyin_order() -> None:
    terms = _row_ids(pages.page("glossary", "zh", book=BOOK, settings=SETTINGS))
    assert len(terms) == len(BOOK.terms)
    syllables = [_dictionary_order(term) for term in terms]
    assert syllables == sorted(syllables)
    # Code-point order would differ for this glossary, so the test can tell the two apart.
    assert terms != sorted(terms)


def test_template_index_names_related_rules_and_offers_word_files() -> None:
    for lang, suffix in (("zh", ""), ("en", ".en")):
        text = pages.page("template_index", lang, book=BOOK, settings=SETTINGS)
        rows = [line for line in text.splitlines() if line.startswith("| [")]
        assert len(rows) == len(BOOK.templates)
        for template in BOOK.templates:
            row = next(r for r in rows if f"]({template.slug}.md)" in r)
            assert f"templates/{template.slug}{suffix}.docx" in row
            for rid in template.rule_ids:
                title = BOOK.rules_by_id[rid].title_in(lang)
                shown = escape(f"《{title}》" if lang == "zh" else title)
                assert f"[{shown}](../rules/{rid}.md)" in row


def test_template_index_lists_chinese_titles_in_pinyin_order() -> None:
    text = pages.page("template_index", "zh", book=BOOK, settings=SETTINGS)
    titles = re.findall(r"^\| \[([^\]]+)\]\([\w-]+\.md\)", text, flags=re.M)
    assert len(titles) == len(BOOK.templates)
    keys = [_dictionary_order(t) for t in titles]
    assert keys == sorted(keys)


def test_duty_headings_say_what_the_duty_is_about() -> None:
    for lang in ("zh", "en"):
        for post in BOOK.posts:
            text = pages.page("post", lang, post=post, book=BOOK, settings=SETTINGS)
            headings = re.findall(r"^(#+) (.+)$", text, flags=re.M)
            levels = [len(marks) for marks, _ in headings]
            assert levels[0] == 1 and set(levels[1:]) == {2}, "no jump from h1 to h3"
            for (_, heading), duty in zip(headings[1:], post.duties, strict=True):
                label = heading.split(" {:")[0]
                assert label.startswith(duty.id + " ")
                words = label.removeprefix(duty.id + " ")
                source = duty.text if lang == "zh" else duty.text_en
                assert words.rstrip("…") and escape(source).startswith(words.rstrip("…"))
