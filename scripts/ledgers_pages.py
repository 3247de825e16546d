"""Pages generated from the ledgers (台账): dashboard, summaries, compliance views, reports.

`scripts.pages` calls `navigation()` once per build and `generate(lang, settings)` once per
language. The ledgers are loaded once per build (cached on the files' sizes and times, so that
`mkdocs serve` reloads them when a file in data/ changes).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts import charts, config, summaries
from scripts.config import Settings
from scripts.content import chinese_number
from scripts.ledgers import LedgerError, Ledgers, load_all
from scripts.ledgers.schemas import (
    LEDGER_SPECS,
    MEMBERS,
    SPECS,
    STUDY_TYPES,
    UNITS,
    LedgerSpec,
    columns,
)
from scripts.render import render
from scripts.summaries import Period

COMPLIANCE = ("theme-days", "three-meetings", "life-meetings", "rectification", "risks", "talks")
# Language-independent results of the current ledgers: computed once, used for both languages.
_model: dict[tuple[int, Settings], dict] = {}


def ledgers() -> Ledgers:
    """The validated ledgers (loaded once while the files are unchanged)."""
    try:
        return load_all(Path(config.LEDGERS))
    except LedgerError as error:
        raise PluginError(error.report()) from None


def _periods(data: Ledgers) -> list[Period]:
    return summaries.periods(data)


def navigation() -> list:
    """Ledger pages listed under 台账统计 in the navigation."""
    data = ledgers()
    return [
        {"台账汇总": [f"ledgers/{spec.key}.md" for spec in LEDGER_SPECS]},
        {"合规检查": [f"ledgers/compliance/{name}.md" for name in COMPLIANCE]},
        {"半年工作汇报": [f"ledgers/reports/{p.key}.md" for p in reversed(_periods(data))]},
        "ledgers/columns.md",
    ]


@cache
def _rule_titles() -> dict[str, dict[str, str]]:
    from scripts.content import load_rules  # only when pages are generated

    return {r.id: {"zh": r.title_in("zh"), "en": r.title_in("en")} for r in load_rules()}


def _rule(lang: str, depth: int):
    """A template helper: link text and URL of a rule article, relative to the page."""
    prefix = "../" * depth

    def link(rule_id: str, article: str = "") -> dict:
        titles = _rule_titles().get(rule_id, {"zh": rule_id, "en": rule_id})
        title = titles[lang]
        number = chinese_number(article.removeprefix("第").removesuffix("条")) if article else 0
        if lang == "zh":
            text, anchor = f"《{title}》{article}", article
        else:  # English rule pages anchor their articles as article-N
            text, anchor = f"{title}, Article {number}", f"article-{number}"
        href = f"{prefix}rules/{rule_id}.md" + (f"#{anchor}" if article else "")
        return {"text": text, "href": href}

    return link


def _current(data: Ledgers, settings: Settings) -> Period:
    known = _periods(data)
    try:
        wanted = Period.parse(settings.current_period)
    except ValueError:
        return known[-1]
    return wanted if wanted in known else known[-1]


def _labels(lang: str) -> dict[str, str]:
    """Column labels of every schema in the page's language (data values are never translated)."""
    out = {}
    for spec in (*LEDGER_SPECS, MEMBERS):
        for column in columns(spec.model):
            out[column.name] = column.name if lang == "zh" else column.en
    return out


_KINDS = {"zh": {"text": "文本", "date": "日期", "int": "整数"}, "en": {}}


def _column_rows(spec: LedgerSpec, lang: str) -> list[list[str]]:
    """One row per column for the column reference page, in the page's language."""
    zh = lang == "zh"
    rows = []
    for c in columns(spec.model):
        rules = []
        if c.allowed:
            rules.append(("可选值：" if zh else "one of: ") + "、".join(c.allowed))
        if c.minimum is not None:
            rules.append(f"不小于 {c.minimum}" if zh else f"at least {c.minimum}")
        if c.unique:
            rules.append("每行不同" if zh else "unique")
        if c.ref == "branches":
            rules.append("党支部台账中的编号" if zh else "an ID from the branch ledger")
        if c.ref == "units":
            rules.append(
                "党支部台账中的编号，或 " + "、".join(UNITS)
                if zh
                else "an ID from the branch ledger, or " + ", ".join(UNITS)
            )
        required = ("是" if c.required else "否") if zh else ("yes" if c.required else "no")
        kind = _KINDS["zh"][c.kind] if zh else c.kind
        note = c.zh_note if zh else f"{c.en}: {c.en_note}"
        rows.append([c.name, kind, required, note, "；".join(rules) if zh else "; ".join(rules)])
    return rows


def _summary_context(data: Ledgers, summary: summaries.LedgerSummary, lang: str) -> dict:
    key = summary.key
    spec = SPECS[key]
    labels = _labels(lang)
    title = spec.zh if lang == "zh" else spec.en
    count = "记录数" if lang == "zh" else "Rows"
    svg = {}
    if summary.by_month:
        months = [(k, rows) for k, rows, _ in summary.by_month.items]
        svg["month"] = charts.column_chart(months, f"{title}：{count}" if lang == "zh" else title)
    if summary.by_branch:
        svg["branch"] = charts.bar_chart(
            [(k, rows) for k, rows, _ in summary.by_branch.items], labels[summary.by_branch.column]
        )
    if summary.by_type:
        svg["type"] = charts.bar_chart(
            [(k, rows) for k, rows, _ in summary.by_type.items], labels[summary.by_type.column]
        )
    return {
        "spec": spec,
        "summary": summary,
        "labels": labels,
        "charts": svg,
        "source": data.sources[key].name,
        "title": title,
    }


def _compliance_context(data: Ledgers, settings: Settings) -> dict:
    months = summaries.data_months(data)
    as_of = summaries.as_of_date(settings.edition, data)
    rect = data["rectification"]
    cadence = summaries.three_meetings(data, months)
    names = dict(zip(data["branches"]["编号"], data["branches"]["名称"], strict=True))
    return {
        "months": months,
        "as_of": as_of,
        "names": names,
        "theme_days": summaries.theme_days(data, months),
        "cadence": cadence,
        "cadence_short": sum(1 for x in cadence if any(x.missing.values())),
        "life": summaries.life_meetings(data, _periods(data), as_of),
        "overdue": summaries.overdue(rect, as_of).to_dict("records"),
        "due_soon": summaries.due_soon(rect, as_of).to_dict("records"),
        "risk_years": [
            (year, *summaries.risk_matrix(data, year)) for year in summaries.risk_years(data)
        ],
        "coverage": [
            (year, summaries.talks_coverage(data, year)) for year in summaries.talk_years(data)
        ],
        "team_talks": {
            year: summaries.figures(data, Period(year, 1))["talk:team"]
            + summaries.figures(data, Period(year, 2))["talk:team"]
            for year in summaries.talk_years(data)
        },
    }


_STATUS = {
    "zh": {
        "on_time": "按期（第一个星期五）",
        "moved": "调整日期，已记录原因",
        "no_reason": "调整日期，未记录原因",
        "missed": "未开展",
        "held": "已召开",
        "missing": "未召开",
        "not_due": "未到期",
        "yes": "已谈",
        "no": "未谈",
    },
    "en": {
        "on_time": "on time (first Friday)",
        "moved": "another day, reason recorded",
        "no_reason": "another day, no reason recorded",
        "missed": "not held",
        "held": "held",
        "missing": "not held",
        "not_due": "not yet due",
        "yes": "yes",
        "no": "no",
    },
}


def _day(value: object) -> str:
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else ""


def _compliance_tables(c: dict, lang: str) -> dict:
    """The rows of every compliance table, with status words in the page's language."""
    words = _STATUS[lang]
    names = c["names"]
    sep = "、" if lang == "zh" else ", "
    problems = [t for t in c["theme_days"] if t.status in ("no_reason", "missed")]
    moved = [t for t in c["theme_days"] if t.status == "moved"]

    def rect(rows: list[dict]) -> list[list]:
        keys = ("编号", "问题", "责任领导", "责任科室")
        return [[*(r[k] for k in keys), _day(r["完成时限"]), r["状态"]] for r in rows]

    return {
        "problems": [
            [t.branch, names[t.branch], t.month, _day(t.date), words[t.status]] for t in problems
        ],
        "moved": [[t.branch, t.month, _day(t.date), t.reason] for t in moved],
        "cadence": [
            [x.branch, names[x.branch], *(sep.join(v) or "—" for v in x.missing.values())]
            for x in c["cadence"]
        ],
        "life": [
            [x.branch, names[x.branch], x.period, sep.join(map(_day, x.dates)), words[x.status]]
            for x in c["life"]
        ],
        "overdue": rect(c["overdue"]),
        "due_soon": rect(c["due_soon"]),
        "risks": {year: [[d, *v, sum(v)] for d, v in rows] for year, _, rows in c["risk_years"]},
        "coverage": {
            year: [
                [x.branch, names[x.branch], x.members, x.talked, f"{x.share}%"]
                + [words["yes" if x.secretary_talk else "no"]]
                for x in rows
            ]
            for year, rows in c["coverage"]
        },
    }


def _report_context(data: Ledgers, period: Period, compliance: dict) -> dict:
    months = set(period.months)
    lapses = [
        t
        for t in compliance["theme_days"]
        if t.month in months and t.status in ("no_reason", "missed")
    ]
    gaps = [
        (c.branch, kind, when)
        for c in compliance["cadence"]
        for kind, missing in c.missing.items()
        for when in missing
        if when in months or when[:4] + "-" + f"{int(when[-1]) * 3:02d}" in months
    ]
    missing_life = [
        m for m in compliance["life"] if m.period == period.key and m.status == "missing"
    ]
    overdue = summaries.overdue(data["rectification"], period.end)
    return {
        "period": period,
        "next": period.next(),
        "f": summaries.figures(data, period),
        "volunteer": summaries.main_volunteer_activity(data, period),
        "lapses": lapses,
        "lapse_branches": sorted({t.branch for t in lapses}),
        "gaps": gaps,
        "missing_life": missing_life,
        "overdue": overdue.to_dict("records"),
    }


def model(data: Ledgers, settings: Settings) -> dict:
    """Everything the pages show that does not depend on the language, computed once per build."""
    cache_key = (id(data), settings)
    if cache_key not in _model:
        periods = _periods(data)
        compliance = _compliance_context(data, settings)
        org = data["org_life"]
        monthly = org[
            org["类别"].isin(["主题党日", "支部委员会", "党小组会", "支部党员大会", "党课"])
        ]
        by_month = monthly.groupby(monthly["日期"].dt.strftime("%Y-%m")).size()
        _model.clear()
        _model[cache_key] = {
            "periods": periods,
            "current": _current(data, settings),
            "compliance": compliance,
            "reports": {p: _report_context(data, p, compliance) for p in periods},
            "summaries": [summaries.summarise(data, spec.key) for spec in LEDGER_SPECS],
            "org_by_month": [(k, int(v)) for k, v in by_month.items()],
        }
    return _model[cache_key]


def generate(lang: str, settings: Settings) -> dict[str, str]:
    """Generated ledger pages of one language: {src_uri: markdown}."""
    data = ledgers()
    m = model(data, settings)
    tpl_lang = lang if lang in ("zh", "en") else "zh"
    zh = lang == "zh"
    compliance, current, periods = m["compliance"], m["current"], m["periods"]
    common = {
        "settings": settings,
        "approx": summaries.approx if zh else summaries.approx_en,
        "specs": LEDGER_SPECS,
        "names": compliance["names"],
    }
    out: dict[str, str] = {}

    report_now = m["reports"][current]
    f = report_now["f"]
    dashboard_charts = {
        "study": charts.bar_chart(
            [(kind, f[f"study:{kind}"]) for kind in STUDY_TYPES],
            f"{current.label('zh')}理论学习" if zh else "Theory study this half year",
        ),
        "org": charts.column_chart(
            m["org_by_month"],
            "三会一课与主题党日（次/月）"
            if zh
            else "Branch meetings and theme Party days per month",
        ),
    }
    out["ledgers/index.md"] = render(
        "ledger_index",
        tpl_lang,
        current=current,
        periods=periods,
        charts=dashboard_charts,
        report=report_now,
        compliance=compliance,
        rows={spec.key: data.rows(spec.key) for spec in LEDGER_SPECS},
        **common,
    )
    for summary in m["summaries"]:
        out[f"ledgers/{summary.key}.md"] = render(
            "ledger_summary", tpl_lang, **_summary_context(data, summary, lang), **common
        )
    rule = _rule(lang, 2)
    tables = _compliance_tables(compliance, lang)
    for view in COMPLIANCE:
        out[f"ledgers/compliance/{view}.md"] = render(
            "ledger_compliance", tpl_lang, view=view, c=compliance, t=tables, rule=rule, **common
        )
    schema_pages = [(spec, _column_rows(spec, lang)) for spec in (*LEDGER_SPECS, MEMBERS)]
    out["ledgers/columns.md"] = render("ledger_columns", tpl_lang, schemas=schema_pages, **common)
    for period in periods:
        out[f"ledgers/reports/{period.key}.md"] = render(
            "report", tpl_lang, **m["reports"][period], **common
        )
    return out
