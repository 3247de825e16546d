"""The built calendar, due/overdue and self-test pages, and the printed test papers (issue 17)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from handbook import questions as bank
from handbook.config import load_settings
from handbook.content import load_handbook
from handbook.printing.papers import title, write_papers
from handbook.render import strings
from tests.conftest import DATA, DOCS, MKDOCS_YML
from tests.printing_fixtures import Printed, printed  # noqa: F401


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_calendar_page_links_an_ics_file_that_parses(site_dir: Path, prefix: str):
    pages = sorted((site_dir / prefix / "plan").glob("*-*.html"))
    assert len([p for p in pages if p.name.startswith("branch-")]) >= 5
    assert len([p for p in pages if p.name.startswith("post-")]) == 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]+\.ics)"', html)
        assert len(hrefs) == 1, page
        target = (page.parent / hrefs[0]).resolve()
        assert target.is_file(), (page, hrefs[0])
        cal = Calendar.from_ical(target.read_bytes())
        assert cal.walk("VEVENT")
        assert (".en.ics" in target.name) == (prefix == "en/")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_dashboard_links_to_the_due_page(site_dir: Path, prefix: str):
    html = (site_dir / prefix / "ledgers" / "index.html").read_text(encoding="utf-8")
    assert 'href="../plan/due.html"' in html
    due = (site_dir / prefix / "plan" / "due.html").read_text(encoding="utf-8")
    assert "2023-06-30" in due  # the end of extra.current_period


def _answer(page, pick) -> tuple[int, int]:
    """Answer every shown question with `pick(question)` option indexes, submit, read the score."""
    data = json.loads(page.locator("#quiz-data").text_content())
    by_id = {q["id"]: q for q in data["questions"]}
    expected = 0
    fieldsets = page.locator("fieldset.quiz-question")
    count = fieldsets.count()
    for n in range(count):
        fieldset = fieldsets.nth(n)
        q = by_id[fieldset.get_attribute("data-id")]
        chosen = pick(q)
        expected += sorted(chosen) == sorted(q["answer"])
        for i in chosen:
            fieldset.locator("input").nth(i).check()
    page.get_by_role("button", name=data["ui"]["submit"]).click()
    return count, expected


@pytest.mark.parametrize(
    ("prefix", "score"), [("", r"得分：(\d+) / (\d+)"), ("en/", r"Score: (\d+) / (\d+)")]
)
def test_the_self_test_works_from_disk_and_gives_a_score(site_dir: Path, page, prefix, score):
    url = (site_dir / prefix / "plan" / "quiz.html").as_uri()
    page.goto(url)
    data = json.loads(page.locator("#quiz-data").text_content())
    assert len(data["questions"]) >= 150
    page.get_by_role("button", name=data["ui"]["start"]).click()
    count, expected = _answer(page, lambda q: q["answer"])
    assert count == 20
    status = page.locator(".quiz-status").text_content()
    assert re.search(score, status).groups() == ("20", "20")
    assert page.locator(".quiz-feedback:visible").count() == 20
    first = page.locator(".quiz-feedback").first.text_content()
    assert re.search(r"第[一二三四五六七八九十]+条|Article \d+", first)
    # a new round, answering A everywhere: the score is what the answers deserve
    page.get_by_role("button", name=data["ui"]["again"]).click()
    count, expected = _answer(page, lambda q: [0])
    status = page.locator(".quiz-status").text_content()
    assert re.search(score, status).groups() == (str(expected), "20")
    assert page.locator(".quiz-wrong").count() == 20 - expected
    link = page.locator(".quiz-feedback a").first.get_attribute("href")
    assert (Path(url.removeprefix("file://")).parent / link.split("#")[0]).resolve().is_file()
    assert all(r.startswith("file://") for r in page.requests), "the self-test made a request"


def _flat(text: str) -> str:
    """Text without spaces, line breaks and hyphens (English lines are hyphenated in print)."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("papers")
    write_papers(load_handbook(DOCS, DATA), load_settings(MKDOCS_YML), folder, 2023)
    return folder


@pytest.mark.print
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_test_papers_read_back_with_questions_and_answer_key(papers: Path, lang: str):
    suffix = "" if lang == "zh" else ".en"
    book = load_handbook(DOCS, DATA)
    bank_ = bank.questions(book, lang)
    for quarter in ("2023Q1", "2023Q2", "2023Q3", "2023Q4"):
        paper = bank.paper(bank_, quarter)
        docx = Document(str(papers / f"{quarter}{suffix}.docx"))
        texts = [p.text for p in docx.paragraphs]
        assert texts[0] == title(quarter, lang)
        assert docx.core_properties.title == title(quarter, lang)
        section = docx.sections[0]
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        for kind, heading in strings(lang)["papers"]["sections"].items():
            assert (heading in texts) == any(q.kind == kind for q in paper)
        numbered = [t for t in texts if re.match(r"\d+\. ", t)]
        assert len(numbered) == 40  # 20 questions, then 20 answers
        key_at = texts.index("参考答案及依据" if lang == "zh" else "Answer key and articles")
        answers = [t for t in texts[key_at:] if re.match(r"\d+\. ", t)]
        ordered = [q for kind in bank.KINDS for q in paper if q.kind == kind]
        for line, q in zip(answers, ordered, strict=True):
            letters = "".join(chr(65 + i) for i in q.answer)
            assert re.match(rf"\d+\. (答案：|Answer: ){letters}\b", line), line
            assert q.cite in line
        reader = PdfReader(io.BytesIO((papers / f"{quarter}{suffix}.pdf").read_bytes()))
        pdf_text = _flat("".join(page.extract_text() for page in reader.pages))
        assert _flat(title(quarter, lang)) in pdf_text
        assert _flat(ordered[0].text) in pdf_text
        assert _flat(ordered[-1].cite) in pdf_text
        assert len(reader.pages) >= 2


def _answer_the_self_test(page, path: str) -> None:
    """The self-test is checked with its questions and explanations shown."""
    if not path.endswith("quiz.html"):
        return
    data = json.loads(page.locator("#quiz-data").text_content())
    page.get_by_role("button", name=data["ui"]["start"]).click()
    page.get_by_role("button", name=data["ui"]["submit"]).click()
    # back at the top, with the header's scroll transition over, as on arrival
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function(
        "!document.querySelector('.md-header__title--active')"
        " && document.getAnimations().length === 0"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_violation_on_the_calendar_and_the_self_test(
    browser, site_url: str, scheme: str, lang: str
):
    from tests.e2e.test_accessibility import DESKTOP, _axe_pages

    pages = ("plan/index.html", "plan/branch-B01.html", "plan/due.html", "plan/quiz.html")
    _axe_pages(browser, site_url, scheme, lang, DESKTOP, pages, _answer_the_self_test)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_papers_page_links_every_paper_the_full_build_wrote(
    printed: Printed,  # noqa: F811
    prefix: str,
):
    page = printed.site / prefix / "plan" / "papers.html"
    hrefs = re.findall(r'href="([^"]+\.(?:docx|pdf))"', page.read_text(encoding="utf-8"))
    assert len(hrefs) == 8  # four quarters, Word and PDF
    for href in hrefs:
        target = (page.parent / href).resolve()
        assert target.is_file() and target.stat().st_size > 5_000, href
        assert target.parent == (printed.site / "downloads" / "tests").resolve()
        assert (".en." in target.name) == (prefix == "en/")
