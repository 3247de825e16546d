"""Document numbers (文号): serials rise with dates within one issuer and year, and every repeal
clause names the number of the document it repeals, in both languages."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest

from handbook.content import Rule, load_rules
from tests.conftest import DOCS

NUMBER = re.compile(r"(党组|机关党委|机关纪委)发〔(\d{4})〕(\d+)号")
REPEAL = re.compile(
    r"局(党组|机关党委|机关纪委)(\d{4})年(\d{1,2})月(\d{1,2})日印发的《[^》]+》（([^）]+)）同时废止"
)
EN_NUMBER = re.compile(r"Document \[(\d{4})\] No\. (\d+)\)[^.]*are repealed")

RULES = load_rules(DOCS / "rules")


def documents(rules: list[Rule]) -> list[tuple[str, dt.date, str, str]]:
    """(issuer, date, number, where) of every current rule and every edition a rule repeals."""
    found = []
    for rule in rules:
        found.append((rule.issuer, rule.issued, rule.doc_no, f"rule {rule.id}"))
        for issuer, year, month, day, number in REPEAL.findall(rule.body):
            date = dt.date(int(year), int(month), int(day))
            found.append((issuer, date, number, f"rule {rule.id} repeal clause"))
    return found


def out_of_order(docs: list[tuple[str, dt.date, str, str]]) -> list[str]:
    """Pairs within one issuer and year whose serials do not rise with their dates."""
    groups: dict[tuple[str, int], list[tuple[dt.date, int, str]]] = defaultdict(list)
    problems = []
    for issuer, date, number, where in docs:
        match = NUMBER.fullmatch(number)
        if not match or match[1] != issuer or int(match[2]) != date.year:
            problems.append(f"{where}: {number} does not fit {issuer} {date.isoformat()}")
            continue
        groups[(issuer, date.year)].append((date, int(match[3]), where))
    for items in groups.values():
        items.sort()
        for (d1, n1, w1), (d2, n2, w2) in zip(items, items[1:], strict=False):
            if not (n1 < n2 and d1 <= d2):
                problems.append(f"{w1} ({d1}, No. {n1}) vs {w2} ({d2}, No. {n2})")
    return problems


def test_serials_rise_with_dates_per_issuer_and_year() -> None:
    assert out_of_order(documents(RULES)) == []


def test_the_check_catches_a_serial_that_runs_against_its_date() -> None:
    docs = [
        ("党组", dt.date(2023, 2, 1), "党组发〔2023〕2号", "a"),
        ("党组", dt.date(2023, 3, 1), "党组发〔2023〕1号", "b"),
        ("机关党委", dt.date(2023, 3, 1), "党组发〔2023〕3号", "c"),
    ]
    problems = out_of_order(docs)
    assert len(problems) == 2
    assert any("does not fit" in p for p in problems)


def test_no_two_documents_share_a_number() -> None:
    numbers = [number for _, _, number, _ in documents(RULES)]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("rule", [r for r in RULES if "同时废止" in r.body], ids=lambda r: r.id)
def test_repeal_clause_names_the_number_in_both_languages(rule: Rule) -> None:
    clauses = REPEAL.findall(rule.body)
    assert len(clauses) == 1, "the repeal clause names issuer, full date and 文号"
    issuer, year, _, _, number = clauses[0]
    assert rule.history and dt.date.fromisoformat(
        f"{year}-{int(clauses[0][2]):02d}-{int(clauses[0][3]):02d}"
    ) in [h.date for h in rule.history], "the repealed edition is in the revision history"
    english = EN_NUMBER.search(rule.body_en)
    assert english, "the English repeal clause names the document number"
    assert english.groups() == NUMBER.fullmatch(number).groups()[1:]
