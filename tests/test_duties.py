"""Each of the 67 duties says only what the rule articles it cites say."""

from __future__ import annotations

import pytest

from handbook.content import (
    Duty,
    Handbook,
    RuleRef,
    article_text,
    duty_problems,
    load_handbook,
    numbers_with_units,
)
from tests.conftest import DATA, DOCS


@pytest.fixture(scope="module")
def book() -> Handbook:
    return load_handbook(DOCS, DATA)


def test_numbers_with_units_are_read_as_written():
    text = "每月至少1次，5个工作日内，3个月，30%以上，单笔5万元，0.5%，3月31日前，1周内，24小时"
    assert numbers_with_units(text) == {
        "1次",
        "5工作日",
        "3个月",
        "30%",
        "5万元",
        "0.5%",
        "3月",
        "31日",
        "1周",
        "24小时",
    }
    # 11次 is not 1次: a number is read whole.
    assert numbers_with_units("全年11次") == {"11次"}


def test_every_duty_is_backed_by_the_articles_it_cites(book):
    problems = [p for duty in book.duties for p in duty_problems(book, duty)]
    assert problems == []


def test_every_duty_has_english_text(book):
    assert [d.id for d in book.duties if not d.text_en.strip()] == []


def test_a_planted_bad_duty_is_caught(book):
    # 14#第八条 says the branch committee meets at least once a month, never three times.
    wrong_figure = Duty("Z1-99", "支部委员会每月至少召开3次。", [RuleRef.parse("14#第八条")], "Z1")
    whole_rule = Duty("Z1-98", "落实“三会一课”制度。", [RuleRef.parse("14")], "Z1")
    missing = Duty("Z1-97", "每月至少1次。", [RuleRef.parse("14#第九十九条")], "Z1")
    uncited = Duty("Z1-96", "每月至少1次。", [], "Z1")
    assert duty_problems(book, wrong_figure) == ["Z1-99: 3次 is in no cited article"]
    assert duty_problems(book, whole_rule) == ["Z1-98: cites the whole rule 14, not an article"]
    assert duty_problems(book, missing) == [
        "Z1-97: cites 14#第九十九条, which does not exist",
        "Z1-97: 1次 is in no cited article",
    ]
    assert duty_problems(book, uncited) == [
        "Z1-96: cites no article",
        "Z1-96: 1次 is in no cited article",
    ]
    unitless = Duty("Z1-94", "支部委员会会议第3项议程。", [RuleRef.parse("14#第八条")], "Z1")
    assert duty_problems(book, unitless) == ["Z1-94: 3 has no unit this check can compare"]
    # The same figure with the right citation passes.
    right = Duty("Z1-95", "支部委员会每月至少召开1次。", [RuleRef.parse("14#第八条")], "Z1")
    assert duty_problems(book, right) == []


def test_level_responsibilities_state_the_figures_of_their_posts_articles(book):
    # The level lists cite no articles themselves: each figure they state must come from an
    # article cited by a duty of one of the level's posts (e.g. 中心组 12次/4次 from rule 01).
    for level in book.levels:
        stated = set()
        for post_id in level.post_ids:
            for duty in book.post(post_id).duties:
                for ref in duty.refs:
                    stated |= numbers_with_units(article_text(book, ref) or "")
        for item in level.responsibilities:
            assert numbers_with_units(item) <= stated, (level.id, item)
