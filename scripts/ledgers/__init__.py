"""Ledgers (台账): schemas, loading CSV/XLSX, validation. (Stub until the ledger issue lands.)"""

from __future__ import annotations


class LedgerError(Exception):
    """Every problem found in the ledgers; `report()` lists them as `file:row: column: reason`."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the ledgers")
        self.problems = problems

    def report(self) -> str:
        return "\n".join(self.problems)


def load_all() -> dict:
    """Load and validate every ledger in data/; raise LedgerError listing all problems."""
    return {}
