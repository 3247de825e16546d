"""Party dues (党费) by rule 08: the due amount of a row, the ledger's checks, and aggregates.

Amounts are handled in fen (分, integers) so that band boundaries compare exactly. A due amount
that disagrees with rule 08 is an error that stops the build, not a finding: the ledger's 应交金额
is the amount the branch set (核定, article 9) from the base, so a wrong one is a wrong record,
and every collection rate and arrears figure computed from it would be wrong too. Unpaid months,
lapses and large voluntary payments are facts about the members' payments: they are findings,
shown as counts with their articles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

RULE = "08"
# (upper limit of the band in fen, inclusive; rate in per mille): rule 08, articles 6 and 7.
IN_WORK = ((300_000, 5), (500_000, 10), (1_000_000, 15), (None, 20))
RETIRED = ((500_000, 5), (None, 10))
RELIEF_FEN = (20, 0)  # 0.2 yuan a month, or exempt (article 7)
LARGE_EXTRA_FEN = 100_000  # a voluntary one-off extra of 1000 yuan or more goes to the centre (8)
COLLECTION_DAY = 15  # branches collect by the 15th of each month (article 10)
LAPSE_MONTHS = 6  # six months unpaid without good reason: 自行脱党 (art. 11; rule 06 art. 18)
WARN_MONTHS = 3


@dataclass(frozen=True)
class Standard:
    """What rule 08 sets for a base: the band's words, the rate and the amount, and the article."""

    band_zh: str
    band_en: str
    permille: int
    due_fen: int
    article: str


def fen(yuan: float) -> int:
    """An amount in yuan (to the fen) as whole fen."""
    return int(round(yuan * 100))


def yuan(amount: int) -> str:
    """Whole fen written as yuan with two decimals: 7500 -> '75.00'."""
    return f"{amount // 100}.{amount % 100:02d}"


def _percent(permille: int) -> str:
    return f"{permille / 10:g}%"


def _due(base_fen: int, permille: int) -> int:
    # base × rate, rounded to the fen, half up (rule 08, article 9).
    return (base_fen * permille * 2 + 1000) // 2000


def standard(kind: str, base_fen: int | None) -> Standard | None:
    """The band, rate and due amount rule 08 sets for a member of `kind` with `base_fen`;
    None where the rule sets no computed amount (on relief, approved reductions)."""
    if base_fen is None or kind not in ("在职", "离退休"):
        return None
    bands = IN_WORK if kind == "在职" else RETIRED
    lower = 0
    for upper, permille in bands:
        if upper is None or base_fen <= upper:
            if lower == 0:
                zh = f"{yuan(upper)[:-3]}元以下（含）"
                en = f"up to {yuan(upper)[:-3]} yuan"
            elif upper is None:
                zh, en = f"超过{yuan(lower)[:-3]}元", f"over {yuan(lower)[:-3]} yuan"
            else:
                zh = f"超过{yuan(lower)[:-3]}元至{yuan(upper)[:-3]}元（含）"
                en = f"over {yuan(lower)[:-3]} up to {yuan(upper)[:-3]} yuan"
            article = "第六条" if kind == "在职" else "第七条"
            return Standard(zh, en, permille, _due(base_fen, permille), article)
        lower = upper
    raise AssertionError("the last band has no upper limit")


def expected_fen(kinds: pd.Series, bases: pd.Series) -> pd.Series:
    """The due amount in fen rule 08 sets for each row (<NA> where it sets no computed one)."""
    base = (bases * 100).round().astype("Int64")
    out = pd.Series(pd.NA, index=kinds.index, dtype="Int64")
    for kind, bands in (("在职", IN_WORK), ("离退休", RETIRED)):
        rows = (kinds == kind) & base.notna()
        permille = pd.Series(0, index=kinds.index, dtype="Int64")
        for upper, rate in reversed(bands):  # the lowest band that holds the base wins
            holds = rows if upper is None else rows & (base <= upper)
            permille = permille.mask(holds, rate)
        out = out.mask(rows, (base * permille * 2 + 1000) // 2000)
    return out


def problems(frame: pd.DataFrame, name: str) -> list[str]:
    """Rows whose 应交金额 is not what rule 08 sets: `file:row: column: reason` lines."""
    due = (frame["应交金额"] * 100).round().astype("Int64")
    expected = expected_fen(frame["类别"], frame["计算基数"])
    wrong = (expected.notna() & (due != expected)).fillna(False).astype(bool)
    relief = (frame["类别"] == "困难党员") & ~due.isin(RELIEF_FEN)
    out = []
    for row in frame.index[wrong | relief.fillna(False).astype(bool)]:
        entry = frame.loc[row]
        kind, fen_due = entry["类别"], int(due[row])
        if kind == "困难党员":
            out.append(
                f"{name}:{row}: 应交金额: 困难党员每月交纳 0.20 元或者免交（填 0），"
                f"填写为 {yuan(fen_due)} 元（制度{RULE}第七条） (due amount does not match rule 08)"
            )
            continue
        base = fen(entry["计算基数"])
        rule = standard(kind, base)
        out.append(
            f"{name}:{row}: 应交金额: 填写 {yuan(fen_due)} 元，但{kind}党员计算基数 {yuan(base)} 元"
            f"属于“{rule.band_zh}”一档，按 {_percent(rule.permille)} 应交 {yuan(rule.due_fen)}"
            f" 元（制度{RULE}{rule.article}，分以下四舍五入） (due amount does not match rule 08)"
        )
    return out


# --- aggregates (only these reach the site) --------------------------------------------------


def _month_start(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def _previous(day: dt.date) -> str:
    first = day.replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m")


def collectible(month: str, as_of: dt.date) -> bool:
    """Whether a month's dues were to be collected by `as_of` (the 15th of the month)."""
    return _month_start(month).replace(day=COLLECTION_DAY) <= as_of


def assessed(frame: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The rows of collectible months with, in fen: due, collected (counted up to the due, paid
    by `as_of`) and extra; `unpaid` where less than the due was paid by `as_of`; `large` where a
    voluntary extra of 1000 yuan or more was paid by `as_of`."""
    # A month is collectible once its 15th has passed: compare "YYYY-MM" strings.
    last = as_of.strftime("%Y-%m") if as_of.day >= COLLECTION_DAY else _previous(as_of)
    rows = frame[frame["月份"] <= last].copy()
    rows["due"] = (rows["应交金额"] * 100).round().astype("int64")
    paid_by = rows["交纳日期"].notna() & (rows["交纳日期"] <= pd.Timestamp(as_of))
    paid = (rows["实交金额"].fillna(0) * 100).round().astype("int64").where(paid_by, 0)
    rows["collected"] = paid.clip(upper=rows["due"])
    rows["extra"] = (paid - rows["due"]).clip(lower=0)
    rows["unpaid"] = rows["collected"] < rows["due"]
    rows["large"] = rows["extra"] >= LARGE_EXTRA_FEN
    return rows


def unpaid_runs(rows: pd.DataFrame) -> dict[str, int]:
    """Per member id: unpaid months in a row up to the member's latest assessed month."""
    runs = {}
    for member, months in rows.sort_values("月份").groupby("党员编号", sort=True):
        run, previous = 0, None
        for month, unpaid in zip(months["月份"], months["unpaid"], strict=True):
            start = _month_start(month)
            consecutive = previous is not None and (
                (start.year * 12 + start.month) - (previous.year * 12 + previous.month) == 1
            )
            run = (run + 1 if consecutive else 1) if unpaid else 0
            previous = start
        runs[str(member)] = run
    return runs


@dataclass(frozen=True)
class Cell:
    """One branch (or all) in one month (or a whole period): aggregates only."""

    due: int  # fen
    collected: int  # fen
    members: int
    unpaid: int  # members who had not paid in full
    large: int  # one-off voluntary payments of 1000 yuan or more

    @property
    def rate(self) -> float | None:
        """Share of the due amount collected, 0..1 (None when nothing was due)."""
        return self.collected / self.due if self.due else None

    @property
    def arrears(self) -> int:
        return self.due - self.collected


def cell(rows: pd.DataFrame) -> Cell:
    """The aggregates of a set of assessed rows."""
    return Cell(
        due=int(rows["due"].sum()),
        collected=int(rows["collected"].sum()),
        members=int(rows["党员编号"].nunique()),
        unpaid=int(rows.loc[rows["unpaid"], "党员编号"].nunique()),
        large=int(rows["large"].sum()),
    )


def cells(rows: pd.DataFrame, keys: list[str]) -> dict:
    """`cell` of each group of assessed rows by `keys` (one pass, not one filter per group)."""
    if rows.empty:
        return {}
    groups = rows.groupby(keys, sort=True)
    sums = groups[["due", "collected", "large"]].sum()
    members = groups["党员编号"].nunique()
    unpaid = rows[rows["unpaid"]].groupby(keys)["党员编号"].nunique()
    out = {}
    for key, total in sums.iterrows():
        out[key] = Cell(
            due=int(total["due"]),
            collected=int(total["collected"]),
            members=int(members[key]),
            unpaid=int(unpaid.get(key, 0)),
            large=int(total["large"]),
        )
    return out


@dataclass(frozen=True)
class Overview:
    """The dues aggregates of a set of months as of a day."""

    as_of: dt.date
    months: list[str]
    branches: list[str]
    by_branch_month: dict[tuple[str, str], Cell]
    by_month: dict[str, Cell]
    by_branch: dict[str, Cell]
    total: Cell
    behind: dict[str, int]  # branch -> members with 3 or more unpaid months in a row
    lapsed: dict[str, int]  # branch -> members with 6 or more (article 11, rule 06 art. 18)


def overview(frame: pd.DataFrame, months: list[str], as_of: dt.date) -> Overview:
    """Aggregates per branch and month of `months` (those collectible by `as_of`)."""
    rows = assessed(frame, as_of)
    runs = unpaid_runs(rows)
    branch_of = dict(zip(rows["党员编号"].astype(str), rows["党支部"], strict=False))
    rows = rows[rows["月份"].isin(months)]
    branches = sorted(set(frame["党支部"]))
    shown = sorted(set(rows["月份"]))
    nothing = Cell(0, 0, 0, 0, 0)
    pairs = cells(rows, ["党支部", "月份"])
    months, per_branch = cells(rows, ["月份"]), cells(rows, ["党支部"])
    return Overview(
        as_of=as_of,
        months=shown,
        branches=branches,
        by_branch_month={(b, m): pairs.get((b, m), nothing) for b in branches for m in shown},
        by_month={m: months.get((m,), months.get(m, nothing)) for m in shown},
        by_branch={b: per_branch.get((b,), per_branch.get(b, nothing)) for b in branches},
        total=cell(rows),
        behind={
            b: sum(1 for m, r in runs.items() if branch_of[m] == b and r >= WARN_MONTHS)
            for b in branches
        },
        lapsed={
            b: sum(1 for m, r in runs.items() if branch_of[m] == b and r >= LAPSE_MONTHS)
            for b in branches
        },
    )


@dataclass(frozen=True)
class MemberArrears:
    """One member's unpaid months as of a day (private report only)."""

    member: str
    name: str
    branch: str
    months: list[str]
    run: int
    owed: int  # fen


def member_arrears(frame: pd.DataFrame, as_of: dt.date) -> list[MemberArrears]:
    """Every member with an unpaid month as of `as_of`, most months in a row first."""
    rows = assessed(frame, as_of)
    runs = unpaid_runs(rows)
    out = []
    for member, own in rows[rows["unpaid"]].groupby("党员编号", sort=True):
        out.append(
            MemberArrears(
                member=str(member),
                name=str(own["姓名"].iloc[-1]),
                branch=str(own["党支部"].iloc[-1]),
                months=sorted(own["月份"]),
                run=runs[str(member)],
                owed=int((own["due"] - own["collected"]).sum()),
            )
        )
    return sorted(out, key=lambda a: (-a.run, a.branch, a.member))
