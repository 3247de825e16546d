"""The private report of the dues and recruitment ledgers: per-member detail, never on the site.

`report_html(...)` builds the page (pure); `write(...)` puts it, as HTML and as a PDF laid out
by WeasyPrint, in dist/private/ beside the personal PDFs (dist/members/). The site shows only
the aggregates of `handbook.dues_pages`.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from handbook.config import Settings
from handbook.ledgers import Ledgers
from handbook.ledgers import dues as d
from handbook.ledgers import recruitment as r

NAME = "dues-recruitment"
STYLE = """
@page { size: A4 landscape; margin: 14mm 12mm;
  @bottom-center { content: "内部资料 注意保密 · 第 " counter(page) " 页"; font-size: 8pt; } }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 9.5pt; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12.5pt; margin: 14pt 0 4pt; }
p.note { color: #8b0000; margin: 2pt 0 8pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; } td.n { text-align: right; }
tr.flag td { background: #fde8e8; }
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _table(head: list[str], rows: list[tuple[list[str], bool]], numeric: set[int]) -> str:
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    if not rows:
        out.append(f'<tr><td colspan="{len(head)}">无</td></tr>')
    for cells, flag in rows:
        out.append('<tr class="flag">' if flag else "<tr>")
        for i, cell in enumerate(cells):
            out.append(f'<td class="n">{_e(cell)}</td>' if i in numeric else f"<td>{_e(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def report_html(
    ledgers: Ledgers, settings: Settings, as_of: dt.date, branch_names: dict[str, str]
) -> str:
    """The private report as one HTML page (Chinese: it is for the Party-building office)."""
    name = lambda b: branch_names.get(b, b)  # noqa: E731
    dues, rec = ledgers["dues"], ledgers["recruitment"]
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>党费和发展党员明细（截至 {as_of}）</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(settings.org_name)} 党费和发展党员明细</h1>",
        f'<p class="note">内部资料，注意保密：含党员个人信息，只供{_e(settings.office)}和'
        f"党支部书记工作使用，不得上传网站或外传。统计截至 {as_of}。</p>",
    ]
    arrears = d.member_arrears(dues, as_of)
    rows = [
        (
            [
                name(a.branch),
                a.member,
                a.name,
                "、".join(a.months),
                str(a.run),
                d.yuan(a.owed),
                "连续6个月未交：核实是否自行脱党（制度08第十一条、制度06第十八条）"
                if a.run >= d.LAPSE_MONTHS
                else "连续3个月以上未交：谈话提醒、限期补交（制度08第二十条）"
                if a.run >= d.WARN_MONTHS
                else "",
            ],
            a.run >= d.LAPSE_MONTHS,
        )
        for a in arrears
    ]
    parts.append("<h2>一、党费未交清的党员</h2>")
    head = ["党支部", "党员编号", "姓名", "未交清月份", "连续未交月数", "欠缴（元）", "提示"]
    parts.append(_table(head, rows, {4, 5}))
    assessed = d.assessed(dues, as_of)
    large = assessed[assessed["large"]].sort_values(["月份", "党支部"])
    rows = [
        (
            [name(e["党支部"]), e["党员编号"], e["姓名"], e["月份"], d.yuan(int(e["extra"]))],
            False,
        )
        for _, e in large.iterrows()
    ]
    parts.append("<h2>二、自愿一次多交1000元以上（全部上缴中央，制度08第八条）</h2>")
    parts.append(_table(["党支部", "党员编号", "姓名", "月份", "多交（元）"], rows, {4}))

    steps = r.next_steps(rec, as_of)
    soon = {id(s) for s in r.due_soon(steps, as_of)}
    late = {id(s) for s in r.overdue(steps, as_of)}
    rows = []
    for s in steps:
        article, step_zh, _ = r.NEXT_STEPS[s.step]
        state = "已超期" if id(s) in late else "30天内到期" if id(s) in soon else ""
        state = state if s.deadline else "最早日期"
        entry = rec[rec["编号"] == s.id].iloc[0]
        where = r.STAGE_NAMES.get(r.stage(entry, as_of) or "", ("",))[0]
        rows.append(
            (
                [
                    name(s.branch),
                    s.id,
                    s.name,
                    where,
                    step_zh,
                    str(s.due),
                    state,
                    f"制度07{article}",
                ],
                id(s) in late,
            )
        )
    parts.append("<h2>三、发展党员的下一步</h2>")
    head = ["党支部", "编号", "姓名", "当前环节", "下一步", "期限", "状态", "依据"]
    parts.append(_table(head, rows, set()))
    names = dict(zip(rec["编号"], rec["姓名"], strict=True))
    rows = []
    for f in r.findings(rec):
        article, title, _ = r.CHECKS[f.check]
        cells = [name(f.branch), f.id, names[f.id], title, f.detail_zh, f"制度07{article}"]
        rows.append((cells, False))
    parts.append("<h2>四、未按时限办理的发展党员事项</h2>")
    parts.append(_table(["党支部", "编号", "姓名", "问题", "情况", "依据"], rows, set()))
    parts.append("</body></html>")
    return "".join(parts)


def write(
    ledgers: Ledgers,
    settings: Settings,
    as_of: dt.date,
    folder: Path,
    branch_names: dict[str, str],
    pdf: bool = True,
) -> list[Path]:
    """Write the report into `folder` (dist/private) as HTML and, with `pdf`, as PDF."""
    if "dues" not in ledgers.frames or "recruitment" not in ledgers.frames:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    html = report_html(ledgers, settings, as_of, branch_names)
    page = folder / f"{NAME}.html"
    page.write_text(html, encoding="utf-8")
    written = [page]
    if pdf:
        from weasyprint import HTML

        target = folder / f"{NAME}.pdf"
        HTML(string=html).write_pdf(target)
        written.append(target)
    return written
