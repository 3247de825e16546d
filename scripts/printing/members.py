"""Personal copies of the handbook, one PDF per member of the private roster.

The handbook body is laid out once, in one WeasyPrint document that also holds every member's
cover and one duties block per post (after the body, so that the body's layout is the public
handbook's). pypdf then combines, once per post, a base PDF (cover page, the post's duties, the
body with its bookmarks and links); each member's PDF is that base with its cover page's content
replaced in an incremental update, which costs a few kilobytes and milliseconds per member.
"""

from __future__ import annotations

import io
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pypdf import PdfReader, PdfWriter

from scripts.config import Settings
from scripts.content import Handbook
from scripts.printing.document import LABELS, Cover, DutyVariant, MemberPages, handbook_html
from scripts.printing.pdf import anchor_pages, render, write
from scripts.printing.pdfbytes import PageSwap, pack, page_content, same_resources

ALL_DUTIES = "all"  # duties variant of ordinary members: every post's duties
# Roster columns as exported, and the names a loader may give them.
_COLUMNS = {
    "id": ("编号", "id", "member_id"),
    "name": ("姓名", "name"),
    "branch": ("党支部", "branch", "支部"),
    "post": ("岗位", "post", "post_id"),
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    branch: str
    post: str  # a post id (G1 …) or "" for an ordinary member (岗位 党员)


def _records(data: object) -> list[dict]:
    if isinstance(data, pd.DataFrame):
        return data.fillna("").to_dict("records")
    records = []
    for item in data:  # type: ignore[attr-defined]
        records.append(item if isinstance(item, dict) else vars(item))
    return records


def members_from(data: object, book: Handbook) -> list[Member]:
    """Members from a roster table (DataFrame or records, Chinese or English column names).

    岗位 may be a post id (G1), a post name (党支部书记) or 党员/empty for an ordinary member.
    """
    post_ids = {p.id.upper(): p.id for p in book.posts} | {p.name: p.id for p in book.posts}
    members = []
    for record in _records(data):
        value = {
            key: str(next((record[n] for n in names if n in record), "") or "").strip()
            for key, names in _COLUMNS.items()
        }
        post = post_ids.get(value["post"].upper()) or post_ids.get(value["post"], "")
        members.append(Member(value["id"], value["name"], value["branch"], post))
    return [m for m in members if m.name]


def read_roster_csv(path: Path) -> pd.DataFrame:
    """The roster CSV as text columns, in any encoding Excel/WPS exports (UTF-8, BOM, GB18030)."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(f"{path}: neither UTF-8 nor GB18030")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def branch_names(folder: Path | None = None) -> dict[str, str]:
    """Branch id -> branch name from the branch ledger; empty when it cannot be read."""
    from scripts import config, ledgers

    try:
        found, _ = ledgers.find_file(Path(folder or config.LEDGERS), "branches")
        frame, _ = ledgers.load_one(ledgers.SPECS["branches"], found)
        return dict(zip(frame["编号"].astype(str), frame["名称"].astype(str), strict=True))
    except Exception:  # no ledger yet, or another layout: show the ids as they are
        return {}


def load_members(
    book: Handbook, path: Path | None = None, ledgers_dir: Path | None = None
) -> list[Member]:
    """The private roster, validated by `scripts.ledgers.load_roster` when it exists.

    Without that loader the CSV is read directly. Branch ids become branch names.
    """
    from scripts import config, ledgers

    path = Path(path or config.ROSTER)
    if not path.exists():
        return []
    loader = getattr(ledgers, "load_roster", None)
    if loader is None:
        frame = read_roster_csv(path)
    else:
        frame = loader(path, ledgers_dir) if ledgers_dir else loader(path)
    names = branch_names(ledgers_dir)
    return [
        Member(m.id, m.name, names.get(m.branch, m.branch), m.post)
        for m in members_from(frame, book)
    ]


def safe_filename(member: Member, taken: set[str]) -> str:
    """A file name (without .pdf) safe on every file system, unique within `taken`."""
    text = unicodedata.normalize("NFC", f"{member.id}-{member.name}".strip("-"))
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", "_", text).strip("._ ") or "member"
    while len(text.encode("utf-8")) > 120:  # leave room under the usual 255-byte limit
        text = text[:-1]
    name, counter = text, 2
    while name.lower() in taken:
        name, counter = f"{text}_{counter}", counter + 1
    taken.add(name.lower())
    return name


def post_name(book: Handbook, member: Member) -> str:
    return book.post(member.post).name if member.post else LABELS["zh"]["ordinary"]


def member_pages(book: Handbook, members: list[Member]) -> MemberPages:
    """Duties variants needed by the roster, and one cover per member (in roster order)."""
    keys = {m.post or ALL_DUTIES for m in members}
    variants = [DutyVariant(p.id, [p]) for p in book.posts if p.id in keys]
    if ALL_DUTIES in keys:
        variants.append(DutyVariant(ALL_DUTIES, list(book.posts)))
    covers = [Cover(m.name, m.branch, post_name(book, m)) for m in members]
    return MemberPages(variants, covers)


@dataclass
class Layout:
    """Where things are in the combined document (page indexes)."""

    body: list[int]  # the handbook without its own cover
    cover: int  # the blank member cover
    duties: dict[str, list[int]]
    covers: list[int]


def layout(anchors: dict[str, int], handbook_pages: int, page_count: int, covers: int) -> Layout:
    """Page indexes of the body, duties variants and covers, from the anchors' pages."""
    starts = sorted(
        (page, name) for name, page in anchors.items() if name.startswith("member-duties-")
    )
    cover_pages = [anchors[f"member-cover-{i}"] for i in range(covers)]
    ends = [page for page, _ in starts[1:]] + [cover_pages[0] if cover_pages else page_count]
    duties = {
        name.removeprefix("member-duties-"): list(range(start, end))
        for (start, name), end in zip(starts, ends, strict=True)
    }
    return Layout(list(range(1, handbook_pages)), anchors["member-cover"], duties, cover_pages)


def base_copy(reader: PdfReader, where: Layout, variant: str, title: str) -> bytes:
    """The personal copy of a post without its owner: blank cover, duties, body (packed)."""
    writer = PdfWriter()
    writer.append(reader, pages=[where.cover, *where.duties[variant]], import_outline=False)
    writer.add_outline_item(title=title, page_number=1)
    writer.append(reader, pages=where.body, import_outline=True)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": LABELS["zh"]["title"]})
    out = io.BytesIO()
    writer.write(out)
    return pack(out.getvalue())


def personal_copies(
    book: Handbook, settings: Settings, members: list[Member], handbook_pages: int
) -> Iterator[tuple[Member, bytes]]:
    """Each member with the bytes of their personal PDF, in roster order."""
    if not members:
        return
    pages = member_pages(book, members)
    html = handbook_html(book, "zh", settings, members=pages, total_pages=handbook_pages)
    document = render(html)
    where = layout(anchor_pages(document), handbook_pages, len(document.pages), len(members))
    reader = PdfReader(io.BytesIO(write(document, LABELS["zh"]["title"], settings)))
    if not same_resources(reader, [where.cover, *where.covers]):
        raise RuntimeError("member covers use resources the blank cover lacks")
    bases: dict[str, PageSwap] = {}
    for member, index in zip(members, where.covers, strict=True):
        variant = member.post or ALL_DUTIES
        if variant not in bases:
            label = LABELS["zh"]["member_duties" if member.post else "all_duties"]
            bases[variant] = PageSwap(base_copy(reader, where, variant, label))
        yield member, bases[variant].with_first_page(page_content(reader, index))


def write_personal_copies(
    copies: Iterable[tuple[Member, bytes]],
    folder: Path,
    total: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the copies under safe, unique names; report progress as (done, total)."""
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    written = []
    for done, (member, data) in enumerate(copies, start=1):
        path = folder / f"{safe_filename(member, taken)}.pdf"
        path.write_bytes(data)
        written.append(path)
        if progress:
            progress(done, total)
    return written


def stderr_progress(done: int, total: int) -> None:
    """A counter line on stderr, rewritten in place."""
    if done % 10 and done != total:
        return
    # One updating line on a terminal; whole lines in a log file.
    live = sys.stderr.isatty()
    end = "\n" if done == total or not live else ""
    start = "\r" if live else ""
    print(f"{start}个人手册 personal PDFs: {done}/{total}", end=end, file=sys.stderr, flush=True)
