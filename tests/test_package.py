"""The wheel: built from the repository, installed alone into a fresh virtual environment, it
builds the site from a folder that holds only the content (docs/, data/, mkdocs.yml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "scripts" / "handbook"
# What the shared environment holds of our own package (the editable install): not linked.
OURS = ("__editable__", "party_handbook", "handbook", "__pycache__")


# Nothing points the fresh environment at the repository's code.
CLEAN = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HANDBOOK_ROOT")}


def _run(*command: str | Path, **kwargs: object) -> subprocess.CompletedProcess:
    kwargs.setdefault("env", CLEAN)
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=600, **kwargs
    )


def _environment(venv: Path) -> Path:
    """A fresh venv without pip whose site-packages links every pinned dependency of the
    current environment but not our package (no network needed); returns its python."""
    _run(sys.executable, "-m", "venv", "--without-pip", venv).check_returncode()
    python = venv / "bin" / "python"
    own = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    target = Path(own.stdout.strip())
    shared = Path(sysconfig.get_paths()["purelib"])
    for entry in shared.iterdir():
        if not entry.name.startswith(OURS) and not (target / entry.name).exists():
            (target / entry.name).symlink_to(entry)
    return python


@pytest.mark.slow
def test_wheel_installs_alone_and_builds_from_another_folder(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a clean copy: the build leaves no egg-info in the repository
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source / "pyproject.toml")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PACKAGE, source / "scripts" / "handbook", ignore=ignore)
    wheels = tmp_path / "wheels"
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "-w", wheels, source,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("party_handbook-*.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    data = {
        "handbook/" + p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc")
    }
    assert {"handbook/deploy_files/nginx.conf.in", "handbook/printing/print.css"} <= data
    assert any(n.endswith(".md.j2") for n in data)
    assert data <= names, sorted(data - names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    points = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "handbook = handbook.cli:main" in points
    assert "handbook = handbook.hooks:HandbookPlugin" in points

    venv = tmp_path / "venv"
    python = _environment(venv)
    before = _run(python, "-c", "import handbook")
    assert before.returncode != 0, "the fresh environment must not see the repository's package"
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", wheel,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr

    project = tmp_path / "project"  # content only: no scripts/, no pyproject.toml
    project.mkdir()
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("private"))
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    env = {**CLEAN, "NO_MKDOCS_2_WARNING": "1"}

    where = _run(python, "-c", "import handbook; print(handbook.__file__)", cwd=project, env=env)
    origin = Path(where.stdout.strip()).resolve()
    assert origin.is_relative_to(venv.resolve()), origin
    assert not origin.is_relative_to(ROOT.resolve()), origin

    build = _run(venv / "bin" / "handbook", "build", "--no-pdf", cwd=project, env=env)
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    site = project / "site"
    assert (site / "index.html").is_file() and (site / "en" / "index.html").is_file()
    # Generated pages come from the installed package's templates.
    assert "hb-meta" in (site / "rules" / "15.html").read_text(encoding="utf-8")
    assert (site / "ledgers" / "compliance" / "three-meetings.html").is_file()
