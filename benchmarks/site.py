"""The site build against plain Material, `mkdocs serve`'s rebuilds, and the full `make build`.

Run `python -m benchmarks.site` (also part of `make bench`). Everything is measured in this one
run, on temporary copies of the project, so the published site/ and dist/ are not touched:

1. `handbook build --no-pdf` against a plain Material build of the same hand-written pages: a
   temporary mkdocs.yml without the `handbook` plugin (same theme, other plugins and Markdown
   extensions; not strict, since hand-written pages link to generated ones), docs/ copied as it
   is (generated pages are never files there). Goal: ratio <= 1.0.
2. `mkdocs serve` (as `handbook serve` runs it) on a free port: seconds from editing one rule,
   then one ledger file, until the served page shows the change. Goal: <= 3 s each.
3. The full build (`handbook build` with PDFs and personal copies). Goal: <= 40 s.

Wall seconds and CPU seconds (user + system of the child processes) are printed; the machine's
load average is printed too, since 8 parallel jobs on 2 cores change every figure. Not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from handbook.model import Project

ROOT = Project.find().root
PACKAGE = Path(__file__).resolve().parent.parent / "scripts"
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE), os.environ.get("PYTHONPATH")])),
}
IGNORE = shutil.ignore_patterns("site", "dist", ".git", ".venv", ".build*", "*.old*", ".cache")


@dataclass
class Timing:
    """Wall and CPU seconds of one measured step."""

    wall: float
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], cwd: Path) -> Timing:
    """Run `command` to completion; its wall and CPU seconds. Fails loudly on a non-zero exit."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    timing = Timing(time.perf_counter() - start, _children_cpu() - cpu)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return timing


def copy_project(into: Path) -> Path:
    """A copy of the project (mkdocs.yml, docs/, data/) to build and edit freely."""
    target = into / "project"
    target.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "data"):
        shutil.copytree(ROOT / folder, target / folder, ignore=IGNORE)
    return target


def plain_config(text: str) -> str:
    """mkdocs.yml without our plugin, not strict (hand-written pages link to generated ones)."""
    text = re.sub(r"(?m)^  - handbook\s*$\n", "", text)
    text = re.sub(r"(?m)^strict: true", "strict: false", text)
    if "- handbook" in text:
        raise RuntimeError("could not take the handbook plugin out of mkdocs.yml")
    return text


def site_builds(work: Path, repeat: int) -> tuple[Timing, Timing]:
    """Best of `repeat`: (our `handbook build --no-pdf`, plain Material of the same pages)."""
    project = work / "project"
    plain = work / "plain"
    plain.mkdir()
    shutil.copytree(project / "docs", plain / "docs")
    shutil.copytree(project / "data", plain / "data")  # the search plugin's jieba user dict
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (plain / "mkdocs.yml").write_text(plain_config(config), encoding="utf-8")
    py = sys.executable
    ours_cmd = [py, "-m", "handbook", "--project", str(project), "build", "--no-pdf"]
    ours_cmd += ["--site-dir", str(work / "site-ours")]
    plain_cmd = [py, "-m", "mkdocs", "build", "-q", "-d", str(work / "site-plain")]
    ours, material = [], []
    for _ in range(repeat):
        ours.append(run(ours_cmd, project))
        material.append(run(plain_cmd, plain))
    return min(ours, key=lambda t: t.wall), min(material, key=lambda t: t.wall)


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, shows: str, limit: float) -> float:
    """Seconds until the page at `url` contains `shows` (polled every 50 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        text = fetch(url)
        if text is not None and shows in text:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not show {shows!r} within {limit:.0f} s")


def edit_rule(project: Path, marker: str) -> None:
    """Add a sentence to the last article of rule 01 (Chinese)."""
    path = project / "docs" / "rules" / "01.md"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}{marker}。\n", encoding="utf-8")


def edit_ledger(project: Path) -> None:
    """Raise one activity's people served in data/ledgers/volunteers.csv by 1,000 (the page's
    totals change; a new activity name would need an English form first)."""
    path = project / "data" / "ledgers" / "volunteers.csv"
    raw = path.read_bytes()
    row = re.compile("(学雷锋志愿服务进社区,现场服务,15,)230(\r?\n)".encode())
    edited, count = row.subn(rb"\g<1>1230\g<2>", raw, count=1)
    if not count:
        raise RuntimeError("volunteers.csv: the row to edit is not there")
    path.write_bytes(edited)


def article(page: str | None) -> str | None:
    """The page's article (the live-reload script around it differs on every request)."""
    if page is None or "<article" not in page:
        return None
    return page[page.index("<article") : page.rindex("</article>")]


def wait_for_change(url: str, before: str, limit: float) -> float:
    """Seconds until the article of the page at `url` differs from `before`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        text = article(fetch(url))
        if text is not None and text != before:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not change within {limit:.0f} s")


def serve_rebuilds(work: Path) -> tuple[float, float, float]:
    """(first build, rule edit, ledger edit) seconds under `handbook serve` on a copy."""
    project = work / "project"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "handbook", "--project", str(project), "serve"]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    log = open(work / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    # Its own process group: `handbook serve` runs `mkdocs serve` as a child, stopped with it.
    server = subprocess.Popen(
        command, cwd=project, env=ENV, stdout=log, stderr=log, start_new_session=True
    )
    try:
        start = time.perf_counter()
        wait_for(f"{base}/rules/01.html", "第二十二条", 300)
        first = time.perf_counter() - start
        time.sleep(1.0)  # let the watcher settle after the first build
        marker = f"基准测试标记{int(time.time())}"
        edit_rule(project, marker)
        rule = wait_for(f"{base}/rules/01.html", marker, 120)
        time.sleep(1.0)
        page = f"{base}/ledgers/volunteers.html"
        before = article(fetch(page))
        if before is None:
            raise RuntimeError(f"{page} has no article")
        edit_ledger(project)
        ledger = wait_for_change(page, before, 120)
        return first, rule, ledger
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def full_build(work: Path) -> Timing:
    """`handbook build` with PDFs and personal copies (what `make build` runs) on a copy."""
    project = work / "project"
    command = [sys.executable, "-m", "handbook", "--project", str(project), "build"]
    command += ["--site-dir", str(work / "site-full"), "--dist-dir", str(work / "dist-full")]
    return run(command, project)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site", description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="site builds per side (best)")
    parser.add_argument("--skip-full", action="store_true", help="leave out the full build")
    parser.add_argument("--skip-serve", action="store_true", help="leave out mkdocs serve")
    args = parser.parse_args(argv or [])
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as temp:
        work = Path(temp)
        copy_project(work)
        ours, plain = site_builds(work, args.repeat)
        serve = None if args.skip_serve else serve_rebuilds(work)
        full = None if args.skip_full else full_build(work)
    rows = [
        ("site build (handbook build --no-pdf)", f"{ours.wall:6.1f}", f"{ours.cpu:6.1f}", ""),
        ("plain Material, same hand-written pages", f"{plain.wall:6.1f}", f"{plain.cpu:6.1f}", ""),
        (
            "ratio ours / plain (goal <= 1.0)",
            f"{ours.wall / plain.wall:6.2f}",
            f"{ours.cpu / plain.cpu:6.2f}",
            "ok" if ours.wall <= plain.wall else "over",
        ),
    ]
    if serve:
        first, rule, ledger = serve
        rows += [
            ("mkdocs serve: first build", f"{first:6.1f}", "", ""),
            ("serve: one rule edited (goal <= 3 s)", f"{rule:6.1f}", "", _ok(rule, 3)),
            ("serve: one ledger edited (goal <= 3 s)", f"{ledger:6.1f}", "", _ok(ledger, 3)),
        ]
    if full:
        rows.append(
            (
                "full build with PDFs (goal <= 40 s)",
                f"{full.wall:6.1f}",
                f"{full.cpu:6.1f}",
                _ok(full.wall, 40),
            )
        )
    print(
        f"\nSite build benchmark (load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
        f"{os.cpu_count()} CPUs)"
    )
    print(f"{'step':44} {'wall s':>7} {'CPU s':>7}  goal")
    for name, wall, cpu, goal in rows:
        print(f"{name:44} {wall:>7} {cpu:>7}  {goal}")
    after = os.getloadavg()
    print(f"load average after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")
    return 0


def _ok(seconds: float, goal: float) -> str:
    return "ok" if seconds <= goal else "over"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
