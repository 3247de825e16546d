"""Generate the synthetic sample ledgers in data/ledgers/ (deterministic; output is committed).

Run `handbook sample [--scale N] [--out DIR]`. The figures of each half year
are fixed below so that the drafted reports state the seeds' figures (SPEC §5); `--scale`
multiplies the row counts for benchmarks. Dates are working days of 2022-01..2023-06.

Every study and meeting topic comes from the dated catalogue data/topics.yml and is used only
from the day it became available; the 制度建立修订 rows of the office ledger come from the rules'
own revision history (docs/rules/NN.md front matter), and the office's 党组会听取整改汇报 rows and
the study ledger's 中心组集中学习 rows are the same meetings as in the 党组 meeting ledger.

The private dues (dues.csv) and recruitment (recruitment.xlsx) ledgers use their own random
generator, so adding them changed no other ledger. They name members of the sample roster and
trip some checks of rules 08 and 07 on purpose; `PLANTED` lists which, and the tests check
that exactly these are found.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from handbook import yamltext
from handbook.content import Rule, load_rules, revisions
from handbook.model import Project

# Official rest days (法定节假日) of 2022 and 2023 within the sample's months.
_HOLIDAYS = {
    (2022, 1, 1): "元旦",
    (2022, 1, 3): "元旦",
    **{(2022, 1, d): "春节" for d in (31,)},
    **{(2022, 2, d): "春节" for d in range(1, 7)},
    **{(2022, 4, d): "清明节" for d in (4, 5)},
    **{(2022, 5, d): "劳动节" for d in (2, 3, 4)},
    (2022, 6, 3): "端午节",
    (2022, 9, 12): "中秋节",
    **{(2022, 10, d): "国庆节" for d in range(1, 8)},
    **{(2023, 1, d): "元旦" for d in (2,)},
    **{(2023, 1, d): "春节" for d in range(23, 28)},
    (2023, 4, 5): "清明节",
    **{(2023, 5, d): "劳动节" for d in (1, 2, 3)},
    **{(2023, 6, d): "端午节" for d in (22, 23)},
}
MONTHS = [(2022, m) for m in range(1, 13)] + [(2023, m) for m in range(1, 7)]
PERIODS = ("2022H1", "2022H2", "2023H1")
FIRST, LAST = dt.date(2022, 1, 1), dt.date(2023, 6, 30)

BRANCHES = [
    ("B01", "办公室党支部", 22),
    ("B02", "人事财务党支部", 18),
    ("B03", "政策法规党支部", 16),
    ("B04", "规划发展党支部", 20),
    ("B05", "业务管理第一党支部", 24),
    ("B06", "业务管理第二党支部", 22),
    ("B07", "监督检查党支部", 18),
    ("B08", "信息中心党支部", 20),
    ("B09", "机关服务中心党支部", 16),
    ("B10", "离退休干部党支部", 24),
]
IDS = [b[0] for b in BRANCHES]
SIZES = {b[0]: b[2] for b in BRANCHES}
NAMES = {b[0]: b[1] for b in BRANCHES}
# 党小组 per branch (the retirees' branch groups its members by where they live).
GROUP_COUNT = {"B01": 3, "B04": 3, "B05": 3, "B06": 3, "B10": 4}
# Seed 003 (2022 H1): three 党小组 could rarely meet because their offices' work peaks differ.
RARE_GROUPS = ("B04-3", "B05-2", "B06-3")
# 2023 H1: eight branches elected new committees (and secretaries); nine rooms were upgraded.
NEW_SECRETARIES = ("B01", "B02", "B03", "B05", "B06", "B07", "B08", "B10")
OLD_ROOM = "B04"

# Staff by department (廉政风险点排查 covers every staff member; 2022: 276, 2023: 300).
DEPARTMENTS = {
    "办公室": (26, ["主任", "文秘", "档案管理员", "驾驶员"]),
    "人事科": (14, ["科长", "干部管理", "工资福利"]),
    "财务科": (12, ["科长", "会计", "出纳", "资产管理"]),
    "政策法规科": (16, ["科长", "法制审核", "执法监督"]),
    "规划发展科": (18, ["科长", "项目管理", "统计"]),
    "业务一科": (34, ["科长", "业务审核", "许可审批"]),
    "业务二科": (30, ["科长", "业务审核", "资金分配"]),
    "监督检查科": (22, ["科长", "执法检查", "案件办理"]),
    "行政审批科": (28, ["科长", "窗口受理", "审批专员"]),
    "信息中心": (24, ["主任", "系统运维", "信息化采购"]),
    "机关服务中心": (36, ["主任", "后勤采购", "食堂管理", "物业管理"]),
    "直属事业单位": (40, ["负责人", "财务", "工程管理", "招投标"]),
}
# Risk points per post: the first is every holder's, further ones for posts with more power.
RISKS = {
    "科长": [
        ("审核把关不严，对下属办理事项失察", "落实集体研究；重大事项签字留痕；定期抽查"),
        ("利用职务影响为亲友谋利", "落实回避制度；重大事项报告；定期谈话提醒"),
    ],
    "主任": [
        ("公务接待、车辆使用超标准", "执行接待清单制度；用车审批登记；每季公示"),
        ("办公用品采购不规范", "集中采购；出入库登记；定期盘点"),
    ],
    "负责人": [
        ("“三重一大”事项个人决定", "坚持集体决策；会议纪要备查；纪检全程监督"),
        ("选人用人把关不严", "民主推荐；考察公示；纪检意见前置"),
    ],
    "会计": [("报销审核不严，虚列支出", "三单对应审核；大额支出双签；每月对账")],
    "出纳": [("公款挪用、现金管理不规范", "钱账分管；库存现金日清月结；不定期盘点")],
    "财务": [("往来款项长期挂账不清理", "定期清理往来；账龄分析；年终核对")],
    "资产管理": [("国有资产处置不规范", "处置集体研究；评估后公开处置；台账动态更新")],
    "资金分配": [
        ("专项资金分配不公开、优亲厚友", "分配方案集体研究；结果公示；跟踪审计"),
        ("资金拨付审核不严", "拨付前复核；按进度拨付；绩效评价"),
    ],
    "许可审批": [
        ("违规审批、吃拿卡要", "审批流程网上运行；办理时限预警；群众评议"),
        ("对申请材料选择性审查", "一次性告知；审查要点公开；抽查复核"),
    ],
    "审批专员": [("超时办结、选择性受理", "一次性告知；限时办结；电子监察")],
    "窗口受理": [("推诿扯皮、门难进脸难看", "首问负责；好差评；窗口视频监控")],
    "业务审核": [("审核标准执行不一，自由裁量过大", "细化审核标准；交叉复核；案卷抽查")],
    "后勤采购": [
        ("采购询价不充分，虚高价格", "三家以上询价；验收双人签字；采购公开"),
        ("拆分采购规避政府采购", "年度采购计划；政府采购平台采购；审计抽查"),
    ],
    "信息化采购": [
        ("指定供应商、设备参数倾向性", "参数论证公开；政府采购平台采购；验收复核"),
        ("运维服务验收走过场", "按合同逐项验收；运维日志留存；年度评价"),
    ],
    "招投标": [
        ("规避招标、泄露标底", "依法公开招标；评标专家随机抽取；全程录像"),
        ("围标串标把关不严", "投标人关联关系核查；异常报价复核；纪检监督"),
    ],
    "工程管理": [
        ("工程变更签证不实", "变更集体审批；现场核量留痕；审计结算"),
        ("隐蔽工程验收不到位", "隐蔽工程影像留存；监理签认；第三方检测"),
    ],
    "执法检查": [
        ("执法不严、随意减免处罚", "执法全过程记录；处罚裁量基准；案卷评查"),
        ("检查中接受宴请", "两人以上执法；廉洁承诺；回访监督"),
    ],
    "案件办理": [("说情打招呼干预办案", "干预记录报告制度；集体审理；回避制度")],
    "执法监督": [("监督意见落实不跟踪", "监督意见台账；限期反馈；通报问责")],
    "法制审核": [("合法性审核流于形式", "审核要点清单；双人审核；意见留痕")],
    "干部管理": [("干部档案审核把关不严", "专审制度；疑点核查；审核结果复核")],
    "工资福利": [("违规发放津贴补贴", "严格执行标准；发放前审核；定期公开")],
    "项目管理": [("项目申报审核不严", "专家评审；申报材料公示；全过程跟踪")],
    "食堂管理": [("食材采购以次充好", "定点采购；验收登记；价格公示")],
}
GENERIC_RISKS = [
    ("廉洁自律意识不强，违规收受礼品礼金", "签订廉洁承诺；节前提醒；纳入考核"),
    ("工作纪律松弛，违规使用公共资源", "执行考勤制度；资源使用登记；不定期检查"),
    ("保密意识不强，泄露工作秘密", "保密承诺；涉密材料登记；定期保密检查"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
SURNAMES += "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌春梅海燕宁波雪琳"

# Half-year figures (counts of rows, or sums where noted) the sample must give.
STUDY = {
    #          集中, 夜校, 联合, 轮值, 体验, 研讨, 心得(篇), 强国, 检查
    "2022H1": (64, 20, 6, 8, 2, 6, 92, 6, 1),
    "2022H2": (70, 18, 8, 12, 3, 9, 108, 6, 2),
    "2023H1": (76, 21, 14, 20, 5, 12, 126, 9, 3),
}
# 知识测验 (rule 03 art. 12: every branch, every quarter): the quarters in which the 机关党委
# held one test for all branches, and the branch-quarters without a test. 2023 H1 gives 12.
UNIFIED_TESTS = {
    (2022, 1): "党史学习教育",
    (2022, 4): "党的二十大精神",
    (2023, 1): "党的二十大精神",
}
MISSED_TESTS = {("B09", 2022, 2), ("B03", 2022, 2), ("B07", 2022, 3), ("B10", 2023, 2)}
EXTRA_TESTS = {(2022, 4): ("B01", "B05", "B08"), (2023, 1): ("B04", "B08")}
OFFICE = {
    #          文件通知, 报告, 讲话, 通知, 方案, 对照检查材料, 提示函
    "2022H1": (245, 42, 8, 19, 11, 12, 1),
    "2022H2": (260, 45, 10, 22, 9, 15, 2),
    "2023H1": (238, 40, 9, 21, 12, 20, 4),
}
#              sessions, participants (people), 以案示警, exam takers
WARNINGS = {"2022H1": (24, 430, 3, 12), "2022H2": (26, 470, 4, 15), "2023H1": (28, 501, 5, 20)}
# 一季一警示 (rule 26 art. 10): branch-quarters without a session.
MISSED_WARNINGS = {("B09", 2022, 2), ("B07", 2023, 1)}
#                 branches inspected, found, rectified
SUPERVISION = {"2022H1": (5, 11, 11), "2022H2": (6, 14, 14), "2023H1": (8, 20, 18)}
#          talks 党组书记-班子成员, 集体任前廉政谈话, 约谈 batches
TALKS = {"2022H1": (6, 2, 3), "2022H2": (7, 2, 4), "2023H1": (10, 3, 5)}
#            staff, risk points, measures
RISK = {2022: (276, 468, 712), 2023: (300, 527, 836)}
# 党组 meetings that heard the rectification's progress (2023: monthly, rule 24 art. 11), and
# the quarters in which the 党组 studied ideology work (4 a year; seed 000).
RECTIFICATION_MONTHS = {
    "2022H1": (4, 5, 6),
    "2022H2": (7, 9, 10, 12),
    "2023H1": (1, 2, 3, 4, 5, 6),
}
# 党组理论学习中心组 sessions per half year (seed 003: 7 in 2022 H1).
CENTRE_GROUP = {"2022H1": 7, "2022H2": 7, "2023H1": 8}

# What the private sample ledgers trip on purpose (as of 2023-06-30), by check: the tests
# compare these with what the checks find.
PLANTED = {
    "dues": {
        "lapsed": {"B07": 1},  # six months unpaid in a row (rule 08 art. 11, rule 06 art. 18)
        "behind": {"B03": 1, "B07": 1},  # three months or more (the lapse counts here too)
        "large": [("B01", "2022-06"), ("B01", "2023-06")],  # voluntary extra of 1000 yuan+
        "late": ("B05", ["2022-09", "2022-10", "2022-11"]),  # unpaid, then paid in December
    },
    "recruitment": {
        "talk": ["FZ2022-02"],
        "activist": ["FZ2021-03"],
        "course": ["FZ2021-05"],
        "approval": ["FZ2020-04"],
        "probation": ["FZ2020-02"],
        "overdue": [("FZ2023-03", "talk"), ("FZ2021-06", "approval")],
        "due_soon": [("FZ2023-04", "talk"), ("FZ2021-01", "conversion")],
    },
}
DUES_FIRST_MONTH = (2022, 1)
# Bases at the band limits of rule 08 (in work, then retired), given to the first members.
BOUNDARY_BASES = {"在职": (3000.00, 5000.00, 10000.00), "离退休": (5000.00,)}


@dataclass(frozen=True)
class Topic:
    """A study or meeting topic and the day it became available."""

    id: str
    text: str
    available: dt.date
    until: dt.date | None
    source: str
    match: tuple[str, ...]
    use: str  # "study" (any study or meeting) or "warning" (warning education only)


def load_topics(path: Path) -> list[Topic]:
    """The dated topic catalogue."""
    raw = yamltext.safe_load(path.read_text(encoding="utf-8"))["topics"]
    return [
        Topic(
            id=t["id"],
            text=t["text"],
            available=t["available"],
            until=t.get("until"),
            source=t["source"],
            match=tuple(t.get("match") or [t["text"]]),
            use=t.get("use", "study"),
        )
        for t in raw
    ]


def learn(text: str) -> str:
    """`学习` + topic, without doubling it when the topic already starts with 学习."""
    return text if text.startswith("学习") else f"学习{text}"


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not an official rest day."""
    return day.weekday() < 5 and (day.year, day.month, day.day) not in _HOLIDAYS


def working_days(year: int, month: int) -> list[dt.date]:
    """Working days of a month."""
    day, out = dt.date(year, month, 1), []
    while day.month == month:
        if is_working_day(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def first_friday(year: int, month: int) -> dt.date:
    """The first Friday of a month (主题党日)."""
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def period_months(period: str) -> list[tuple[int, int]]:
    """The months of a half-year period."""
    year, half = int(period[:4]), int(period[-1])
    return [(year, m) for m in range(1 + 6 * (half - 1), 7 + 6 * (half - 1))]


def period_of(day: dt.date) -> str:
    """The half-year period key of a day."""
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def quarter_months(year: int, quarter: int) -> list[tuple[int, int]]:
    """The months of a quarter."""
    return [(year, m) for m in range(3 * quarter - 2, 3 * quarter + 1)]


def quarters() -> list[tuple[int, int]]:
    """The quarters of the sample (2022Q1..2023Q2)."""
    return [(2022, q) for q in range(1, 5)] + [(2023, 1), (2023, 2)]


def revision_item(title: str, version: str) -> str:
    """The office ledger's 事项 for a rule revision: 制定 for version 1.0, else 修订."""
    return f"{'制定' if version == '1.0' else '修订'}《{title}》（第{version}版）"


# Two-character names that are also ordinary words of the handbook (何文 in 任何文件): the
# privacy test looks for every roster name in the built site, so a member must not be named
# like a word. Such names get a second given character.
_WORDS_NOT_NAMES = ("何文",)


def _unmistakable(name: str) -> str:
    return name + "斌" if name in _WORDS_NOT_NAMES else name


class Sample:
    """Builds every ledger as rows of strings; one random generator keeps it deterministic."""

    def __init__(self, seed: int = 20230630, scale: int = 1, project: Project | None = None):
        project = project or Project.find()
        self.rng = random.Random(seed)
        self.scale = scale
        self.names: set[str] = set()
        self.topics = load_topics(project.data / "topics.yml")
        self.rules: list[Rule] = load_rules(project.docs / "rules")
        self.roster: list[list[str]] = []
        self.groups_of: dict[str, list[tuple[str, str, str, int]]] = {}
        self.elections: dict[str, dt.date] = {}
        self.meetings: list[tuple[dt.date, str, str, str]] = []
        self.admitted: dict[str, dt.date] = {}  # roster id -> admission meeting (recruitment)

    # --- dates, names and topics ----------------------------------------------------------

    def day_in(self, period: str) -> dt.date:
        year, month = self.rng.choice(period_months(period))
        return self.rng.choice(working_days(year, month))

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        days = [
            start + dt.timedelta(days=n)
            for n in range((end - start).days + 1)
            if is_working_day(start + dt.timedelta(days=n))
        ]
        return self.rng.choice(days)

    def thursday_in(self, period: str) -> dt.date:
        days = [d for m in period_months(period) for d in working_days(*m) if d.weekday() == 3]
        return self.rng.choice(days)

    def name(self) -> str:
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.names:
                self.names.add(name)
                return name

    def split(self, total: int, parts: int, low: int = 1) -> list[int]:
        """`parts` positive integers summing to `total`, roughly even."""
        values = [low] * parts
        for _ in range(total - low * parts):
            values[self.rng.randrange(parts)] += 1
        return values

    def topic(self, day: dt.date, lag: int = 2) -> Topic:
        """A current topic on `day`: available at least `lag` days before, newer ones likelier."""
        current = [
            t
            for t in self.topics
            if t.use == "study"
            and t.available + dt.timedelta(days=lag) <= day
            and (t.until is None or day <= t.until)
        ]
        weights = [1.0 / (1.0 + max((day - t.available).days, 0) / 45.0) for t in current]
        return self.rng.choices(current, weights=weights)[0]

    # --- private roster, branches and groups ----------------------------------------------

    def members(self) -> list[list[str]]:
        rows, number = [], 0
        leaders = ["G1", "G2", "G2", "G2", "G2", "J1", "J2"]
        for bid, _, count in BRANCHES:
            for i in range(count):
                number += 1
                post = "Z1" if i == 0 else (leaders.pop(0) if bid == "B01" and leaders else "党员")
                rows.append([f"DY{number:03d}", _unmistakable(self.name()), bid, post])
        self.roster = rows
        return [["编号", "姓名", "党支部", "岗位"], *rows]

    def groups(self) -> list[list[str]]:
        rows = [["编号", "支部", "名称", "组长", "党员人数"]]
        numerals = "一二三四五六"
        for bid, _, size in BRANCHES:
            count = GROUP_COUNT.get(bid, 2)
            sizes = self.split(size, count, low=size // count - 2)
            members = [r[1] for r in self.roster if r[2] == bid and r[3] == "党员"]
            leaders = self.rng.sample(members, count)
            self.groups_of[bid] = []
            for i in range(count):
                gid, name = f"{bid}-{i + 1}", f"第{numerals[i]}党小组"
                self.groups_of[bid].append((gid, name, leaders[i], sizes[i]))
                rows.append([gid, bid, name, leaders[i], sizes[i]])
        return rows

    def branches(self) -> list[list[str]]:
        header = ["编号", "名称", "书记", "党员人数", "党小组数", "书记任职日期"]
        rows = [header + ["活动室六有", "活动室建设日期"]]
        secretaries = {r[2]: r[1] for r in self.roster if r[3] == "Z1"}
        for bid, name, count in BRANCHES:
            if bid in NEW_SECRETARIES:
                # 换届选举 at a 支部党员大会 between March and May 2023.
                appointed = self.day_between(dt.date(2023, 3, 6), dt.date(2023, 5, 26))
                self.elections[bid] = appointed
            else:
                appointed = self.day_between(dt.date(2020, 9, 1), dt.date(2021, 11, 30))
            if bid == OLD_ROOM:
                room = self.day_between(dt.date(2021, 9, 1), dt.date(2021, 10, 29))
            else:
                room = self.day_between(dt.date(2023, 2, 1), dt.date(2023, 6, 20))
            groups = len(self.groups_of[bid])
            rows.append([bid, name, secretaries[bid], count, groups, appointed, "是", room])
        return rows

    # --- 党组 meetings ---------------------------------------------------------------------

    def leadership(self) -> list[list[str]]:
        """党组会议 (2-3 a month) and 中心组 sessions; remembers them for study and office."""
        rows = [["日期", "会议", "议题", "议题类别"]]
        business = [
            "研究重点业务工作推进情况",
            "研究干部选拔任用事项",
            "研究年度预算执行情况",
            "研究政府采购事项",
            "研究安全生产工作",
            "研究信访维稳工作",
        ]
        party = [
            "研究机关党建工作要点",
            "研究党支部标准化规范化建设工作",
            "听取机关党委工作情况汇报",
            "研究党员教育培训计划",
        ]
        ideology = {
            (year, quarter): self.rng.choice(quarter_months(year, quarter))[1]
            for year, quarter in quarters()
        }
        strict = {
            (2022, 2): "研究部署2022年全面从严治党工作",
            (2022, 4): "听取廉政风险防控工作情况汇报",
            (2022, 7): "听取上半年全面从严治党主体责任落实情况汇报",
            (2023, 2): "研究部署2023年全面从严治党暨创建“模范机关”工作",
            (2023, 4): "听取廉政风险防控工作情况汇报",
        }
        last_first = ""
        for period in PERIODS:
            months = period_months(period)
            for year, month in months:
                days = working_days(year, month)
                count = self.rng.choice((2, 2, 3))
                if (year, month) == (2023, 1):  # the feedback came on 12 January
                    days = [d for d in days if d.day > 12]
                dates = sorted(self.rng.sample(days[1:-1], count))
                quarter = (month - 1) // 3 + 1
                for n, day in enumerate(dates):
                    first = self.topic(day)
                    for _ in range(3):  # a new 第一议题 rather than the last meeting's
                        if first.text != last_first:
                            break
                        first = self.topic(day)
                    last_first = first.text
                    items = [(f"“第一议题”：{learn(first.text)}", "第一议题")]
                    if n == 0 and month in RECTIFICATION_MONTHS[period]:
                        if (year, month) == (2023, 1) or (year, month) == (2022, 4):
                            text = "研究巡察整改工作方案，听取整改任务分解落实情况汇报"
                        else:
                            text = "听取巡察整改进展情况汇报，研究解决整改难点问题"
                        items.append((text, "巡察整改"))
                        self.meetings.append((day, "巡察整改", text, period))
                    if n == len(dates) - 1 and ideology[(year, quarter)] == month:
                        text = "专题研究意识形态工作，分析研判意识形态领域情况"
                        items.append((text, "意识形态"))
                    if n == 0 and (year, month) in strict:
                        items.append((strict[(year, month)], "全面从严治党"))
                    if self.rng.random() < 0.35:
                        items.append((self.rng.choice(party), "党建工作"))
                    for text in self.rng.sample(business, self.rng.choice((1, 1, 2))):
                        items.append((text, "其他"))
                    for text, kind in items:
                        rows.append([day, "党组会议", text, kind])
            # 中心组 sessions: one a month, and one more in the busiest months.
            sessions = sorted(self.rng.sample(months, len(months)))
            extra = self.rng.sample(months, CENTRE_GROUP[period] - len(months))
            for year, month in sessions + extra:
                days = working_days(year, month)
                day = self.rng.choice(days[3:])
                topic = self.topic(day, lag=4)
                rows.append([day, "党组理论学习中心组学习", learn(topic.text), "理论学习"])
                self.meetings.append((day, "中心组", learn(topic.text), period))
        body = sorted(rows[1:], key=lambda r: (r[0], r[1] != "党组会议"))
        return [rows[0], *body]

    # --- organisational life --------------------------------------------------------------

    def org_life(self) -> list[list[str]]:
        rows = [["日期", "党支部", "类别", "党小组", "主题", "应到人数", "实到人数", "调整原因"]]
        # Deliberate lapses so that the compliance views have something to show.
        missed = {
            ("B09", 2022, 5, "主题党日"),
            ("B10", 2022, 8, "支部委员会"),
            ("B07", 2023, 2, "支部委员会"),
        }
        group_missed = {("B02-2", 2022, 8), ("B09-1", 2023, 1), ("B07-2", 2022, 11)}
        rare_months = {2022: {3, 6}}  # seed 003: three groups met twice in 2022 H1
        other_day = {("B06", 2022, 4), ("B08", 2022, 9)}  # moved without a recorded reason
        recorded = {
            ("B04", 2022, 11): "配合全市集中工作任务，经机关党委同意调整",
            ("B02", 2023, 3): "与全市重点工作部署会冲突，已报机关党委同意",
        }
        no_quarterly = {("B05", 2022, 1, "支部党员大会"), ("B03", 2022, 1, "党课")}
        no_quarterly |= {("B09", 2022, 3, "党课")}
        january = ("B03", "B10")  # hold the annual 组织生活会 early in the next year
        late_h1 = {("B09", 2022): 7, ("B05", 2023): None, ("B08", 2023): None}
        no_h1 = {("B07", 2022)}

        def add(day: dt.date, bid: str, kind: str, topic: str, size: int, **extra: str) -> None:
            absent = self.rng.choice((0, 0, 1, 1, 2, 3))
            if kind == "支部委员会":  # more than half of the committee must attend
                absent = self.rng.choice((0, 0, 0, 1))
            elif bid == "B10":
                absent += self.rng.randint(1, 4)  # retirees: illness and distance
            present = max(size - absent, 1)
            date = f"{day.year}/{day.month}/{day.day}"  # as Excel/WPS export dates
            group, reason = extra.get("group", ""), extra.get("reason", "")
            rows.append([date, bid, kind, group, topic, size, present, reason])

        def theme(day: dt.date) -> str:
            if day.month == 3:
                return "学雷锋志愿服务进社区"
            if day.month == 5:
                return "党风廉政宣传教育月：观看警示教育片，重温入党誓词"
            if day.month == 7:
                return f"庆祝中国共产党成立{day.year - 1921}周年，重温入党誓词"
            return learn(self.topic(day).text)

        for year, month in MONTHS:
            days = working_days(year, month)
            quarter = (month - 1) // 3 + 1
            for bid, _name, size in BRANCHES:
                friday = first_friday(year, month)
                if (bid, year, month, "主题党日") not in missed:
                    reason = ""
                    day = friday
                    if not is_working_day(friday):
                        holiday = _HOLIDAYS[(friday.year, friday.month, friday.day)]
                        day = friday + dt.timedelta(days=7)
                        reason = f"第一个星期五为{holiday}假期，顺延一周，已报机关党委"
                    elif (bid, year, month) in recorded:
                        day = friday + dt.timedelta(days=5)
                        reason = recorded[(bid, year, month)]
                    elif (bid, year, month) in other_day:
                        day = friday + dt.timedelta(days=7)
                    add(day, bid, "主题党日", theme(day), size, reason=reason)
                if (bid, year, month, "支部委员会") not in missed:
                    day = self.rng.choice(days[1:8])
                    topic = f"“第一议题”：{learn(self.topic(day).text)}；研究支部当月工作"
                    add(day, bid, "支部委员会", topic, 5 if size >= 20 else 3)
                for gid, _gname, _leader, members in self.groups_of[bid]:
                    if gid in RARE_GROUPS and month not in rare_months.get(year, range(13)):
                        if year == 2022 and month <= 6 or (year, month) in {(2022, 8), (2022, 11)}:
                            continue
                    if (gid, year, month) in group_missed:
                        continue
                    day = self.rng.choice(days[6:-2])
                    topic = f"交流{learn(self.topic(day).text)}体会"
                    add(day, bid, "党小组会", topic, members, group=gid)
                meeting_month = 3 * quarter - self.rng.choice((0, 0, 1))
                if (
                    month == meeting_month
                    and (bid, year, quarter, "支部党员大会") not in no_quarterly
                ):
                    if bid in self.elections and (year, quarter) == (2023, 2):
                        pass  # the election meeting below is this quarter's 支部党员大会
                    else:
                        add(
                            self.rng.choice(days[-8:]),
                            bid,
                            "支部党员大会",
                            "通报支部工作，传达学习上级会议精神",
                            size,
                        )
                if bid in self.elections and (year, month) == (
                    self.elections[bid].year,
                    self.elections[bid].month,
                ):
                    add(self.elections[bid], bid, "支部党员大会", "支部委员会换届选举", size)
                lesson_month = 3 * quarter - 1 - self.rng.choice((0, 1))
                if month == lesson_month and (bid, year, quarter, "党课") not in no_quarterly:
                    day = self.rng.choice(days[5:])
                    lesson = self.topic(day, lag=10).text
                    add(day, bid, "党课", f"专题党课：{learn(lesson)}", size)
                # 组织生活会: half-yearly; the H1 one by the end of July, the annual one
                # (with 民主评议党员) in December or, for some branches, in January.
                h1 = late_h1.get((bid, year), 6)
                if month == h1 and (bid, year) not in no_h1 and month in (6, 7):
                    day = self.rng.choice(days[-12:] if month == 6 else days[5:15])
                    add(day, bid, "组织生活会", f"{year}年上半年组织生活会", size)
                annual = None
                if month == 12 and bid not in january:
                    annual = year
                if month == 1 and bid in january:
                    annual = year - 1
                if annual is not None:
                    day = self.rng.choice(days[-10:] if month == 12 else days[4:12])
                    add(day, bid, "组织生活会", f"{annual}年度组织生活会", size)
                    add(day, bid, "民主评议党员", f"{annual}年度民主评议党员", size)
        return rows

    # --- study ----------------------------------------------------------------------------

    def study(self) -> list[list[str]]:
        rows = [["日期", "组织单位", "类型", "主题", "参加人数", "数量"]]
        kinds = ("集中学习", "夜校学习", "联合主题党日", "轮值主题党课", "体验式教学")
        kinds += ("学习研讨", "学习心得", "学习强国通报", "学习检查")
        weights = [SIZES[b] * self.rng.uniform(0.7, 1.3) for b in IDS]
        places = ["市革命历史纪念馆", "市档案馆主题展览", "红色教育基地", "党性教育实践基地"]
        for period, counts in STUDY.items():
            for kind, count in zip(kinds, counts, strict=True):
                count *= self.scale
                if kind == "学习心得":
                    batches = self.split(count, self.rng.randint(16, 22) * self.scale, low=2)
                    for n in batches:
                        bid = self.rng.choices(IDS, weights=weights)[0]
                        day = self.day_in(period)
                        text = f"{learn(self.topic(day, lag=7).text)}心得体会"
                        rows.append([day, bid, kind, text, "", n])
                    continue
                for i in range(count):
                    day = self.day_in(period)
                    bid = self.rng.choices(IDS, weights=weights)[0]
                    size = SIZES[bid]
                    if kind == "集中学习":
                        text = f"集中学习：{self.topic(day).text}"
                        who = size - self.rng.randint(0, 4)
                        unit = bid
                    elif kind == "夜校学习":  # Thursday evenings
                        day = self.thursday_in(period)
                        unit, who = "机关党委", self.rng.randint(38, 92)
                        text = f"“夜校学习”专题：{self.topic(day).text}"
                    elif kind == "联合主题党日":
                        year, month = self.rng.choice(period_months(period))
                        day = first_friday(year, month)
                        while not is_working_day(day):
                            day += dt.timedelta(days=7)
                        partner = self.rng.choice([b for b in IDS if b != bid])
                        text = f"与{NAMES[partner]}联合开展主题党日：{learn(self.topic(day).text)}"
                        unit, who = bid, size + SIZES[partner] - self.rng.randint(2, 8)
                    elif kind == "轮值主题党课":
                        text = f"轮值主题党课：{self.topic(day, lag=10).text}"
                        unit, who = bid, size - self.rng.randint(0, 3)
                    elif kind == "体验式教学":
                        place = self.rng.choice(places)
                        if (period, i) == ("2022H1", 0):
                            day = self.day_between(dt.date(2022, 6, 20), dt.date(2022, 6, 30))
                            place = "市档案馆主题展览"  # seed 003: before 1 July
                        text = f"赴{place}开展体验式教学"
                        unit, who = bid, size - self.rng.randint(1, 5)
                    elif kind == "学习研讨":
                        text = f"专题研讨：{self.topic(day, lag=5).text}"
                        unit, who = bid, size - self.rng.randint(0, 3)
                    elif kind == "学习强国通报":
                        month = period_months(period)[i % 6]
                        day = self.rng.choice(working_days(*month)[:6])
                        unit, who, text = "机关党委", "", "“学习强国”学习情况通报"
                    else:  # 学习检查
                        unit, who = "机关党委", self.rng.randint(10, 14)
                        text = "各党支部学习记录和学习笔记检查"
                    rows.append([day, unit, kind, text, who, 1])
            for day, kind, text, when in self.meetings:
                if kind == "中心组" and when == period:
                    rows.append([day, "党组", "中心组集中学习", text, self.rng.randint(9, 12), 1])
        rows += self.knowledge_tests()
        body = sorted(rows[1:], key=lambda r: (r[0], r[1], r[2]))
        return [rows[0], *body]

    def knowledge_tests(self) -> list[list[object]]:
        """知识测验: per branch and quarter, or one 机关党委 test for all branches."""
        rows: list[list[object]] = []
        for year, quarter in quarters():
            months = quarter_months(year, quarter)
            if (year, quarter) in UNIFIED_TESTS:
                subject = UNIFIED_TESTS[(year, quarter)]
                day = self.rng.choice(working_days(*months[-1])[5:15])
                text = f"{subject}应知应会知识测验（机关党委统一组织，各党支部党员参加）"
                rows.append([day, "机关党委", "知识测验", text, self.rng.randint(150, 185), 1])
                branches = EXTRA_TESTS.get((year, quarter), ())
            else:
                branches = tuple(b for b in IDS if (b, year, quarter) not in MISSED_TESTS)
            for bid in branches:
                month = self.rng.choice(months)
                day = self.rng.choice(working_days(*month))
                text = f"党员应知应会知识测验：{self.topic(day, lag=10).text}"
                rows.append([day, bid, "知识测验", text, SIZES[bid] - self.rng.randint(0, 4), 1])
        return rows

    # --- office work and rectification ----------------------------------------------------

    def office(self) -> list[list[str]]:
        rows = [["日期", "类别", "事项", "数量"]]
        kinds = ("文件通知办理", "上报情况报告", "起草讲话", "拟制通知", "拟制方案", "对照检查材料")
        kinds += ("整改督办提示函",)
        subjects = [
            "党建工作",
            "党风廉政建设",
            "意识形态工作",
            "主题党日",
            "“三会一课”",
            "党费收缴",
            "清廉机关建设",
            "能力作风建设年",
            "志愿服务",
            "党员教育培训",
        ]
        senders = ["市委组织部", "市直机关工委", "市纪委监委", "市委宣传部", "局党组"]
        fixed = {
            ("2022H1", "拟制方案"): [
                "巡察整改工作方案",
                "2022年度党建工作任务落实具体时间节点表",
                "《党建制度汇编》编印方案",
            ],
            ("2022H1", "上报情况报告"): [
                "关于履行第一责任人责任抓好市委巡察组反馈意见整改落实情况的报告",
                "关于巡察整改情况的通报",
            ],
            ("2023H1", "起草讲话"): [
                "在全系统全面从严治党工作暨落实“一联二抓三推进”创建“模范机关”工作会议上的讲话"
            ],
            ("2023H1", "拟制方案"): [
                "巡察整改工作方案",
                "关于全面从严治党主体责任落实情况检查反馈问题整改落实方案",
            ],
        }
        for period, counts in OFFICE.items():
            for kind, count in zip(kinds, counts, strict=True):
                titles = list(fixed.get((period, kind), []))
                for _ in range(count * self.scale):
                    subject = self.rng.choice(subjects)
                    title = (
                        titles.pop(0)
                        if titles
                        else {
                            "文件通知办理": f"{self.rng.choice(senders)}关于做好{subject}的通知",
                            "上报情况报告": f"关于{subject}开展情况的报告",
                            "起草讲话": f"在{subject}推进会上的讲话",
                            "拟制通知": f"关于开展{subject}的通知",
                            "拟制方案": f"{subject}实施方案",
                            "对照检查材料": "专题民主生活会对照检查材料",
                            "整改督办提示函": "巡察整改督办提示函",
                        }[kind]
                    )
                    day = self.day_in(period)
                    if (period, kind) == ("2023H1", "起草讲话") and "模范机关" in title:
                        day = self.day_between(dt.date(2023, 2, 6), dt.date(2023, 2, 17))
                    if kind == "对照检查材料":  # before the 民主生活会 and 组织生活会
                        year = int(period[:4])
                        months = [(year, 1), (year, 2)] if period.endswith("H1") else [(year, 12)]
                        months += [(year, 6)] if period.endswith("H1") else [(year, 11)]
                        day = self.rng.choice(working_days(*self.rng.choice(months)))
                    if kind == "整改督办提示函":
                        start = dt.date(2022, 4, 1) if period == "2022H1" else None
                        day = self.day_between(start, dt.date(2022, 6, 30)) if start else day
                    rows.append([day, kind, title, 1])
        for day, kind, _text, _period in self.meetings:
            if kind == "巡察整改":
                rows.append([day, "党组会听取整改汇报", "党组会议听取巡察整改进展情况汇报", 1])
        for day, title, version in revisions(self.rules):
            if FIRST <= day <= LAST:
                rows.append([day, "制度建立修订", revision_item(title, version), 1])
        meetings = [
            (dt.date(2022, 1, 20), "巡察反馈问题整改专题民主生活会"),
            (dt.date(2022, 1, 26), "党史学习教育专题民主生活会"),
            (dt.date(2022, 2, 18), "党史学习教育总结大会"),
            (dt.date(2022, 4, 22), "清廉机关建设动员部署会议"),
            (dt.date(2022, 10, 28), "学习宣传贯彻党的二十大精神动员部署会"),
            (dt.date(2023, 1, 17), "2022年度党支部书记抓基层党建述职评议会"),
            (
                dt.date(2023, 2, 14),
                "全系统全面从严治党工作暨落实“一联二抓三推进”创建“模范机关”工作会议",
            ),
            (dt.date(2023, 2, 24), "巡察整改专题民主生活会"),
            (dt.date(2023, 4, 12), "学习贯彻习近平新时代中国特色社会主义思想主题教育动员部署会"),
        ]
        for day, title in meetings:
            rows.append([day, "组织召开会议", title, 1])
        members = sum(SIZES.values())
        compiled = self.day_between(dt.date(2023, 6, 12), dt.date(2023, 6, 21))
        rows.append([compiled, "印发资料", "《党建制度汇编》（2023年版，党员人手一册）", members])
        lists = self.day_between(dt.date(2023, 3, 6), dt.date(2023, 3, 17))
        rows.append([lists, "印发资料", "机关党建“三级五岗”责任清单", 60])
        platforms = [
            "局门户网站",
            "局政务微信公众号",
            "局政务微博",
            "局政务短视频账号",
            "局内网党建专栏",
            "局政务服务客户端",
            "直属事业单位网站",
        ]
        for place in platforms:
            day = self.day_between(dt.date(2022, 5, 9), dt.date(2022, 5, 27))
            rows.append([day, "网络传播平台排查", f"{place}意识形态风险排查", 1])
        for place in ("课堂教学", "校园广播", "宣传栏和电子屏", "校园网站"):
            day = self.day_between(dt.date(2022, 5, 16), dt.date(2022, 6, 10))
            rows.append([day, "学校阵地排查", f"直属学校{place}意识形态风险排查", 1])
        for where in ("疫情防控一线党员", "窗口服务岗位党员", "重点项目攻坚党员"):
            day = self.day_between(dt.date(2022, 6, 6), dt.date(2022, 6, 17))
            rows.append([day, "推荐先进典型", f"“发现榜样 创新聚力在一线”活动推荐：{where}", 1])
        body = sorted(rows[1:], key=lambda r: (r[0], r[1]))
        return [rows[0], *body]

    def rectification(self) -> list[list[str]]:
        header = ["编号", "来源", "问题", "整改措施", "责任领导", "责任科室", "责任人", "反馈日期"]
        rows = [header + ["完成时限", "状态", "完成日期"]]
        titles = {rule.id: rule.title for rule in self.rules}
        secretary, party, finance = "局党组书记", "分管党建工作的党组成员", "分管财务工作的党组成员"
        business, logistics, discipline = (
            "分管业务工作的党组成员",
            "分管行政后勤工作的党组成员",
            "机关纪委书记",
        )
        d = dt.date
        done = "已完成"
        # 2022: the previous round (raised 18 March 2022).
        first = [
            (
                "学习贯彻党的创新理论不够深入系统",
                "完善中心组学习计划，落实“第一议题”制度",
                secretary,
                "办公室",
                d(2022, 5, 31),
                done,
                d(2022, 5, 20),
            ),
            (
                "主题党日活动形式单一、质量不高",
                "印发年度主题党日安排，每季度开展联合主题党日",
                party,
                "机关党委办公室",
                d(2022, 5, 31),
                done,
                d(2022, 5, 6),
            ),
            (
                "“三会一课”记录不规范",
                "统一会议记录模板，每半年检查1次",
                party,
                "机关党委办公室",
                d(2022, 5, 31),
                done,
                d(2022, 5, 27),
            ),
            (
                "党员活动室建设不达标",
                "按照“六有”标准制定活动室改造计划",
                party,
                "机关服务中心",
                d(2022, 9, 30),
                done,
                d(2022, 9, 23),
            ),
            (
                "廉政风险点排查不全面",
                "组织全员排查，完善风险点台账",
                discipline,
                "机关纪委",
                d(2022, 4, 30),
                done,
                d(2022, 4, 28),
            ),
            (
                "公务用车管理不严格",
                "完善用车审批登记制度，推进公务用车平台化管理",
                logistics,
                "办公室",
                d(2022, 12, 31),
                "长效整改",
                None,
            ),
            (
                "专项资金分配程序不规范",
                "资金分配方案集体研究并公示",
                finance,
                "财务科",
                d(2022, 6, 30),
                done,
                d(2022, 6, 24),
            ),
            (
                "政府采购询价不充分",
                "建立三家以上询价和验收双签制度",
                finance,
                "财务科",
                d(2022, 6, 30),
                done,
                d(2022, 6, 17),
            ),
            (
                "网络和学校意识形态阵地底数不清",
                "开展网络传播平台和学校阵地风险排查，建立阵地清单",
                secretary,
                "办公室",
                d(2022, 6, 30),
                done,
                d(2022, 6, 10),
            ),
            (
                "党务干部配备不足",
                "通过党支部换届选举选优配强党务干部",
                party,
                "人事科",
                d(2022, 12, 31),
                done,
                max(self.elections.values()),
            ),
            (
                "谈心谈话开展不经常",
                "制定年度谈心谈话安排，纳入支部书记述职评议",
                party,
                "机关党委办公室",
                d(2022, 9, 30),
                done,
                d(2022, 9, 16),
            ),
            (
                "警示教育针对性不强",
                "落实“一季一警示”，开展以案示警",
                discipline,
                "机关纪委",
                d(2022, 6, 30),
                done,
                d(2022, 6, 22),
            ),
        ]
        # 2023: this round (raised 12 January 2023); most problems led to a rule revision,
        # whose date in the rule's front matter is the day the item was completed.
        # the date of each rule's latest revision
        revised = {rule.id: rule.history[-1].date for rule in self.rules if rule.history}
        second = [
            ("01", "中心组学习计划执行不够严格、专题研讨偏少、学用结合不紧", secretary, "办公室"),
            ("02", "“第一议题”学习存在“以读代学”现象，学后研究落实跟踪不够", secretary, "办公室"),
            (
                "04",
                "意识形态领域情况分析研判不经常，网络和宣传阵地管理存在薄弱环节",
                secretary,
                "办公室",
            ),
            (
                "05",
                "部分党支部组织生活不规范、党小组活动不经常、党员活动室建设不达标",
                party,
                "机关党委办公室",
            ),
            ("06", "党员教育培训覆盖不全，党员日常管理失之于宽", party, "机关党委办公室"),
            (
                "08",
                "党费收缴管理不够规范，个别党支部未按时核定交纳基数、未定期公布收缴情况",
                party,
                "机关党委办公室",
            ),
            (
                "14",
                "部分党支部“三会一课”不够经常、流于形式，会议记录不规范",
                party,
                "机关党委办公室",
            ),
            (
                "15",
                "个别党支部主题党日随意调整日期、活动内容单一、活动记录不全",
                party,
                "机关党委办公室",
            ),
            (
                "16",
                "部分党内组织生活走过场，批评和自我批评不够严肃，查摆问题整改不到位",
                party,
                "机关党委办公室",
            ),
            (
                "17",
                "局党组民主生活会相互批评不够深入，查摆问题整改跟踪问效不够",
                secretary,
                "办公室",
            ),
            (
                "19",
                "对分管领域干部工作上提要求多、思想上交流少，对苗头性问题不愿说破",
                secretary,
                "人事科",
            ),
            (
                "21",
                "部分党组织书记重业务、轻党建，党建工作与业务工作“两张皮”",
                party,
                "机关党委办公室",
            ),
            ("22", "全面从严治党主体责任压力传导不到位、层层递减", secretary, "办公室"),
            (
                "23",
                "主体责任与监督责任贯通协同不够，向派驻纪检监察组通报情况不及时",
                discipline,
                "机关纪委",
            ),
            (
                "24",
                "上一轮巡察整改跟踪督办不够、部分问题整改不彻底、长效机制不健全",
                secretary,
                "办公室",
            ),
            ("25", "廉政谈话重关键节点、轻全过程，廉政教育针对性不强", discipline, "机关纪委"),
            (
                "26",
                "部分党员干部对执纪越来越严的形势认识不足，警示教育以案促改不够",
                discipline,
                "机关纪委",
            ),
            (
                "27",
                "廉政风险点排查不全面、防控措施针对性不强、动态更新不及时",
                discipline,
                "机关纪委",
            ),
            ("28", "公务接待和差旅费报销审核把关不严，部分支出事前审批手续不全", finance, "财务科"),
            ("30", "个别党员干部婚丧喜庆事宜报告不及时、办理后缺少核查", discipline, "机关纪委"),
        ]
        # Items not closed by the rule revision alone: (status, deadline).
        still_open = {
            "04": ("持续推进", d(2023, 5, 31)),  # the position ledger is not complete: overdue
            "06": ("长效整改", d(2023, 12, 31)),
            "16": ("持续推进", d(2023, 7, 31)),
            "21": ("长效整改", d(2023, 12, 31)),
        }
        items = []
        period_end = d(2023, 3, 12)  # two months after the feedback of 12 January
        for rule_id, problem, leader, office in second:
            day = revised[rule_id]
            verb = "制定" if rule_id in ("23", "24") else "修订"
            measure = f"{verb}《{titles[rule_id]}》，建立健全长效机制"
            # Within the two-month 集中整改期 (rule 24 art. 10) when the revision came in it.
            planned = period_end if day <= period_end else _month_end(day)
            status, deadline = still_open.get(rule_id, (done, planned))
            items.append(
                (
                    problem,
                    measure,
                    leader,
                    office,
                    deadline,
                    status,
                    day if status == done else None,
                )
            )
        items += [
            (
                "党务干部业务水平偏低，党务工作者培训不足",
                "年内举办1期党务工作培训班，开展岗位练兵",
                party,
                "机关党委办公室",
                d(2023, 9, 30),
                "持续推进",
                None,
            ),
            (
                "部分党支部班子长期未调整，委员配备不全",
                "指导党支部按期换届，选优配强支部书记",
                party,
                "人事科",
                d(2023, 5, 31),
                done,
                max(self.elections.values()),
            ),
            (
                "个别科室纪律意识不强，工作效能不高",
                "开展作风建设专项督查，节点前明察暗访",
                discipline,
                "机关纪委",
                d(2023, 6, 15),
                "持续推进",
                None,
            ),
            (
                "行政审批事项办理时限执行不严",
                "推行审批事项限时办结和电子监察",
                business,
                "行政审批科",
                d(2023, 4, 30),
                done,
                d(2023, 4, 26),
            ),
        ]
        for prefix, raised, batch in (
            ("XC2022", d(2022, 3, 18), first),
            ("XC2023", d(2023, 1, 12), items),
        ):
            for _ in range(self.scale):
                for problem, measure, leader, office, deadline, status, completed in batch:
                    number = len([r for r in rows[1:] if r[0].startswith(prefix)]) + 1
                    rows.append(
                        [f"{prefix}-{number:02d}", "市委巡察反馈", problem, measure]
                        + [leader, office, self.name()[0] + "某", raised]
                        + [deadline, status, completed]
                    )
        return rows

    # --- integrity risks, inspections, talks, warnings, volunteers, staff ------------------

    def risks(self) -> list[list[str]]:
        header = ["编号", "排查日期", "部门", "岗位", "职工编号", "风险点", "风险等级"]
        rows = [header + ["防控措施", "措施条数"]]
        for year, (staff, points, measures) in RISK.items():
            staff, points, measures = staff * self.scale, points * self.scale, measures * self.scale
            # Departments' staff: 2022 had fewer people in some departments.
            sizes = {dept: size * self.scale for dept, (size, _) in DEPARTMENTS.items()}
            while sum(sizes.values()) > staff:
                dept = self.rng.choice(list(sizes))
                sizes[dept] -= 1
            people = []
            for dept, size in sizes.items():
                posts = DEPARTMENTS[dept][1]
                for k in range(size):
                    post = posts[0] if k == 0 else self.rng.choice(posts[1:])
                    people.append((dept, post))
            # Every person has one risk point; powerful posts get a second (and third).
            extra = points - staff
            heavy = [i for i, (_, post) in enumerate(people) if len(RISKS.get(post, [])) > 1]
            counts = [1] * len(people)
            for i in self.rng.sample(heavy, min(extra, len(heavy))):
                counts[i] += 1
            for _ in range(extra - min(extra, len(heavy))):
                counts[self.rng.randrange(len(people))] += 1
            # Measures: at least one per point, more for high-level points.
            levels = []
            for (_dept, post), n in zip(people, counts, strict=True):
                base = (15, 45, 40) if post in RISKS else (5, 35, 60)
                levels += [self.rng.choices(["高", "中", "低"], weights=base)[0] for _ in range(n)]
            per_point = [1] * len(levels)
            spare = measures - len(levels)
            high = [i for i, lv in enumerate(levels) if lv != "低"]
            while spare > 0:
                i = self.rng.choice(high)
                if per_point[i] < 3:
                    per_point[i] += 1
                    spare -= 1
            number = 0
            for s, ((dept, post), n) in enumerate(zip(people, counts, strict=True)):
                day = self.rng.choice(working_days(year, self.rng.choice((2, 3))))
                pool = RISKS.get(post, []) + [
                    g for g in GENERIC_RISKS if g not in RISKS.get(post, [])
                ]
                for k in range(n):
                    risk, measure = pool[k % len(pool)]
                    rows.append(
                        [f"FX{year}-{number + 1:04d}", day, dept, post, f"ZG{s + 1:03d}", risk]
                        + [levels[number], measure, per_point[number]]
                    )
                    number += 1
        return rows

    def supervision(self) -> list[list[str]]:
        rows = [["日期", "党支部", "方式", "发现问题", "已整改", "问题描述"]]
        notes = [
            "会议记录照抄照搬",
            "文件层层转发、以文件落实文件",
            "检查考核过多过频",
            "窗口服务推诿扯皮",
            "节日期间值班脱岗",
            "调研走过场、重形式轻实效",
        ]
        # Inspections before holidays (节日期间等重要节点).
        holidays = sorted({dt.date(*k) for k in _HOLIDAYS})
        for period, (count, found, fixed) in SUPERVISION.items():
            ids = self.rng.sample(IDS, count)
            founds = self.split(found, count)
            fixes = list(founds)
            for _ in range(found - fixed):  # the latest problems are still being rectified
                fixes[max(range(count), key=lambda k: fixes[k])] -= 1
            eves = [h for h in holidays if period_of(h) == period]
            for i, bid in enumerate(ids * self.scale):
                holiday = self.rng.choice(eves)
                day = self.day_between(holiday - dt.timedelta(days=12), holiday)
                if period_of(day) != period:
                    day = self.day_in(period)
                f, fx = founds[i % count], fixes[i % count]
                note = "；".join(self.rng.sample(notes, 2))
                rows.append([day, bid, self.rng.choice(("明察", "暗访")), f, fx, note])
        body = sorted(rows[1:], key=lambda r: (r[0], r[1]))
        return [rows[0], *body]

    def talks(self) -> list[list[str]]:
        rows = [["日期", "类别", "谈话人", "谈话对象", "党支部", "人数"]]
        # Branch secretaries talk with every member each year (rule 19); the share done in
        # the first half varies, and two branches fell short in 2022.
        short_2022 = {"B06": 0.72, "B09": 0.88}
        first_half = {bid: self.rng.uniform(0.3, 0.75) for bid in IDS}
        secretary_talk_h1 = set(self.rng.sample(IDS, 6))
        for period, (team, collective, batches) in TALKS.items():
            for _ in range(team * self.scale):
                rows.append([self.day_in(period), "谈心谈话", "局党组书记", "班子成员", "", 1])
            for _ in range(collective * self.scale):
                who = self.rng.randint(4, 9)
                day = self.day_in(period)
                rows.append([day, "集体任前廉政谈话", "机关纪委书记", "新任职干部", "", who])
            for _ in range(batches * self.scale):
                who = self.rng.randint(2, 5)
                day = self.day_in(period)
                rows.append([day, "约谈", "局党组班子成员", "分管科室负责人", "", who])
            rows.append([self.day_in(period), "提醒谈话", "机关纪委书记", "科室负责人", "", 1])
            year, half = int(period[:4]), period[-1]
            for bid, _, size in BRANCHES:
                in_h1 = bid in secretary_talk_h1
                if (half == "1") == in_h1 or year == 2023 and self.rng.random() < 0.3:
                    talker = self.rng.choice(("机关党委书记", "机关党委书记", "机关纪委书记"))
                    rows.append([self.day_in(period), "谈心谈话", talker, "党支部书记", bid, 1])
                yearly = round(size * short_2022.get(bid, 1.0)) if year == 2022 else size
                share = first_half[bid] if year == 2022 else self.rng.uniform(0.35, 0.85)
                done_h1 = max(1, round(yearly * share))
                n = done_h1 if half == "1" else yearly - done_h1
                if n <= 0:
                    continue
                for k in self.split(n * self.scale, min(self.rng.randint(2, 5), n)):
                    rows.append([self.day_in(period), "谈心谈话", "党支部书记", "支部党员", bid, k])
        body = sorted(rows[1:], key=lambda r: (r[0], r[1]))
        return [rows[0], *body]

    def warnings(self) -> list[list[str]]:
        rows = [["日期", "组织单位", "形式", "主题", "参加人数"]]
        cases = [
            "违规收受礼品礼金典型案例",
            "违规公款吃喝典型案例",
            "套取专项资金典型案例",
            "身边违纪违法案例",
            "省纪委监委通报的违反中央八项规定精神典型问题",
        ]
        for period, (sessions, people, by_case, exam) in WARNINGS.items():
            year = int(period[:4])
            slots = [
                (bid, year, q)
                for q in ((1, 2) if period.endswith("H1") else (3, 4))
                for bid in IDS
                if (bid, year, q) not in MISSED_WARNINGS
            ]
            extra = sessions - 2 - len(slots)
            slots += [(b, year, q) for b, _, q in self.rng.sample(slots, extra)]
            cased = set(self.rng.sample(range(len(slots)), by_case))
            branch_rows = []
            for i, (bid, y, q) in enumerate(slots):
                months = quarter_months(y, q)
                month = self.rng.choice(months)
                day = self.rng.choice(working_days(*month))
                if i < len(slots) - extra and (bid, y, q) != ("B02", 2022, 3):
                    # by the 20th of the quarter's last month (rule 26 art. 10)
                    day = self.rng.choice(
                        [
                            d
                            for m in months
                            for d in working_days(*m)
                            if d < dt.date(y, months[-1][1], 20)
                        ]
                    )
                elif (bid, y, q) == ("B02", 2022, 3):
                    day = self.day_between(dt.date(2022, 9, 21), dt.date(2022, 9, 29))  # late
                if i in cased:
                    form, topic = "以案示警", self.rng.choice(cases)
                elif q in (2,) and self.rng.random() < 0.5:
                    form, topic = "参观警示教育基地", "市廉政教育基地"
                else:
                    films = [
                        t.text
                        for t in self.topics
                        if t.use == "warning" and t.available + dt.timedelta(days=3) <= day
                    ]
                    film = "市纪委监委警示教育片"
                    if films and self.rng.random() < 0.5:
                        film = self.rng.choice(films)
                    form, topic = "观看警示教育片", film
                size = round(SIZES[bid] * self.rng.uniform(0.5, 0.8))
                branch_rows.append([day, bid, form, topic, size])
            rest = people - sum(r[4] for r in branch_rows)
            conference = self.split(rest, 2, low=rest // 2 - 15)
            halves = period_months(period)
            for n, months in enumerate((halves[:3], halves[3:])):
                day = self.rng.choice(working_days(*months[1]))
                theme = "“一季一警示”警示教育大会：通报典型案例"
                rows.append([day, "机关纪委", "警示教育大会", theme, conference[n]])
            rows += branch_rows
            for n in self.split(exam * self.scale, 2, low=3):
                day = self.day_in(period)
                rows.append([day, "机关纪委", "任前廉政考试", "新任职干部任前廉政考试", n])
        body = sorted(rows[1:], key=lambda r: (r[0], r[1]))
        return [rows[0], *body]

    def volunteers(self) -> list[list[str]]:
        rows = [["开始日期", "结束日期", "组织单位", "活动", "服务方式", "志愿者人数", "服务人次"]]
        d = dt.date
        items = [
            (d(2022, 3, 4), d(2022, 3, 4), "B05", "学雷锋志愿服务进社区", "现场服务", 15, 230),
            (d(2022, 3, 4), d(2022, 3, 4), "B01", "学雷锋文明交通劝导", "值守执勤", 12, 420),
            (d(2022, 3, 4), d(2022, 3, 4), "B03", "学雷锋普法宣传进社区", "宣传宣讲", 9, 180),
            (
                d(2022, 4, 12),
                d(2022, 4, 14),
                "机关党委",
                "核酸检测结果电话回访",
                "电话回访",
                18,
                18900,
            ),
            (d(2022, 4, 19), d(2022, 4, 19), "B02", "结对社区疫情防控值守", "值守执勤", 8, 350),
            (d(2022, 5, 20), d(2022, 5, 20), "B08", "社区疫情防控值守", "值守执勤", 10, 640),
            (d(2022, 6, 10), d(2022, 6, 10), "B10", "老党员社区义务理发", "现场服务", 6, 85),
            (d(2022, 6, 17), d(2022, 6, 17), "B04", "结对社区环境整治", "现场服务", 11, 160),
            (d(2022, 6, 24), d(2022, 6, 24), "B06", "关爱空巢老人入户走访", "现场服务", 10, 48),
            (d(2022, 7, 8), d(2022, 7, 8), "B07", "防范电信诈骗宣传", "宣传宣讲", 9, 260),
            (d(2022, 8, 5), d(2022, 8, 5), "B09", "结对社区环境整治", "现场服务", 8, 120),
            (d(2022, 9, 16), d(2022, 9, 16), "B01", "文明城市创建志愿服务", "值守执勤", 12, 300),
            (d(2022, 9, 23), d(2022, 9, 23), "B05", "政策宣传进企业", "宣传宣讲", 8, 140),
            (d(2022, 10, 14), d(2022, 10, 14), "B04", "重阳节看望困难老党员", "现场服务", 7, 36),
            (d(2022, 10, 21), d(2022, 10, 21), "B02", "政策咨询进社区", "宣传宣讲", 7, 150),
            (d(2022, 11, 4), d(2022, 11, 4), "B03", "宪法宣传进社区", "宣传宣讲", 8, 210),
            (d(2022, 11, 11), d(2022, 11, 11), "B06", "结对社区环境整治", "现场服务", 12, 170),
            (d(2022, 11, 18), d(2022, 11, 18), "B07", "结对社区疫情防控值守", "值守执勤", 9, 520),
            (
                d(2022, 11, 22),
                d(2022, 11, 24),
                "机关党委",
                "社区疫情防控志愿服务",
                "值守执勤",
                16,
                2100,
            ),
            (d(2022, 12, 2), d(2022, 12, 2), "B08", "老年人智能手机使用辅导", "现场服务", 8, 95),
            (d(2022, 12, 9), d(2022, 12, 9), "B10", "老党员讲传统进社区", "宣传宣讲", 7, 120),
            (d(2023, 3, 3), d(2023, 3, 3), "B06", "学雷锋志愿服务进社区", "现场服务", 20, 310),
            (d(2023, 3, 3), d(2023, 3, 3), "B01", "学雷锋文明交通劝导", "值守执勤", 14, 460),
            (d(2023, 3, 3), d(2023, 3, 3), "B08", "学雷锋义务维修家电", "现场服务", 9, 140),
            (d(2023, 3, 10), d(2023, 3, 10), "B04", "学雷锋关爱空巢老人", "现场服务", 10, 52),
            (d(2023, 4, 14), d(2023, 4, 14), "B03", "法律咨询进社区", "宣传宣讲", 8, 190),
            (d(2023, 5, 12), d(2023, 5, 12), "B02", "政策宣传进企业", "宣传宣讲", 8, 160),
            (d(2023, 5, 19), d(2023, 5, 19), "B05", "结对社区环境整治", "现场服务", 13, 210),
            (d(2023, 6, 9), d(2023, 6, 9), "B07", "防范电信诈骗宣传", "宣传宣讲", 10, 280),
        ]
        for _ in range(self.scale):
            for start, end, unit, what, how, people, served in items:
                rows.append([start, end, unit, what, how, people, served])
        return rows

    def staff(self) -> list[list[str]]:
        """Party-affairs staff and the ideology team, without names (aggregates only)."""
        rows = [["编号", "所在单位", "岗位", "出生年份", "任职日期"]]
        d = dt.date
        # 23 Party-affairs staff (20余), 7 of them under 35 in 2023 (30 %).
        young = set(self.rng.sample(range(23), 7))
        units = [("机关党委", "专职党务干部")] * 2 + [("机关纪委", "专职党务干部")]
        units += [(bid, "兼职党务干部") for bid in IDS for _ in range(2)]
        for n, (unit, post) in enumerate(units):
            born = self.rng.randint(1989, 1997) if n in young else self.rng.randint(1966, 1987)
            if unit in self.elections:
                since = self.elections[unit]
            elif post == "专职党务干部":
                since = self.day_between(d(2019, 3, 1), d(2022, 8, 31))
            else:
                since = self.day_between(d(2020, 9, 1), d(2021, 11, 30))
            rows.append([f"DW{n + 1:02d}", unit, post, born, since])
        # The ideology team of 20, formed in March 2023 (seed 000).
        formed = self.day_between(d(2023, 3, 13), d(2023, 3, 24))
        team = ["机关党委"] * 3 + IDS + self.rng.sample(IDS, 7)
        for n, unit in enumerate(sorted(team)):
            born = self.rng.randint(1970, 1996)
            rows.append([f"YX{n + 1:02d}", unit, "意识形态工作队伍", born, formed])
        return rows

    # --- private ledgers: recruitment and dues (own random generator) -------------------

    def recruitment(self) -> list[list[object]]:
        """发展党员台账: applicants of 2019-2023 in branches B01-B09; those admitted by the
        sample's end are members of the roster (they pay dues from their admission meeting)."""
        rng = random.Random(20230701)
        cutoff = LAST
        plans = _RECRUITMENT_PLANS
        header = ["编号", "姓名", "党支部", "申请日期", "谈话日期", "积极分子日期", "发展对象日期"]
        header += ["政审日期", "培训开始日期", "培训结束日期", "培训学时", "公示日期"]
        header += ["支部大会日期", "审批日期", "延长预备期月数", "转正日期", "备注"]
        rows: list[list[object]] = [header]
        taken: set[str] = set()
        for pid, bid, applied, special in plans:
            d = _timeline(rng, applied, special)
            d = {k: (v if v is not None and v <= cutoff else None) for k, v in d.items()}
            if d["支部大会日期"]:  # a member now: one of the branch's ordinary members
                pool = [r for r in self.roster if r[2] == bid and r[3] == "党员"]
                member = next(r for r in pool[::-1] if r[0] not in taken)
                taken.add(member[0])
                name = member[1]
                self.admitted[member[0]] = d["支部大会日期"]
            else:
                name = self._applicant_name(rng)
            hours = 16 if special == "course" else 24 if d["培训开始日期"] else None
            extension = 3 if special == "probation" else None
            rows.append(
                [pid, name, bid]
                + [d[c] for c in header[3:10]]
                + [hours, d["公示日期"], d["支部大会日期"], d["审批日期"], extension]
                + [d["转正日期"], None]
            )
        return rows

    def _applicant_name(self, rng: random.Random) -> str:
        while True:  # three characters: a two-character name could be an ordinary word
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            if name not in self.names and name[1] != name[2]:
                self.names.add(name)
                return name

    def dues(self) -> list[list[object]]:
        """党费收缴台账: every member of the roster, every month from 2022-01 (or from the
        admission meeting), bases set each April (rule 08 art. 9), paid by the 15th."""
        from handbook.ledgers.dues import fen, standard, yuan

        rng = random.Random(20230715)
        header = ["月份", "党员编号", "姓名", "党支部", "类别", "计算基数", "应交金额"]
        rows: list[list[object]] = [header + ["实交金额", "交纳日期", "备注"]]
        admitted = self.admitted
        boundary = {k: list(v) for k, v in BOUNDARY_BASES.items()}
        plan = PLANTED["dues"]
        lapse = next(r[0] for r in self.roster if r[2] == "B07" and r[3] == "党员")
        behind = next(r[0] for r in self.roster if r[2] == "B03" and r[3] == "党员")
        late = next(r[0] for r in self.roster if r[2] == "B05" and r[3] == "党员")
        generous = next(r[0] for r in self.roster if r[2] == "B01" and r[3] == "党员")
        relief = [r[0] for r in self.roster if r[2] == "B10"][-1]
        exempt = [r[0] for r in self.roster if r[2] == "B09" and r[3] == "党员"][-1]
        june_missing = set(rng.sample([r[0] for r in self.roster if r[3] == "党员"], 4))
        june_missing -= {lapse, behind, late, generous}
        for member, name, bid, _post in self.roster:
            kind = "离退休" if bid == "B10" else "在职"
            kind = "困难党员" if member == relief else "批准少交免交" if member == exempt else kind
            if kind in boundary and boundary[kind]:
                base = boundary[kind].pop(0)
            elif kind == "离退休":
                base = round(rng.uniform(3200, 9500), 2)
            else:
                base = round(rng.uniform(4200, 15500), 2)
            for year, month in MONTHS:
                key = f"{year}-{month:02d}"
                if (year, month) < DUES_FIRST_MONTH:
                    continue
                since = admitted.get(member)
                if since and (year, month) < (since.year, since.month):
                    continue
                if (
                    month == 4
                    and (year, month) > DUES_FIRST_MONTH
                    and member
                    not in (
                        relief,
                        exempt,
                    )
                ):
                    base = round(base * rng.uniform(1.01, 1.05), 2)  # re-set each April
                if kind == "困难党员":
                    shown_base, due = None, 20
                elif kind == "批准少交免交":
                    shown_base, due = None, 0
                else:
                    shown_base, due = base, standard(kind, fen(base)).due_fen
                paid, day, note = due, None, None
                unpaid = (
                    (member == lapse and year == 2023)
                    or (member == behind and key in ("2023-04", "2023-05", "2023-06"))
                    or (member in june_missing and key == "2023-06")
                )
                if member == late and key in plan["late"][1]:
                    day, note = dt.date(2022, 12, 8), "补交"
                elif not unpaid and due:
                    days = [d for d in working_days(year, month) if d.day <= 15]
                    day = rng.choice(days)
                if member == generous and key in ("2022-06", "2023-06"):
                    paid, note = due + 200_000, "自愿多交党费"
                if unpaid:
                    paid, day = None, None
                elif due == 0:
                    paid, day = 0, None
                    note = "经机关党委批准免交"
                rows.append(
                    [
                        key,
                        member,
                        name,
                        bid,
                        kind,
                        None if shown_base is None else f"{shown_base:.2f}",
                        yuan(due),
                        None if paid is None or day is None else yuan(paid),
                        day,
                        note,
                    ]
                )
        return rows


# Applicants: (id, branch, application date, what the row trips on purpose).
_RECRUITMENT_PLANS = [
    ("FZ2019-01", "B02", dt.date(2019, 9, 16), None),
    ("FZ2019-02", "B08", dt.date(2019, 11, 5), None),
    ("FZ2020-01", "B04", dt.date(2020, 3, 9), None),
    ("FZ2020-02", "B06", dt.date(2020, 4, 20), "probation"),
    ("FZ2020-03", "B01", dt.date(2020, 6, 2), None),
    ("FZ2020-04", "B05", dt.date(2020, 9, 14), "approval"),
    ("FZ2021-01", "B03", dt.date(2021, 1, 11), "soon"),
    ("FZ2021-02", "B07", dt.date(2021, 3, 1), None),
    ("FZ2021-03", "B08", dt.date(2021, 4, 12), "activist"),
    ("FZ2021-04", "B02", dt.date(2021, 6, 7), None),
    ("FZ2021-05", "B05", dt.date(2021, 7, 5), "course"),
    ("FZ2021-06", "B04", dt.date(2021, 9, 6), "waiting"),
    ("FZ2022-01", "B06", dt.date(2022, 2, 14), None),
    ("FZ2022-02", "B01", dt.date(2022, 3, 7), "talk"),
    ("FZ2022-03", "B09", dt.date(2022, 5, 9), None),
    ("FZ2022-04", "B03", dt.date(2022, 9, 13), None),
    ("FZ2022-05", "B07", dt.date(2022, 11, 7), None),
    ("FZ2023-01", "B08", dt.date(2023, 2, 13), None),
    ("FZ2023-02", "B05", dt.date(2023, 3, 20), None),
    ("FZ2023-03", "B02", dt.date(2023, 5, 10), "no_talk"),
    ("FZ2023-04", "B06", dt.date(2023, 6, 12), "no_talk"),
]


def _after(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    """A working day `low`..`high` days after `day`."""
    while True:
        candidate = day + dt.timedelta(days=rng.randint(low, high))
        if is_working_day(candidate):
            return candidate


def _timeline(rng: random.Random, applied: dt.date, special: str | None) -> dict:
    """Dates of every step for one applicant, the usual pace of rule 07 unless `special`."""
    from handbook.ledgers.recruitment import add_months

    if special in _FIXED_MEETINGS:
        return _backwards(_FIXED_MEETINGS[special], special)
    d: dict[str, dt.date | None] = {"申请日期": applied}
    if special == "no_talk":
        d["谈话日期"] = None
    else:
        d["谈话日期"] = _after(rng, applied, *((40, 50) if special == "talk" else (7, 25)))
    d["积极分子日期"] = _after(rng, applied, 90, 180) if d["谈话日期"] else None
    activist = d["积极分子日期"]
    if activist is None:
        return {**d, **dict.fromkeys(_later_steps())}
    target = _after(rng, activist, *((260, 290) if special == "activist" else (366, 420)))
    d["发展对象日期"] = target
    d["政审日期"] = _after(rng, target, 30, 60)
    d["培训开始日期"] = _after(rng, target, 20, 70)
    length = 2 if special == "course" else 3
    d["培训结束日期"] = d["培训开始日期"] + dt.timedelta(days=length - 1)
    d["公示日期"] = _after(rng, max(d["政审日期"], d["培训结束日期"]), 7, 20)
    meeting = d["支部大会日期"] = _after(rng, d["公示日期"], 10, 25)
    gap = (100, 115) if special == "approval" else (20, 60)
    d["审批日期"] = _after(rng, meeting, *gap)
    d["转正日期"] = add_months(meeting, 15 if special == "probation" else 12)
    return d


# Admission meetings fixed so that a step falls due where the tests expect it: a conversion
# due in July 2023, and an approval still awaited in June 2023.
_FIXED_MEETINGS = {"soon": dt.date(2022, 7, 19), "waiting": dt.date(2023, 2, 20)}


def _backwards(meeting: dt.date, special: str) -> dict:
    """A compliant timeline ending with the admission meeting on `meeting`."""
    from handbook.ledgers.recruitment import add_months

    notice = meeting - dt.timedelta(days=14)
    target = notice - dt.timedelta(days=70)
    activist = target - dt.timedelta(days=380)
    talk = activist - dt.timedelta(days=60)
    return {
        "申请日期": talk - dt.timedelta(days=14),
        "谈话日期": talk,
        "积极分子日期": activist,
        "发展对象日期": target,
        "政审日期": notice - dt.timedelta(days=20),
        "培训开始日期": notice - dt.timedelta(days=30),
        "培训结束日期": notice - dt.timedelta(days=28),
        "公示日期": notice,
        "支部大会日期": meeting,
        "审批日期": None if special == "waiting" else meeting + dt.timedelta(days=35),
        "转正日期": add_months(meeting, 12),
    }


def _later_steps() -> tuple[str, ...]:
    """The steps from the development-target designation on (empty for applicants not there)."""
    from handbook.ledgers.schemas import RECRUITMENT_STEPS  # pandera: only when writing

    return RECRUITMENT_STEPS[RECRUITMENT_STEPS.index("发展对象日期") :]


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _text(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # what Excel and WPS write
    for row in rows:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row]
        )
    return buffer.getvalue()


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> None:
    """Write rows as a CSV in one of the encodings Excel/WPS export."""
    path.write_bytes(_text(rows).encode(encoding))


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    """Write rows as a real Excel workbook, dates as date cells and counts as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    for row in rows:
        sheet.append(
            [int(v) if isinstance(v, str) and v.isdigit() and len(v) < 6 else v for v in row]
        )
    for cell in sheet["A"][1:]:
        cell.number_format = "yyyy-mm-dd"
    book.properties.creator = "党建办"
    book.properties.created = dt.datetime(2023, 6, 30, 17, 0)
    book.save(path)
    # openpyxl stamps the save time; fix it (and the zip entries' times) so output is stable.
    stamp = "2023-06-30T17:00:00Z"
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            info = zipfile.ZipInfo(name, date_time=(2023, 6, 30, 17, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


# Written in this order (later ledgers reuse what earlier ones decided), each in a format
# Excel or WPS produces.
FORMATS = {
    "groups": "utf-8",
    "branches": "utf-8",
    "leadership": "utf-8-sig",
    "org_life": "gb18030",
    "study": "xlsx",
    "office": "utf-8",
    "rectification": "utf-8",
    "risks": "utf-8-sig",
    "supervision": "utf-8",
    "talks": "utf-8-sig",
    "warnings": "utf-8",
    "volunteers": "utf-8",
    "staff": "utf-8",
    "recruitment": "xlsx",
    "dues": "utf-8-sig",
}


PERSONAL = ("dues", "recruitment")  # ledgers with personal data: written to `private_out`


def write_all(
    out: Path,
    roster: Path | None,
    scale: int = 1,
    project: Project | None = None,
    private_out: Path | None = None,
) -> None:
    """Write every sample ledger into `out` (the dues and recruitment ledgers into
    `private_out` when given) and the sample roster into `roster`."""
    sample = Sample(scale=scale, project=project)
    out.mkdir(parents=True, exist_ok=True)
    members = sample.members()
    if roster is not None:
        roster.parent.mkdir(parents=True, exist_ok=True)
        write_csv(roster, members)
    for key, encoding in FORMATS.items():
        folder = private_out if private_out is not None and key in PERSONAL else out
        folder.mkdir(parents=True, exist_ok=True)
        write_ledger(folder, key, getattr(sample, key)(), encoding)


def write_ledger(folder: Path, key: str, rows: list[list[str]], fmt: str) -> Path:
    """Write one ledger as `key.xlsx` or `key.csv` in `fmt`, replacing any other file of it."""
    for old in folder.glob(f"{key}.*"):
        old.unlink()
    if fmt == "xlsx":
        path = folder / f"{key}.xlsx"
        write_xlsx(path, rows)
    else:
        path = folder / f"{key}.csv"
        write_csv(path, rows, fmt)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: write the sample ledgers."""
    parser = argparse.ArgumentParser(prog="handbook sample", description=__doc__)
    parser.add_argument("--out", type=Path, help="ledger folder (default: data/ledgers)")
    parser.add_argument("--scale", type=int, default=1, help="multiply row counts (benchmarks)")
    parser.add_argument("--no-roster", action="store_true", help="do not write the member roster")
    args = parser.parse_args(argv)
    project = Project.find()
    # by default the committed sample: data/ledgers/, data/sample/ledgers/ and the roster
    private_out = None if args.out else project.data / "sample" / "ledgers"
    args.out = args.out or project.data / "ledgers"
    # the committed sample roster, never the real one
    roster = None if args.no_roster or args.scale != 1 else project.sample_roster
    write_all(args.out, roster, args.scale, project, private_out)
    print(f"Sample ledgers written to {args.out}")
    return 0


if __name__ == "__main__":
    main()
