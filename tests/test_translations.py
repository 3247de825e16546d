"""data/translations.yml gives every ledger value English pages show an English form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from handbook import translations
from handbook.content import load_glossary
from handbook.errors import HandbookError
from handbook.ledgers import load_all
from handbook.ledgers.schemas import RECTIFICATION_STATUS, SPECS, columns
from tests.conftest import DATA, LEDGERS, load_model, run_build
from tests.ledger_fixtures import ledger_copy_fixture, set_cell  # noqa: F401

TABLE = DATA / "translations.yml"


@pytest.fixture(scope="module")
def table() -> translations.Table:
    return translations.load(TABLE)


def test_every_value_of_the_sample_ledgers_has_an_english_form(table) -> None:
    assert translations.problems(load_all(LEDGERS), table) == []


def test_the_table_covers_what_english_pages_show(table) -> None:
    checked = {(c.ledger, c.column) for c in table.checked}
    # categories, statuses, branch, section and activity names, reasons and problems
    for item in [
        ("branches", "名称"),
        ("groups", "名称"),
        ("org_life", "类别"),
        ("org_life", "调整原因"),
        ("rectification", "问题"),
        ("rectification", "状态"),
        ("rectification", "责任科室"),
        ("risks", "部门"),
        ("volunteers", "活动"),
        ("study", "类型"),
    ]:
        assert item in checked, item
    assert all(s in table.terms for s in RECTIFICATION_STATUS)


def test_an_unknown_value_stops_the_build_with_file_row_and_column(
    ledger_copy: Path,  # noqa: F811
) -> None:
    set_cell(ledger_copy / "rectification.csv", 5, "问题", "新发现的问题")
    set_cell(ledger_copy / "volunteers.csv", 3, "活动", "新的志愿活动")
    set_cell(ledger_copy / "volunteers.csv", 4, "活动", "新的志愿活动")
    problems = translations.problems(load_all(ledger_copy), translations.load(TABLE))
    assert len(problems) == 2
    assert "rectification.csv:5: 问题: “新发现的问题”没有英文译名" in problems[0]
    assert "volunteers.csv:3: 活动: “新的志愿活动”没有英文译名（另有 1 行）" in problems[1]
    with pytest.raises(HandbookError) as stopped:
        load_model(ledgers=ledger_copy)
    assert "rectification.csv:5: 问题:" in str(stopped.value)
    assert "新发现的问题" in str(stopped.value) and "Traceback" not in str(stopped.value)


@pytest.mark.slow
def test_the_build_stops_before_writing_anything(tmp_path: Path) -> None:
    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    del raw["terms"]["持续推进"]
    spoiled = tmp_path / "translations.yml"
    spoiled.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = run_build(tmp_path / "site", "--no-pdf", env={"HANDBOOK_TRANSLATIONS": str(spoiled)})
    assert result.returncode == 1
    assert re.search(r"rectification\.csv:\d+: 状态: “持续推进”没有英文译名", result.stderr)
    assert "Traceback" not in result.stderr and not (tmp_path / "site").exists()


def test_a_vocabulary_value_without_english_is_reported(tmp_path: Path) -> None:
    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    del raw["terms"]["主体责任检查"]  # allowed by the schema, though no sample row uses it
    spoiled = tmp_path / "translations.yml"
    spoiled.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    problems = translations.problems(load_all(LEDGERS), translations.load(spoiled))
    assert problems == [
        f"{translations.NAME}:1: terms: rectification.来源 的可选值“主体责任检查”没有英文译名"
        " (no English form)"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["columns"].update({"talks": ["谈话内容"]}), "columns.talks: 未知的列"),
        (lambda raw: raw["columns"].update({"meetings": ["类别"]}), "columns.meetings: 未知的台账"),
        (lambda raw: raw["terms"].update({"已完成": ""}), "“已完成”的英文译名为空"),
    ],
)
def test_a_malformed_table_is_a_clear_error(tmp_path: Path, change, message: str) -> None:
    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    change(raw)
    spoiled = tmp_path / "translations.yml"
    spoiled.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(translations.TranslationError, match=message):
        translations.load(spoiled)


def test_english_forms_follow_the_glossary(table) -> None:
    # A value that is a glossary term uses the glossary's rendering (三会一课: "three meetings
    # and one lecture"; 党课: "Party lecture"), so pages and tooltips say the same thing.
    glossary = {t.zh: t.en for t in load_glossary(DATA / "glossary.yml")}
    for zh, en in table.terms.items():
        if zh in glossary:
            assert glossary[zh].lower() in en.lower(), (zh, en, glossary[zh])
    assert not any("lesson" in en for zh, en in table.terms.items() if "三会一课" in zh)


def test_english_forms_are_english(table) -> None:
    han = [(zh, en) for zh, en in table.terms.items() if any("\u4e00" <= c <= "\u9fff" for c in en)]
    assert han == []


def test_checked_columns_exist_in_the_schemas(table) -> None:
    for item in table.checked:
        assert item.column in {c.name for c in columns(SPECS[item.ledger].model)}


def test_make_check_stops_on_a_value_without_english(tmp_path, capsys):
    """`make check` and `make build` agree: a ledger value English pages would show in Chinese
    is a problem for both, named by file, row and column."""
    import shutil

    from handbook.ledgers.__main__ import check

    folder = tmp_path / "ledgers"
    shutil.copytree(LEDGERS, folder)
    branches = folder / "branches.csv"
    lines = branches.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("名称")] = "新设立的测试党支部"
    lines[1] = ",".join(cells)
    branches.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert check(folder) == 1
    err = capsys.readouterr().err
    assert "branches.csv:2: 名称:" in err and "新设立的测试党支部" in err
