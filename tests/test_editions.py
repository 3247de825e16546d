"""Rules over time (handbook.editions): loading and checking earlier editions, the compare of
two editions, review dates, the point-in-time data and the currency statement.

The fixed pair in tests/fixtures/editions/ is a short rule 07 and its 2018 edition: one article
reworded, one inserted, one dropped, one extended, two kept.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from handbook import editions
from handbook.config import Settings
from handbook.config import load_settings as _load_settings
from handbook.content import Handbook, load_glossary, load_handbook, load_rules
from tests.conftest import DATA, DOCS, MKDOCS_YML

FIXTURE = Path(__file__).parent / "fixtures" / "editions" / "rules"


def fixture_book(rules_dir: Path = FIXTURE) -> Handbook:
    """A handbook of the fixture rule and its editions (no duties or templates)."""
    rules = load_rules(rules_dir)
    found = editions.load_editions(rules_dir / "editions")
    editions.attach(rules, found)
    terms = load_glossary(DATA / "glossary.yml")
    return Handbook(rules=rules, levels=[], posts=[], terms=terms, templates=[], editions=found)


def spoiled(tmp_path: Path, old: str, new: str) -> list[str]:
    """The check's problems after replacing `old` by `new` in the fixture edition."""
    target = tmp_path / "rules"
    shutil.copytree(FIXTURE, target)
    path = target / "editions" / "07-2018.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return editions.check(fixture_book(target))


# --- loading and checking ---------------------------------------------------------------------


def test_fixture_pair_is_clean() -> None:
    book = fixture_book()
    assert editions.check(book) == []
    assert [e.slug for e in book.rules_by_id["07"].editions] == ["07-2018"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('rule: "07"', 'rule: "99"', "rule: 没有编号为 99 的制度 (unknown rule)"),
        ("status: 已修改", "status: 已修订", "status: “已修订”不对，应为 已修改、已废止"),
        (
            "doc_no: 机关党委发〔2018〕23号",
            "doc_no: 机关党委发〔2018〕24号",
            "与 07.md 修订历史 1.0 版的文号 机关党委发〔2018〕23号 不一致",
        ),
        ("issued: 2018-09-20", "issued: 2018-09-21", "issued: 2018-09-21 与 07.md 修订历史"),
        (
            "superseded_by: 机关党委发〔2020〕25号",
            "superseded_by: 机关党委发〔2020〕26号",
            "superseded_by: 应为下一版本的文号 机关党委发〔2020〕25号",
        ),
        ("superseded_on: 2020-11-01", "superseded_on: 2020-10-23", "superseded_on: 应为下一版本"),
        ('version: "1.0"', 'version: "0.9"', "version: 0.9 不在 07.md 的修订历史中"),
        ('version: "1.0"', 'version: "1.1"', "是现行版本"),
        ("issued: 2018-09-20", "issued: 2018-13-01", "无法读取：month must be in 1..12"),
        ("issued: 2018-09-20", "issued: 2018-9-x", "issued: “2018-9-x”不是日期"),
        ("superseded_on: 2020-11-01\n", "", "缺少 superseded_on"),
    ],
)
def test_bad_front_matter_is_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    problems = spoiled(tmp_path, old, new)
    assert any(
        p.startswith("docs/rules/editions/07-2018.md: ") and expected in p for p in problems
    ), problems


def test_bad_file_name_is_named(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    shutil.copytree(FIXTURE, target)
    (target / "editions" / "07-2018.md").rename(target / "editions" / "07_old.md")
    problems = editions.check(fixture_book(target))
    assert any("07_old.md: 文件名应为" in p for p in problems), problems


def test_review_fields_are_required_and_checked(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    shutil.copytree(FIXTURE, target)
    path = target / "07.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("owner: 机关党委办公室（党建办）\n", "owner: 张三\n").replace(
            "review_in: 48", "review_in: 两年"
        ),
        encoding="utf-8",
    )
    problems = editions.check(fixture_book(target))
    assert any(p.startswith("07.md: owner: “张三”在词汇表") for p in problems), problems
    assert any(p.startswith("07.md: review_in: “两年”应为月数") for p in problems), problems


def test_every_rule_has_review_fields_with_english_owner() -> None:
    book = load_handbook(DOCS, DATA)
    for rule in book.rules:
        assert rule.owner and rule.last_reviewed and rule.review_in, rule.id
        assert editions.owner_en(rule.owner, book.terms), rule.owner
        assert rule.issued <= rule.last_reviewed, rule.id
    assert editions.check(book) == []


def test_every_revised_rule_has_its_previous_edition() -> None:
    """Every rule revised since its first issue keeps the edition before the current one, and
    its document number and dates agree with the history (the editions arrive as content)."""
    book = load_handbook(DOCS, DATA)
    revised = [rule for rule in book.rules if len(rule.history) >= 2]
    assert revised
    missing = []
    for rule in revised:
        previous = rule.history[-2]
        edition = next((e for e in rule.editions if e.version == previous.version), None)
        if edition is None:
            missing.append(rule.id)
            continue
        assert edition.issued == previous.date, edition.slug
        assert not previous.doc_no or edition.doc_no == previous.doc_no, edition.slug
        assert edition.superseded_by == rule.doc_no, edition.slug
        assert edition.superseded_on == rule.effective, edition.slug
        assert edition.status in editions.EDITION_STATUSES
    assert not missing, f"revised rules without their previous edition: {missing}"


# --- comparing two editions -------------------------------------------------------------------


def fixture_pair() -> tuple[editions.Edition, object]:
    book = fixture_book()
    rule = book.rules_by_id["07"]
    return rule.editions[-1], rule


def test_alignment_of_the_fixture_pair() -> None:
    edition, rule = fixture_pair()
    pairs = editions.compare(rule, edition, "zh")
    found = [(p.kind, p.old and p.old.label, p.new and p.new.label) for p in pairs]
    assert found == [
        ("same", "第一条", "第一条"),
        ("changed", "第二条", "第二条"),
        ("added", None, "第三条"),
        ("changed", "第三条", "第四条"),
        ("removed", "第四条", None),
        ("same", "第五条", "第五条"),
    ]
    assert editions.counts(pairs) == {"added": 1, "removed": 1, "changed": 2, "same": 2}


def test_changed_words_are_marked_not_lines() -> None:
    old, new = editions.diff_html(
        "党支部对发展对象进行政治审查，审查结束后形成结论性材料。",
        "党支部对发展对象进行政治审查，必要时进行函调或者外调，审查结束后形成结论性材料。",
        "zh",
    )
    assert "<del>" not in old  # nothing was deleted
    inserted = re.findall(r"<ins>(.*?)</ins>", new)
    assert len(inserted) == 1
    plain = re.sub(r'<span class="hb-sr">[^<]*</span>', "", inserted[0])
    # one inserted clause, with the one comma it brings on either side (where jieba puts the
    # boundary depends on the words it has been taught)
    assert plain.strip("，") == "必要时进行函调或者外调" and plain.count("，") == 1
    # the text around the insertion is unmarked, and nothing else changed
    assert new.startswith("党支部对发展对象进行政治审查")
    text = re.sub(r"<[^>]+>", "", re.sub(r'<span class="hb-sr">[^<]*</span>', "", new))
    assert (
        text == "党支部对发展对象进行政治审查，必要时进行函调或者外调，审查结束后形成结论性材料。"
    )


def test_compare_page_summary_counts_match_the_editions() -> None:
    edition, rule = fixture_pair()
    settings = _load_settings(MKDOCS_YML)
    page = editions.compare_page(rule, edition, "zh", settings)
    summary = re.search(r'<p class="hb-cmp__summary"([^>]*)>(.*?)</p>', page)
    assert summary
    attrs = dict(re.findall(r'data-(\w+)="(\d+)"', summary.group(1)))
    old_n = len(editions.articles(edition.body, "zh"))
    new_n = len(editions.articles(rule.body, "zh"))
    assert (old_n, new_n) == (5, 5)
    added, removed = int(attrs["added"]), int(attrs["removed"])
    changed, same = int(attrs["changed"]), int(attrs["same"])
    assert removed + changed + same == old_n
    assert added + changed + same == new_n
    assert (added, removed, changed) == (1, 1, 2)
    assert f"新增 {added} 条、删除 {removed} 条、修改 {changed} 条" in summary.group(2)
    rows = re.findall(r'<section class="hb-cmp__row hb-cmp__row--(\w+)"', page)
    assert rows.count("changed") == 2 and rows.count("added") == 1
    assert page.count('<details class="hb-cmp__row hb-cmp__row--same"') == 2
    # a text label for readers who cannot see the marks, and links to both editions
    assert '<span class="hb-sr">新增：</span>' in page
    assert "](../editions/07-2018.md)" in page and "](../07.md)" in page


def test_compare_page_escapes_text_from_the_editions() -> None:
    edition, rule = fixture_pair()
    rule.body = rule.body.replace("制定本制度。", "制定本制度<script>alert(1)</script>。")
    page = editions.compare_page(rule, edition, "zh", _load_settings(MKDOCS_YML))
    assert "<script>" not in page
    assert "&#60;script&#62;" in page


def test_counts_agree_with_every_real_edition() -> None:
    book = load_handbook(DOCS, DATA)
    for rule in book.rules:
        for edition in rule.editions:
            for lang in ("zh", "en"):
                pairs = editions.compare(rule, edition, lang)
                text_lang, old, new = editions._texts(rule, edition, lang)
                tally = editions.counts(pairs)
                assert tally["removed"] + tally["changed"] + tally["same"] == len(
                    editions.articles(old, text_lang)
                )
                assert tally["added"] + tally["changed"] + tally["same"] == len(
                    editions.articles(new, text_lang)
                )


# --- review dates, point in time, currency ----------------------------------------------------


def test_add_months_keeps_the_day_or_ends_the_month() -> None:
    assert editions.add_months(dt.date(2023, 3, 17), 36) == dt.date(2026, 3, 17)
    assert editions.add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert editions.add_months(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        ("2025-06-01", "ok"),
        ("2026-12-16", "ok"),
        ("2026-12-17", "soon"),
        ("2027-03-17", "soon"),
        ("2027-03-18", "overdue"),
    ],
)
def test_review_state_boundaries(today: str, state: str) -> None:
    assert editions.review_state(dt.date(2027, 3, 17), dt.date.fromisoformat(today)) == state


def test_sample_shows_overdue_and_due_soon_in_december_2026() -> None:
    lines = editions.review_lines(load_rules(DOCS / "rules"), dt.date(2026, 12, 2))
    overdue = [line for line in lines if line.startswith("已逾期")]
    soon = [line for line in lines if line.startswith("即将到期")]
    assert overdue and soon
    assert len(lines) < 30  # most rules are not due
    assert editions.review_lines(load_rules(DOCS / "rules"), dt.date(2023, 6, 30)) == []


def test_check_command_prints_reviews_as_information(capsys: pytest.CaptureFixture) -> None:
    editions.print_reviews(DOCS, dt.date(2026, 12, 2))
    out = capsys.readouterr().out
    assert "仅供参考，不是错误" in out
    assert "08 党费收缴、使用和管理制度：应于 2026-03-17 复核" in out


def test_review_page_hides_rules_not_due_at_build_time() -> None:
    book = load_handbook(DOCS, DATA)
    page = editions.review_page(book, "zh", dt.date(2026, 12, 2))
    rows = re.findall(r'<tr class="hb-review-row" data-review-due="([\d-]+)"( hidden)?>', page)
    assert len(rows) == len(book.rules)
    for due, hidden in rows:
        state = editions.review_state(dt.date.fromisoformat(due), dt.date(2026, 12, 2))
        assert bool(hidden) == (state == "ok")


def test_in_force_on_a_date() -> None:
    edition, rule = fixture_pair()
    assert editions.in_force(rule, dt.date(2018, 9, 19)) is None
    assert editions.in_force(rule, dt.date(2019, 1, 1))["href"] == "editions/07-2018.html"
    assert editions.in_force(rule, dt.date(2020, 10, 31))["href"] == "editions/07-2018.html"
    assert editions.in_force(rule, dt.date(2020, 11, 1))["current"] is True


def test_point_in_time_data_cannot_close_its_script() -> None:
    text = editions.script_json({"title": "</script><b>&"})
    assert "</" not in text and "<" not in text and "&" not in text


def test_currency_statement_from_the_one_setting() -> None:
    settings = _load_settings(MKDOCS_YML)
    assert settings.edition == "2023-06-30"
    assert (
        editions.currency_statement(settings, "zh") == "本手册收录截至 2023年6月30日 现行有效的制度"
    )
    assert (
        editions.currency_statement(settings, "en")
        == "This handbook contains the rules in force on 30 June 2023"
    )
    other = Settings("某局", "某局", "办公室", "2024-01-05", "2023H2")
    assert "2024年1月5日" in editions.currency_statement(other, "zh")


def test_a_rewritten_phrase_is_one_deletion_and_one_insertion() -> None:
    old, new = editions.diff_html("the cat sat on the mat", "a dog lay on the mat", "en")
    assert old.count("<del>") == 1 and new.count("<ins>") == 1
    assert re.sub(r'<span class="hb-sr">[^<]*</span>', "", new) == (
        "<ins>a dog lay</ins> on the mat"
    )


def test_handbook_check_lists_reviews_without_failing(capsys: pytest.CaptureFixture) -> None:
    from handbook import lint

    assert lint.main([]) == 0
    out = capsys.readouterr().out
    assert "制度复核" in out
    assert "terminology:" in out


def test_an_extended_article_is_changed_not_removed_and_added() -> None:
    old = [
        editions.Art(1, "第一条", "为规范工作，制定本制度。"),
        editions.Art(2, "第二条", "本制度自印发之日起施行。"),
    ]
    new = [
        editions.Art(1, "第一条", "为规范工作，制定本制度。"),
        editions.Art(2, "第二条", "局机关党委每季度检查1次落实情况。"),
        editions.Art(
            3,
            "第三条",
            "本制度自印发之日起施行。局机关党委2019年3月15日印发的《主题党日制度》"
            "（机关党委发〔2019〕8号）同时废止。",
        ),
    ]
    kinds = [
        (p.kind, p.old and p.old.label, p.new and p.new.label) for p in editions.align(old, new)
    ]
    assert kinds == [
        ("same", "第一条", "第一条"),
        ("added", None, "第二条"),
        ("changed", "第二条", "第三条"),
    ]


def test_english_twin_may_repeat_the_facts_but_not_change_them(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    shutil.copytree(FIXTURE, target)
    twin = target / "editions" / "07-2018.en.md"
    twin.write_text(
        '---\nrule: "07"\ntitle: Rules on Recruiting Party Members\n'
        "doc_no: 机关党委发〔2018〕23号\nissued: 2018-09-21\nbasis: [Detailed Rules]\n---\n\n"
        "**Article 1** Text.\n",
        encoding="utf-8",
    )
    problems = editions.check(fixture_book(target))
    assert problems == [
        "docs/rules/editions/07-2018.en.md: issued: 2018-09-21 与中文版的 2018-09-20 不一致"
        " (differs from the Chinese file)"
    ]
    edition = fixture_book(target).editions[0]
    assert edition.basis_in("en") == ["Detailed Rules"]
    assert edition.title_in("en") == "Rules on Recruiting Party Members"


@pytest.mark.slow
def test_a_bad_edition_stops_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    from tests.build_fixtures import content_copy
    from tests.conftest import run_build
    from tests.ledger_fixtures import digest
    from tests.test_build_safety import assert_stopped, published

    root = content_copy(tmp_path)
    folder = root / "docs" / "rules" / "editions"
    folder.mkdir(exist_ok=True)
    text = (FIXTURE / "editions" / "07-2018.md").read_text(encoding="utf-8")
    (folder / "99-2019.md").write_text(text.replace('rule: "07"', 'rule: "99"'), "utf-8")
    site, _ = published(tmp_path)
    before = digest(site)
    result = run_build(site, "--no-pdf", env={"HANDBOOK_ROOT": str(root)})
    assert_stopped(result, "docs/rules/editions/99-2019.md: rule: 没有编号为 99 的制度")
    assert digest(site) == before
