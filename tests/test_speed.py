"""What the build's caches promise: the same results as without them, and work not done twice.

Timings are measured by `make bench` (benchmarks/site.py), never asserted here.
"""

from __future__ import annotations

from pathlib import Path

import jieba
import jinja2
import pytest
import yaml

from handbook import search, yamltext
from handbook.hooks import TemplateCode

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def book(model):
    """The project's handbook, with jieba taught its terms (as the plugin does)."""
    search.teach_jieba(model.book, search.load_synonyms(model.project.data / search.SYNONYMS))
    return model.book


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "data").glob("*.yml")) + sorted((ROOT / "data" / "search").glob("*.yml")),
    ids=lambda p: p.name,
)
def test_yaml_helper_reads_the_same_values_as_pyyaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert yamltext.safe_load(text) == yaml.safe_load(text)


def test_yaml_helper_is_safe() -> None:
    with pytest.raises(yaml.YAMLError):
        yamltext.safe_load("!!python/object/apply:os.system ['true']")


def test_yaml_nodes_keep_their_lines() -> None:
    root = yamltext.compose("title: 一\nhistory:\n  - 二\n")
    assert root is not None
    lines = {v.value: v.start_mark.line for _, v in root.value if isinstance(v, yaml.ScalarNode)}
    assert lines == {"一": 0}
    assert root.value[1][1].value[0].start_mark.line == 2


def test_segmenter_cuts_like_jieba_and_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seg = search.Segmenter()
    text = "党支部应当每月相对固定一天开展主题党日"
    assert seg.cut(text) == list(jieba.cut(text))
    assert seg.cut_for_search(text) == list(jieba.cut_for_search(text))
    assert seg.bounds(text) == search.word_bounds(text)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("jieba ran again for a text it had segmented")

    monkeypatch.setattr(jieba, "cut", refuse)
    monkeypatch.setattr(jieba, "cut_for_search", refuse)
    monkeypatch.setattr(jieba, "tokenize", refuse)
    assert seg.cut(text) and seg.cut_for_search(text) and seg.bounds(text)
    with pytest.raises(AssertionError):
        seg.cut("另一段文字")


def test_refined_index_is_the_same_with_a_shared_segmenter(book) -> None:
    index = {
        "config": {"lang": ["zh"], "separator": "[\\s]+", "fields": {}},
        "docs": [
            {"location": "index.html", "title": "首页", "text": "三会一课和主题党日"},
            {"location": "rules/01.html", "title": rule_title(book), "text": "文号"},
        ],
    }
    seg = search.Segmenter()
    first = search.refine_index(index, book, "zh", {}, "", seg)
    again = search.refine_index(index, book, "zh", {}, "", seg)  # every text remembered now
    assert first == again == search.refine_index(index, book, "zh", {}, "")


def rule_title(book) -> str:
    return next(r for r in book.rules if r.id == "01").title


class _FakeSearch:
    """Stands for Material's search plugin: counts the texts it segments."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def _segment_chinese(self, data: str) -> str:
        self.calls.append(data)
        return search.segment(data)


def test_materials_segmentation_is_remembered_and_unchanged() -> None:
    plugin, seg = _FakeSearch(), search.Segmenter("v1")
    search.remember_segmentation(plugin, seg)
    search.remember_segmentation(plugin, seg)  # each rebuild wraps again: not twice over
    text = "党员应当按月交纳党费"
    assert plugin._segment_chinese(text) == search.segment(text)
    assert plugin._segment_chinese(text) == search.segment(text)
    assert plugin.calls == [text]
    assert plugin._segment_chinese("另一句") and plugin.calls == [text, "另一句"]


def test_vocabulary_changes_with_the_words_taught_to_jieba(book, tmp_path: Path) -> None:
    user = tmp_path / "userdict.txt"
    user.write_text("三会一课 20000\n", encoding="utf-8")
    first = search.vocabulary(book, {"婚丧喜庆": ["红白喜事"]}, user)
    assert first == search.vocabulary(book, {"婚丧喜庆": ["红白喜事"]}, user)
    assert first != search.vocabulary(book, {"婚丧喜庆": ["红白喜事", "婚丧"]}, user)
    user.write_text("三会一课 20000\n主题党日 20000\n", encoding="utf-8")
    assert first != search.vocabulary(book, {"婚丧喜庆": ["红白喜事"]}, user)


def test_templates_compiled_once_for_every_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = {"page.html": "<p>{{ title }}</p>"}
    codes = TemplateCode()

    def environment() -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=codes)

    assert environment().get_template("page.html").render(title="一") == "<p>一</p>"
    second = environment()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(second, "compile", refuse)
    assert second.get_template("page.html").render(title="二") == "<p>二</p>"
    sources["page.html"] = "<h1>{{ title }}</h1>"  # an edited template is compiled afresh
    third = environment()
    monkeypatch.setattr(third, "compile", refuse)
    with pytest.raises(AssertionError, match="compiled again"):
        third.get_template("page.html")
    assert environment().get_template("page.html").render(title="三") == "<h1>三</h1>"
