"""Personal copies of the handbook, one PDF per member of the private roster.

A copy opens with pages about its owner: a cover with their name, branch and post; their
branch's page (secretary, half-year calendar); their post's duties, or for an ordinary member
their own obligations from the obligations register. The handbook body follows.

The body is laid out once, in one WeasyPrint document that also holds every member's cover,
every branch's page and one duties block per variant (after the body, so that the body's
layout is the public handbook's). Duties blocks are padded with note pages to the longest, so
every copy has the same page count and the body is numbered as it stands in the copies
(第 n 页 / 共 N 页 true in each). pypdf then combines, once per variant, a base PDF; each
member's PDF is that base with its first two pages' content (cover, branch page) replaced in
an incremental update, which costs a few kilobytes and milliseconds per member.

Copies are tagged like the handbook: the combined document is written as PDF/UA, each base
gets the structure of its pages (`tag_copy`: one /Document holding the personal pages as a
/Part, then the handbook as a /Part) and each member's update brings the structure of their
two pages along.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from handbook.config import Settings
from handbook.console import progress
from handbook.content import Handbook
from handbook.printing import personal
from handbook.printing.document import (
    LABELS,
    BranchPage,
    Cover,
    DutyVariant,
    MemberPages,
    handbook_html,
)
from handbook.printing.pdf import anchor_pages, render, write
from handbook.printing.pdfbytes import (
    PageSwap,
    Structure,
    indexed_page_references,
    pack_writer,
    page_content,
    same_resources,
    tag_copy,
)
from handbook.summaries import Period

ALL_DUTIES = "all"  # duties variant of ordinary members: their own obligations
# Roster columns (the members schema's names, as `ledgers.load_roster` validated them).
_COLUMNS = {"id": "编号", "name": "姓名", "branch": "党支部", "post": "岗位"}
SWAPPED = 2  # pages each copy swaps in: the member's cover and branch page
PARTS_ROLE = "/Part"  # structure element of each part: the personal pages, the handbook
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
    """Members from a roster table (DataFrame or records with the schema's column names).

    岗位 may be a post id (G1), a post name (党支部书记) or 党员/empty for an ordinary member.
    """
    post_ids = {p.id.upper(): p.id for p in book.posts} | {p.name: p.id for p in book.posts}
    members = []
    for record in _records(data):
        value = {key: str(record.get(name, "") or "").strip() for key, name in _COLUMNS.items()}
        post = post_ids.get(value["post"].upper()) or post_ids.get(value["post"], "")
        members.append(Member(value["id"], value["name"], value["branch"], post))
    return [m for m in members if m.name]


def load_members(
    book: Handbook,
    path: Path,
    ledgers_dir: Path,
    names: dict[str, str],
    root: Path | None = None,
) -> list[Member]:
    """The roster at `path`, validated against the ledgers in `ledgers_dir` (LedgerError lists
    its problems); branch ids become the `names` of the branch ledger. No roster, no members."""
    from handbook import ledgers

    if not path.exists():
        return []
    frame = ledgers.load_roster(path, ledgers_dir, root)
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


def branch_pages(
    book: Handbook,
    settings: Settings,
    members: list[Member],
    known: dict[str, personal.Branch] | None = None,
) -> tuple[list[BranchPage], dict[str, int]]:
    """One page per branch of the roster (in roster order), and each branch's page index.

    `known`: the branch ledger's branches (`personal.branches`); others show as named."""
    known = known or {}
    period = Period.parse(settings.current_period)
    pages: list[BranchPage] = []
    index: dict[str, int] = {}
    for member in members:
        if member.branch in index:
            continue
        branch = known.get(member.branch) or personal.Branch(member.branch, member.branch)
        index[member.branch] = len(pages)
        pages.append(BranchPage(branch, personal.branch_calendar(book, period, branch)))
    return pages, index


def member_pages(
    book: Handbook,
    settings: Settings,
    members: list[Member],
    padding: dict[str, int] | None = None,
    body_first: int = 0,
    known: dict[str, personal.Branch] | None = None,
) -> MemberPages:
    """Duties variants needed by the roster, its branches' pages, one cover per member.

    Post holders get their post's duties; ordinary members
    their own obligations (from the obligations register). `padding` adds note pages per
    variant; `body_first` is the copy's page number of the body's first page.
    """
    keys = {m.post or ALL_DUTIES for m in members}
    own = personal.member_duties(book)
    if not own:  # no register: an ordinary member sees every post's duties as before
        fallback = [DutyVariant(ALL_DUTIES, list(book.posts))]
    else:
        fallback = [DutyVariant(ALL_DUTIES, [], own)]
    variants = [DutyVariant(p.id, [p]) for p in book.posts if p.id in keys]
    if ALL_DUTIES in keys:
        variants += fallback
    if padding:
        variants = [DutyVariant(v.key, v.posts, v.own, padding.get(v.key, 0)) for v in variants]
    covers = [Cover(m.name, m.branch, post_name(book, m)) for m in members]
    branches, _ = branch_pages(book, settings, members, known)
    return MemberPages(variants, covers, branches, body_first)


@dataclass
class Layout:
    """Where things are in the combined document (page indexes)."""

    body: list[int]  # the handbook without its own cover
    cover: int  # the blank member cover
    branches: list[int]  # one page per branch
    duties: dict[str, list[int]]
    covers: list[int]


def layout(
    anchors: dict[str, int], handbook_pages: int, page_count: int, covers: int, branches: int = 0
) -> Layout:
    """Page indexes of the body, branch pages, duties variants and covers, from the anchors."""
    starts = sorted(
        (page, name) for name, page in anchors.items() if name.startswith("member-duties-")
    )
    cover_pages = [anchors[f"member-cover-{i}"] for i in range(covers)]
    ends = [page for page, _ in starts[1:]] + [cover_pages[0] if cover_pages else page_count]
    duties = {
        name.removeprefix("member-duties-"): list(range(start, end))
        for (start, name), end in zip(starts, ends, strict=True)
    }
    branch_pages = [anchors[f"member-branch-{i}"] for i in range(branches)]
    return Layout(
        list(range(1, handbook_pages)), anchors["member-cover"], branch_pages, duties, cover_pages
    )


def measure(
    book: Handbook,
    settings: Settings,
    members: list[Member],
    known: dict[str, personal.Branch] | None = None,
) -> dict[str, int]:
    """Pages each duties variant takes, laid out alone; every branch page must take one."""
    pages = member_pages(book, settings, members, known=known)
    only = MemberPages(pages.variants, [], pages.branches, 0, only=True)
    document = render(handbook_html(book, "zh", settings, members=only))
    anchors = anchor_pages(document)
    where = layout(anchors, 0, len(document.pages), 0, len(pages.branches))
    ends = [*where.branches[1:], min(p[0] for p in where.duties.values())]
    for page, end in zip(where.branches, ends, strict=True):
        if end - page != 1:
            raise RuntimeError("a branch page of the personal copies takes more than one page")
    return {key: len(found) for key, found in where.duties.items()}


def base_copy(structure: Structure, where: Layout, variant: str, titles: list[str]) -> bytes:
    """The personal copy of a post without its owner: blank cover and branch page, duties, body.

    `titles` name the bookmarks of the branch page and the duties pages. The copy is tagged:
    its /Document holds the personal pages' elements (a /Part) then the handbook's (a /Part),
    with the first two pages' parent-tree keys in a leaf of their own.
    """
    reader = structure.reader
    writer = PdfWriter()
    first = [where.cover, where.branches[0], *where.duties[variant]]
    writer.append(reader, pages=first, import_outline=False)
    for page, title in enumerate(titles, start=1):
        writer.add_outline_item(title=title, page_number=page)
    writer.append(reader, pages=where.body, import_outline=True)
    tag_copy(
        writer,
        structure,
        [*first, *where.body],
        [(PARTS_ROLE, len(first)), (PARTS_ROLE, len(where.body))],
        own_leaf=SWAPPED,
    )
    writer.page_mode = "/UseOutlines"
    writer._root_object[NameObject("/Lang")] = TextStringObject(LABELS["zh"]["html_lang"])
    writer.add_metadata({"/Title": LABELS["zh"]["title"], "/Author": ""})
    return pack_writer(writer)


def personal_copies(
    book: Handbook,
    settings: Settings,
    members: list[Member],
    handbook_pages: int,
    known: dict[str, personal.Branch] | None = None,
) -> Iterator[tuple[Member, bytes]]:
    """Each member with the bytes of their personal PDF, in roster order.

    Every copy has the same number of pages (duties variants padded with note pages), so the
    body is laid out once, numbered as it stands in the copies.
    """
    if not members:
        return
    lengths = measure(book, settings, members, known)
    longest = max(lengths.values())
    padding = {key: longest - length for key, length in lengths.items()}
    personal_count = 2 + longest  # cover, branch page, duties
    total = personal_count + handbook_pages - 1
    pages = member_pages(
        book, settings, members, padding, body_first=personal_count + 1, known=known
    )
    html = handbook_html(book, "zh", settings, members=pages, total_pages=total)
    document = render(html)
    where = layout(
        anchor_pages(document),
        handbook_pages,
        len(document.pages),
        len(members),
        len(pages.branches),
    )
    with indexed_page_references():
        tagged = write(document, LABELS["zh"]["title"], settings)
    reader = PdfReader(io.BytesIO(tagged))
    structure = Structure(reader)
    if not same_resources(reader, [where.cover, *where.covers]):
        raise RuntimeError("member covers use resources the blank cover lacks")
    if not same_resources(reader, where.branches):
        raise RuntimeError("branch pages use different resources")
    _, branch_of = branch_pages(book, settings, members, known)
    labels = LABELS["zh"]
    bases: dict[str, PageSwap] = {}
    for member, index in zip(members, where.covers, strict=True):
        variant = member.post or ALL_DUTIES
        if variant not in bases:
            titles = [
                labels["my_branch"],
                labels["member_duties" if member.post else "my_obligations"],
            ]
            bases[variant] = PageSwap(base_copy(structure, where, variant, titles), SWAPPED)
        swapped = [index, where.branches[branch_of[member.branch]]]
        contents = [page_content(reader, page) for page in swapped]
        yield member, bases[variant].with_pages(contents, (structure, swapped))


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
    """The personal copies' counter on stderr (every tenth copy in a log file)."""
    progress(done, total, "个人手册 personal PDFs", every=10)
