"""`handbook export`: a plain docs tree that MkDocs builds without Material, i18n or our plugin."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from handbook import export
from tests.conftest import ROOT, _QuietHandler, load_model

# Packages the exported tree must build without: importing any of them fails the build.
BLOCKED = ("handbook", "material", "mkdocs_static_i18n")
_REMOTE = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)


def _blocker(folder: Path) -> Path:
    """A folder that, first on PYTHONPATH, makes importing the blocked packages fail."""
    for name in BLOCKED:
        (folder / name).mkdir(parents=True)
        (folder / name / "__init__.py").write_text(
            f"raise ImportError('the export must build without {name}')\n", encoding="utf-8"
        )
    return folder


def test_english_falls_back_to_the_chinese_page(tmp_path: Path) -> None:
    """As static-i18n's fallback: a page with no .en.md shows its Chinese text in English."""
    for name in ("index.md", "index.en.md", "about/only.md", "rules/01.md", "rules/01.en.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    english = export.source_pages(tmp_path, "en", {"zh", "en"})
    chinese = export.source_pages(tmp_path, "zh", {"zh", "en"})
    assert {k: v.name for k, v in english.items()} == {
        "index.md": "index.en.md",
        "about/only.md": "only.md",
        "rules/01.md": "01.en.md",
    }
    assert {k: v.name for k, v in chinese.items()} == {
        "index.md": "index.md",
        "about/only.md": "only.md",
        "rules/01.md": "01.md",
    }


def test_title_becomes_the_heading_and_front_matter_stays_first() -> None:
    text = "---\ntitle: 某制度\nstatus: 现行有效\n---\n正文\n"
    out = export.hand_written(text, lambda body: "<aside>panel</aside>\n" + body)
    assert out.startswith("---\ntitle: 某制度\nstatus: 现行有效\n---\n# 某制度\n\n<aside>")
    has_heading = "---\ntitle: 某制度\n---\n# 另一个标题\n"
    assert export.hand_written(has_heading, lambda b: b).count("# ") == 1


def test_material_extensions_are_left_out() -> None:
    raw = export.read_config(ROOT / "mkdocs.yml")
    kept = export.plain_extensions(raw["markdown_extensions"])
    names = [e if isinstance(e, str) else next(iter(e)) for e in kept]
    assert "pymdownx.emoji" not in names  # its options name material.extensions
    assert {"toc", "attr_list", "md_in_html", "pymdownx.superfences"} <= set(names)


@dataclass(frozen=True)
class Exported:
    root: Path  # the export: mkdocs.yml and docs/
    log: str  # what `mkdocs build --strict` printed
    returncode: int


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """The handbook exported (with a stand-in PDF in downloads/) and built by plain MkDocs."""
    tmp = tmp_path_factory.mktemp("export")
    site = tmp / "built"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads" / "handbook-zh.pdf").write_bytes(b"%PDF-1.7 stand-in")
    out = tmp / "export"
    result = subprocess.run(
        [sys.executable, "-m", "handbook", "export", "--out", str(out), "--site", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HANDBOOK_ROOT")}
    env["PYTHONPATH"] = str(_blocker(tmp / "blocked"))
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=out,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return Exported(out, build.stdout + build.stderr, build.returncode)


@pytest.mark.slow
def test_export_builds_with_plain_mkdocs_and_has_every_generated_page(exported: Exported) -> None:
    out = exported.root
    written = yaml.load((out / "mkdocs.yml").read_text(encoding="utf-8"), Loader=export._Loader)
    assert written["theme"]["name"] == "mkdocs"
    assert [next(iter(p)) for p in written["plugins"]] == ["search"] and "hooks" not in written
    assert exported.returncode == 0, exported.log[-4000:]
    assert "WARNING" not in exported.log, exported.log[-4000:]

    built = out / "site"
    model = load_model()
    missing = []
    for lang in ("zh", "en"):
        generated, _ = export._pages_of(model, lang)
        assert generated, lang
        for src_uri in generated:
            html = built / export.page_path(src_uri, lang).replace(".md", ".html")
            if not html.is_file():
                missing.append(str(html.relative_to(built)))
    assert not missing, missing

    # Hand-written pages carry what the plugin adds at build time, in both languages.
    rule = (built / "en" / "rules" / "15.html").read_text(encoding="utf-8")
    assert 'class="hb-meta"' in rule and 'id="article-1"' in rule
    assert "<h1" in rule and "Theme Party Day Rules" in rule
    assert 'id="第一条"' in (built / "rules" / "15.html").read_text(encoding="utf-8")
    template = (built / "templates" / "talk-record.html").read_text(encoding="utf-8")
    assert 'class="blank"' in template and "[[" not in template
    # Assets and downloads are copied; nothing is loaded from another host.
    assert (built / "assets" / "stylesheets" / "extra.css").is_file()
    assert (built / "downloads" / "handbook-zh.pdf").read_bytes().startswith(b"%PDF")
    remote = [p.name for p in built.rglob("*.html") if _REMOTE.search(p.read_text("utf-8"))]
    assert not remote, remote


@pytest.mark.slow
def test_search_of_the_export_works_in_the_browser(exported: Exported, page: object) -> None:
    """MkDocs' own search runs (its `zh` language would throw in the browser) and finds the
    dues rules for an English query."""
    assert exported.returncode == 0, exported.log[-4000:]
    handler = functools.partial(_QuietHandler, directory=str(exported.root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/en/index.html")
        page.evaluate(
            """q => {const box = document.getElementById("mkdocs-search-query");
            window.__ask = () => { box.value = q;
                box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true})); };}""",
            "party membership dues",
        )
        page.wait_for_function(
            """() => { window.__ask();
            return document.querySelectorAll("#mkdocs-search-results a").length > 0; }""",
            polling=250,
            timeout=20000,
        )
        links = page.eval_on_selector_all("#mkdocs-search-results a", "a => a.map(x => x.href)")
    finally:
        server.shutdown()
    assert not errors, errors
    assert any(link.endswith("/en/rules/08.html") for link in links[:3]), links[:5]


def test_pages_kept_out_of_the_nav_stay_out_in_every_language_folder() -> None:
    raw = {"not_in_nav": "/rules/editions/\n/rules/compare/\n"}
    hidden = export.not_in_nav(raw, ["", "en/"]).split()
    assert hidden == [
        "/rules/editions/",
        "/rules/compare/",
        "/en/rules/editions/",
        "/en/rules/compare/",
    ]
    assert "not_in_nav" not in export.export_config({}, [], ["", "en/"])
