"""The terminology lint: clean on the real content, and each wrong form is caught where it is."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from handbook import lint
from tests.conftest import DATA, DOCS

FORMS = lint.load_forms(DATA / "terminology.yml")


def rule(tmp_path: Path, body: str, issued: str = "2023-05-01", title: str = "测试制度") -> Path:
    """A rule file with front matter (body starts on line 6)."""
    path = tmp_path / "99.md"
    path.write_text(
        f"---\nid: '99'\ntitle: '{title}'\nissued: {issued}\n---\n{body}", encoding="utf-8"
    )
    return path


def hits(path: Path) -> list[tuple[int, str, str]]:
    return [(h.line, h.found, h.expected) for h in lint.scan([path], FORMS)]


def test_the_real_content_is_clean():
    """Fails until the rules, templates and glossary use the right forms."""
    assert [str(h) for h in lint.scan(lint.default_paths(DOCS, DATA), FORMS)] == []


@pytest.mark.parametrize(
    ("line", "found", "expected"),
    [
        ("坚决做到二个维护。", "二个维护", "两个维护"),
        ("深刻领悟二个确立的决定性意义。", "二个确立", "两个确立"),
        ("学习党的十九大精神。", "党的十九大", "二十大（二十届历次全会）"),
        ("学习十九届六中全会精神。", "十九届六中全会", "二十大（二十届历次全会）"),
        (
            "丧事，指本人配偶、父母、子女等直系亲属去世。",
            "配偶、父母、子女等直系亲属",
            "配偶以及父母、子女等直系亲属（配偶分列）",
        ),
        ("直系亲属包括配偶、父母和子女。", "直系亲属包括配偶", "配偶和直系亲属分列"),
        ("有表决权的到会党员须有半数以上方可表决。", "半数以上", "超过半数"),
        ('落实"三会一课"制度。', '"三会一课"', "“三会一课”"),
        ("开展'一季一警示'。", "'一季一警示'", "‘一季一警示’"),
        ("班子成员与分管部门负责人谈话。", "分管部门", "分管科室"),
        (
            "依照《中国共产党纪律处分条例》（2018年修订）处理。",
            "《中国共产党纪律处分条例》（2018年",
            "《中国共产党纪律处分条例》（2023年修订）",
        ),
        (
            "依据《关于实行党风廉政建设责任制的规定》。",
            "《关于实行党风廉政建设责任制的规定》",
            "《党委（党组）落实全面从严治党主体责任规定》",
        ),
    ],
)
def test_each_form_is_caught_at_its_line(tmp_path, line, found, expected):
    path = rule(tmp_path, f"## 第一章　总则\n\n{line}\n", issued="2024-03-01")
    assert hits(path) == [(8, found, expected)]


def test_mixed_day_units_in_one_rule_are_caught(tmp_path):
    body = "会后15日内报送。\n\n收到后3个工作日内答复。\n"
    assert hits(rule(tmp_path, body)) == [(6, "15日内", "15个工作日内")]


def test_the_message_names_file_line_found_expected_and_reason(tmp_path):
    path = rule(tmp_path, "坚决做到二个维护。\n")
    (hit,) = lint.scan([path], FORMS)
    assert str(hit) == f"{path}:6: 二个维护 → 两个维护 (党的文件的固定提法是“两个维护”)"


def test_a_straight_quoted_title_is_caught_but_yaml_quoting_is_not(tmp_path):
    path = rule(tmp_path, "正文。\n", title='"三会一课"制度')
    assert hits(path) == [(3, '"三会一课"', "“三会一课”")]
    clean = tmp_path / "clean" / "99.md"
    clean.parent.mkdir()
    clean.write_text(
        "---\ntitle: '“三会一课”制度'\nkind: \"记录\"\n---\n正文。\n", encoding="utf-8"
    )
    assert hits(clean) == []


def test_glossary_values_are_checked_but_its_yaml_quotes_are_not(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(
        '- zh: "两个维护"\n  en: Two Upholds\n  note_zh: 即"两个维护"，二个维护为误写。\n',
        encoding="utf-8",
    )
    assert hits(path) == [
        (3, '"两个维护"', "“两个维护”"),
        (3, "二个维护", "两个维护"),
    ]


def test_no_false_positives_on_correct_text(tmp_path):
    body = (
        "坚决做到两个维护，深刻领悟两个确立。\n"
        "收到后3个工作日内答复，10个工作日内办结。\n"
        "政治审查包括直系亲属和主要社会关系的政治情况。\n"
        "本人配偶和直系亲属及其配偶经商办企业的，应当报告。\n"
        "赞成人数超过应到会有表决权党员的半数为通过。\n"
        "半数以上的党员参加了志愿服务。\n"
        "落实“三会一课”制度，每月15日前收缴党费。\n"
        "经费纳入部门预算，按照财政部门要求报上级党委组织部门备案。\n"
        '!!! note "填写说明"\n'
        "```\n"
        'title: "二个维护"\n'
        "```\n"
    )
    assert hits(rule(tmp_path, body)) == []


def test_outdated_congress_is_only_flagged_in_texts_issued_after_the_twentieth(tmp_path):
    assert hits(rule(tmp_path, "学习党的十九大精神。\n", issued="2021-03-15")) == []


def test_the_congress_form_ignores_the_revision_history(tmp_path):
    path = tmp_path / "98.md"
    path.write_text(
        "---\nissued: 2023-05-01\nhistory:\n  - change: 根据党的十九大精神修订。\n---\n正文。\n",
        encoding="utf-8",
    )
    assert hits(path) == []


def test_revision_notes_may_quote_old_wording_but_not_straight_quotes(tmp_path):
    path = tmp_path / "97.md"
    path.write_text(
        "---\nissued: 2023-05-01\nhistory:\n"
        "  - change: 将二个维护改为两个维护，将半数以上到会改为超过半数。\n"
        "  - change: 修订'三会一课'。\n---\n正文。\n",
        encoding="utf-8",
    )
    assert hits(path) == [(5, "'三会一课'", "‘三会一课’")]


def test_day_counts_alone_are_not_mixed(tmp_path):
    assert hits(rule(tmp_path, "会后15日内报送，次月5日前汇总。\n")) == []


def test_cli_exits_non_zero_and_prints_hits(tmp_path, capsys):
    bad = rule(tmp_path, "坚决做到二个维护。\n")
    assert lint.main([str(bad)]) == 1
    assert f"{bad}:6: 二个维护 → 两个维护" in capsys.readouterr().out
    good = tmp_path / "good.md"
    good.write_text("两个维护\n", encoding="utf-8")
    assert lint.main([str(good)]) == 0
    assert "clean" in capsys.readouterr().out


def test_the_build_check_reports_hits(tmp_path):
    bad = rule(tmp_path, "坚决做到二个维护。\n")
    book = SimpleNamespace(rules=[SimpleNamespace(path=bad)], templates=[])
    assert f"{bad}:6: 二个维护 → 两个维护 (党的文件的固定提法是“两个维护”)" in lint.run(book, DATA)


def test_a_bad_terminology_entry_is_a_message(tmp_path):
    terms = tmp_path / "terminology.yml"
    terms.write_text("- find: a\n  regex: b\n  expected: c\n  reason: d\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match="terminology.yml: entry 1: give exactly one of find or regex"
    ):
        lint.load_forms(terms)
    terms.write_text("- regex: '('\n  expected: c\n  reason: d\n", encoding="utf-8")
    with pytest.raises(ValueError, match="entry 1: bad regular expression"):
        lint.load_forms(terms)
