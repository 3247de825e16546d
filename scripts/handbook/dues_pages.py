"""Pages of the private dues and recruitment ledgers: aggregates only, in both languages.

`generate(ledgers, lang, settings, as_of, rule_titles)` returns {src_uri: markdown}. Nothing
here names a member or shows a member's income or amount: per branch and month the pages give
rates and counts of people; amounts in yuan appear only as whole-bureau totals of a period, and
an arrears total only when it covers at least `MIN_PEOPLE` members (a smaller one would let a
reader work out what one member owes). Per-member detail goes to the private report
(`handbook.private_report`), never to the site.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

import pandas as pd

from handbook.config import Settings
from handbook.content import chinese_number
from handbook.ledgers import Ledgers
from handbook.ledgers import dues as d
from handbook.ledgers import recruitment as r
from handbook.render import escape, strings
from handbook.summaries import Period

PAGES = ("ledgers/dues.md", "ledgers/recruitment.md")
MIN_PEOPLE = 3
AS_OF_ENV = "HANDBOOK_AS_OF"


def _words(lang: str) -> dict:
    """The words of the dues and recruitment pages in `lang` (`dues:` in the strings tables)."""
    return strings(lang)["dues"]


def as_of_day(settings: Settings, environ: Mapping[str, str] = os.environ) -> dt.date:
    """The reporting day: HANDBOOK_AS_OF (YYYY-MM-DD) if set, else the current period's end."""
    if environ.get(AS_OF_ENV):
        return dt.date.fromisoformat(environ[AS_OF_ENV])
    return Period.parse(settings.current_period).end


def _link(lang: str, titles: dict, rule: str, article: str) -> str:
    """A Markdown link to a rule article, from a page one folder deep."""
    title = titles.get(rule, {}).get(lang, rule)
    number = chinese_number(article.removeprefix("第").removesuffix("条"))
    text = _words(lang)["rule_link"].format(title=title, article=article, number=number)
    anchor = article if lang == "zh" else f"article-{number}"
    return f"[{escape(text)}](../rules/{rule}.md#{anchor})"


def _links(lang: str, titles: dict, rule: str, articles: str) -> str:
    return _words(lang)["links_sep"].join(
        _link(lang, titles, rule, a) for a in articles.split("、")
    )


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{100 * rate:.1f}%"


def _money(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def dues_page(
    ledgers: Ledgers, lang: str, settings: Settings, as_of: dt.date, titles: dict, names: dict
) -> str:
    """The dues page: collection rate per branch and month, arrears counts, totals."""
    s = _words(lang)
    period = Period.of(as_of)
    view = d.overview(ledgers["dues"], period.months, as_of)
    link = lambda article: _link(lang, titles, d.RULE, article)  # noqa: E731
    office = settings.office if lang == "zh" else settings.office_en
    out = [
        f"# {s['dues_title']}",
        "",
        f'!!! note ""\n    {escape(s["private"].format(office=office))}',
    ]
    standard = s["standard"].format(a6=link("第六条"), a7=link("第七条"), a10=link("第十条"))
    as_of_text = s["as_of"].format(day=as_of.isoformat(), period=period.label(lang))
    out += ["", as_of_text + s["sentence_sep"] + standard, ""]

    def rate_cell(c: d.Cell) -> str:
        extra = s["unpaid_cell"].format(n=c.unpaid) if c.unpaid else ""
        return _percent(c.rate) + extra

    month_heads = [strings(lang)["dates"]["month_short"][int(m[5:]) - 1] for m in view.months]
    rows = [
        [names.get(b, escape(b))]
        + [rate_cell(view.by_branch_month[(b, m)]) for m in view.months]
        + [rate_cell(view.by_branch[b])]
        for b in view.branches
    ]
    rows.append(
        [f"**{s['all']}**"]
        + [rate_cell(view.by_month[m]) for m in view.months]
        + [rate_cell(view.total)]
    )
    out += [f"## {s['rates']}", "", s["rates_note"], ""]
    out += [_table([s["branch"], *month_heads, s["period_total"]], rows), ""]
    total = view.total
    unpaid_members = total.unpaid
    arrears = (
        s["none"]
        if not total.arrears
        else s["arrears_amount"].format(amount=_money(total.arrears), people=unpaid_members)
        if unpaid_members >= MIN_PEOPLE
        else s["arrears_hidden"].format(people=unpaid_members, k=MIN_PEOPLE)
    )
    out += [
        s["totals"].format(
            due=_money(total.due),
            collected=_money(total.collected),
            rate=_percent(total.rate),
            arrears=arrears,
        ),
        "",
    ]
    rows = [
        [
            names.get(b, escape(b)),
            str(view.by_branch[b].unpaid),
            str(view.behind[b]),
            str(view.lapsed[b]),
            str(view.by_branch[b].large),
        ]
        for b in view.branches
    ]
    rows.append(
        [
            f"**{s['all']}**",
            str(total.unpaid),
            str(sum(view.behind.values())),
            str(sum(view.lapsed.values())),
            str(total.large),
        ]
    )
    out += [f"## {s['arrears']}", ""]
    out += [_table([s["branch"], s["unpaid"], s["behind"], s["lapsed"], s["large"]], rows), ""]
    rule06 = _link(lang, titles, "06", "第十八条")
    out += [s["lapse_note"].format(a11=link("第十一条"), r18=rule06), ""]
    out += [s["large_note"].format(a8=link("第八条")), ""]
    return "\n".join(out)


def recruitment_page(
    ledgers: Ledgers, lang: str, settings: Settings, as_of: dt.date, titles: dict, names: dict
) -> str:
    """The recruitment page: counts per stage and branch, time limits missed, steps due."""
    s = _words(lang)
    i = 0 if lang == "zh" else 1
    period = Period.of(as_of)
    frame = ledgers["recruitment"]
    office = settings.office if lang == "zh" else settings.office_en
    out = [
        f"# {s['rec_title']}",
        "",
        f'!!! note ""\n    {escape(s["private"].format(office=office))}',
    ]
    out += ["", s["as_of"].format(day=as_of.isoformat(), period=period.label(lang)), ""]
    branches = sorted(set(ledgers["branches"]["编号"]))
    stages = ("applicant", "activist", "target", "probationer")
    counts = {b: dict.fromkeys(stages, 0) for b in branches}
    admitted = dict.fromkeys(branches, 0)
    converted = dict.fromkeys(branches, 0)
    start, end = pd.Timestamp(period.start), pd.Timestamp(as_of)
    for _, e in frame.iterrows():
        stage = r.stage(e, as_of)
        if stage in stages:
            counts[e["党支部"]][stage] += 1
        if pd.notna(e["支部大会日期"]) and start <= e["支部大会日期"] <= end:
            admitted[e["党支部"]] += 1
        if pd.notna(e["转正日期"]) and start <= e["转正日期"] <= end:
            converted[e["党支部"]] += 1
    rows = [
        [names.get(b, escape(b))]
        + [str(counts[b][k]) for k in stages]
        + [str(admitted[b]), str(converted[b])]
        for b in branches
    ]
    rows.append(
        [f"**{s['all']}**"]
        + [str(sum(counts[b][k] for b in branches)) for k in stages]
        + [str(sum(admitted.values())), str(sum(converted.values()))]
    )
    head = [s["branch"], *(r.STAGE_NAMES[k][i] for k in stages), s["admitted"], s["converted"]]
    out += [f"## {s['stages']}", "", s["stages_note"], "", _table(head, rows), ""]

    found = r.findings(frame)
    rule_title = titles.get(r.RULE, {}).get(lang, r.RULE)
    rule_name = s["rule_name"].format(title=rule_title)
    out += [f"## {s['checks']}", "", s["checks_note"].format(rule=escape(rule_name)), ""]
    rows = []
    for key, (articles, zh, en) in r.CHECKS.items():
        hits = [f for f in found if f.check == key]
        where = sorted({f.branch for f in hits})
        rows.append(
            [
                zh if lang == "zh" else en,
                _links(lang, titles, r.RULE, articles),
                s["people"].format(n=len({f.id for f in hits})),
                s["and"].join(names.get(b, escape(b)) for b in where) if where else "—",
            ]
        )
    out += [_table([s["check"], s["basis"], s["found"], s["where"]], rows), ""]

    steps = r.next_steps(frame, as_of)
    late, soon = r.overdue(steps, as_of), r.due_soon(steps, as_of)
    rows = []
    for key, (articles, zh, en) in r.NEXT_STEPS.items():
        if key == "target":
            continue  # an earliest date, not a time limit
        a = [x for x in late if x.step == key]
        b = [x for x in soon if x.step == key]
        where = sorted({x.branch for x in a + b})
        rows.append(
            [
                zh if lang == "zh" else en[:1].upper() + en[1:],
                _links(lang, titles, r.RULE, articles),
                str(len(a)),
                str(len(b)),
                s["and"].join(names.get(x, escape(x)) for x in where) if where else "—",
            ]
        )
    out += [f"## {s['steps']}", "", s["steps_note"], ""]
    out += [_table([s["step"], s["basis"], s["overdue"], s["soon"], s["where"]], rows), ""]
    return "\n".join(out)


def generate(
    ledgers: Ledgers,
    lang: str,
    settings: Settings,
    as_of: dt.date,
    rule_titles: dict[str, dict[str, str]],
    branch_names: Mapping[str, str],
) -> dict[str, str]:
    """The dues and recruitment pages of one language: {src_uri: markdown}.

    `rule_titles` maps a rule id to its title per language, `branch_names` a branch id to its
    name in the page's language.
    """
    if "dues" not in ledgers.frames or "recruitment" not in ledgers.frames:
        return {}
    names = {b: escape(n) for b, n in branch_names.items()}
    args = (ledgers, lang, settings, as_of, rule_titles, names)
    return {PAGES[0]: dues_page(*args), PAGES[1]: recruitment_page(*args)}
