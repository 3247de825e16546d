"""Compliance views read each duty's cadence, count and fixed day from the obligations register.

Changing an entry changes the verdicts; a missing entry stops the build with a clear message.
"""

from __future__ import annotations

import dataclasses

import pytest

from handbook import ledgers_pages
from handbook.config import load_settings
from handbook.content import load_obligations
from handbook.errors import HandbookError
from handbook.ledgers import load_all
from tests.conftest import DATA, LEDGERS, MKDOCS_YML


@pytest.fixture(scope="module")
def data():
    return load_all(LEDGERS)


@pytest.fixture
def register():
    """The real register, as a dict the test may change before the views read it."""
    return {o.id: o for o in load_obligations(DATA / "obligations.yml")}


def _context(data, register):
    return ledgers_pages._compliance_context(data, load_settings(MKDOCS_YML), register)


def test_a_missing_register_entry_is_a_clear_error(register):
    del register["knowledge-test"]
    with pytest.raises(HandbookError) as error:
        ledgers_pages.requirements(register)
    message = str(error.value)
    assert "data/obligations.yml" in message and "'knowledge-test'" in message
    assert "ledgers/compliance/knowledge-tests" in message


def test_an_entry_without_cadence_is_a_clear_error(register):
    register["party-lecture"] = dataclasses.replace(register["party-lecture"], cadence=None)
    with pytest.raises(HandbookError, match="party-lecture.*cadence"):
        ledgers_pages.requirements(register)


def test_count_comes_from_the_register(data, register):
    before = _context(data, register)["duties"]["knowledge-test"]
    register["knowledge-test"] = dataclasses.replace(register["knowledge-test"], count=99)
    after = _context(data, register)["duties"]["knowledge-test"]
    assert all(t.required == 99 and t.short for t in after["tallies"])
    slots = {t.slot for t in after["tallies"]}
    assert all(set(short) == slots for short in after["short"].values())
    assert len(after["short"]) == len(data["branches"])
    assert sum(map(len, after["short"].values())) > sum(map(len, before["short"].values()))


def test_cadence_comes_from_the_register(data, register):
    entry = register["branch-committee-meeting"]
    register["branch-committee-meeting"] = dataclasses.replace(entry, cadence="quarterly")
    tallies = _context(data, register)["duties"]["branch-committee-meeting"]["tallies"]
    assert {t.slot[4:5] for t in tallies} == {"Q"}


def test_fixed_day_comes_from_the_register(data, register):
    on_time = sum(t.status == "on_time" for t in _context(data, register)["theme_days"])
    register["theme-day"] = dataclasses.replace(register["theme-day"], week=2)  # second Friday
    moved = sum(t.status == "on_time" for t in _context(data, register)["theme_days"])
    assert on_time > 100 and moved < on_time / 4


def test_group_meetings_are_checked_per_group(data, register):
    tallies = _context(data, register)["duties"]["party-group-meeting"]["tallies"]
    assert {t.unit for t in tallies} == set(data["groups"]["编号"])


def test_a_test_the_offices_committee_holds_for_all_branches_counts_for_each(data, register):
    """A 机关党委 knowledge test (统一组织) is every branch's test of that quarter."""
    study = data["study"]
    shared = study[(study["类型"] == "知识测验") & (study["组织单位"] == "机关党委")]
    assert len(shared), "the sample holds at least one test for all branches"
    quarters = {f"{d.year}Q{(d.month - 1) // 3 + 1}" for d in shared["日期"]}
    tallies = _context(data, register)["duties"]["knowledge-test"]["tallies"]
    judged = [t for t in tallies if t.slot in quarters]
    assert judged and {t.unit for t in judged} == set(data["branches"]["编号"])
    assert not any(t.short for t in judged)
