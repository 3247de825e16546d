"""The refined search index and the patched query splitter, without a browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import material
import pytest

from handbook.content import load_handbook
from handbook.search import (
    SYNONYMS,
    ZWSP,
    boost_of,
    contains_word,
    keywords,
    load_synonyms,
    patch_search_worker,
    refine_index,
    teach_jieba,
)
from tests.conftest import DATA, DOCS

CONFIG = {"lang": ["zh", "en"], "separator": "x", "pipeline": ["stemmer"], "fields": {}}


@pytest.fixture(scope="module")
def book():
    handbook = load_handbook(DOCS, DATA)
    teach_jieba(handbook, load_synonyms(DATA / SYNONYMS))
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


def test_a_rule_page_shows_no_metadata_but_its_numbers_stay_findable(book):
    index = _index()
    panel = "<p>现行有效 文号 某局机关党委发〔2023〕11号</p> <p>印发 2023-04-20　版本 2.0</p>"
    index["docs"][0]["text"] = panel
    docs = refine_index(index, book, "zh", {}, "")["docs"]
    page = next(d for d in docs if d["location"] == "rules/15.html")
    assert page["text"] == ""  # the snippet comes from the matching article instead
    words = set(page["keywords"].split(ZWSP))
    assert {"〔2023〕11", "2023-04-20", "有效"} <= words
    assert "主题党日" in words  # and the page still stands for its whole text


def test_english_pages_carry_the_name_of_their_section(book):
    index = {
        "config": CONFIG,
        "docs": [
            {"location": "templates/index.html", "title": "报告\u200b模板", "text": ""},
            {"location": "templates/talk-record.html", "title": "谈话记录", "text": ""},
            {"location": "en/templates/index.html", "title": "Templates", "text": ""},
            {"location": "en/templates/talk-record.html", "title": "Talk record", "text": ""},
            {"location": "en/templates/talk-record.html#use", "title": "Use", "text": ""},
        ],
    }
    en = {d["location"]: d for d in refine_index(index, book, "en", {}, "en/")["docs"]}
    assert "Templates" in en["templates/talk-record.html"]["keywords"].split(ZWSP)
    assert "Templates" not in en["templates/talk-record.html#use"]["keywords"]
    assert "Templates" not in en["templates/index.html"]["keywords"]
    zh = {d["location"]: d for d in refine_index(index, book, "zh", {}, "")["docs"]}
    assert "模板" not in zh["templates/talk-record.html"]["keywords"]  # measured: worse in zh


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


def test_worker_patch_wraps_materials_search_and_renames_the_worker(tmp_path):
    shipped = next(
        (Path(material.__file__).parent / "templates/assets/javascripts/workers").glob(
            "search.*.min.js"
        )
    )
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    shutil.copy(shipped, workers / shipped.name)
    page = tmp_path / "index.html"
    page.write_text(f'<script src="assets/javascripts/workers/{shipped.name}">', "utf-8")
    renamed = patch_search_worker(tmp_path, ["的"], {"婚丧喜庆": ["红白喜事"]})
    code = (workers / renamed[shipped.name]).read_text("utf-8")
    assert code.count("search(e){return __hbSearch(this,e)}__hbOriginal(e){") == 1
    assert "function __hbSearch(" in code and '"红白喜事": ["婚丧喜庆"]' in code
    assert renamed[shipped.name] in page.read_text("utf-8")
    assert patch_search_worker(tmp_path, ["的"], {}) == {}  # patched once only


def test_worker_patch_fails_loudly_when_the_search_method_changes(tmp_path):
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    splitter = (
        "function fe(t,e){let r=new Set,n=new Uint16Array(t.length);"
        'return r.has("")?new Set([t]):r}'
    )
    query = 'class U{find(s){return[...fe(s,this.index.invertedIndex)].join("* ")}}'
    (workers / "search.1234abcd.min.js").write_text(splitter + query, "utf-8")
    with pytest.raises(RuntimeError, match="search method changed"):
        patch_search_worker(tmp_path, [], {})
