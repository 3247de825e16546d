"""One data flow: a project's paths, and everything its pages are made from, loaded at once.

    mkdocs.yml ─► Project (paths) ─┐
                                   ├─► load(project, settings) ─► Model ─► pages, print, export
    extra: ─────► Settings ────────┘

`load` reads and checks the content (rules, duties, glossary, templates, the obligations
register), the ledgers and the translation table, and computes the language-independent ledger
model; it raises `HandbookError` with every problem in plain words. It keeps nothing: the one
cache of models lives in the MkDocs plugin (`handbook.hooks`), keyed by `stamp()`, so that
`mkdocs serve` reloads exactly when a file under docs/ or data/ (or a setting) changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from handbook import content, ledgers_pages, translations
from handbook.config import Settings, read_mkdocs_yml
from handbook.content import Handbook, Obligation
from handbook.errors import HandbookError
from handbook.ledgers import LedgerError, Ledgers, load_all

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    """Where a project's files are, all derived from the mkdocs.yml being built.

    Tests and trials point parts elsewhere without touching data/: HANDBOOK_LEDGERS (the ledger
    folder), HANDBOOK_ROSTER (the member roster), HANDBOOK_TRANSLATIONS (the translation table).
    """

    config_file: Path
    root: Path
    docs: Path
    data: Path
    ledgers: Path
    # The ledgers with personal data (dues, recruitment): the real ones in git-ignored
    # data/private/ledgers/, else the committed sample in data/sample/ledgers/.
    private_ledgers: Path
    translations: Path
    site: Path
    dist: Path
    roster: Path
    # Where the roster comes from: "env", "private" (data/private/members.csv) or "sample".
    roster_origin: str

    @property
    def sample_roster(self) -> Path:
        """The committed synthetic roster (used when there is no private one)."""
        return self.data / "sample" / "members.csv"

    @property
    def private_roster(self) -> Path:
        """The real roster: git-ignored, only for personal PDFs, never read by the site build."""
        return self.data / "private" / "members.csv"

    @classmethod
    def from_config_file(cls, path: Path | str) -> Project:
        """The project of a mkdocs.yml: docs_dir and site_dir as it says, data/ beside it."""
        config_file = Path(path).resolve()
        root = config_file.parent
        raw = read_mkdocs_yml(config_file) if config_file.exists() else {}
        data = root / "data"
        env = os.environ
        private = data / "private" / "members.csv"
        private_ledgers = data / "private" / "ledgers"
        if not private_ledgers.is_dir():
            private_ledgers = data / "sample" / "ledgers"  # the committed synthetic sample
        if env.get("HANDBOOK_ROSTER"):
            roster, origin = Path(env["HANDBOOK_ROSTER"]), "env"
        elif private.exists():
            roster, origin = private, "private"
        else:
            roster, origin = data / "sample" / "members.csv", "sample"
        return cls(
            config_file=config_file,
            root=root,
            docs=root / str(raw.get("docs_dir") or "docs"),
            data=data,
            ledgers=Path(env.get("HANDBOOK_LEDGERS") or data / "ledgers"),
            private_ledgers=Path(env.get("HANDBOOK_PRIVATE_LEDGERS") or private_ledgers),
            translations=Path(env.get("HANDBOOK_TRANSLATIONS") or data / "translations.yml"),
            site=root / str(raw.get("site_dir") or "site"),
            dist=root / "dist",
            roster=roster,
            roster_origin=origin,
        )

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project of the command line: HANDBOOK_ROOT (set by `--project`), else the nearest
        folder at or above `start` (the current folder) holding mkdocs.yml."""
        if os.environ.get("HANDBOOK_ROOT"):
            return cls.from_config_file(Path(os.environ["HANDBOOK_ROOT"]) / CONFIG_FILE)
        here = (start or Path.cwd()).resolve()
        found = next((d for d in (here, *here.parents) if (d / CONFIG_FILE).exists()), here)
        return cls.from_config_file(found / CONFIG_FILE)


@dataclass(frozen=True, eq=False)
class Model:
    """Everything the generated pages and print outputs are made from, checked, for one build."""

    project: Project
    settings: Settings
    book: Handbook
    register: dict[str, Obligation]  # the obligations register by id
    ledgers: Ledgers
    translations: translations.Table
    # The language-independent ledger results: periods, compliance, reports, summaries.
    ledger_model: dict


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def stamp(project: Project, settings: Settings) -> tuple:
    """The one cache key of a model: names, sizes and modification times of every file under
    docs/ and data/ (and the ledger folder and translation table where they are pointed
    elsewhere), with the settings. Unchanged key, unchanged model."""
    files = [*_files(project.docs), *_files(project.data)]
    for extra in (project.ledgers, project.private_ledgers, project.translations):
        if not extra.is_relative_to(project.data):
            files += _files(extra) if extra.is_dir() else [extra] if extra.is_file() else []
    stats = []
    for path in files:
        try:
            info = path.stat()
        except OSError:  # removed while we looked: the next key differs anyway
            continue
        stats.append((str(path), info.st_size, info.st_mtime_ns))
    return (settings, str(project.config_file), str(project.ledgers), tuple(stats))


def load(project: Project, settings: Settings) -> Model:
    """Read and check every input of the pages once; HandbookError lists what is wrong."""
    try:
        book = content.load_handbook(project.docs, project.data)
    except (OSError, KeyError, ValueError) as error:
        raise HandbookError(f"内容文件读取失败 (cannot read the content): {error}") from None
    problems = content.check(book, project.data, project.root)
    if problems:
        raise HandbookError("Content problems:\n  " + "\n  ".join(problems))
    try:
        data = load_all(
            project.ledgers,
            revisions=content.revisions(book.rules),
            root=project.root,
            private=project.private_ledgers,
        )
    except LedgerError as error:
        raise HandbookError(error.report()) from None
    table = translations.load(project.translations)
    missing = translations.problems(data, table)
    if missing:
        raise HandbookError(
            f"台账数据缺少英文译名 {len(missing)} 处 (values without an English form):\n"
            + "\n".join(missing)
        )
    register = {o.id: o for o in book.obligations}
    derived = ledgers_pages.ledger_model(data, settings, register, book)
    return Model(project, settings, book, register, data, table, derived)
