"""End to end: spoiled input gives a message and keeps the published site; builds never race.

Every build here is the real `python -m handbook build` (tests/conftest.py `run_build`). Content
is spoiled in a copy of docs/, data/ and mkdocs.yml that HANDBOOK_ROOT points the build at, or
in a copy of the ledgers (HANDBOOK_LEDGERS), never in the repository.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from handbook.build import STOPPED
from handbook.config import SettingsError, load_settings, settings_from_extra
from handbook.model import Project
from tests.build_fixtures import content_copy
from tests.conftest import ROOT, repo_project, run_build
from tests.ledger_fixtures import SAMPLE, digest, read_csv, write_csv

COUNT = re.compile(r"台账共\s*(\d+)\s*条记录")


def rows_stated(page: Path) -> list[int]:
    """The row counts a ledger page states ("台账共 84 条记录")."""
    text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    return [int(n) for n in COUNT.findall(text)]


def published(tmp_path: Path) -> tuple[Path, Path]:
    """A site/ and dist/ standing for the previous, good build."""
    site, dist = tmp_path / "out" / "site", tmp_path / "out" / "dist"
    (site / "rules").mkdir(parents=True)
    (site / "index.html").write_text("<h1>previous site</h1>", encoding="utf-8")
    (site / "rules" / "15.html").write_bytes(b"\xe4\xb8\xbb previous")
    (dist / "members").mkdir(parents=True)
    (dist / "members" / "T001-someone.pdf").write_bytes(b"%PDF-1.7 previous")
    return site, dist


def assert_stopped(result: subprocess.CompletedProcess, *lines: str) -> None:
    assert result.returncode == 1, result.stderr[-3000:]
    assert STOPPED in result.stderr
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    for line in lines:
        assert line in result.stderr, result.stderr[-3000:]


def check(folder: Path) -> subprocess.CompletedProcess:
    """`make check` on a ledger folder."""
    return subprocess.run(
        [sys.executable, "-m", "handbook.ledgers", "--folder", str(folder), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy_ledgers(tmp_path: Path) -> Path:
    target = tmp_path / "ledgers"
    shutil.copytree(SAMPLE, target)
    return target


def _unclosed_quote(folder: Path) -> str:
    """One unclosed quote in the last column of a row: the rest of the file would be one cell."""
    path = folder / "org_life.csv"
    rows, encoding = read_csv(path)
    text = "\r\n".join(",".join(row) for row in rows[:40])
    rest = io.StringIO()
    csv.writer(rest, lineterminator="\r\n").writerows(rows[40:])
    last = rows[40][:-1] + ['"因上级会议调整']
    path.write_bytes((text + "\r\n" + ",".join(last) + "\r\n" + rest.getvalue()).encode(encoding))
    return "org_life.csv:41: "


def _header_only(folder: Path) -> str:
    rows, encoding = read_csv(folder / "talks.csv")
    write_csv(folder / "talks.csv", rows[:1], encoding)
    return "talks.csv:2: （数据）: 只有表头"


def _saved_as_xls(folder: Path) -> str:
    (folder / "warnings.csv").rename(folder / "warnings.xls")
    (folder / "~$warnings.xlsx").write_bytes(b"lock")  # Excel's lock file stays ignored
    (folder / ".~lock.warnings.xls#").write_bytes(b"lock")
    return "warnings.xls:1: （文件）: 不能读取 .xls 格式的文件"


@pytest.mark.slow
@pytest.mark.parametrize("spoil", [_unclosed_quote, _header_only, _saved_as_xls])
def test_bad_ledger_file_stops_build_and_check_alike(tmp_path: Path, spoil):
    folder = _copy_ledgers(tmp_path)
    expected = spoil(folder)
    site, dist = published(tmp_path)
    before = {"site": digest(site), "dist": digest(dist)}
    result = run_build(site, "--no-pdf", env={"HANDBOOK_LEDGERS": str(folder)})
    assert_stopped(result, expected)
    assert "缺少台账文件" not in result.stderr  # a .xls is named, not reported as missing .csv
    assert "~$" not in result.stderr and ".~lock" not in result.stderr
    checked = check(folder)
    assert checked.returncode == 1
    assert [ln for ln in checked.stderr.splitlines() if expected in ln] == [
        ln for ln in result.stderr.splitlines() if expected in ln
    ]
    assert {"site": digest(site), "dist": digest(dist)} == before


def _utf16(path: Path, rows: list[list[str]], sep: str, bom: bool) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode("utf-16-le")
    path.write_bytes((b"\xff\xfe" if bom else b"") + data)


@pytest.mark.slow
def test_utf16_title_row_and_bom_markdown_build_correct_pages(tmp_path: Path):
    root = content_copy(tmp_path)
    ledgers = root / "data" / "ledgers"
    warnings, _ = read_csv(ledgers / "warnings.csv")
    talks, _ = read_csv(ledgers / "talks.csv")
    # Excel's "Unicode text": UTF-16 with BOM and tabs; and UTF-16 without BOM, commas.
    _utf16(ledgers / "warnings.csv", warnings, "\t", bom=True)
    _utf16(ledgers / "talks.csv", talks, ",", bom=False)
    # A merged title row above the header, as offices print their ledgers.
    book = load_workbook(ledgers / "study.xlsx")
    sheet = book.active
    width = sheet.max_column
    study_rows = sheet.max_row - 1
    sheet.insert_rows(1)
    sheet.cell(row=1, column=1, value="2023年理论学习台账")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    book.save(ledgers / "study.xlsx")
    # Markdown and YAML saved by Windows Notepad: BOM and CRLF.
    for name in ("docs/rules/15.md", "docs/templates/talk-record.md", "data/glossary.yml"):
        path = root / name
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))

    site = tmp_path / "out" / "site"
    result = run_build(site, "--no-pdf", env={"HANDBOOK_ROOT": str(root)})
    assert result.returncode == 0, result.stderr[-4000:]
    assert "study.xlsx:2: （表头）: 提示：第1行是标题" in result.stderr

    for key, rows in (("warnings", len(warnings) - 1), ("talks", len(talks) - 1)):
        assert rows_stated(site / "ledgers" / f"{key}.html")[:1] == [rows], key
    assert rows_stated(site / "ledgers" / "study.html")[:1] == [study_rows]

    rule = (site / "rules" / "15.html").read_text(encoding="utf-8")
    assert "主题党日制度" in rule and "第一条" in rule
    template = (site / "templates" / "talk-record.html").read_text(encoding="utf-8")
    assert "title:" not in template and "---" not in re.sub(r"<[^>]+>", "", template)[:4000]


@pytest.mark.slow
def test_failure_after_the_work_folder_exists_changes_nothing(tmp_path: Path):
    site, dist = published(tmp_path)
    # What a killed build leaves behind: removed by the next build.
    stale = site.parent / ".build-k1ll3d"
    (stale / "dist" / "members").mkdir(parents=True)
    (stale / "dist" / "members" / "T002-private.pdf").write_bytes(b"%PDF private")
    (site.parent / "site.old").mkdir()
    before = {"site": digest(site), "dist": digest(dist)}
    # The PDF step fails with an error type no step expects.
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(
        "import handbook.printing\n"
        "def fail(*args, **kwargs):\n"
        "    raise RuntimeError('WeasyPrint ran out of fonts')\n"
        "handbook.printing.build_all = fail\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": os.pathsep.join([str(inject), os.environ.get("PYTHONPATH", "")])}
    result = run_build(site, "--dist-dir", str(dist), env=env)
    assert_stopped(result, "RuntimeError: WeasyPrint ran out of fonts")
    assert {"site": digest(site), "dist": digest(dist)} == before
    assert sorted(p.name for p in site.parent.iterdir()) == [".build.lock", "dist", "site"]


@pytest.mark.slow
def test_two_builds_started_together_run_one_after_the_other(tmp_path: Path):
    site = tmp_path / "out" / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "handbook.build", "--no-pdf", "--site-dir", str(site)]
    runs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [
        (run.wait(timeout=900), *(s.read().decode() for s in (run.stdout, run.stderr)))
        for run in runs
    ]
    assert [code for code, _, _ in results] == [0, 0], [err[-2000:] for _, _, err in results]
    waited = [err for _, _, err in results if "Another build is running" in err]
    assert len(waited) == 1
    assert sorted(p.name for p in site.parent.iterdir()) == [".build.lock", "site"]
    assert (site / "index.html").exists() and (site / "en" / "index.html").exists()


@pytest.mark.slow
def test_bad_settings_stop_the_build_naming_key_and_form(tmp_path: Path):
    root = content_copy(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"current_period: \S+", "current_period: 2023-H1", text)
    text = re.sub(r'edition: "[^"]+"', 'edition: "2023-6-31"', text)
    config.write_text(text, encoding="utf-8")
    site, _ = published(tmp_path)
    before = digest(site)
    result = run_build(site, "--no-pdf", env={"HANDBOOK_ROOT": str(root)})
    assert_stopped(
        result,
        "mkdocs.yml: extra.current_period: “2023-H1”不对，应写作 2023H1 或 2023H2",
        "mkdocs.yml: extra.edition: “2023-6-31”不对",
    )
    assert digest(site) == before


@pytest.mark.slow
def test_an_error_inside_the_site_build_is_shown_with_its_reason(tmp_path: Path):
    """A problem found by the MkDocs hook (here a register entry a compliance view needs) is
    printed in words, not only as MkDocs' bare "Aborted with a BuildError!"."""
    root = content_copy(tmp_path)
    register = root / "data" / "obligations.yml"
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("id: knowledge-test\n", "id: knowledge-tests\n"), "utf-8")
    site, _ = published(tmp_path)
    before = digest(site)
    result = run_build(site, "--no-pdf", env={"HANDBOOK_ROOT": str(root)})
    assert_stopped(result, "data/obligations.yml: no entry with id 'knowledge-test'")
    assert digest(site) == before


@pytest.mark.slow
def test_make_clean_removes_what_interrupted_builds_leave(tmp_path: Path):
    for name in ("site", "dist", ".build-abc/dist/members", "site.old", "site.old-x1", ".build"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / ".build-abc" / "dist" / "members" / "T001.pdf").write_bytes(b"%PDF")
    (tmp_path / "keep.txt").write_text("not ours", encoding="utf-8")
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-f",
            str(ROOT / "Makefile"),
            "-C",
            str(tmp_path),
            "clean",
        ],
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


# --- settings and the roster (no build needed) ---------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"current_period": "2023h1", "edition": "2023-06-30"}, "extra.current_period: “2023h1”"),
        ({"current_period": "2023H3", "edition": "2023-06-30"}, "应写作 2023H1 或 2023H2"),
        ({"edition": "2023-06-30"}, "extra.current_period: “None”"),
        ({"current_period": "2023H1", "edition": "30/06/2023"}, "extra.edition: “30/06/2023”"),
        ({"current_period": "2023H1", "edition": "2023-02-30"}, "extra.edition: “2023-02-30”"),
        (
            {"current_period": "2023H1", "edition": "2023-06-30", "org": {"name": 12}},
            "extra.org.name: 应为非空文字",
        ),
        (
            {"current_period": "2023H1", "edition": "2023-06-30", "org": {"nmae": "某局"}},
            "extra.org.nmae: 未知的键",
        ),
    ],
)
def test_settings_are_checked_with_key_and_allowed_form(extra: dict, expected: str):
    with pytest.raises(SettingsError) as caught:
        settings_from_extra(extra)
    assert expected in str(caught.value)
    assert all(line.startswith("mkdocs.yml: extra") for line in str(caught.value).splitlines())


def test_repository_settings_are_valid():
    settings = load_settings(ROOT / "mkdocs.yml")
    assert re.fullmatch(r"\d{4}H[12]", settings.current_period)


@pytest.mark.slow
def test_real_roster_path_is_ignored_by_git_and_the_sample_is_not():
    def ignored(path: str) -> bool:
        probe = subprocess.run(
            ["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT, check=False
        )
        return probe.returncode == 0

    assert ignored("data/private/members.csv")
    assert ignored("data/private/dues.xlsx")
    assert not ignored("data/sample/members.csv")
    tracked = subprocess.run(
        ["git", "ls-files", "data/private"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""  # a roster committed before the rule would still be tracked


def test_roster_is_the_private_one_when_present_else_the_sample(tmp_path, monkeypatch):
    monkeypatch.delenv("HANDBOOK_ROSTER", raising=False)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    project = Project.from_config_file(tmp_path / "mkdocs.yml")
    assert (project.roster, project.roster_origin) == (project.sample_roster, "sample")
    assert project.sample_roster == tmp_path / "data" / "sample" / "members.csv"
    assert repo_project().sample_roster.exists()  # the committed sample, beside the sample data
    private = tmp_path / "data" / "private" / "members.csv"
    private.parent.mkdir(parents=True)
    private.write_text("编号,姓名,党支部,岗位\n", encoding="utf-8")
    project = Project.from_config_file(tmp_path / "mkdocs.yml")
    assert (project.roster, project.roster_origin) == (private, "private")
    monkeypatch.setenv("HANDBOOK_ROSTER", str(tmp_path / "elsewhere.csv"))
    project = Project.from_config_file(tmp_path / "mkdocs.yml")
    assert (project.roster, project.roster_origin) == (tmp_path / "elsewhere.csv", "env")
