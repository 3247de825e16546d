"""The drafted half-year reports state the seeds' figures; cell text is escaped in every page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from scripts import config, ledgers_pages
from scripts.config import load_settings
from tests.ledger_fixtures import ledger_copy_fixture, ledger_site_fixture, set_cell  # noqa: F401

# (words of the clause, figure) as SPEC §5 states them for 2023 H1 (seed 000) ...
SPEC_2023H1 = [
    ("党支部书记", "8"),
    ("活动室", "9"),
    ("集中学习", "70余"),
    ("联合主题党日", "14"),
    ("轮值主题党课", "20"),
    ("体验式教学", "5"),
    ("学习研讨", "12"),
    ("学习心得", "120余"),
    ("学习强国", "9"),
    ("学习情况检查", "3"),
    ("知识测验", "12"),
    ("党组会议", "6"),
    ("提示函", "4"),
    ("制度", "20"),
    ("干部职工", "300"),
    ("风险点", "500多"),
    ("防控措施", "800余"),
    ("督查党支部", "8"),
    ("发现问题", "20"),
    ("已整改", "18"),
    ("班子成员谈心谈话", "10"),
    ("集体任前廉政谈话", "3"),
    ("约谈", "5"),
    ("对照检查材料", "20"),
    ("警示教育", "28"),
    ("参加", "501"),
    ("以案示警", "5"),
    ("任前廉政考试", "20"),
]
# ... and as seed 003 states them for 2022 H1.
SEED_2022H1 = [
    ("中心组集中学习", "7"),
    ("夜校学习", "20"),
    ("文件通知", "245"),
    ("报告", "42"),
    ("讲话", "8"),
    ("拟制通知", "19"),
    ("方案", "11"),
    ("志愿者", "18"),
    ("天", "3"),
    ("人次", "18900"),
]


def _clauses(page: Path) -> list[str]:
    """The article text of a built page, split into clauses at Chinese punctuation."""
    text = page.read_text(encoding="utf-8")
    body = text[text.index("<article") : text.index("</article>")]
    plain = html.unescape(re.sub(r"<[^>]+>", "", body))
    return [c for c in re.split(r"[，。；、\n（）]", plain) if c.strip()]


def _states(clauses: list[str], words: str, figure: str) -> bool:
    number = re.compile(rf"(?<![\d.]){re.escape(figure)}(?![\d.])")
    return any(words in c and number.search(c) for c in clauses)


@pytest.mark.parametrize(("period", "expected"), [("2023H1", SPEC_2023H1), ("2022H1", SEED_2022H1)])
def test_report_states_the_seed_figures(ledger_site: Path, period: str, expected):
    clauses = _clauses(ledger_site / "ledgers" / "reports" / f"{period}.html")
    missing = [(w, f) for w, f in expected if not _states(clauses, w, f)]
    assert missing == []


def test_report_has_the_template_structure(ledger_site: Path):
    text = (ledger_site / "ledgers" / "reports" / "2023H1.html").read_text(encoding="utf-8")
    positions = [
        text.index(h) for h in ("一、主要工作情况", "二、存在的主要问题", "三、下半年工作计划")
    ]
    assert positions == sorted(positions)
    english = (ledger_site / "en" / "ledgers" / "reports" / "2023H1.html").read_text("utf-8")
    assert "Main problems" in english and "主要工作情况" not in english


def test_compliance_pages_link_to_the_rule_articles(ledger_site: Path):
    page = (ledger_site / "ledgers" / "compliance" / "theme-days.html").read_text("utf-8")
    assert 'href="../../rules/15.html#第四条"' in page
    rule = (ledger_site / "rules" / "15.html").read_text("utf-8")
    assert 'id="第四条"' in rule


PAYLOAD = "<img src=x onerror=alert(1)>"


def test_cell_markup_is_escaped_in_generated_pages(ledger_copy: Path, monkeypatch):
    set_cell(ledger_copy / "branches.csv", 3, "名称", PAYLOAD)
    set_cell(ledger_copy / "risks.csv", 2, "部门", PAYLOAD + "**x**")
    rows = (ledger_copy / "rectification.csv").read_text(encoding="utf-8").splitlines()
    overdue = next(i for i, r in enumerate(rows, 1) if "XC2023-18" in r)
    set_cell(ledger_copy / "rectification.csv", overdue, "问题", PAYLOAD)
    monkeypatch.setattr(config, "LEDGERS", ledger_copy)
    for lang in ("zh", "en"):
        pages = ledgers_pages.generate(lang, load_settings())
        everything = "\n".join(pages.values())
        assert "<img" not in everything
        # SVG is raw HTML that Markdown leaves alone, so asterisks there stay literal anyway.
        assert "**x**" not in re.sub(r"<svg.*?</svg>", "", everything, flags=re.S)
        shown = [p for p in pages.values() if "&#60;img src" in p or "&lt;img src" in p]
        assert len(shown) >= 3  # branch name, risk chart/table, overdue rectification item
