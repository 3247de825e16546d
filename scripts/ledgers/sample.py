"""Generate the synthetic sample ledgers in data/ledgers/ (deterministic; output is committed).

Run `python -m scripts.ledgers.sample [--scale N] [--out DIR]`. The figures of each half year
are fixed below so that the drafted reports state the seeds' numbers (SPEC §5); `--scale`
multiplies the row counts for benchmarks. Dates are working days of 2022-01..2023-06.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

from scripts.config import DATA, LEDGERS, ROSTER
from scripts.ledgers.schemas import STUDY_TYPES

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
DEPARTMENTS = {
    "办公室": ["主任", "文秘", "档案管理员", "驾驶员"],
    "人事科": ["科长", "干部管理", "工资福利"],
    "财务科": ["科长", "会计", "出纳", "资产管理"],
    "政策法规科": ["科长", "法制审核", "执法监督"],
    "规划发展科": ["科长", "项目管理", "统计"],
    "业务一科": ["科长", "业务审核", "许可审批"],
    "业务二科": ["科长", "业务审核", "资金分配"],
    "监督检查科": ["科长", "执法检查", "案件办理"],
    "行政审批科": ["科长", "窗口受理", "审批专员"],
    "信息中心": ["主任", "系统运维", "信息化采购"],
    "机关服务中心": ["主任", "后勤采购", "食堂管理", "物业管理"],
    "直属事业单位": ["负责人", "财务", "工程管理", "招投标"],
}
RISKS = {
    "科长": ("审核把关不严，对下属办理事项失察", "落实集体研究；重大事项签字留痕；定期抽查"),
    "主任": ("公务接待、车辆使用超标准", "执行接待清单制度；用车审批登记；每季公示"),
    "负责人": ("“三重一大”事项个人决定", "坚持集体决策；会议纪要备查；纪检全程监督"),
    "会计": ("报销审核不严，虚列支出", "三单对应审核；大额支出双签；每月对账"),
    "出纳": ("公款挪用、现金管理不规范", "钱账分管；库存现金日清月结；不定期盘点"),
    "资金分配": ("专项资金分配不公开、优亲厚友", "分配方案集体研究；结果公示；跟踪审计"),
    "许可审批": ("违规审批、吃拿卡要", "审批流程网上运行；办理时限预警；群众评议"),
    "审批专员": ("超时办结、选择性受理", "一次性告知；限时办结；电子监察"),
    "后勤采购": ("采购询价不充分，虚高价格", "三家以上询价；验收双人签字；采购公开"),
    "信息化采购": ("指定供应商、设备参数倾向性", "参数论证公开；政府采购平台采购；验收复核"),
    "招投标": ("规避招标、泄露标底", "依法公开招标；评标专家随机抽取；全程录像"),
    "工程管理": ("工程变更签证不实", "变更集体审批；现场核量留痕；审计结算"),
    "执法检查": ("执法不严、随意减免处罚", "执法全过程记录；处罚裁量基准；案卷评查"),
    "案件办理": ("说情打招呼干预办案", "干预记录报告制度；集体审理；回避制度"),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
SURNAMES += "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌春梅海燕宁波雪琳"

# Half-year figures (counts of rows, or sums where noted) the sample must give.
STUDY = {
    #          集中, 中心组, 夜校, 联合, 轮值, 体验, 研讨, 心得(篇), 强国, 检查, 测验
    "2022H1": (64, 7, 20, 6, 8, 2, 6, 92, 6, 1, 4),
    "2022H2": (70, 7, 18, 8, 12, 3, 9, 108, 6, 2, 6),
    "2023H1": (76, 8, 21, 14, 20, 5, 12, 126, 9, 3, 12),
}
OFFICE = {
    #          文件通知, 报告, 讲话, 通知, 方案, 对照检查材料, 党组会听取整改, 提示函
    "2022H1": (245, 42, 8, 19, 11, 12, 3, 1),
    "2022H2": (260, 45, 10, 22, 9, 15, 4, 2),
    "2023H1": (238, 40, 9, 21, 12, 20, 6, 4),
}
REVISED_2023 = [
    "党组理论学习中心组学习制度",
    "“第一议题”制度",
    "意识形态工作责任制实施办法",
    "基层党组织工作制度（党支部标准化规范化建设）",
    "党员教育管理制度",
    "党费收缴、使用和管理制度",
    "“三会一课”制度",
    "主题党日制度",
    "组织生活会制度",
    "民主生活会制度",
    "党内谈心谈话制度",
    "党组织书记抓基层党建述职评议考核制度",
    "全面从严治党主体责任落实制度",
    "廉政教育制度",
    "警示教育制度（“一季一警示”）",
    "廉政风险点排查防控制度",
    "财务管理制度",
    "党员干部婚丧喜庆事宜报告和办理规定",
    "派驻纪检监察组监督责任协作配合制度",
    "巡察整改工作制度",
]
#              sessions, participants, 以案示警, exam takers
WARNINGS = {"2022H1": (24, 430, 3, 12), "2022H2": (26, 470, 4, 15), "2023H1": (28, 501, 5, 20)}
#                 branches inspected, found, rectified
SUPERVISION = {"2022H1": (5, 11, 11), "2022H2": (6, 14, 14), "2023H1": (8, 20, 18)}
#          talks 党组书记-班子成员, 集体任前廉政谈话, 约谈 batches
TALKS = {"2022H1": (6, 2, 3), "2022H2": (7, 2, 4), "2023H1": (10, 3, 5)}
#            staff, risk points, measures
RISK = {2022: (276, 468, 712), 2023: (300, 527, 836)}

AGENDA = {
    "2022H1": [
        "党的十九届六中全会精神",
        "习近平总书记在省部级主要领导干部专题研讨班上的重要讲话精神",
        "全国两会精神",
        "省第十二次党代会精神",
        "市第十三次党代会精神",
        "《中国共产党支部工作条例（试行）》",
        "习近平总书记在庆祝中国共产主义青年团成立100周年大会上的重要讲话",
    ],
    "2022H2": [
        "习近平总书记在省部级主要领导干部专题研讨班上的“7·26”重要讲话",
        "《习近平谈治国理政》第四卷",
        "党的二十大报告",
        "新修订的《中国共产党章程》",
        "党的二十大精神",
        "中央经济工作会议精神",
    ],
    "2023H1": [
        "党的二十大精神",
        "党的二十届二中全会精神",
        "全国两会精神",
        "《习近平著作选读》",
        "学习贯彻习近平新时代中国特色社会主义思想主题教育",
        "习近平总书记在学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议上的重要讲话",
        "《中国共产党党和国家机关基层组织工作条例》",
    ],
}
RULE_TOPICS = ["主题党日制度", "“三会一课”制度", "党员教育管理制度", "廉政风险点排查防控制度"]


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


# Two-character names that are also ordinary words of the handbook (何文 in 任何文件): the
# privacy test looks for every roster name in the built site, so a member must not be named
# like a word. Such names get a second given character.
_WORDS_NOT_NAMES = ("何文",)


def _unmistakable(name: str) -> str:
    return name + "斌" if name in _WORDS_NOT_NAMES else name


class Sample:
    """Builds every ledger as rows of strings; one random generator keeps it deterministic."""

    def __init__(self, seed: int = 20230630, scale: int = 1):
        self.rng = random.Random(seed)
        self.scale = scale
        self.names: set[str] = set()

    def day_in(self, period: str) -> dt.date:
        year, month = self.rng.choice(period_months(period))
        return self.rng.choice(working_days(year, month))

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

    # --- private roster and branches ------------------------------------------------------

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

    def branches(self) -> list[list[str]]:
        rows = [
            [
                "编号",
                "名称",
                "书记",
                "党员人数",
                "党小组数",
                "书记任职日期",
                "活动室六有",
                "活动室建设日期",
            ]
        ]
        secretaries = {r[2]: r[1] for r in self.roster if r[3] == "Z1"}
        for i, (bid, name, count) in enumerate(BRANCHES):
            # 2023 H1: eight branches elected new secretaries, nine rooms rebuilt or upgraded.
            appointed = dt.date(2023, 3, 1) + dt.timedelta(days=7 * i) if i < 8 else None
            appointed = appointed or dt.date(2021, 6 + i - 8, 15)
            while not is_working_day(appointed):
                appointed += dt.timedelta(days=1)
            room = self.day_in("2023H1") if i != 3 else dt.date(2021, 9, 28)
            rows.append(
                [
                    bid,
                    name,
                    secretaries[bid],
                    str(count),
                    str(2 + count // 12),
                    appointed.isoformat(),
                ]
                + ["是", room.isoformat()]
            )
        return rows

    # --- organisational life --------------------------------------------------------------

    def org_life(self) -> list[list[str]]:
        rows = [["日期", "党支部", "类别", "主题", "应到人数", "实到人数", "调整原因"]]
        # Deliberate lapses in 2022 so that the compliance views have something to show.
        missed = {
            ("B09", 2022, 5, "主题党日"),
            ("B07", 2022, 5, "党小组会"),
            ("B10", 2022, 8, "支部委员会"),
        }
        other_day = {("B06", 2022, 4): None, ("B08", 2022, 9): None}
        recorded = {
            ("B04", 2022, 11): "配合全市集中工作任务，经机关党委同意调整",
            ("B02", 2023, 3): "与全市重点工作部署会冲突，已报机关党委同意",
        }
        no_quarterly = {("B03", 2022, 2, "党课"), ("B05", 2022, 3, "支部党员大会")}

        def add(day: dt.date, bid: str, kind: str, topic: str, size: int, reason: str = "") -> None:
            present = size - self.rng.choice((0, 0, 1, 1, 2, 3))
            date = f"{day.year}/{day.month}/{day.day}"  # as Excel/WPS export dates
            rows.append([date, bid, kind, topic, str(size), str(present), reason])

        for year, month in MONTHS:
            period = f"{year}H{1 if month <= 6 else 2}"
            days = working_days(year, month)
            quarter = (month - 1) // 3 + 1
            for bid, _name, size in BRANCHES:
                topic = self.rng.choice(AGENDA[period])
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
                    add(day, bid, "主题党日", f"学习{topic}", size, reason)
                if (bid, year, month, "支部委员会") not in missed:
                    add(self.rng.choice(days[1:6]), bid, "支部委员会", f"第一议题：{topic}", 5)
                if (bid, year, month, "党小组会") not in missed:
                    add(self.rng.choice(days[8:14]), bid, "党小组会", f"交流学习{topic}体会", size)
                if month % 3 == 0 and (bid, year, quarter, "支部党员大会") not in no_quarterly:
                    add(
                        self.rng.choice(days[-8:]),
                        bid,
                        "支部党员大会",
                        "通报支部工作，学习传达上级精神",
                        size,
                    )
                if month % 3 == 2 and (bid, year, quarter, "党课") not in no_quarterly:
                    lesson = self.rng.choice(RULE_TOPICS + AGENDA[period])
                    add(self.rng.choice(days[10:]), bid, "党课", f"专题党课：{lesson}", size)
                if month == 6 and not (bid == "B09" and year == 2022):
                    add(self.rng.choice(days[-10:]), bid, "组织生活会", "上半年组织生活会", size)
                late = bid in ("B03", "B07", "B10")
                if (month == 12 and not late) or (year, month) == (2023, 1) and late:
                    day = self.rng.choice(days[-8:] if month == 12 else days[5:12])
                    add(day, bid, "组织生活会", "2022年度组织生活会", size)
                    add(day, bid, "民主评议党员", "2022年度民主评议党员", size)
                if (year, month) == (2022, 1):
                    add(
                        self.rng.choice(days[8:15]),
                        bid,
                        "民主评议党员",
                        "2021年度民主评议党员",
                        size,
                    )
        return rows

    # --- study ----------------------------------------------------------------------------

    def study(self) -> list[list[str]]:
        rows = [["日期", "组织单位", "类型", "主题", "参加人数", "数量"]]
        types = STUDY_TYPES  # the schema's allowed values, in the order of the STUDY counts
        ids = [b[0] for b in BRANCHES]
        sizes = {b[0]: b[2] for b in BRANCHES}
        for period, counts in STUDY.items():
            agenda = AGENDA[period]
            for kind, count in zip(types, counts, strict=True):
                count *= self.scale
                if kind == "学习心得":
                    batches = self.split(count, 20 * self.scale)
                    for i, n in enumerate(batches):
                        bid = ids[i % 10]
                        day = self.day_in(period)
                        rows.append([day, bid, kind, f"学习{self.rng.choice(agenda)}心得", "", n])
                    continue
                for i in range(count):
                    topic = self.rng.choice(agenda)
                    if kind == "集中学习":
                        bid = ids[i % 10]
                        unit, who, text = (
                            bid,
                            sizes[bid] - self.rng.randint(0, 3),
                            f"集中学习{topic}",
                        )
                    elif kind == "中心组集中学习":
                        unit, who, text = "党组", self.rng.randint(9, 12), f"第一议题：{topic}"
                    elif kind in ("夜校学习", "学习强国通报", "学习检查", "知识测验"):
                        unit, who = "机关党委", self.rng.randint(40, 90)
                        text = {
                            "夜校学习": f"夜校专题：{topic}",
                            "学习强国通报": "“学习强国”学习情况通报",
                            "学习检查": "各党支部学习记录和学习笔记检查",
                            "知识测验": f"{topic}知识测验",
                        }[kind]
                        who = "" if kind == "学习强国通报" else who
                    else:
                        bid = self.rng.choice(ids)
                        unit, who, text = (
                            bid,
                            sizes[bid] + self.rng.randint(-3, 15),
                            f"{kind}：{topic}",
                        )
                    day = self.day_in(period)
                    if kind == "夜校学习":  # held on Thursday evenings
                        day = self.thursday_in(period)
                    rows.append([day, unit, kind, text, who, 1])
        body = sorted(rows[1:], key=lambda r: (r[0], r[1]))
        return [rows[0], *body]

    # --- office work and rectification ----------------------------------------------------

    def office(self) -> list[list[str]]:
        rows = [["日期", "类别", "事项", "数量"]]
        kinds = ("文件通知办理", "上报情况报告", "起草讲话", "拟制通知", "拟制方案", "对照检查材料")
        kinds += ("党组会听取整改汇报", "整改督办提示函")
        subjects = [
            "党建工作",
            "党风廉政建设",
            "意识形态工作",
            "主题党日",
            "“三会一课”",
            "党费收缴",
        ]
        subjects += ["巡察整改", "清廉机关建设", "能力作风建设年", "志愿服务", "党员教育培训"]
        senders = ["市委组织部", "市直机关工委", "市纪委监委", "市委宣传部", "局党组"]
        for period, counts in OFFICE.items():
            for kind, count in zip(kinds, counts, strict=True):
                count *= self.scale
                for _ in range(count):
                    subject = self.rng.choice(subjects)
                    title = {
                        "文件通知办理": f"{self.rng.choice(senders)}关于做好{subject}的通知",
                        "上报情况报告": f"关于{subject}开展情况的报告",
                        "起草讲话": f"在{subject}推进会上的讲话",
                        "拟制通知": f"关于开展{subject}的通知",
                        "拟制方案": f"{subject}实施方案",
                        "对照检查材料": "专题民主生活会对照检查材料",
                        "党组会听取整改汇报": "党组会议听取巡察整改进展情况汇报",
                        "整改督办提示函": "整改督办提示函",
                    }[kind]
                    rows.append([self.day_in(period), kind, title, 1])
        for title in REVISED_2023 * self.scale:
            rows.append([self.day_in("2023H1"), "制度建立修订", f"《{title}》", 1])
        for title in REVISED_2023[:6] * self.scale:
            rows.append([self.day_in("2022H1"), "制度建立修订", f"《{title}》（纳入制度汇编）", 1])
        body = sorted(rows[1:], key=lambda r: (r[0], r[1]))
        return [rows[0], *body]

    def rectification(self) -> list[list[str]]:
        header = ["编号", "来源", "问题", "整改措施", "责任领导", "责任科室", "责任人", "反馈日期"]
        rows = [header + ["完成时限", "状态", "完成日期"]]
        problems = [
            (
                "学习贯彻党的创新理论不够深入系统",
                "完善中心组学习计划，落实“第一议题”制度",
                "办公室",
            ),
            (
                "主题党日活动形式单一、质量不高",
                "修订主题党日制度，每季度开展联合主题党日",
                "办公室",
            ),
            ("“三会一课”记录不规范", "统一会议记录模板，每半年检查1次", "办公室"),
            ("党员活动室建设不达标", "按照“六有”标准改造升级活动室", "机关服务中心"),
            ("廉政风险点排查不全面", "组织全员排查，完善风险点台账", "监督检查科"),
            ("公务用车管理不严格", "完善用车审批登记制度", "办公室"),
            ("专项资金分配程序不规范", "资金分配方案集体研究并公示", "财务科"),
            ("政府采购询价不充分", "建立三家以上询价和验收双签制度", "机关服务中心"),
            ("意识形态阵地管理存在薄弱环节", "开展网络平台阵地风险排查", "信息中心"),
            ("党务干部配备不足", "通过换届选举选优配强支部书记", "人事科"),
            ("谈心谈话开展不经常", "制定年度谈心谈话安排", "人事科"),
            ("警示教育针对性不强", "落实“一季一警示”，开展以案示警", "监督检查科"),
        ]
        leaders = ["局党组书记", "分管党建的党组成员", "分管财务的党组成员", "机关纪委书记"]

        def batch(prefix: str, raised: dt.date, count: int, statuses: list[tuple]) -> None:
            for i in range(count * self.scale):
                problem, measure, dept = problems[i % len(problems)]
                status, deadline, done = statuses[i % len(statuses)]
                rows.append(
                    [f"{prefix}-{i + 1:02d}", "市委巡察反馈", problem, measure]
                    + [leaders[i % 4], dept, self.name()[0] + "某", raised.isoformat()]
                    + [deadline.isoformat(), status, done.isoformat() if done else ""]
                )

        d = dt.date
        batch(
            "XC2022",
            d(2022, 3, 18),
            12,
            [("已完成", d(2022, 5, 18), d(2022, 5, 10))] * 4
            + [("已完成", d(2022, 9, 30), d(2022, 9, 20))] * 2
            + [("长效整改", d(2022, 12, 31), None)],
        )
        statuses = [("已完成", d(2023, 3, 12), d(2023, 3, 8))] * 16 + [
            ("已完成", d(2023, 5, 31), d(2023, 5, 26)),
            ("持续推进", d(2023, 5, 31), None),
            ("持续推进", d(2023, 6, 15), None),
            ("持续推进", d(2023, 7, 10), None),
            ("持续推进", d(2023, 7, 20), None),
            ("持续推进", d(2023, 7, 28), None),
            ("长效整改", d(2023, 12, 31), None),
            ("长效整改", d(2023, 12, 31), None),
        ]
        batch("XC2023", d(2023, 1, 12), 24, statuses)
        return rows

    # --- integrity risks, inspections, talks, warnings, volunteers -------------------------

    def risks(self) -> list[list[str]]:
        rows = [
            [
                "编号",
                "排查日期",
                "部门",
                "岗位",
                "职工编号",
                "风险点",
                "风险等级",
                "防控措施",
                "措施条数",
            ]
        ]
        depts = list(DEPARTMENTS)
        for year, (staff, points, measures) in RISK.items():
            staff, points, measures = staff * self.scale, points * self.scale, measures * self.scale
            two_points = points - staff
            number = 0
            for s in range(staff):
                dept = depts[s % len(depts)]
                post = self.rng.choice(DEPARTMENTS[dept])
                for k in range(2 if s < two_points else 1):
                    number += 1
                    risk, measure = RISKS.get(
                        post,
                        ("廉洁自律意识不强，违规收受礼品礼金", "签订廉洁承诺；节前提醒；纳入考核"),
                    )
                    if k:
                        risk, measure = (
                            "利用职务影响为亲友谋利",
                            "落实回避制度；重大事项报告；定期谈话提醒",
                        )
                    level = self.rng.choices(["高", "中", "低"], weights=(15, 45, 40))[0]
                    count = 2 if number <= measures - points else 1
                    day = self.rng.choice(working_days(year, self.rng.choice((2, 3))))
                    rows.append(
                        [f"FX{year}-{number:04d}", day, dept, post, f"ZG{s + 1:03d}", risk, level]
                        + [measure, count]
                    )
        return rows

    def supervision(self) -> list[list[str]]:
        rows = [["日期", "党支部", "方式", "发现问题", "已整改", "问题描述"]]
        notes = [
            "会议记录照抄照搬",
            "文件层层转发、以文件落实文件",
            "检查考核过多过频",
            "窗口服务推诿扯皮",
        ]
        for period, (count, found, fixed) in SUPERVISION.items():
            ids = self.rng.sample([b[0] for b in BRANCHES], count)
            founds = self.split(found, count)
            fixes = list(founds)
            for _ in range(found - fixed):  # the latest problems are still being rectified
                fixes[max(range(count), key=lambda k: fixes[k])] -= 1
            for i, bid in enumerate(ids * self.scale):
                f, fx = founds[i % count], fixes[i % count]
                rows.append([self.day_in(period), bid, self.rng.choice(("明察", "暗访")), f, fx])
                rows[-1].append("；".join(self.rng.sample(notes, 2)))
        return rows

    def talks(self) -> list[list[str]]:
        rows = [["日期", "类别", "谈话人", "谈话对象", "党支部", "人数"]]
        for period, (team, collective, batches) in TALKS.items():
            for _ in range(team * self.scale):
                rows.append([self.day_in(period), "谈心谈话", "局党组书记", "班子成员", "", 1])
            for _ in range(collective * self.scale):
                who = self.rng.randint(4, 9)
                rows.append(
                    [self.day_in(period), "集体任前廉政谈话", "机关纪委书记", "新任职干部", "", who]
                )
            for _ in range(batches * self.scale):
                rows.append(
                    [
                        self.day_in(period),
                        "约谈",
                        "局党组班子成员",
                        "分管科室负责人",
                        "",
                        self.rng.randint(2, 4),
                    ]
                )
            rows.append([self.day_in(period), "提醒谈话", "机关纪委书记", "科室负责人", "", 1])
            for bid, _, size in BRANCHES:
                rows.append([self.day_in(period), "谈心谈话", "机关党委书记", "党支部书记", bid, 1])
                # Branch secretaries talk with about half of their members each half year.
                share = size // 2 + (size % 2 if period.endswith("H2") else 0)
                if bid == "B06" and period == "2022H2":
                    share -= 5
                for n in self.split(share * self.scale, 3):
                    rows.append([self.day_in(period), "谈心谈话", "党支部书记", "支部党员", bid, n])
        body = sorted(rows[1:], key=lambda r: (r[0], r[1]))
        return [rows[0], *body]

    def warnings(self) -> list[list[str]]:
        rows = [["日期", "组织单位", "形式", "主题", "参加人数"]]
        cases = [
            "违规收受礼品礼金典型案例",
            "违规公款吃喝典型案例",
            "套取专项资金典型案例",
            "身边违纪违法案例",
        ]
        films = ["《零容忍》", "《持续发力 纵深推进》", "《警钟》", "《蜕变》"]
        ids = [b[0] for b in BRANCHES]
        for period, (sessions, people, by_case, exam) in WARNINGS.items():
            sessions, people, by_case = (
                sessions * self.scale,
                people * self.scale,
                by_case * self.scale,
            )
            sizes = self.split(people, sessions, low=8)
            for i in range(sessions):
                if i < 2:
                    unit, form, topic = "机关纪委", "警示教育大会", "“一季一警示”警示教育大会"
                elif i < 2 + by_case:
                    unit, form = ids[i % 10], "以案示警"
                    topic = self.rng.choice(cases)
                else:
                    unit = ids[i % 10]
                    form = self.rng.choice(("观看警示教育片", "参观警示教育基地"))
                    topic = self.rng.choice(films) if form == "观看警示教育片" else "市廉政教育基地"
                rows.append([self.day_in(period), unit, form, topic, sizes[i]])
            for n in self.split(exam * self.scale, 2, low=3):
                rows.append(
                    [self.day_in(period), "机关纪委", "任前廉政考试", "新任职干部任前廉政考试", n]
                )
        body = sorted(rows[1:], key=lambda r: (r[0], r[1]))
        return [rows[0], *body]

    def volunteers(self) -> list[list[str]]:
        rows = [["开始日期", "结束日期", "组织单位", "活动", "志愿者人数", "服务人次"]]
        d = dt.date
        items = [
            (d(2022, 3, 4), d(2022, 3, 4), "B05", "学雷锋志愿服务进社区", 15, 230),
            (d(2022, 4, 12), d(2022, 4, 14), "机关党委", "核酸检测电话回访", 18, 18900),
            (d(2022, 5, 20), d(2022, 5, 20), "B08", "社区疫情防控值守", 10, 640),
            (d(2022, 9, 16), d(2022, 9, 16), "B01", "文明城市创建志愿服务", 12, 300),
            (d(2022, 11, 22), d(2022, 11, 24), "机关党委", "社区疫情防控志愿服务", 16, 2100),
            (d(2023, 3, 3), d(2023, 3, 3), "B06", "学雷锋志愿服务进社区", 20, 310),
            (d(2023, 5, 12), d(2023, 5, 12), "B02", "政策宣传进企业", 8, 160),
        ]
        for _ in range(self.scale):
            for start, end, unit, what, people, served in items:
                rows.append([start, end, unit, what, people, served])
        return rows


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


FORMATS = {
    "branches": "utf-8",
    "study": "xlsx",
    "org_life": "gb18030",
    "rectification": "utf-8",
    "office": "utf-8",
    "risks": "utf-8-sig",
    "supervision": "utf-8",
    "talks": "utf-8-sig",
    "warnings": "utf-8",
    "volunteers": "utf-8",
}


def write_all(out: Path = LEDGERS, roster: Path | None = ROSTER, scale: int = 1) -> None:
    """Write every sample ledger into `out` (and the private roster into `roster`)."""
    sample = Sample(scale=scale)
    out.mkdir(parents=True, exist_ok=True)
    members = sample.members()
    if roster is not None:
        roster.parent.mkdir(parents=True, exist_ok=True)
        write_csv(roster, members)
    for key, encoding in FORMATS.items():
        write_ledger(out, key, getattr(sample, key)(), encoding)


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


def main() -> None:
    """Command line: write the sample ledgers."""
    parser = argparse.ArgumentParser(prog="python -m scripts.ledgers.sample", description=__doc__)
    parser.add_argument("--out", type=Path, default=DATA / "ledgers")
    parser.add_argument("--scale", type=int, default=1, help="multiply row counts (benchmarks)")
    parser.add_argument("--no-roster", action="store_true", help="do not write the member roster")
    args = parser.parse_args()
    write_all(args.out, None if args.no_roster or args.scale != 1 else ROSTER, args.scale)
    print(f"Sample ledgers written to {args.out}")


if __name__ == "__main__":
    main()
