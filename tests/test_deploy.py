"""The intranet deployment: real nginx (Debian) serving a built site on 127.0.0.1."""

from __future__ import annotations

import gzip
import re
import shutil
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
import yaml

from handbook.deploy import start
from tests.build_fixtures import content_copy
from tests.conftest import run_build
from tests.e2e.search import search
from tests.printing_fixtures import Printed, printed  # noqa: F401

# Compressed kB a reader's browser downloads for a page on a first visit, everything it loads
# included (theme, scripts, the search index of the page's language; fonts are the system's).
# Measured at about 300 kB each (most of it the search index); exceeding the budget means
# something heavy was added to every page.
BUDGET_KB = {"index.html": 400, "rules/15.html": 400}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(printed: Printed, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    port = _free_port()
    process = start(printed.site, port, tmp_path_factory.mktemp("nginx"))
    url = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            urllib.request.urlopen(url + "/index.html", timeout=1)
            break
        except OSError:
            import time

            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if gzip_ok else ""})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return (
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def _assert_security_headers(headers: dict[str, str]) -> None:
    for name, value in SECURITY.items():
        assert headers.get(name) == value, name
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    for sources in directives.values():
        for source in sources.split():
            # only the site itself, hashes of its inline scripts, and inline data
            assert source in {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"} or (
                source.startswith("'sha256-")
            ), source


def test_page_is_compressed_revalidated_and_secured(nginx):
    status, headers, body = fetch(f"{nginx}/rules/15.html")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert headers.get("content-encoding") == "gzip"
    assert "主题党日制度" in gzip.decompress(body).decode("utf-8")
    assert headers["cache-control"] == "no-cache"
    _assert_security_headers(headers)


def test_search_index_is_json_and_compressed(nginx):
    status, headers, body = fetch(f"{nginx}/search/search_index.json")
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert headers.get("content-encoding") == "gzip"
    assert len(body) < len(gzip.decompress(body)) / 3
    _assert_security_headers(headers)


def test_hashed_assets_are_cached_for_a_year(nginx, printed):  # noqa: F811
    bundle = next((printed.site / "assets" / "javascripts").glob("bundle.*.min.js"))
    status, headers, _ = fetch(f"{nginx}/assets/javascripts/{bundle.name}")
    assert status == 200
    assert headers["content-type"].startswith("application/javascript")
    assert (
        "max-age=31536000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    )
    _assert_security_headers(headers)


def test_pdf_and_docx_downloads_have_their_types(nginx, printed):  # noqa: F811
    status, headers, body = fetch(f"{nginx}/downloads/handbook-zh.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert body.startswith(b"%PDF") and "content-encoding" not in headers
    docx = next((printed.site / "downloads" / "templates").glob("*.docx"))
    status, headers, _ = fetch(f"{nginx}/downloads/templates/{docx.name}")
    assert status == 200
    assert headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_missing_page_is_404_with_the_sites_page(nginx):
    status, headers, body = fetch(f"{nginx}/rules/99.html", gzip_ok=False)
    assert status == 404
    assert headers["content-type"].startswith("text/html")
    assert b"404" in body
    _assert_security_headers(headers)


def test_wasm_and_json_types_are_known(nginx, printed, tmp_path):  # noqa: F811
    # Debian's mime.types must know .wasm (e.g. a future search engine) as the config relies on it.
    (printed.site / "probe.wasm").write_bytes(b"\0asm\1\0\0\0")
    try:
        status, headers, _ = fetch(f"{nginx}/probe.wasm")
    finally:
        (printed.site / "probe.wasm").unlink()
    assert status == 200 and headers["content-type"] == "application/wasm"


def test_site_works_in_chromium_under_the_policy(nginx, page):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto(f"{nginx}/index.html")
    titles = [r["title"] for r in search(page, "主题党日")]
    assert "主题党日制度" in titles
    page.goto(f"{nginx}/rules/15.html")
    page.wait_for_load_state("networkidle")
    assert violations == []
    assert all(u.startswith(nginx) or u.startswith("data:") for u in page.requests)


@pytest.mark.parametrize("path", sorted(BUDGET_KB))
def test_page_transfer_stays_within_budget(nginx, page, path):
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    page.goto(f"{nginx}/{path}")
    page.wait_for_load_state("networkidle")
    total_kb = sum(sizes) / 1024
    print(f"\n{path}: {len(sizes)} requests, {total_kb:.0f} kB compressed")
    assert 0 < total_kb <= BUDGET_KB[path]


def _serve(site, port, prefix) -> object:
    process = start(site, port, prefix)
    for _ in range(50):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return process


@pytest.mark.slow
def test_rebuilt_search_worker_reaches_a_returning_reader(
    printed,  # noqa: F811
    browser,
    tmp_path_factory: pytest.TempPathFactory,
):
    # The served folder starts as the session's build; it is then rebuilt in place by
    # `python -m scripts.build` from a copy of the content with one more synonym.
    served = tmp_path_factory.mktemp("served")
    site = served / "site"
    shutil.copytree(printed.site, site)
    root = content_copy(tmp_path_factory.mktemp("synonyms"))
    synonyms_file = root / "data" / "search" / "synonyms.yml"
    synonyms = yaml.safe_load(synonyms_file.read_text(encoding="utf-8"))
    synonyms["主题党日"].append("翀赟会")  # a word no page contains
    synonyms_file.write_text(yaml.safe_dump(synonyms, allow_unicode=True), encoding="utf-8")

    port = _free_port()
    process = _serve(site, port, served / "nginx")
    url = f"http://127.0.0.1:{port}"
    context = browser.new_context()  # one browser profile: its HTTP cache persists
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    try:
        tab.goto(f"{url}/index.html")
        assert "主题党日制度" not in [r["title"] for r in search(tab, "翀赟会")]
        old = [u for u in requests if "/workers/search." in u]
        assert len(old) == 1
        status, headers, _ = fetch(old[0])
        assert status == 200 and "immutable" in headers["cache-control"]

        result = run_build(site, "--no-pdf", env={"HANDBOOK_ROOT": str(root)})
        assert result.returncode == 0, result.stderr[-3000:]
        workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
        assert [w.name for w in workers] != [old[0].rsplit("/", 1)[1]]
        # Every page names the new worker, none the old one.
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            names = set(re.findall(r"workers/(search\.[0-9a-f]{8}\.min\.js)", text))
            assert names == {workers[0].name}, page

        requests.clear()
        tab.goto(f"{url}/index.html")
        assert "主题党日制度" in [r["title"] for r in search(tab, "翀赟会")]
        assert [u for u in requests if "/workers/search." in u] == [
            f"{url}/assets/javascripts/workers/{workers[0].name}"
        ]
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=10)
