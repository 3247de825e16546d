"""Fixtures and helpers for the ledger tests: sample copies with one defect, a baseline site."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_build

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "ledgers"


def build(site_dir: Path, ledgers: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real build (`python -m handbook build --no-pdf`) with ledgers from `ledgers`."""
    env = {"HANDBOOK_LEDGERS": str(ledgers)} if ledgers is not None else {}
    return run_build(site_dir, "--no-pdf", env=env)


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session", name="ledger_site")
def ledger_site_fixture(site_dir: Path) -> Path:
    """The session's site, built from the sample ledgers: the bad builds must not touch it."""
    return site_dir


@pytest.fixture(name="ledger_copy")
def ledger_copy_fixture(tmp_path: Path) -> Path:
    """A private copy of the sample ledgers to spoil."""
    target = tmp_path / "ledgers"
    shutil.copytree(SAMPLE, target)
    return target


def encoding_of(data: bytes) -> str:
    """The encoding a sample CSV was written in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def read_csv(path: Path) -> tuple[list[list[str]], str]:
    """Rows of a CSV ledger and its encoding."""
    data = path.read_bytes()
    encoding = encoding_of(data)
    return list(csv.reader(io.StringIO(data.decode(encoding)))), encoding


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    """Write rows back as Excel does (CRLF)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Change one cell of a CSV ledger; `row` counts as in Excel (header is row 1)."""
    rows, encoding = read_csv(path)
    rows[row - 1][rows[0].index(column)] = value
    write_csv(path, rows, encoding)
