"""The sample data in data/ is exactly what the seeded generator writes."""

from __future__ import annotations

import filecmp

from handbook.ledgers.sample import write_all
from tests.conftest import DATA, LEDGERS, repo_project


def test_generator_reproduces_the_committed_sample(tmp_path):
    roster = tmp_path / "members.csv"
    write_all(tmp_path, roster=roster, project=repo_project())
    for committed in sorted(LEDGERS.iterdir()):
        assert filecmp.cmp(tmp_path / committed.name, committed, shallow=False), committed.name
    assert filecmp.cmp(roster, DATA / "sample" / "members.csv", shallow=False)
