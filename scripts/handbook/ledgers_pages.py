"""Pages generated from the ledgers (台账): dashboard, summaries, compliance views, reports.

`handbook.pages` calls `navigation()` once per build and `generate(lang, settings)` once per
language. The ledgers are loaded once per build (cached on the files' sizes and times, so that
`mkdocs serve` reloads them when a file in data/ changes). Compliance views read each duty's
cadence, count, fixed day and article from the obligations register (data/obligations.yml).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

from mkdocs.exceptions import PluginError

from handbook import charts, config, dues_pages, summaries, translations
from handbook.config import Settings
from handbook.content import Obligation, chinese_number
from handbook.ledgers import LedgerError, Ledgers, load_all
from handbook.ledgers.schemas import (
    ALL_SPECS,
    LEDGER_SPECS,
    MEMBERS,
    SPECS,
    STUDY_TYPES,
    UNITS,
    LedgerSpec,
    columns,
)
from handbook.render import render, strings
from handbook.summaries import Period, Requirement

# Compliance views and the register entries each checks, in the order the pages list them.
VIEWS: dict[str, tuple[str, ...]] = {
    "theme-days": ("theme-day",),
    "three-meetings": ("branch-committee-meeting", "branch-general-meeting", "party-lecture"),
    "party-groups": ("party-group-meeting",),
    "life-meetings": ("org-life-meeting",),
    "democratic-evaluation": ("democratic-evaluation",),
    "knowledge-tests": ("knowledge-test",),
    "warning-education": ("warning-education",),
    "volunteering": ("volunteering",),
    "talks": ("talks",),
    "rectification": ("rectification-limit",),
    "risks": (),
}
COMPLIANCE = tuple(VIEWS)
# Language-independent results of the current ledgers: computed once, used for both languages.
_model: dict[tuple[int, Settings], dict] = {}


def ledgers() -> Ledgers:
    """The validated ledgers (loaded once while the files are unchanged)."""
    try:
        return load_all(Path(config.LEDGERS))
    except LedgerError as error:
        raise PluginError(error.report()) from None


def translation_table(data: Ledgers) -> translations.Table:
    """The English forms of the ledgers' values; every value English pages show must have one."""
    try:
        table = translations.load()
    except translations.TranslationError as error:
        raise PluginError(str(error)) from None
    problems = translations.problems(data, table)
    if problems:
        raise PluginError(
            f"台账数据缺少英文译名 {len(problems)} 处 (values without an English form):\n"
            + "\n".join(problems)
        )
    return table


def words(lang: str, data: Ledgers, settings: Settings) -> Words:
    """How pages of `lang` show the ledgers' values (checks the translation table first)."""
    c = model(data, settings)["compliance"]
    return Words(lang, translation_table(data), c["names"], c["group_names"])


def _periods(data: Ledgers) -> list[Period]:
    return summaries.periods(data)


def navigation() -> list:
    """Ledger pages listed under 台账统计 in the navigation."""
    data = ledgers()
    return [
        {"台账汇总": [f"ledgers/{spec.key}.md" for spec in LEDGER_SPECS]},
        {"合规检查": [f"ledgers/compliance/{name}.md" for name in COMPLIANCE]},
        {"党费和发展党员": list(dues_pages.PAGES)},
        {"半年工作汇报": [f"ledgers/reports/{p.key}.md" for p in reversed(_periods(data))]},
        "ledgers/columns.md",
    ]


@cache
def _rule_titles() -> dict[str, dict[str, str]]:
    from handbook.content import load_rules  # only when pages are generated

    return {r.id: {"zh": r.title_in("zh"), "en": r.title_in("en")} for r in load_rules()}


def _rule(lang: str, depth: int):
    """A template helper: link text and URL of a rule article, relative to the page.

    Called as `rule("15", "第四条")` or with a register reference, `rule("15#第四条")`.
    """
    prefix = "../" * depth

    def link(rule_id: str, article: str = "") -> dict:
        if "#" in rule_id:
            rule_id, article = rule_id.split("#", 1)
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


def _register() -> dict[str, Obligation]:
    """The obligations register by id (data/obligations.yml), read again when the file changes."""
    path = config.DATA / "obligations.yml"
    try:
        stat = path.stat()
    except OSError as error:
        raise PluginError(f"data/obligations.yml: {error}") from None
    return _register_read(path, stat.st_size, stat.st_mtime_ns)


@cache
def _register_read(path: Path, size: int, mtime: int) -> dict[str, Obligation]:
    from handbook.content import load_obligations

    try:
        return {o.id: o for o in load_obligations(path)}
    except (OSError, ValueError) as error:
        raise PluginError(f"data/obligations.yml: {error}") from None


def requirements() -> dict[str, Requirement]:
    """The register entry of every duty a compliance view checks; a missing one is an error."""
    register = _register()
    out: dict[str, Requirement] = {}
    for view, ids in VIEWS.items():
        for duty in ids:
            entry = register.get(duty)
            if entry is None:
                raise PluginError(
                    f"data/obligations.yml: no entry with id {duty!r}; the compliance view "
                    f"ledgers/compliance/{view} checks against it (add the entry)"
                )
            rule_id, _, article = entry.article.partition("#")
            cadence = entry.cadence or ""
            if entry.limit is None and (cadence not in summaries.CADENCES or not entry.count):
                raise PluginError(
                    f"data/obligations.yml: {duty}: the compliance view ledgers/compliance/"
                    f"{view} needs cadence (one of {', '.join(summaries.CADENCES)}) and count"
                )
            if duty == "theme-day" and not (entry.day or (entry.week and entry.weekday)):
                raise PluginError(
                    "data/obligations.yml: theme-day: the compliance view ledgers/compliance/"
                    "theme-days needs the fixed day (week and weekday, or day)"
                )
            out[duty] = Requirement(
                duty,
                cadence,
                entry.count or 0,
                rule_id,
                article,
                week=entry.week,
                weekday=entry.weekday,
                day=entry.day,
            )
    return out


@cache
def _handbook_facts() -> dict[str, int]:
    """What the report says about the handbook itself: rules compiled, posts and duties listed."""
    from handbook.content import load_duties, load_rules

    levels, posts = load_duties()
    return {
        "rules": len(load_rules()),
        "levels": len(levels),
        "posts": len(posts),
        "duties": sum(len(p.duties) for p in posts),
    }


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
    for spec in (*ALL_SPECS, MEMBERS):
        for column in columns(spec.model):
            out[column.name] = column.name if lang == "zh" else column.en
    return out


def _column_rows(spec: LedgerSpec, lang: str, terms: dict[str, str]) -> list[list[str]]:
    """One row per column for the column reference page, in the page's language.

    Column names and allowed values are what people type, so they stay Chinese; the English
    page follows each allowed value with its English form (from data/translations.yml).
    """
    s = strings(lang)["ledgers"]
    r = s["column_rules"]

    def values(allowed: tuple[str, ...]) -> str:
        return r["values_sep"].join(
            r["value"].format(value=v, english=terms[v]) if v in terms else v for v in allowed
        )

    rows = []
    for c in columns(spec.model):
        rules = []
        if c.allowed:
            rules.append(r["one_of"].format(values=values(c.allowed)))
        if c.minimum is not None:
            rules.append(r["at_least"].format(n=c.minimum))
        if c.unique:
            rules.append(r["unique"])
        if c.ref == "branches":
            rules.append(r["branch_id"])
        if c.ref == "units":
            rules.append(r["branch_or_unit"].format(values=values(UNITS)))
        required = r["required"]["yes" if c.required else "no"]
        note = r["note"].format(note_zh=c.zh_note, en=c.en, note_en=c.en_note)
        rows.append([c.name, s["kinds"][c.kind], required, note, r["rules_sep"].join(rules)])
    return rows


# What each ledger's charts count, and a blank optional cell's words (summaries group it as
# "—"), are in the strings table: ledgers.measures and ledgers.blank.


class Words:
    """How one language shows ledger values: Chinese as recorded, or the English form of each
    (data/translations.yml); branch and group ids always by name."""

    def __init__(self, lang: str, table: translations.Table, names: dict, groups: dict) -> None:
        self.lang = lang
        self.table = table
        self.names = {k: self(v) for k, v in names.items()}
        self.groups = {k: (self(b), self(g)) for k, (b, g) in groups.items()}

    def __call__(self, value: object) -> str:
        """A Chinese ledger value in the page's language (blank stays blank)."""
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if self.lang == "zh":
            return str(value)
        try:
            return self.table.english(value)
        except translations.TranslationError as error:
            raise PluginError(str(error)) from None

    def cap(self, value: object) -> str:
        """As `__call__`, capitalised for a table cell or a chart label."""
        return self.capitalised(self(value))

    @staticmethod
    def capitalised(text: str) -> str:
        """The text with its first letter upper-case (Chinese is unchanged)."""
        return text[:1].upper() + text[1:]

    def key(self, value: str, column: str) -> str:
        """A summary key: a name or value, or the words for a blank cell."""
        if value == "—":
            kind = "branch" if column in summaries.BRANCH_COLUMNS else "other"
            return strings(self.lang)["ledgers"]["blank"][kind]
        return self.cap(value)

    def unit(self, unit: str) -> str:
        """A branch's or group's name as a person reads it (never its id)."""
        if unit in self.groups:
            branch, group = self.groups[unit]
            return strings(self.lang)["ledgers"]["group_of"].format(branch=branch, group=group)
        return self.names.get(unit) or self.cap(unit)


def _chart_title(key: str, lang: str, axis: str | None) -> str:
    """按类别统计的谈话次数（次） / Talks by kind (number); `axis` None: per month."""
    s = strings(lang)["ledgers"]
    what = s["measures"][key]
    if axis:
        return s["chart_by"].format(axis=axis.lower(), **what)
    return s["chart_month"].format(**what)


def _breakdown_rows(
    breakdown: summaries.Breakdown | None, words: Words, label, summed: bool
) -> list[list]:
    """Table rows of a breakdown: key as a reader says it, rows, and the summed value if any."""
    if breakdown is None:
        return []
    rows = [
        [label(k, breakdown.column), n, *([value] if summed else [])]
        for k, n, value in breakdown.items
    ]
    if breakdown.column in summaries.BRANCH_COLUMNS:  # branches in the branch ledger's order
        order = {name: i for i, name in enumerate(words.names.values())}
        rows.sort(key=lambda row: order.get(row[0], len(order)))
    return rows


def _listing(data: Ledgers, key: str, words: Words) -> list[list]:
    """The branch ledger or the groups ledger as a list (names, counts, dates; never names of
    people: secretaries and group leaders are on the private roster)."""
    if key == "branches":
        return [
            [words.cap(r["名称"]), r["党员人数"], r["党小组数"], _day(r["书记任职日期"]),
             words.cap(r["活动室六有"]), _day(r["活动室建设日期"])]
            for _, r in data["branches"].iterrows()
        ]  # fmt: skip
    if key == "groups":
        return [
            [words.names.get(r["支部"], r["支部"]), words.cap(r["名称"]), r["党员人数"]]
            for _, r in data["groups"].iterrows()
        ]
    return []


def _summary_context(
    data: Ledgers, summary: summaries.LedgerSummary, lang: str, words: Words
) -> dict:
    key = summary.key
    spec = SPECS[key]
    labels = _labels(lang)
    title = spec.zh if lang == "zh" else spec.en
    summed = summary.value_column is not None
    svg = {}
    if key == "branches":  # members per branch, in the ledger's order
        frame = data["branches"]
        members = [
            (words.cap(n), int(v)) for n, v in zip(frame["名称"], frame["党员人数"], strict=True)
        ]
        svg["branch"] = charts.bar_chart(members, _chart_title(key, lang, labels["党支部"]))
    if summary.by_month:
        months = [(k, rows) for k, rows, _ in summary.by_month.items]
        svg["month"] = charts.month_chart(months, _chart_title(key, lang, None), lang)
    for name, breakdown in (("branch", summary.by_branch), ("type", summary.by_type)):
        if breakdown and key != "branches":
            bars = sorted(
                ((words.key(k, breakdown.column), rows) for k, rows, _ in breakdown.items),
                key=lambda item: -item[1],
            )
            axis = labels[breakdown.column]
            svg[name] = charts.bar_chart(bars, _chart_title(key, lang, axis))
    periods = summary.by_period
    return {
        "spec": spec,
        "summary": summary,
        "labels": labels,
        "charts": svg,
        "summed": summed,
        "tables": {
            "period": [
                [words.capitalised(Period.parse(k).label(lang)), rows, *([v] if summed else [])]
                for k, rows, v in (periods.items if periods else [])
            ],
            "type": _breakdown_rows(summary.by_type, words, words.key, summed),
            "branch": _breakdown_rows(summary.by_branch, words, words.key, summed),
            "month": _breakdown_rows(summary.by_month, words, lambda k, _: k, summed),
        },
        "listing": _listing(data, key, words),
        "source": data.sources[key].name,
        "title": title,
    }


def _duty_view(data: Ledgers, req: Requirement, months: list[str], as_of: dt.date) -> dict:
    """One register duty checked per branch (or group): every tally and the shortfalls."""
    tallies = summaries.duty_tally(data, req, months, as_of)
    return {"req": req, "tallies": tallies, "short": summaries.shortfalls(tallies)}


def _compliance_context(data: Ledgers, settings: Settings) -> dict:
    months = summaries.data_months(data)
    as_of = summaries.as_of_date(settings.edition, data)
    reqs = requirements()
    rect = data["rectification"]
    names = summaries.branch_names(data)
    groups = data["groups"]
    group_names = {
        g: (names.get(b, b), n)
        for g, b, n in zip(groups["编号"], groups["支部"], groups["名称"], strict=True)
    }
    theme = reqs["theme-day"]
    duties = {
        duty: _duty_view(data, reqs[duty], months, as_of)
        for duty in summaries.EVIDENCE
        if duty in reqs
    }
    years = sorted({int(m[:4]) for m in months})
    return {
        "months": months,
        "as_of": as_of,
        "names": names,
        "group_names": group_names,
        "reqs": reqs,
        "theme_days": summaries.theme_days(
            data, months, lambda y, m: theme.fixed_day(y, m) or dt.date(y, m, 1)
        ),
        "duties": duties,
        "life": summaries.life_meetings(data, _periods(data), as_of),
        "evaluations": summaries.evaluations(data, years, as_of),
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


def slot_label(slot: str, lang: str) -> str:
    """2023年3月 / March 2023; 2023年第一季度 / Q1 2023; 2023年上半年; 2023年 / 2023."""
    year = slot[:4]
    d = strings(lang)["dates"]
    if len(slot) == 7 and slot[4] == "-":
        month = int(slot[5:])
        return d["month"].format(year=year, month=month, month_name=d["month_names"][month - 1])
    if slot[4:5] == "Q":
        return d["quarter"].format(year=year, quarter=d["quarters"][int(slot[5]) - 1])
    if slot[4:5] == "H":
        return Period.parse(slot).label(lang)
    return d["year"].format(year=year)


def _day(value: object) -> str:
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else ""


def _duty_rows(c: dict, duty: str, words: Words) -> list[list]:
    """Per unit that fell short: name, slots short, slots judged."""
    view = c["duties"][duty]
    lang = words.lang
    sep = strings(lang)["ledgers"]["slots_sep"]
    judged: dict[str, int] = {}
    for t in view["tallies"]:
        judged[t.unit] = judged.get(t.unit, 0) + 1
    return [
        [
            words.unit(unit),
            words.capitalised(sep.join(slot_label(s, lang) for s in slots)),
            f"{judged[unit] - len(slots)} / {judged[unit]}",
        ]
        for unit, slots in view["short"].items()
    ]


def _compliance_tables(c: dict, words: Words) -> dict:
    """The rows of every compliance table, in the page's language (names, never ids)."""
    lang = words.lang
    status = strings(lang)["ledgers"]["status"]
    names = words.names
    sep = strings(lang)["ledgers"]["slots_sep"]
    problems = [t for t in c["theme_days"] if t.status in ("no_reason", "missed")]
    moved = [t for t in c["theme_days"] if t.status == "moved"]

    def rect(rows: list[dict], late: bool = False) -> list[list]:
        # Problem, status and lateness first: what a reader on a phone sees without scrolling.
        return [
            [r["编号"], words.cap(r["问题"]), words.cap(r["状态"])]
            + ([(c["as_of"] - r["完成时限"].date()).days] if late else [])
            + [_day(r["完成时限"]), words.cap(r["责任科室"]), words.cap(r["责任领导"])]
            for r in rows
        ]

    def held(x: object) -> list[str]:
        """A yearly or half-yearly meeting row: branch, period, dates held, status."""
        return [
            names[x.branch],
            words.capitalised(slot_label(x.period, lang)),
            sep.join(map(_day, x.dates)),
            status[x.status],
        ]

    return {
        "problems": [
            [names[t.branch], slot_label(t.month, lang), _day(t.date), status[t.status]]
            for t in problems
        ],
        "moved": [
            [names[t.branch], slot_label(t.month, lang), _day(t.date), words.cap(t.reason)]
            for t in moved
        ],
        "duties": {duty: _duty_rows(c, duty, words) for duty in c["duties"]},
        "judged": {
            duty: len({t.slot for t in view["tallies"]}) for duty, view in c["duties"].items()
        },
        "life": [held(x) for x in c["life"]],
        "evaluations": [held(x) for x in c["evaluations"]],
        "overdue": rect(c["overdue"], late=True),
        "due_soon": rect(c["due_soon"]),
        "risks": {
            year: [[words.cap(d), *v, sum(v)] for d, v in rows] for year, _, rows in c["risk_years"]
        },
        "coverage": {
            year: [
                [names[x.branch], f"{x.share}%", x.members, x.talked]
                + [status["yes" if x.secretary_talk else "no"]]
                for x in rows
            ]
            for year, rows in c["coverage"]
        },
    }


_ORDINALS_EN = ("th", "st", "nd", "rd")


def _ordinal_en(chinese: str | None) -> str:
    """二十 → 20th (the congress in English)."""
    if not chinese:
        return ""
    value = chinese_number(chinese)
    suffix = "th" if 10 <= value % 100 <= 20 or value % 10 > 3 else _ORDINALS_EN[value % 10]
    return f"{value}{suffix}"


STRICT = "全面从严治党"  # the agenda kind and the word naming its yearly work conference


def report_figures(data: Ledgers, period: Period, c: dict, settings: Settings) -> dict:
    """Every figure and finding one half-year report states; both languages render this dict.

    Lists of branches hold ids (templates show names); nothing here is prose.
    """
    f = summaries.figures(data, period)
    months = set(period.months)
    lapses = [
        t for t in c["theme_days"] if t.month in months and t.status in ("no_reason", "missed")
    ]
    gaps = {
        duty: [(t.unit, t.slot) for t in summaries.shortfalls_in(view["tallies"], period)]
        for duty, view in c["duties"].items()
    }
    life = [m for m in c["life"] if m.period == period.key]
    evaluation = [m for m in c["evaluations"] if m.period == str(period.year)]
    overdue = summaries.overdue(data["rectification"], period.end)
    edition = summaries.as_of_date(settings.edition, data)
    rare = summaries.rarely_meeting(c["duties"]["party-group-meeting"]["tallies"], period)
    office = data["office"]
    held = summaries.in_period(office[office["类别"] == "组织召开会议"], "日期", period)
    held = held.sort_values("日期", kind="stable")
    # Meetings the office organised: (name, month); the yearly 全面从严治党 work conference apart.
    meetings = [(str(i), int(d.month)) for i, d in zip(held["事项"], held["日期"], strict=True)]
    conference = next(((i, m) for i, m in meetings if STRICT in i and "会议" in i), None)
    next_ = period.next()
    first_quarter = summaries.slot_end(summaries.slot_of(next_.start, "quarterly"))
    return {
        "period": period,
        "next": next_,
        "f": f,
        "issuer": settings.org_name,
        "date": min(period.end, edition),
        # The annual report (second half) plans the whole next year, the first half the second.
        "deadline": {
            "quarter": first_quarter,
            "half": next_.end if period.half == 1 else dt.date(next_.year, 12, 31),
        },
        "volunteer": summaries.main_volunteer_activity(data, period),
        "congress": summaries.congress(data, period),
        "congress_en": _ordinal_en(summaries.congress(data, period)),
        "strict_month": summaries.first_meeting_month(data, period, STRICT),
        "conference": conference[0] if conference else None,
        "conference_month": conference[1] if conference else None,
        "meetings": [i for i, _ in meetings if conference is None or i != conference[0]],
        "printed": summaries.office_items(data, period, "印发资料"),
        "copies": max((n for _, n in summaries.office_items(data, period, "印发资料")), default=0),
        # The handbook (rules compiled, duty lists) is news in the period of its edition.
        "handbook": _handbook_facts() if Period.of(edition) == period else None,
        "lapses": len(lapses),
        "lapse_branches": sorted({t.branch for t in lapses}),
        "gaps": {duty: len(found) for duty, found in gaps.items()},
        "gap_branches": {
            duty: sorted({u for u, _ in found}) for duty, found in gaps.items() if found
        },
        "meeting_gaps": sum(
            len(gaps[d])
            for d in ("branch-committee-meeting", "branch-general-meeting", "party-lecture")
        ),
        "rare_groups": rare,
        "life_held": sum(m.status == "held" for m in life),
        "life_missing": sorted(m.branch for m in life if m.status == "missing"),
        "life_open": sorted(m.branch for m in life if m.status == "not_due"),
        "life_deadline": summaries.life_meeting_deadline(period),
        "evaluation_held": sum(m.status == "held" for m in evaluation) if period.half == 2 else 0,
        "overdue": len(overdue),
        "overdue_offices": sorted(set(overdue["责任科室"])),
        "sup_open": f["sup:found"] - f["sup:fixed"],
    }


def _dashboard_lapses(report: dict) -> dict:
    """The dashboard's compliance counts: exactly those of the period it names."""
    return {
        "theme": report["lapses"],
        "meetings": report["meeting_gaps"],
        "groups": report["gaps"].get("party-group-meeting", 0),
        "life": len(report["life_missing"]),
        "overdue": report["overdue"],
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
        reports = {p: report_figures(data, p, compliance, settings) for p in periods}
        current = _current(data, settings)
        _model.clear()
        _model[cache_key] = {
            "periods": periods,
            "current": current,
            "compliance": compliance,
            "reports": reports,
            "lapses": _dashboard_lapses(reports[current]),
            "summaries": [summaries.summarise(data, spec.key) for spec in LEDGER_SPECS],
            "org_by_month": [(k, int(v)) for k, v in by_month.items()],
        }
    return _model[cache_key]


def _paragraphs(markdown: str, joiner: str) -> str:
    """Join the lines of each prose paragraph into one, so no line break shows as a space."""
    out: list[str] = []
    prose = False
    for line in markdown.splitlines():
        plain = bool(line.strip()) and not re.match(r"\s|#|!!!|<|\||-|\{:|---|\d+\.\s", line)
        if plain and prose and out:
            out[-1] += joiner + line.strip()
        else:
            out.append(line)
        prose = plain
    return "\n".join(out) + "\n"


def _downloads(lang: str, depth: int) -> str:
    """Relative URL of site/downloads/ from a generated page `depth` folders deep."""
    return "../" * (depth + (0 if lang == "zh" else 1)) + "downloads/"


def report_markdown(lang: str, settings: Settings, period: Period, data: Ledgers) -> str:
    """The drafted report of one period as Markdown (the page and the Word file share it)."""
    m = model(data, settings)
    zh = lang == "zh"
    suffix = "" if zh else f".{lang}"
    w = words(lang, data, settings)
    text = render(
        "report",
        "zh" if zh else "en",
        **m["reports"][period],
        names=w.names,
        group_names=w.groups,
        tr=w,
        unit=w.unit,
        settings=settings,
        approx=summaries.approx if zh else summaries.approx_en,
        docx=f"{_downloads(lang, 2)}reports/{period.key}{suffix}.docx",
    )
    return _paragraphs(text, "" if zh else " ")


def reports(lang: str, settings: Settings) -> dict[str, str]:
    """Every drafted report of one language: {period key: markdown} (for the Word files)."""
    data = ledgers()
    return {
        p.key: report_markdown(lang, settings, p, data) for p in model(data, settings)["periods"]
    }


def generate(lang: str, settings: Settings) -> dict[str, str]:
    """Generated ledger pages of one language: {src_uri: markdown}."""
    data = ledgers()
    m = model(data, settings)
    tpl_lang = lang if lang in ("zh", "en") else "zh"
    zh = lang == "zh"
    compliance, current, periods = m["compliance"], m["current"], m["periods"]
    w = words(lang, data, settings)
    common = {
        "settings": settings,
        "approx": summaries.approx if zh else summaries.approx_en,
        "specs": LEDGER_SPECS,
        "names": w.names,
    }
    out: dict[str, str] = {}

    report_now = m["reports"][current]
    f = report_now["f"]
    dashboard_charts = {
        "study": charts.bar_chart(
            [(w.cap(kind), f[f"study:{kind}"]) for kind in STUDY_TYPES],
            strings(lang)["dashboard"]["study_chart"].format(period=current.label(lang)),
        ),
        "org": charts.month_chart(
            m["org_by_month"],
            strings(lang)["dashboard"]["org_chart"],
            lang,
        ),
    }
    out["ledgers/index.md"] = render(
        "ledger_index",
        tpl_lang,
        current=current,
        periods=periods,
        charts=dashboard_charts,
        report=report_now,
        lapses=m["lapses"],
        compliance=compliance,
        views=COMPLIANCE,
        rows={spec.key: data.rows(spec.key) for spec in LEDGER_SPECS},
        **common,
    )
    for summary in m["summaries"]:
        out[f"ledgers/{summary.key}.md"] = render(
            "ledger_summary", tpl_lang, **_summary_context(data, summary, lang, w), **common
        )
    rule = _rule(lang, 2)
    tables = _compliance_tables(compliance, w)
    register = _register()
    for view in COMPLIANCE:
        out[f"ledgers/compliance/{view}.md"] = render(
            "ledger_compliance",
            tpl_lang,
            view=view,
            duties=VIEWS[view],
            entries={duty: register[duty] for duty in VIEWS[view]},
            c=compliance,
            tables=tables,
            rule=rule,
            slot_label=lambda s: slot_label(s, lang),
            **common,
        )
    schema_pages = [
        (spec, _column_rows(spec, lang, w.table.terms)) for spec in (*ALL_SPECS, MEMBERS)
    ]
    out["ledgers/columns.md"] = render("ledger_columns", tpl_lang, schemas=schema_pages, **common)
    for period in periods:
        out[f"ledgers/reports/{period.key}.md"] = report_markdown(lang, settings, period, data)
    as_of = dues_pages.as_of_day(settings)
    out.update(dues_pages.generate(data, lang, settings, as_of, _rule_titles(), w.names))
    return out
