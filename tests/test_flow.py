"""One explicit data flow: one model per build, kept only by the MkDocs plugin, passed down.

- the plugin reuses its model while no input changed and reloads it when a rule or a ledger did
  (what `mkdocs serve` relies on);
- no module outside hooks.py keeps a module-level cache of data;
- printing imports no site module, and the middle layer never imports MkDocs.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import ledgers_pages, pages
from handbook.config import load_settings
from handbook.errors import HandbookError
from handbook.model import Model, Project, load, stamp
from tests.build_fixtures import content_copy
from tests.conftest import ROOT
from tests.ledger_fixtures import read_csv, write_csv

PACKAGE = ROOT / "scripts" / "handbook"
# The MkDocs adapters: the only modules that may speak MkDocs (export.py: the plain-tree export).
ADAPTERS = {"hooks.py", "export.py"}
SITE_MODULES = {"pages", "ledgers_pages", "hooks", "search"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _touch_later(path: Path) -> None:
    """Move a file's modification time on, as an editor's save does."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


# --- the one cache: the plugin's model, keyed by every input ---------------------------------


@pytest.fixture
def checkout(tmp_path: Path) -> Project:
    """A copy of docs/, data/ and mkdocs.yml to change, as its project."""
    return Project.from_config_file(content_copy(tmp_path) / "mkdocs.yml")


def test_the_key_changes_with_a_rule_a_ledger_or_a_setting(checkout: Project) -> None:
    settings = load_settings(checkout.config_file)
    first = stamp(checkout, settings)
    assert stamp(checkout, settings) == first  # nothing changed: the same key
    _touch_later(checkout.docs / "rules" / "15.md")
    after_rule = stamp(checkout, settings)
    assert after_rule != first
    _touch_later(checkout.ledgers / "warnings.csv")
    assert stamp(checkout, settings) != after_rule
    other = dataclasses.replace(settings, current_period="2022H2")
    assert stamp(checkout, other) != stamp(checkout, settings)


@pytest.mark.slow
def test_the_plugin_reuses_its_model_and_reloads_what_changed(checkout: Project) -> None:
    from mkdocs.config import load_config

    config = load_config(str(checkout.config_file))
    plugin = config.plugins["handbook"]
    plugin.on_config(config)
    first = plugin.model
    assert isinstance(first, Model) and first.project.root == checkout.root
    plugin.on_config(config)  # the i18n plugin's second language: nothing read again
    assert plugin.model is first

    # A rule edited while `mkdocs serve` runs: the next rebuild shows the new text.
    rule = checkout.docs / "rules" / "15.md"
    text = rule.read_text(encoding="utf-8")
    marker = "（本条为测试新增的一句。）"
    rule.write_text(text.replace("**第一条**", f"**第一条**{marker}", 1), encoding="utf-8")
    _touch_later(rule)
    plugin.on_config(config)
    assert plugin.model is not first
    assert marker in plugin.model.book.rules_by_id["15"].body
    second = plugin.model

    # A ledger edited: the next rebuild's model and pages hold the new figure.
    rows, encoding = read_csv(checkout.ledgers / "warnings.csv")
    column = rows[0].index("参加人数")
    rows[1][column] = "987"
    write_csv(checkout.ledgers / "warnings.csv", rows, encoding)
    _touch_later(checkout.ledgers / "warnings.csv")
    plugin.on_config(config)
    assert plugin.model is not second
    assert 987 in set(plugin.model.ledgers["warnings"]["参加人数"])
    assert 987 not in set(second.ledgers["warnings"]["参加人数"])


def test_a_problem_in_the_data_is_the_packages_error_not_mkdocs(checkout: Project) -> None:
    register = checkout.data / "obligations.yml"
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("id: knowledge-test\n", "id: knowledge-tests\n"), "utf-8")
    with pytest.raises(HandbookError, match="no entry with id 'knowledge-test'"):
        load(checkout, load_settings(checkout.config_file))


def test_paths_come_from_the_mkdocs_yml_being_built(tmp_path: Path, monkeypatch) -> None:
    for name in ("HANDBOOK_LEDGERS", "HANDBOOK_ROSTER", "HANDBOOK_TRANSLATIONS", "HANDBOOK_ROOT"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "project" / "mkdocs.yml"
    config.parent.mkdir()
    config.write_text("site_name: x\ndocs_dir: pages\nsite_dir: public\n", encoding="utf-8")
    project = Project.from_config_file(config)
    assert project.root == config.parent
    assert (project.docs, project.site) == (config.parent / "pages", config.parent / "public")
    assert project.ledgers == config.parent / "data" / "ledgers"
    monkeypatch.setenv("HANDBOOK_LEDGERS", str(tmp_path / "copy"))
    assert Project.from_config_file(config).ledgers == tmp_path / "copy"
    # The command line finds the project from any folder below it.
    (config.parent / "pages" / "deep").mkdir(parents=True)
    assert Project.find(config.parent / "pages" / "deep").config_file == config


def test_pages_are_generated_from_the_model_alone(model: Model) -> None:
    zh = pages.generate(model, "zh")
    en = pages.generate(model, "en")
    assert set(zh) == set(en)
    assert {"rules/index.md", "ledgers/index.md", "ledgers/reports/2023H1.md"} <= set(zh)
    periods = model.ledger_model["periods"]
    assert [f"ledgers/reports/{p.key}.md" for p in reversed(periods)] == next(
        item["半年工作汇报"] for item in ledgers_pages.navigation(model) if "半年工作汇报" in item
    )


# --- no hidden state: AST scans of the package ------------------------------------------------

_CACHES = {"cache", "lru_cache", "cached"}
_MUTATORS = {"append", "add", "update", "setdefault", "clear", "pop", "extend", "insert"}


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def module_caches(source: str) -> list[str]:
    """Module-level state a module fills at run time: cached functions, `global` rebinding,
    module-level containers written to from inside functions."""
    tree = ast.parse(source)
    found = []
    containers = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        value = getattr(node, "value", None)
        mutable = isinstance(value, ast.Dict | ast.List | ast.Set) or (
            isinstance(value, ast.Call)
            and getattr(value.func, "id", "") in {"dict", "list", "set", "defaultdict"}
        )
        if mutable:
            containers |= {t.id for t in targets if isinstance(t, ast.Name)}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if _decorator_name(decorator) in _CACHES:
                    found.append(f"line {node.lineno}: @{_decorator_name(decorator)} {node.name}")
            for inner in ast.walk(node):
                if isinstance(inner, ast.Global):
                    found.append(f"line {inner.lineno}: global {', '.join(inner.names)}")
                if isinstance(inner, ast.Subscript) and isinstance(inner.ctx, ast.Store):
                    if getattr(inner.value, "id", None) in containers:
                        found.append(f"line {inner.lineno}: writes {inner.value.id}[…]")
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in _MUTATORS
                    and getattr(inner.func.value, "id", None) in containers
                ):
                    found.append(f"line {inner.lineno}: {inner.func.value.id}.{inner.func.attr}()")
    return found


def test_the_scan_finds_the_caches_it_looks_for() -> None:
    source = (
        "from functools import cache\n_model: dict = {}\n_ENV = None\n"
        "@cache\ndef titles(): return {}\n"
        "def model(key):\n    if key not in _model:\n        _model[key] = 1\n"
        "def env():\n    global _ENV\n    _ENV = 1\n"
        "def loaded(stamp, data):\n    _model.clear()\n"
    )
    found = module_caches(source)
    assert any("@cache titles" in f for f in found)
    assert any("writes _model" in f for f in found)
    assert any("global _ENV" in f for f in found)
    assert any("_model.clear()" in f for f in found)
    assert module_caches("TABLE = {'a': 1}\ndef look(k):\n    return TABLE[k]\n") == []


def test_no_module_outside_the_plugin_keeps_a_cache() -> None:
    found = {
        str(path.relative_to(PACKAGE)): caches
        for path in _modules()
        if path.name != "hooks.py" and (caches := module_caches(path.read_text("utf-8")))
    }
    assert found == {}


def _imports(path: Path) -> set[str]:
    """Every module a file imports (also inside functions and TYPE_CHECKING blocks)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_printing_imports_no_site_module() -> None:
    site = {f"handbook.{name}" for name in SITE_MODULES}
    found = {
        str(path.relative_to(PACKAGE)): sorted(_imports(path) & site)
        for path in sorted((PACKAGE / "printing").rglob("*.py"))
        if _imports(path) & site
    }
    assert found == {}
    # …nor through the modules it imports.
    code = "import sys, handbook.printing; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert site.isdisjoint(loaded)


def test_the_middle_layer_never_imports_mkdocs() -> None:
    found = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in _imports(path) if name.split(".")[0] == "mkdocs"
        )
        for path in _modules()
        if path.name not in ADAPTERS
    }
    assert {name: mods for name, mods in found.items() if mods} == {}
    code = (
        "import sys, handbook.model, handbook.pages, handbook.printing, handbook.build\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [name for name in loaded if name.split(".")[0] == "mkdocs"]
