"""The refined search index and the patched query splitter, without a browser."""

from __future__ import annotations

import pytest

from scripts.content import load_handbook
from scripts.search import (
    ZWSP,
    boost_of,
    contains_word,
    keywords,
    patch_search_worker,
    refine_index,
    teach_jieba,
)

CONFIG = {"lang": ["zh", "en"], "separator": "x", "pipeline": ["stemmer"], "fields": {}}


@pytest.fixture(scope="module")
def book():
    handbook = load_handbook()
    teach_jieba(handbook)
    return handbook


def _index() -> dict:
    return {
        "config": CONFIG,
        "docs": [
            {"location": "rules/15.html", "title": "主题党日制度", "text": ""},
            {"location": "rules/15.html#第一章-总则", "title": "第一章 总则", "text": "很长"},
            {"location": "ledgers/index.html", "title": "党建工作概览", "text": "数字"},
            {"location": "en/rules/15.html", "title": "Theme Party Day Rules", "text": ""},
        ],
    }


def test_each_language_gets_only_its_pages(book):
    zh = refine_index(_index(), book, "zh", {}, "")
    en = refine_index(_index(), book, "en", {}, "en/")
    assert not any(d["location"].startswith("en/") for d in zh["docs"])
    assert {d["location"].split("#")[0] for d in en["docs"]} >= {"rules/15.html"}
    assert en["config"]["lang"] == ["en"] and zh["config"]["pipeline"] == []


def test_rule_pages_are_indexed_article_by_article(book):
    docs = refine_index(_index(), book, "zh", {}, "")["docs"]
    articles = [d for d in docs if d["location"].endswith("条")]
    assert [d["location"] for d in articles] == [
        f"rules/15.html#{a.anchor}" for a in book.rules_by_id["15"].articles
    ]
    chapter = next(d for d in docs if d["location"] == "rules/15.html#第一章-总则")
    assert chapter["text"] == ""  # its articles carry the text
    assert any(d["location"].startswith("about/glossary.html#") for d in docs)


def test_rules_outrank_generated_overviews():
    assert boost_of("rules/15.html#第三条") > boost_of("templates/talk-record.html") > 1
    assert boost_of("ledgers/index.html") < 1 and boost_of("duties/matrix.html") < 1


def test_keywords_hold_sub_words_and_english_synonyms():
    words = keywords("主题党日", {}).split(ZWSP)
    assert {"主题", "党日"} <= set(words)
    assert "Party fees" in keywords("Party membership dues", {"dues": ["Party fees"]})
    assert "红白喜事" not in keywords("婚丧喜庆", {"婚丧喜庆": ["红白喜事"]})  # query side


def test_whole_words_only():
    assert contains_word("各党支部开展主题党日", "主题党日")
    assert not contains_word("上级党组织", "党组")


def test_worker_patch_fails_loudly_when_material_changes(tmp_path):
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.1234abcd.min.js").write_text("function fe(t,e){return t}", "utf-8")
    with pytest.raises(RuntimeError, match="changed"):
        patch_search_worker(tmp_path, [], {})
