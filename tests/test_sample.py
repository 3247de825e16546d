"""The sample data in data/ is exactly what the seeded generator writes."""

from __future__ import annotations

import filecmp

from handbook.ledgers.sample import write_all
from tests.conftest import DATA, LEDGERS, PRIVATE_SAMPLE, repo_project


def test_generator_reproduces_the_committed_sample(tmp_path):
    roster = tmp_path / "members.csv"
    private = tmp_path / "private"
    write_all(tmp_path, roster=roster, project=repo_project(), private_out=private)
    for committed in sorted(LEDGERS.iterdir()):
        assert filecmp.cmp(tmp_path / committed.name, committed, shallow=False), committed.name
    for committed in sorted(PRIVATE_SAMPLE.iterdir()):
        assert filecmp.cmp(private / committed.name, committed, shallow=False), committed.name
    assert sorted(p.name for p in private.iterdir()) == ["dues.csv", "recruitment.xlsx"]
    assert filecmp.cmp(roster, DATA / "sample" / "members.csv", shallow=False)
