"""Shared fixtures: one built site per test session, served on 127.0.0.1, and a browser."""

from __future__ import annotations

import dataclasses
import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from handbook.config import load_settings
from handbook.model import Model, Project, load

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
DATA = ROOT / "data"
LEDGERS = DATA / "ledgers"
# The committed sample of the ledgers with personal data (dues, recruitment).
PRIVATE_SAMPLE = DATA / "sample" / "ledgers"
CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from calling home (the test asserts no request leaves the machine).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def repo_project(**paths: Path) -> Project:
    """The repository's project, with some of its paths pointed elsewhere (`ledgers=copy`)."""
    return dataclasses.replace(Project.from_config_file(MKDOCS_YML), **paths)


def load_model(**paths: Path) -> Model:
    """The model of the repository (or of it with some paths pointed elsewhere), loaded."""
    project = repo_project(**paths)
    return load(project, load_settings(project.config_file))


@pytest.fixture(scope="session")
def model() -> Model:
    """The model of the repository's docs/ and data/, loaded once per test session."""
    return load_model()


def run_build(site_dir: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m handbook build` as `make build` does, into `site_dir`."""
    return subprocess.run(
        [sys.executable, "-m", "handbook", "build", "--site-dir", str(site_dir), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        timeout=900,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the repository's docs/ and data/ (without PDFs).

    `HANDBOOK_TEST_SITE=/path/to/site` reuses a site already built there (no build), for
    running browser tests again after `python -m scripts.build --no-pdf --site-dir PATH`.
    """
    if reuse := os.environ.get("HANDBOOK_TEST_SITE"):
        assert (Path(reuse) / "index.html").is_file(), f"HANDBOOK_TEST_SITE: no site in {reuse}"
        return Path(reuse)
    target = tmp_path_factory.mktemp("built") / "site"
    result = run_build(target, "--no-pdf")
    assert result.returncode == 0, result.stderr[-4000:]
    return target


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (random free port)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser page; `page.requests` lists every URL it asked for."""
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


# Test tiers (README, `make test-fast`): a test that needs a built site, a browser or the print
# outputs is marked from the fixtures it uses; tests that run builds themselves carry
# `@pytest.mark.slow`. `make test` runs every tier.
SLOW_FIXTURES = {"site_dir", "site_url", "ledger_site", "printed", "nginx"}
BROWSER_FIXTURES = {"browser", "page"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests `browser`, `print` and `slow` by the fixtures they need."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if "printed" in names or item.path.name == "test_printing.py":
            item.add_marker(pytest.mark.print)
