"""Pages of the work calendar, the due/overdue list and the knowledge tests; the .ics files.

`generate(book, ledgers, lang, settings)` returns {src_uri: markdown} of one language;
`calendar_files(...)` returns {path under site/: bytes} of the .ics files. One template per page
kind (render/templates/plan_*.md.j2); the words of each language are the `plan:` part of the
strings tables (render/strings/<lang>.yml), passed to the templates as `s`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from handbook import due, ics, ledgers_pages, summaries
from handbook import questions as bank
from handbook import work_calendar as wc
from handbook.config import Settings
from handbook.content import Handbook, Obligation, Post, chinese_number
from handbook.ledgers import Ledgers
from handbook.render import render, strings
from handbook.work_calendar import Event

if TYPE_CHECKING:
    from handbook.model import Model

FOLDER = "plan"
# The same dates on every calendar page: search finds the due page and the tests instead.
NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"
DOWNLOADS = "downloads/calendar"
PAPERS = "downloads/tests"
QUIZ_SIZE = 20


def _words(lang: str) -> dict:
    """The words of the calendar pages in `lang` (`plan:` in render/strings/<lang>.yml)."""
    return strings(lang)["plan"]


# --- dates and names ------------------------------------------------------------------------


def calendar_year(settings: Settings) -> int:
    """The calendar's year: extra.calendar_year, else the year of extra.current_period."""
    return wc.calendar_year(settings)


def as_of(settings: Settings) -> dt.date:
    """The due/overdue date: HANDBOOK_AS_OF, extra.as_of, else the current period's end."""
    return due.as_of(settings.current_period, settings.as_of)


def posts(book: Handbook) -> list[Post]:
    """The five posts that have a calendar."""
    return [p for p in book.posts if p.id in wc.POST_WHO]


def branches(ledgers: Ledgers) -> list[str]:
    """Branch numbers from the branches ledger."""
    return [str(b) for b in ledgers["branches"]["编号"]]


def branch_names(model: Model) -> dict[str, dict[str, str]]:
    """{lang: {branch number: name}} for the .ics files of both languages."""
    out = {}
    for lang in ("zh", "en"):
        words = ledgers_pages.words(model, lang)
        out[lang] = {b: words.unit(b) for b in branches(model.ledgers)}
    return out


def _depth(src_uri: str, lang: str) -> str:
    return "../" * (src_uri.count("/") + (0 if lang == "zh" else 1))


def _cite(book: Handbook, ref: str, lang: str, up: str, html: bool = False) -> dict:
    """Citation text and link of a register reference "15#第四条", relative to a page."""
    rule_id, _, label = ref.partition("#")
    rule = book.rules_by_id[rule_id.zfill(2)]
    if lang == "zh":
        text, anchor = f"《{rule.title_in('zh')}》{label}", label
    else:
        number = chinese_number(label.removeprefix("第").removesuffix("条"))
        text, anchor = f"{rule.title_in('en')}, Article {number}", f"article-{number}"
    page = f"rules/{rule.id}.{'html' if html else 'md'}"
    return {"text": text, "href": f"{up}{page}#{anchor}", "path": f"{page}#{anchor}"}


def _weekday(day: dt.date, lang: str) -> str:
    return _words(lang)["weekdays"][day.weekday()]


def _what(ob: Obligation, lang: str) -> str:
    return ob.what if lang == "zh" else ob.what_en


def _who(ob: Obligation, lang: str) -> str:
    return ob.who if lang == "zh" else ob.who_en


def _month_name(n: int, lang: str) -> str:
    return strings(lang)["dates"]["month_short"][n - 1]


def _rows(book: Handbook, events: list[Event], lang: str, up: str) -> dict[int, list[dict]]:
    """Each month's events as table rows."""
    s = _words(lang)
    return {
        month: [
            {
                "date": e.date.isoformat(),
                "weekday": _weekday(e.date, lang),
                "what": s["paren"].format(_what(e.obligation, lang), s[e.kind]),
                "who": _who(e.obligation, lang),
                "cite": _cite(book, e.obligation.article, lang, up),
            }
            for e in items
        ]
        for month, items in wc.by_month(events).items()
    }


def _grid(events: list[Event], book: Handbook, lang: str, up: str) -> list[dict]:
    """The month view: one row per obligation, one column per month, the days in each cell."""
    s = _words(lang)
    rows: dict[str, dict] = {}
    for e in events:
        ob = e.obligation
        row = rows.setdefault(
            ob.id,
            {
                "what": _what(ob, lang),
                "who": _who(ob, lang),
                "cite": _cite(book, ob.article, lang, up),
                "months": {m: [] for m in range(1, 13)},
                "weekly": "",
            },
        )
        if ob.cadence == "weekly":
            row["weekly"] = s["weekly"].format(day=_weekday(e.date, lang))
        else:
            row["months"][e.date.month].append(str(e.date.day))
    return list(rows.values())


def _undated(book: Handbook, obligations: list[Obligation], lang: str, up: str) -> list[dict]:
    s = _words(lang)
    out = []
    for ob in obligations:
        if ob.limit is None:
            continue
        token = bank.limit_key(ob.limit.amount, ob.limit.unit, lang)
        when = s["limit_before" if ob.limit.before else "limit_after"]
        start = ob.limit.start if lang == "zh" else ob.limit.start_en
        out.append(
            {
                "what": s["paren"].format(_what(ob, lang), _who(ob, lang)),
                "when": when.format(start=start, token=token),
                "cite": _cite(book, ob.article, lang, up),
            }
        )
    return out


# --- due and overdue ------------------------------------------------------------------------


def overdue_rows(
    book: Handbook, items: list[due.Overdue], lang: str, up: str, unit_name: Callable[[str], str]
) -> list[dict]:
    """Overdue items as rows: duty, unit, period, finding, article."""
    s = _words(lang)
    register = {ob.id: ob for ob in book.obligations}
    rows = []
    for item in items:
        ob = register[item.duty]
        if item.duty == "rectification-limit":
            detail = s["rect_item"].format(unit=item.unit, detail=item.detail, slot=item.slot)
            unit = item.unit
        else:
            unit = unit_name(item.unit)
            if item.detail in ("missed", "no_reason"):
                detail = s[item.detail]
            elif "/" in item.detail:
                held, required = item.detail.split("/")
                detail = s["held"].format(held=held, required=required)
            else:
                detail = s["missing"]
        rows.append(
            {
                "what": _what(ob, lang),
                "unit": unit,
                "slot": item.slot,
                "detail": detail,
                "cite": _cite(book, ob.article, lang, up),
            }
        )
    return rows


def _due_context(model: Model, lang: str, up: str, unit_name: Callable[[str], str]) -> dict:
    book, ledgers, settings = model.book, model.ledgers, model.settings
    day = as_of(settings)
    events = wc.year_events(book.obligations, day.year)
    events += wc.year_events(book.obligations, day.year + 1)
    soon = [e for e in wc.within(events, day, due.WINDOW_DAYS) if e.obligation.cadence != "weekly"]
    required = ledgers_pages.requirements(model.register)
    items = due.overdue(ledgers, required, summaries.data_months(ledgers), day)
    items.sort(key=lambda i: (i.slot, i.duty, i.unit), reverse=True)
    return {
        "day": day,
        "end": day + dt.timedelta(days=due.WINDOW_DAYS),
        "soon": [r for rows in _rows(book, soon, lang, up).values() for r in rows],
        "rect_soon": overdue_rows(book, due.rectification_due(ledgers, day), lang, up, unit_name),
        "overdue": overdue_rows(book, items, lang, up, unit_name),
        "items": items,
    }


# --- question bank --------------------------------------------------------------------------


def quiz_json(book: Handbook, questions: list[bank.Question], lang: str, up: str) -> str:
    """The bank as JSON for the self-test page, safe inside <script> (no `<`, `>` or `&`)."""
    data = {
        "size": QUIZ_SIZE,
        "ui": _words(lang)["ui"],
        "questions": [
            {
                "id": q.id,
                "kind": q.kind,
                "text": q.text,
                "options": list(q.options),
                "answer": list(q.answer),
                "explanation": q.explanation,
                "cite": q.cite,
                "href": _cite(book, f"{q.rule}#{q.article}", lang, up, html=True)["href"],
            }
            for q in questions
        ],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def quarters(year: int) -> list[str]:
    """The quarter keys of a year: 2023Q1 … 2023Q4."""
    return [f"{year}Q{q}" for q in range(1, 5)]


# --- pages ----------------------------------------------------------------------------------


def navigation(model: Model) -> list:
    """Pages listed under 工作日历 in the navigation."""
    book, ledgers = model.book, model.ledgers
    return [
        f"{FOLDER}/due.md",
        {"党支部日历": [f"{FOLDER}/branch-{b}.md" for b in branches(ledgers)]},
        {"岗位日历": [f"{FOLDER}/post-{p.id}.md" for p in posts(book)]},
        f"{FOLDER}/quiz.md",
        f"{FOLDER}/papers.md",
    ]


def generate(model: Model, lang: str) -> dict[str, str]:
    """Every page of the calendar, due/overdue list and tests in one language."""
    book, ledgers, settings = model.book, model.ledgers, model.settings
    s = _words(lang)
    words = ledgers_pages.words(model, lang)
    year = calendar_year(settings)
    events = wc.year_events(book.obligations, year)
    branch_events = wc.for_branch(events)
    suffix = "" if lang == "zh" else f".{lang}"
    up = "../"  # Markdown links are relative to the page's source (plan/…)
    downloads = _depth(f"{FOLDER}/x.md", lang) + "downloads/"  # HTML links: to the built page
    common = {"s": s, "year": year, "up": up, "downloads": downloads, "suffix": suffix}
    names = {b: words.unit(b) for b in branches(ledgers)}
    out: dict[str, str] = {}
    out[f"{FOLDER}/index.md"] = NOT_SEARCHED + render(
        "plan_month",
        lang,
        branch_grid=_grid(branch_events, book, lang, up),
        post_grid=_grid(
            [e for e in events if e.obligation.who not in wc.BRANCH_WHO], book, lang, up
        ),
        months=[_month_name(m, lang) for m in range(1, 13)],
        branches=[(f"branch-{b}.md", names[b]) for b in branches(ledgers)],
        posts=[
            (f"post-{p.id}.md", p.name if lang == "zh" else p.name_en or p.name)
            for p in posts(book)
        ],
        due_href="due.md",
        **common,
    )
    duec = _due_context(model, lang, up, words.unit)
    for branch in branches(ledgers):
        mine = [i for i in duec["items"] if i.unit == branch or i.unit.startswith(branch)]
        out[f"{FOLDER}/branch-{branch}.md"] = NOT_SEARCHED + render(
            "plan_calendar",
            lang,
            title=s["branch_title"].format(name=names[branch], year=year),
            ics=f"{downloads}calendar/branch-{branch}{suffix}.ics",
            rows=_rows(book, branch_events, lang, up),
            months={m: _month_name(m, lang) for m in range(1, 13)},
            undated=_undated(
                book, [o for o in wc.undated(book.obligations) if o.who in wc.BRANCH_WHO], lang, up
            ),
            overdue=overdue_rows(book, mine, lang, up, words.unit),
            day=duec["day"],
            **common,
        )
    for post in posts(book):
        name = post.name if lang == "zh" else post.name_en or post.name
        who = wc.POST_WHO[post.id]
        mine = [e for e in wc.for_post(events, post.id) if e.obligation.cadence != "weekly"]
        weekly = [e for e in wc.for_post(events, post.id) if e.obligation.cadence == "weekly"]
        out[f"{FOLDER}/post-{post.id}.md"] = NOT_SEARCHED + render(
            "plan_calendar",
            lang,
            title=s["post_title"].format(name=name, year=year),
            ics=f"{downloads}calendar/post-{post.id}{suffix}.ics",
            rows=_rows(book, mine, lang, up),
            weekly=_grid(weekly, book, lang, up),
            months={m: _month_name(m, lang) for m in range(1, 13)},
            undated=_undated(
                book, [o for o in wc.undated(book.obligations) if o.who in who], lang, up
            ),
            overdue=None,
            day=duec["day"],
            **common,
        )
    out[f"{FOLDER}/due.md"] = render("plan_due", lang, **duec, days=due.WINDOW_DAYS, **common)
    questions = bank.questions(book, lang)
    out[f"{FOLDER}/quiz.md"] = render(
        "plan_quiz",
        lang,
        n=len(questions),
        size=QUIZ_SIZE,
        data=quiz_json(book, questions, lang, up),
        **common,
    )
    test = next(ob for ob in book.obligations if ob.id == "knowledge-test")
    out[f"{FOLDER}/papers.md"] = render(
        "plan_papers",
        lang,
        quarters=[
            (
                s["quarter"].format(year=key[:4], q=key[-1]),
                [f"tests/{key}{suffix}.{kind}" for kind in ("docx", "pdf")],
            )
            for key in quarters(year)
        ],
        cite=_cite(book, test.article, lang, up),
        size=QUIZ_SIZE,
        **common,
    )
    return out


# --- .ics files -----------------------------------------------------------------------------


def _wording(book: Handbook, lang: str, site_url: str) -> Callable[[Event], ics.Wording]:
    """How each event reads in the .ics files of a language."""
    s = _words(lang)

    def wording(event: Event) -> ics.Wording:
        ob = event.obligation
        cite = _cite(book, ob.article, lang, "", html=True)
        path = ("" if lang == "zh" else f"{lang}/") + cite["path"]
        where = site_url.rstrip("/") + "/" + path if site_url else path
        summary = s["paren"].format(_what(ob, lang), s[event.kind])
        colon = s["colon"]
        description = (
            f"{_who(ob, lang)}\n{s['basis']}{colon}{cite['text']}\n{s['page']}{colon}{where}"
        )
        return ics.Wording(summary, description)

    return wording


def calendar_files(
    book: Handbook,
    branch_names: dict[str, dict[str, str]],
    settings: Settings,
    site_url: str,
    stamp: dt.datetime,
) -> dict[str, bytes]:
    """Every .ics file: {path under site/: bytes}, per branch and per post, per language.

    `branch_names` is {lang: {branch number: name}}.
    """
    year = calendar_year(settings)
    events = wc.year_events(book.obligations, year)
    branch_events = wc.for_branch(events)
    zone = ics.timezone(dt.date(year, 1, 1))
    out: dict[str, bytes] = {}
    for lang, names in branch_names.items():
        suffix = "" if lang == "zh" else f".{lang}"
        wording = _wording(book, lang, site_url)
        for branch, name in names.items():
            title = _words(lang)["branch_title"].format(name=name, year=year)
            out[f"{DOWNLOADS}/branch-{branch}{suffix}.ics"] = ics.calendar_bytes(
                title, f"branch-{branch}-{lang}", branch_events, wording, stamp, zone
            )
        for post in posts(book):
            name = post.name if lang == "zh" else post.name_en or post.name
            title = _words(lang)["post_title"].format(name=name, year=year)
            out[f"{DOWNLOADS}/post-{post.id}{suffix}.ics"] = ics.calendar_bytes(
                title, f"post-{post.id}-{lang}", wc.for_post(events, post.id), wording, stamp, zone
            )
    return out
