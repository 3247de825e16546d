"""Ledger cells are shown as text in the browser, whatever markup they contain."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, LEDGERS, run_build

PAYLOAD = "<img src=x onerror=alert(1)>"
MARKDOWN = "**不是粗体**"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from the sample ledgers with markup in the problem of an open item, which
    the rectification compliance view lists."""
    folder = tmp_path_factory.mktemp("hostile")
    ledgers = folder / "ledgers"
    shutil.copytree(LEDGERS, ledgers)
    path = ledgers / "rectification.csv"
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    lines = raw.decode(encoding).splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    row = next(i for i, line in enumerate(lines) if ",持续推进," in line)
    cells = lines[row].rstrip("\r\n").split(",")
    cells[header.index("问题")] = f"{PAYLOAD} {MARKDOWN}"
    lines[row] = ",".join(cells) + "\r\n"
    path.write_bytes("".join(lines).encode(encoding))
    # English pages show the problem's English form: give the markup one (itself).
    table = yaml.safe_load((DATA / "translations.yml").read_text(encoding="utf-8"))
    table["terms"][f"{PAYLOAD} {MARKDOWN}"] = f"{PAYLOAD} {MARKDOWN}"
    english = folder / "translations.yml"
    english.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    site = folder / "site"
    env = {"HANDBOOK_LEDGERS": str(ledgers), "HANDBOOK_TRANSLATIONS": str(english)}
    result = run_build(site, "--no-pdf", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_markup_in_a_cell_shows_as_text_and_runs_nothing(page, hostile_site):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((hostile_site / "ledgers" / "compliance" / "rectification.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    text = page.locator("article").inner_text()
    assert PAYLOAD in text
    assert MARKDOWN in text
    assert page.locator("article img[src='x']").count() == 0
    assert dialogs == []
