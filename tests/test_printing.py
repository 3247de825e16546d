"""The print outputs read back: handbook PDFs, personal PDFs, Word templates, privacy."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from handbook.content import split_front_matter
from handbook.ledgers import load_all
from handbook.printing import handbook_path
from tests.conftest import LEDGERS
from tests.pdf_structure import elements, page_of, structure_problems
from tests.printing_fixtures import Printed, printed, real_roster_names  # noqa: F401

CLOSING = "，。、；：？！）》」』】〕〉”’"
PAGE_NUMBER = re.compile(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页")


def outline(reader: PdfReader, items: list | None = None, depth: int = 1) -> list[tuple]:
    """Flattened outline: (depth, title, page index)."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline(reader, item, depth + 1)
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item)))
    return found


def page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True)
    return text.stdout.decode("utf-8").split("\f")[:-1]


def layout_texts(path: Path) -> list[str]:
    """Pages as laid out (one text line per printed line)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return text.stdout.decode("utf-8").split("\f")[:-1]


def rule_pages(reader: PdfReader, titles: list[str]) -> dict[str, range]:
    """Page range of each rule from the outline (until the next part or level-2 entry)."""
    marks = [(depth, title, page) for depth, title, page in outline(reader) if depth <= 2]
    spans = {}
    for i, (depth, title, page) in enumerate(marks):
        end = next((p for _, _, p in marks[i + 1 :] if p > page), len(reader.pages))
        if depth == 2 and title in titles:
            spans[title] = range(page, end)
    return spans


@pytest.fixture(scope="module")
def zh(printed: Printed) -> tuple[PdfReader, list[str]]:  # noqa: F811
    path = handbook_path(printed.site, "zh")
    return PdfReader(path), page_texts(path)


def test_handbook_has_a_page_per_rule_at_least(printed: Printed, zh) -> None:  # noqa: F811
    reader, texts = zh
    # cover, contents, three part pages, and every rule starts on a page of its own
    assert len(reader.pages) >= 2 + 3 + len(printed.book.rules)
    assert len(texts) == len(reader.pages)


def test_outline_mirrors_parts_and_every_rule(printed: Printed, zh) -> None:  # noqa: F811
    reader, _ = zh
    entries = outline(reader)
    top = [title for depth, title, _ in entries if depth == 1]
    assert top[-3:] == ["制度汇编", "责任清单", "报告模板"]
    level2 = [title for depth, title, _ in entries if depth == 2]
    for rule in printed.book.rules:
        assert rule.title in level2
    for template in printed.book.templates:
        assert template.title in level2


def test_each_rule_prints_its_title_and_articles(printed: Printed, zh) -> None:  # noqa: F811
    reader, texts = zh
    spans = rule_pages(reader, [r.title for r in printed.book.rules])
    for rule in printed.book.rules:
        text = re.sub(r"\s+", "", "".join(texts[i] for i in spans[rule.title]))
        assert re.sub(r"\s+", "", rule.title) in text
        for article in rule.articles:
            assert article.label in text, (rule.id, article.label)


def test_running_header_names_the_rule_on_its_pages(printed: Printed, zh) -> None:  # noqa: F811
    reader, texts = zh
    spans = rule_pages(reader, [r.title for r in printed.book.rules])
    for rule in printed.book.rules:
        for index in spans[rule.title]:
            # margin boxes come last in the page's text: header, then the page number
            header = texts[index].strip().splitlines()[-2]
            assert re.sub(r"\s+", "", header) == re.sub(r"\s+", "", rule.title)


def test_pages_are_numbered_x_of_y(zh) -> None:  # noqa: F811
    reader, texts = zh
    total = len(reader.pages)
    for index, text in enumerate(texts[1:], start=1):  # the cover carries no number
        assert (str(index + 1), str(total)) in PAGE_NUMBER.findall(text)
    assert not PAGE_NUMBER.search(texts[0])


def test_fonts_are_embedded_noto_serif_cjk(zh) -> None:  # noqa: F811
    reader, _ = zh
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            names.add(str(font["/BaseFont"]))
    assert names and all("Noto-Serif-CJK-SC" in name for name in names)


def test_document_language_is_simplified_chinese(zh) -> None:  # noqa: F811
    reader, _ = zh
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_handbooks_are_tagged_and_open_with_bookmarks(printed: Printed, lang: str) -> None:  # noqa: F811
    root = PdfReader(handbook_path(printed.site, lang)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == ("zh-CN" if lang == "zh" else "en")
    assert root["/PageMode"] == "/UseOutlines"


def test_no_page_holds_fewer_than_three_lines(printed: Printed) -> None:  # noqa: F811
    for lang in ("zh", "en"):
        reader = PdfReader(handbook_path(printed.site, lang))
        parts = {page for depth, _, page in outline(reader) if depth == 1}
        texts = layout_texts(handbook_path(printed.site, lang))
        for index, text in enumerate(texts):
            if index == 0 or index in parts:  # the cover and the part title pages
                continue
            lines = [line for line in text.splitlines() if line.strip()]
            body = lines[1:-1]  # without the running header and the page number
            assert len(body) >= 3, (lang, index + 1, body)


def test_english_handbook_holds_no_chinese_outside_names(printed: Printed) -> None:  # noqa: F811
    text = "".join(page_texts(handbook_path(printed.site, "en")))
    allowed = [printed.settings.org_name, printed.settings.org_short]
    allowed += [rule.doc_no for rule in printed.book.rules]
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, "")
    # a Chinese term quoted in brackets after its English rendering is a name, as a ledger writes it
    text = re.sub(r"[(（][\u4e00-\u9fff]+[)）]", "", text)
    assert re.findall(r"[\u4e00-\u9fff]+", text) == []


def test_each_rule_has_its_own_pdf_and_docx_in_both_languages(printed: Printed) -> None:  # noqa: F811
    folder = printed.site / "downloads" / "rules"
    handbook = PdfReader(handbook_path(printed.site, "zh"))
    spans = rule_pages(handbook, [r.title for r in printed.book.rules])
    for rule in printed.book.rules:
        reader = PdfReader(folder / f"{rule.id}.pdf")
        span = spans[rule.title]
        assert len(reader.pages) == len(span)
        assert reader.page_labels[0] == str(span.start + 1)  # viewer and page agree
        assert "/StructTreeRoot" in reader.trailer["/Root"]
        text = re.sub(r"\s+", "", "".join(page_texts(folder / f"{rule.id}.pdf")))
        assert re.sub(r"\s+", "", rule.title) in text
        assert PdfReader(folder / f"{rule.id}.en.pdf").pages
        for suffix in ("", ".en"):
            assert Document(str(folder / f"{rule.id}{suffix}.docx")).paragraphs[0].text


def test_no_line_starts_with_closing_punctuation(zh) -> None:  # noqa: F811
    _, texts = zh
    bad = [
        line
        for text in texts
        for line in text.splitlines()
        if line.strip() and line.strip()[0] in CLOSING
    ]
    assert bad == []


def test_contents_links_land_on_the_rules(printed: Printed, zh) -> None:  # noqa: F811
    reader, _ = zh
    spans = rule_pages(reader, [r.title for r in printed.book.rules])
    targets = set()
    for page in reader.pages[1:5]:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                dest = reader.named_destinations[str(annotation["/Dest"])]
                targets.add(reader.get_destination_page_number(dest))
    assert {span.start for span in spans.values()} <= targets


def test_english_handbook_has_every_rule_translated_or_not(printed: Printed) -> None:  # noqa: F811
    reader = PdfReader(handbook_path(printed.site, "en"))
    level2 = [title for depth, title, _ in outline(reader) if depth == 2]
    for rule in printed.book.rules:
        english = rule.path.with_suffix(".en.md")
        title = rule.title
        if english.exists():
            title = split_front_matter(english.read_text(encoding="utf-8"))[0]["title"]
        assert title in level2
    assert "Rules" in [title for depth, title, _ in outline(reader) if depth == 1]
    text = page_texts(handbook_path(printed.site, "en"))
    assert re.search(r"Page 2 of \d+", text[1])


# --- personal copies ----------------------------------------------------------------------------


def personal_files(printed: Printed) -> list[Path]:  # noqa: F811
    return sorted((printed.dist / "members").glob("*.pdf"))


def test_one_safe_file_per_member(printed: Printed) -> None:  # noqa: F811
    files = personal_files(printed)
    assert len(files) == len(printed.rows)
    for path in files:
        assert path.parent == printed.dist / "members"
        assert not re.search(r'[\x00-\x1f/\\:*?"<>|\s]', path.name)
        assert not path.name.startswith(".")


def member_file(printed: Printed, row: dict[str, str]) -> Path:  # noqa: F811
    return next(p for p in personal_files(printed) if p.name.startswith(row["编号"] + "-"))


def test_personal_cover_names_member_and_branch(printed: Printed) -> None:  # noqa: F811
    for row in printed.rows:
        first = page_texts(member_file(printed, row))[0]
        flat = re.sub(r"\s+", "", first)
        assert re.sub(r"\s+", "", row["姓名"]) in flat
        assert printed.branches.get(row["党支部"], row["党支部"]) in flat


def test_personal_copy_keeps_outline_links_and_body(printed: Printed, zh) -> None:  # noqa: F811
    handbook, _ = zh
    row = printed.rows[1]  # a branch secretary: one post's duties
    reader = PdfReader(member_file(printed, row))
    entries = outline(reader)
    titles = [title for _, title, _ in entries]
    assert titles[:2] == ["我的支部", "本人岗位职责"]
    spans = rule_pages(reader, [r.title for r in printed.book.rules])
    assert set(spans) == {r.title for r in printed.book.rules}
    texts = page_texts(member_file(printed, row))
    for rule in printed.book.rules[:3]:
        assert re.sub(r"\s+", "", rule.title) in re.sub(r"\s+", "", texts[spans[rule.title].start])
    assert "制度汇编" in titles
    # the body follows the personal pages, its contents links still land in the body
    extra = len(reader.pages) - (len(handbook.pages) - 1)
    assert extra >= 2
    targets = set()
    for annotation in reader.pages[extra].get("/Annots") or []:
        annotation = annotation.get_object()
        dest = annotation.get("/Dest")
        if dest is not None:
            dest = reader.named_destinations[str(dest)] if isinstance(dest, str) else dest
            targets.add(reader.get_destination_page_number(dest))
    assert targets and all(extra <= t < len(reader.pages) for t in targets)
    # post duties pages list only that post's duties
    duties = re.sub(r"\s+", "", "".join(texts[2:extra]))
    post = printed.book.post("Z1")
    assert all(d.id in duties for d in post.duties)
    assert "G1-01" not in duties


def test_every_personal_copy_is_numbered_through_and_counts_its_pages(printed: Printed) -> None:  # noqa: F811
    for path in personal_files(printed):
        texts = page_texts(path)
        total = len(PdfReader(path).pages)
        assert not PAGE_NUMBER.search(texts[0])  # the cover
        for index, text in enumerate(texts[1:], start=1):
            assert PAGE_NUMBER.findall(text) == [(str(index + 1), str(total))], (path, index)


def test_personal_copy_opens_with_the_members_branch_and_calendar(printed: Printed) -> None:  # noqa: F811
    from handbook.printing.personal import branches

    known = branches(load_all(LEDGERS)["branches"])
    theme = next(ob for ob in printed.book.obligations if ob.week and ob.weekday)
    for row in printed.rows:
        texts = page_texts(member_file(printed, row))
        page = re.sub(r"\s+", "", texts[1])
        branch = known.get(row["党支部"])
        assert "我的支部" in page and "支部日历" in page
        if branch:
            assert branch.name in page and branch.secretary in page
        assert page.count(theme.what) == 6  # a dated theme day in each month of the half year


def test_ordinary_member_gets_own_obligations_not_every_post(printed: Printed) -> None:  # noqa: F811
    from handbook.printing.personal import member_duties

    row = next(r for r in printed.rows if r["岗位"] == "党员")
    texts = page_texts(member_file(printed, row))
    start = next(i for i, t in enumerate(texts) if "目" in t and "录" in t and "制度汇编" in t)
    pages = re.sub(r"\s+", "", "".join(texts[1:start]))
    assert "党员本人义务" in pages
    for duty in member_duties(printed.book):
        assert re.sub(r"\s+", "", duty.what) in pages
    assert "G1-01" not in pages and "Z1-01" not in pages


def test_personal_copy_holds_no_other_member(printed: Printed) -> None:  # noqa: F811
    row = printed.rows[0]
    path = member_file(printed, row)
    reader = PdfReader(path)
    text = re.sub(r"\s+", "", "".join(page_texts(path)))
    others = {re.sub(r"\s+", "", r["姓名"]) for r in printed.rows if r["姓名"] != row["姓名"]}
    assert not [name for name in others if len(name) > 2 and name in text]
    pages = [
        i
        for i in range(1, int(reader.trailer["/Size"]))
        if (obj := reader.get_object(i)) is not None
        and hasattr(obj, "get")
        and obj.get("/Type") == "/Page"
    ]
    assert len(pages) == len(reader.pages)


def test_every_personal_copy_is_tagged_with_the_handbooks_language(printed: Printed) -> None:  # noqa: F811
    for path in personal_files(printed):
        catalog = PdfReader(path).trailer["/Root"]
        root = catalog["/StructTreeRoot"]
        (document,) = root["/K"]  # one root element, holding the personal part then the handbook
        parts = document.get_object()["/K"]
        assert document.get_object()["/S"] == "/Document", path
        assert [part.get_object()["/S"] for part in parts] == ["/Part", "/Part"], path
        assert all(part.get_object()["/K"] for part in parts), path
        assert bool(catalog["/MarkInfo"]["/Marked"]) and catalog["/Lang"] == "zh-CN", path


def test_every_personal_copys_structure_leads_to_its_own_pages(printed: Printed) -> None:  # noqa: F811
    # veraPDF is not installed here: a structural check instead. Each page's /StructParents
    # and each annotation's /StructParent is a key of the parent tree, used once; every MCID
    # on a page leads to an element on that page holding it; every /Pg is a page of the copy.
    for path in personal_files(printed):
        assert structure_problems(PdfReader(path)) == [], path


def test_personal_copy_has_the_front_pages_elements_plus_the_handbooks(printed: Printed) -> None:  # noqa: F811
    handbook = PdfReader(handbook_path(printed.site, "zh"))
    hb_root = handbook.trailer["/Root"]["/StructTreeRoot"]
    cover = handbook.pages[0].indirect_reference.idnum
    hb_elements = elements(hb_root)
    # the copies leave out the handbook's cover (and its one /Document wrapper)
    body = [e for e in hb_elements if page_of(e) not in (cover, None)]
    for row in printed.rows:
        copy = PdfReader(member_file(printed, row))
        root = copy.trailer["/Root"]["/StructTreeRoot"]
        front, rest = (elements(part) for part in root["/K"][0].get_object()["/K"])
        extra = len(copy.pages) - (len(handbook.pages) - 1)
        ids = [page.indirect_reference.idnum for page in copy.pages]
        assert {page_of(e) for e in front} == set(ids[:extra])  # every personal page, no other
        assert {page_of(e) for e in rest} == set(ids[extra:])
        assert len(rest) == len(body)
        assert len(elements(root)) == len(front) + len(body) + 3  # with /Document and 2 /Part


def test_personal_copy_is_at_most_100kb_larger(printed: Printed) -> None:  # noqa: F811
    # (copies carry the structure tree of their pages, as the handbook does)
    handbook = handbook_path(printed.site, "zh").stat().st_size
    assert all(p.stat().st_size <= handbook + 100_000 for p in personal_files(printed))


# --- privacy ------------------------------------------------------------------------------------


def site_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return "".join(page_texts(path))
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(n).decode("utf-8", "ignore") for n in archive.namelist())
    return path.read_bytes().decode("utf-8", "ignore")


def test_no_member_name_anywhere_in_the_site(printed: Printed) -> None:  # noqa: F811
    # Every name of both rosters: the sample roster is synthetic and chosen so that no name is
    # also an ordinary word of the handbook, so any hit is a leak (branch secretaries are named
    # in the branch ledger, whose 书记 column must therefore never be published).
    names = {r["姓名"] for r in printed.rows} | set(real_roster_names())
    names = {n for n in names if len(re.findall(r"\w", n)) >= 2}
    assert len(names) >= len(printed.rows) - 1
    assert not (printed.dist.resolve()).is_relative_to(printed.site.resolve())
    leaks = []
    for path in printed.site.rglob("*"):
        if path.is_file():
            text = site_text(path)
            leaks += [(str(path), n) for n in names if n in text]
    assert leaks == []


# --- Word templates -----------------------------------------------------------------------------


def test_each_template_docx_is_in_official_form(printed: Printed) -> None:  # noqa: F811
    folder = printed.site / "downloads" / "templates"
    for template in printed.book.templates:
        for suffix, lang in (("", "zh"), (".en", "en")):
            document = Document(str(folder / f"{template.slug}{suffix}.docx"))
            title = template.title if lang == "zh" else template.title_en
            body = template.body if lang == "zh" else template.body_en
            assert document.core_properties.title == title
            assert document.core_properties.created.year >= 2024  # the build's date
            assert document.paragraphs[0].style.name == "Title"
            assert document.paragraphs[0].text == title
            section = document.sections[0]
            assert [round(x.mm) for x in (section.top_margin, section.left_margin)] == [37, 28]
            assert "PAGE" in section.footer._element.xml
            headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
            expected = [ln[3:].strip() for ln in body.splitlines() if ln.startswith("## ")]
            assert headings == expected
            text = "\n".join(p.text for p in document.paragraphs)
            text += "".join(c.text for t in document.tables for c in t._cells)
            guidance = [ln.strip()[2:] for ln in body.splitlines() if ln.startswith("    - ")]
            guidance += [ln.strip("> ") for ln in body.splitlines() if ln.startswith("> ")]
            assert guidance and not [g for g in guidance if g[:15] in text]
            comments = "".join(c.text for c in document.comments)
            assert all(g[:15] in comments for g in guidance)
            if template.kind == "记录":
                assert len(document.tables) >= 2
                rows = [row for table in document.tables for row in table.rows]
                to_fill = [row for row in rows if any(not c.text.strip() for c in row.cells)]
                assert to_fill and all(row.height and row.height.mm >= 10 for row in to_fill)


# --- links to the downloads ---------------------------------------------------------------------


def _download_links(page: Path) -> list[str]:
    return re.findall(r'href="([^"]*downloads/[^"]+)"', page.read_text(encoding="utf-8"))


def test_home_rule_and_template_pages_link_to_existing_downloads(printed: Printed) -> None:  # noqa: F811
    pages = [printed.site / "index.html", printed.site / "en" / "index.html"]
    pages += [printed.site / "rules" / f"{r.id}.html" for r in printed.book.rules]
    pages += [printed.site / "en" / "rules" / f"{r.id}.html" for r in printed.book.rules]
    pages += [printed.site / "templates" / f"{t.slug}.html" for t in printed.book.templates]
    pages += [printed.site / "en" / "templates" / f"{t.slug}.html" for t in printed.book.templates]
    for page in pages:
        links = _download_links(page)
        assert links, page
        for link in links:
            assert (page.parent / link).resolve().is_file(), (page, link)


def test_english_handbook_prints_the_english_duties_and_levels(printed: Printed) -> None:  # noqa: F811
    text = re.sub(r"\s+", " ", "".join(page_texts(printed.site / "downloads" / "handbook-en.pdf")))
    for post in printed.book.posts:
        assert post.name_en in text, post.id
        first = re.sub(r"\s+", " ", post.duties[0].text_en)[:50]
        assert first in text, post.id
    assert printed.book.levels[0].responsibilities_en[0][:50] in text
    assert printed.book.posts[0].duties[0].text not in text  # not the Chinese text


@pytest.mark.slow
def test_word_files_render_in_libreoffice_as_a4_with_page_numbers(
    printed: Printed,  # noqa: F811
    tmp_path: Path,
) -> None:
    downloads = printed.site / "downloads"
    template = next(t for t in printed.book.templates if t.kind == "记录")
    files = [downloads / "templates" / f"{template.slug}.docx", downloads / "rules" / "15.docx"]
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile"]
        + ["--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, files)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    titles = [template.title, printed.book.rules_by_id["15"].title]
    for path, title in zip(files, titles, strict=True):
        pdf = tmp_path / f"{path.stem}.pdf"
        reader = PdfReader(pdf)
        width, height = (float(x) for x in reader.pages[0].mediabox[2:])
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
        texts = page_texts(pdf)
        assert re.sub(r"\s+", "", title) in re.sub(r"\s+", "", texts[0])
        assert "— 1 —" in texts[0]
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(pdf)])
        assert next(tmp_path.glob(f"{path.stem}.pdf*.png")).stat().st_size > 2_000
