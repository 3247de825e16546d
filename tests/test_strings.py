"""The strings tables (render/strings/<lang>.yml): same keys and blanks in every language, and
one template per generated page kind."""

from __future__ import annotations

import re
import string

import pytest

from handbook.render import LANGUAGES, STRINGS, TEMPLATES, fmt, load_strings, render


def _leaves(table: object, prefix: str = "") -> dict[str, object]:
    """Every leaf of a nested table by its dotted key ("compliance.titles.risks"); lists count
    as one leaf with their length."""
    if isinstance(table, dict):
        out: dict[str, object] = {}
        for key, value in table.items():
            out.update(_leaves(value, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): table}


def _blanks(text: object) -> set[str]:
    if isinstance(text, list):
        return {f"[{len(text)}]"}
    return {name for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def test_every_language_defines_exactly_the_same_keys():
    tables = {lang: _leaves(load_strings(lang)) for lang in LANGUAGES}
    zh = set(tables["zh"])
    for lang, leaves in tables.items():
        assert set(leaves) == zh, (
            f"{lang}.yml: missing {sorted(zh - set(leaves))}, extra {sorted(set(leaves) - zh)}"
        )
    assert len(zh) > 150  # the table holds the labels of every page kind and of the PDFs


def test_blanks_are_well_formed_and_lists_have_equal_length():
    for lang in LANGUAGES:
        for key, value in _leaves(load_strings(lang)).items():
            _blanks(value)  # raises ValueError on an unbalanced brace
            if isinstance(value, list):
                assert len(value) == len(_leaves(load_strings("zh"))[key]), f"{lang}.yml: {key}"


def test_a_language_without_a_table_falls_back_to_chinese():
    assert load_strings("fr") == load_strings("zh")


def test_fmt_escapes_values_but_not_the_text_of_the_table():
    out = fmt("**{n}** rows in [{name}](x.md)", n=3, name="<b>_x_</b>")
    assert out == "**3** rows in [&#60;b&#62;&#95;x&#95;&#60;/b&#62;](x.md)"


def test_one_template_per_generated_page_kind():
    # Only prose (the half-year report) keeps one template per language.
    per_language = {p.name for lang in LANGUAGES for p in (TEMPLATES / lang).glob("*.md.j2")}
    assert per_language == {"report.md.j2"}
    assert len(list(TEMPLATES.glob("*.md.j2"))) >= 15


# Words a template may write itself: front matter keys, link targets, file extensions, classes.
_SYNTAX = {"title", "hide", "toc", "md", "rules", "duties", "docx", "hb", "meta", "line"}


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.md.j2")), ids=lambda p: p.name)
def test_shared_templates_hold_no_words_of_either_language(path):
    """Every word a reader sees comes from the strings table (or from data)."""
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", path.read_text(), flags=re.S)
    text = re.sub(r"<[^>]+>|#.*", " ", text)  # HTML tags, YAML comments and attribute lists
    words = set(re.findall(r"[A-Za-z]{2,}|[\u4e00-\u9fff]+", text)) - _SYNTAX
    assert not words, f"{path.name}: move {sorted(words)} to render/strings/*.yml"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_shows_the_words_of_its_language(lang):
    table = load_strings(lang)["templates"]
    out = render("template_download", lang, href="x.docx")
    assert out == table["download"].replace("{href}", "x.docx") + "\n"


def test_strings_folder_holds_one_table_per_language():
    assert sorted(p.stem for p in STRINGS.glob("*.yml")) == sorted(LANGUAGES)


def test_jinja_is_configured_in_one_place():
    """Only handbook.render builds Jinja environments; printing asks its factory for one."""
    from handbook.printing import document

    package = TEMPLATES.parent.parent
    builders = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if re.search(r"\bEnvironment\(", path.read_text(encoding="utf-8"))
    ]
    assert builders == ["render/__init__.py"]
    env = document.environment()
    assert env.autoescape is True and env.trim_blocks and "rule_anchor" in env.filters


def _word_tables(path) -> list[int]:
    """Lines of `{"zh": {...}, "en": {...}}` literals in a module: a word table per language."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if set(LANGUAGES) <= keys and all(isinstance(v, ast.Dict) for v in node.values):
                found.append(node.lineno)
    return found


def test_no_module_keeps_its_own_word_table():
    """Page and print wording lives in the strings tables, not in dicts keyed by language."""
    package = TEMPLATES.parent.parent
    tables = {
        path.relative_to(package).as_posix(): lines
        for path in sorted(package.rglob("*.py"))
        if (lines := _word_tables(path))
    }
    assert tables == {}, f"move these to render/strings/<lang>.yml: {tables}"


def test_the_word_table_check_finds_a_table_keyed_by_language(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('W = {"zh": {"a": "甲"}, "en": {"a": "A"}}\nX = {"zh": f(), "en": g()}\n')
    assert _word_tables(module) == [1]
