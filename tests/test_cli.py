"""The `handbook` command: its help, its subcommands' help, `check` and `--project`."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import subprocess
import sys
from pathlib import Path

from handbook import cli
from tests.build_fixtures import content_copy
from tests.conftest import ROOT


def _handbook(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "HANDBOOK_ROOT"}
    env["PYTHONPATH"] = str(ROOT / "scripts")
    return subprocess.run(
        [sys.executable, "-m", "handbook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_help_lists_every_subcommand_with_its_docstring() -> None:
    result = _handbook("--help")
    assert result.returncode == 0, result.stderr
    names = ("build", "check", "summary", "serve", "nginx", "export", "sample")
    assert set(cli.COMMANDS) == set(names)
    for name in names:
        module = cli.COMMANDS[name][0]
        first_line = importlib.import_module(module).__doc__.strip().splitlines()[0]
        assert f"  {name:<8} {first_line}" in result.stdout, name


def test_a_subcommands_help_is_its_module_help() -> None:
    for name, marker in (("export", "--out"), ("build", "--no-pdf"), ("nginx", "--port")):
        result = _handbook(name, "--help")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"usage: handbook {name}"), result.stdout[:200]
        assert marker in result.stdout


def test_build_tells_of_the_theme_end_of_life_once() -> None:
    result = _handbook("build", "--help")
    notices = [line for line in result.stderr.splitlines() if "Material for MkDocs" in line]
    assert len(notices) == 1, result.stderr
    assert "2027" in notices[0] and "维护指南" in notices[0]
    after = cli.end_of_life_notice(dt.date(2027, 6, 1))
    assert "已于" in after and "将于" in cli.end_of_life_notice(dt.date(2026, 12, 2))


def test_check_passes_on_the_sample_data() -> None:
    result = _handbook("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_fails_on_a_broken_ledger_of_another_folder(tmp_path: Path) -> None:
    """`--project` points every path at the copy; the problem names file, row and column."""
    project = content_copy(tmp_path)
    branches = project / "data" / "ledgers" / "branches.csv"
    text = branches.read_text(encoding="utf-8")
    branches.write_text(
        text.replace("B01,办公室党支部,韩勇,22,", "B01,办公室党支部,韩勇,很多,"), "utf-8"
    )
    result = _handbook("--project", str(project), "check", cwd=tmp_path)
    assert result.returncode != 0
    assert "branches.csv:2" in result.stderr and "党员人数" in result.stderr, result.stderr


def test_export_refuses_a_folder_that_is_not_an_earlier_export(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.md").write_text("# 保留", encoding="utf-8")
    result = _handbook("export", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "不覆盖" in result.stderr
    assert (tmp_path / "docs" / "keep.md").is_file()


def test_every_subcommand_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.COMMANDS:
        assert f"`handbook {name}" in readme, name
