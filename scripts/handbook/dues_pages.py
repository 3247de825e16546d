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
from handbook.render import escape
from handbook.summaries import Period

PAGES = ("ledgers/dues.md", "ledgers/recruitment.md")
MIN_PEOPLE = 3
AS_OF_ENV = "HANDBOOK_AS_OF"

STRINGS = {
    "zh": {
        "dues_title": "党费收缴情况",
        "rec_title": "发展党员情况",
        "private": (
            "本页只有各党支部的汇总数字：不显示任何党员或申请人的姓名、收入和交纳金额。"
            "逐人明细在{office}的内部报告中（构建时写入 dist/private/，不在网站上）。"
        ),
        "as_of": "统计截至 {day}（{period}）。",
        "standard": "交纳标准见{a6}、{a7}；党支部每月15日前收缴党费（{a10}）。",
        "rates": "各党支部每月收缴率",
        "rates_note": (
            "收缴率 = 截至统计日已收金额 ÷ 应交金额（自愿多交部分不计入）；"
            "括号内为当月未交清的人数。"
        ),
        "branch": "党支部",
        "period_total": "本期",
        "all": "全局",
        "arrears": "欠缴和大额交纳",
        "unpaid": "本期有未交清月份的人数",
        "behind": "连续3个月以上未交",
        "lapsed": "连续6个月以上未交",
        "large": "自愿一次多交1000元以上（笔）",
        "lapse_note": (
            "党员没有正当理由连续6个月不交纳党费的，依照党章第九条的规定被认为是自行脱党"
            "（{a11}，{r18}）：党支部应及时核实情况。"
        ),
        "large_note": "自愿一次多交纳1000元以上的党费，全部上缴中央（{a8}）。",
        "totals": (
            "本期全局应交党费 {due} 元，已收 {collected} 元，收缴率 {rate}；未交清 {arrears}。"
        ),
        "arrears_amount": "{amount} 元（{people} 人）",
        "arrears_hidden": "{people} 人（少于{k}人时不显示金额）",
        "none": "无",
        "people": "{n}人",
        "stages": "各环节人数",
        "stages_note": "截至统计日各党支部处在各环节的人数；“本期”两列为本期内发生的人数。",
        "admitted": "本期接收预备党员",
        "converted": "本期转为正式党员",
        "checks": "时限检查",
        "checks_note": (
            "按{rule}检查台账记录的日期。这些是工作中的问题，不是数据错误，"
            "请相关党支部对照整改；日期顺序错误等数据问题会让构建停止。"
        ),
        "check": "检查",
        "basis": "依据",
        "found": "发现",
        "where": "涉及党支部",
        "steps": "到期的步骤",
        "steps_note": "截至统计日已超过时限、以及今后30天内到期的步骤（人数）。",
        "step": "步骤",
        "overdue": "已超期",
        "soon": "30天内到期",
        "rule_link": "《{title}》{article}",
        "and": "、",
    },
    "en": {
        "dues_title": "Party dues collection",
        "rec_title": "Recruitment of new members",
        "private": (
            "This page gives branch totals only: no member's or applicant's name, income or "
            "amount paid. Per-person detail is in a private report for the {office} (written to "
            "dist/private/ by the build, not on the site)."
        ),
        "as_of": "Figures as of {day} ({period}).",
        "standard": "Rates: {a6} and {a7}; branches collect dues by the 15th of each month "
        "({a10}).",
        "rates": "Collection rate per branch and month",
        "rates_note": (
            "Collection rate = amount collected by the reporting day ÷ amount due (voluntary "
            "extra not counted); in brackets, members who had not paid that month in full."
        ),
        "branch": "Branch",
        "period_total": "Period",
        "all": "Whole bureau",
        "arrears": "Arrears and large payments",
        "unpaid": "Members with an unpaid month in the period",
        "behind": "3 months or more unpaid in a row",
        "lapsed": "6 months or more unpaid in a row",
        "large": "Voluntary one-off extra of 1,000 yuan or more (payments)",
        "lapse_note": (
            "A member who, without good reason, pays no dues for six months in a row is "
            "regarded as having given up membership under Article 9 of the Party Constitution "
            "({a11}; {r18}): the branch should look into it promptly."
        ),
        "large_note": "Voluntary one-off extra dues of 1,000 yuan or more go in full to the "
        "Central Committee ({a8}).",
        "totals": (
            "In the period the bureau's members owed {due} yuan and paid {collected} yuan: a "
            "collection rate of {rate}; unpaid: {arrears}."
        ),
        "arrears_amount": "{amount} yuan ({people} members)",
        "arrears_hidden": "{people} member(s) (amount not shown for fewer than {k})",
        "none": "none",
        "people": "{n}",
        "stages": "People at each stage",
        "stages_note": "People at each stage on the reporting day, per branch; the last two "
        "columns count what happened within the period.",
        "admitted": "Admitted as probationary members in the period",
        "converted": "Became full members in the period",
        "checks": "Time limits",
        "checks_note": (
            "The ledger's dates checked against {rule}. These are findings about the work, not "
            "data errors, for the branches to put right; dates out of order and other data "
            "errors stop the build."
        ),
        "check": "Check",
        "basis": "Basis",
        "found": "Found",
        "where": "Branches",
        "steps": "Steps due",
        "steps_note": "Steps past their time limit on the reporting day, and steps due in the "
        "next 30 days (people).",
        "step": "Step",
        "overdue": "Overdue",
        "soon": "Due in 30 days",
        "rule_link": "{title}, Article {number}",
        "and": ", ",
    },
}


def as_of_day(settings: Settings, environ: Mapping[str, str] = os.environ) -> dt.date:
    """The reporting day: HANDBOOK_AS_OF (YYYY-MM-DD) if set, else the current period's end."""
    if environ.get(AS_OF_ENV):
        return dt.date.fromisoformat(environ[AS_OF_ENV])
    return Period.parse(settings.current_period).end


def _link(lang: str, titles: dict, rule: str, article: str) -> str:
    """A Markdown link to a rule article, from a page one folder deep."""
    title = titles.get(rule, {}).get(lang, rule)
    number = chinese_number(article.removeprefix("第").removesuffix("条"))
    text = STRINGS[lang]["rule_link"].format(title=title, article=article, number=number)
    anchor = article if lang == "zh" else f"article-{number}"
    return f"[{escape(text)}](../rules/{rule}.md#{anchor})"


def _links(lang: str, titles: dict, rule: str, articles: str) -> str:
    joiner = "；" if lang == "zh" else "; "
    return joiner.join(_link(lang, titles, rule, a) for a in articles.split("、"))


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
    s = STRINGS[lang]
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
    out += ["", as_of_text + ("" if lang == "zh" else " ") + standard, ""]

    def rate_cell(c: d.Cell) -> str:
        extra = f"（{c.unpaid}）" if lang == "zh" else f" ({c.unpaid})"
        return _percent(c.rate) + (extra if c.unpaid else "")

    month_heads = [
        f"{int(m[5:])}月" if lang == "zh" else dt.date(2000, int(m[5:]), 1).strftime("%b")
        for m in view.months
    ]
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
    s = STRINGS[lang]
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
    rule_name = f"《{rule_title}》" if lang == "zh" else rule_title
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
