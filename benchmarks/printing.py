"""Print throughput: handbook PDF, 300 personal PDFs, one full re-render, sizes.

Run with `make bench` (all benchmarks) or `python -m benchmarks.printing`.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from handbook.config import load_settings
from handbook.content import load_handbook
from handbook.model import Project
from handbook.printing.document import LABELS, handbook_html
from handbook.printing.members import Member, member_pages, personal_copies, write_personal_copies
from handbook.printing.pdf import handbook_pdf, render, write

MEMBERS = 300
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂玉兰萍建华红梅鹏飞宇轩"


def synthetic_members(count: int, post_ids: list[str]) -> list[Member]:
    """A roster shaped like the bureau's: a few post holders, mostly ordinary members."""
    members = []
    for i in range(count):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 3) % 11]
        post = post_ids[i] if i < len(post_ids) else ""
        members.append(Member(f"M{i + 1:03d}", name, f"第{i % 10 + 1}党支部", post))
    return members


def main() -> None:
    """Print the figures; targets: 300 copies ≤ 3× one handbook render, copy ≤ handbook + 100 kB."""
    project = Project.find()
    book = load_handbook(project.docs, project.data)
    settings = load_settings(project.config_file)
    start = time.perf_counter()
    chinese = handbook_pdf(book, "zh", settings)
    handbook_s = time.perf_counter() - start
    start = time.perf_counter()
    handbook_pdf(book, "en", settings)
    english_s = time.perf_counter() - start
    pages = len(PdfReader(io.BytesIO(chinese)).pages)

    posts = ["G1", *["G2"] * 5, "J1", "J2", *["Z1"] * 10]
    members = synthetic_members(MEMBERS, posts)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        written = write_personal_copies(
            personal_copies(book, settings, members, pages), Path(folder), len(members)
        )
        copies_s = time.perf_counter() - start
        copy_size = max(p.stat().st_size for p in written)

    one = members[-1]
    start = time.perf_counter()
    pages_of_one = member_pages(book, settings, [one], body_first=4)
    html = handbook_html(book, "zh", settings, members=pages_of_one, total_pages=pages + 2)
    write(render(html), LABELS["zh"]["title"], settings)
    full_s = time.perf_counter() - start

    print("printing")
    print(f"  handbook-zh.pdf: {handbook_s:6.1f} s  ({pages} pages, {len(chinese) / 1e3:.0f} kB)")
    print(f"  handbook-en.pdf: {english_s:6.1f} s")
    print(f"  {MEMBERS} personal PDFs: {copies_s:6.1f} s  ({copies_s / MEMBERS * 1e3:.0f} ms each)")
    print(f"  one full re-render: {full_s:6.1f} s  → {MEMBERS} would take {full_s * MEMBERS:.0f} s")
    print(f"  saving: {full_s * MEMBERS / copies_s:.0f}× faster than re-rendering each copy")
    print(
        f"  {MEMBERS} copies / one handbook render: {copies_s / handbook_s:.2f}× "
        f"({copies_s:.1f} s / {handbook_s:.1f} s, target ≤ 3×)"
    )
    extra = copy_size - len(chinese)
    print(
        f"  size: personal {copy_size / 1e3:.0f} kB vs handbook {len(chinese) / 1e3:.0f} kB "
        f"({extra / 1e3:+.0f} kB, target ≤ +100 kB; copies tagged like the handbook)"
    )


if __name__ == "__main__":
    main()
