"""One pandera schema per ledger (台账), declared once.

Column names are Chinese, as people type them in Excel. Each field's `metadata` carries its
English label and a short explanation in both languages; the loader, the validator, the
column reference page (ledgers/columns.md) and the tests all read these classes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# Bodies above the branches that may also organise study, warning education or volunteering.
UNITS = ("党组", "机关党委", "机关纪委")


def col(
    en: str, zh_note: str, en_note: str, ref: str | None = None, parse: str | None = None
) -> dict:
    """Field metadata: English label, explanations, an optional reference to another ledger,
    and an optional way of reading the cells ("month", "money") where the type alone is not
    enough."""
    return {"en": en, "zh_note": zh_note, "en_note": en_note, "ref": ref, "parse": parse}


def _checked(column: str, reason: str) -> dict:
    # Data-frame checks name the column they concern: "column|reason".
    return {"name": f"{column}|{reason}"}


class Base(pa.DataFrameModel):
    """Shared settings: no unknown columns; types are parsed by the loader before validation."""

    class Config:
        strict = True
        coerce = False


class Branches(Base):
    """党支部台账: one row per Party branch."""

    编号: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^B\d{2}$",
        metadata=col("Branch ID", "支部编号，如 B01；其他台账用它指代支部", "ID such as B01"),
    )
    名称: Series[str] = pa.Field(unique=True, metadata=col("Name", "支部全称", "Full name"))
    书记: Series[str] = pa.Field(metadata=col("Secretary", "现任支部书记", "Current secretary"))
    党员人数: Series[pd.Int64Dtype] = pa.Field(
        ge=1, metadata=col("Members", "支部现有党员人数", "Party members in the branch")
    )
    党小组数: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        metadata=col(
            "Party small groups", "支部下设党小组个数", "Party small groups in the branch"
        ),
    )
    书记任职日期: Series[pd.Timestamp] = pa.Field(
        metadata=col("Secretary since", "现任书记任职日期", "Date the secretary took office")
    )
    活动室六有: Series[str] = pa.Field(
        isin=["是", "否"],
        metadata=col(
            "Room meets the six-haves standard",
            "党员活动室是否达到“六有”标准：是/否",
            "Whether the activity room meets the six-haves standard (六有): 是 (yes) or 否 (no)",
        ),
    )
    活动室建设日期: Series[pd.Timestamp] = pa.Field(
        nullable=True,
        metadata=col(
            "Room built/upgraded on",
            "活动室最近一次新建或改造升级完成日期，可空",
            "Last new build or upgrade of the room; may be blank",
        ),
    )


class Groups(Base):
    """党小组台账: one row per Party small group (党小组) of a branch."""

    编号: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^B\d{2}-\d{1,2}$",
        metadata=col(
            "Group ID",
            "党小组编号：支部编号加序号，如 B01-1；组织生活台账用它指代党小组",
            "Branch ID and a number, such as B01-1",
        ),
    )
    支部: Series[str] = pa.Field(
        metadata=col("Branch", "所属支部编号", "ID of the branch", ref="branches")
    )
    名称: Series[str] = pa.Field(
        metadata=col("Name", "党小组名称，如 第一党小组", "Name, such as 第一党小组")
    )
    组长: Series[str] = pa.Field(
        metadata=col(
            "Leader",
            "党小组组长姓名；和支部书记一样，不在网站上公开",
            "Group leader's name; like the secretary's, never published on the site",
        )
    )
    党员人数: Series[pd.Int64Dtype] = pa.Field(
        ge=1,
        metadata=col(
            "Members",
            "党小组党员人数；同一支部各党小组之和等于支部党员人数",
            "Party members in the group; a branch's groups add up to its members",
        ),
    )

    @pa.dataframe_check(**_checked("编号", "党小组编号应以所属支部编号开头，如 B01-1"))
    def _prefix(cls, df: pd.DataFrame) -> Series[bool]:
        return df["编号"].str.split("-").str[0] == df["支部"]

    @pa.dataframe_check(**_checked("名称", "同一支部的党小组名称重复"))
    def _names(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["支部", "名称"], keep="first")


STUDY_TYPES = (
    "集中学习",
    "中心组集中学习",
    "夜校学习",
    "联合主题党日",
    "轮值主题党课",
    "体验式教学",
    "学习研讨",
    "学习心得",
    "学习强国通报",
    "学习检查",
    "知识测验",
)


class Study(Base):
    """理论学习台账: one row per study session, report or check (学习心得: one row per batch)."""

    日期: Series[pd.Timestamp] = pa.Field(metadata=col("Date", "开展日期", "Date held"))
    组织单位: Series[str] = pa.Field(
        metadata=col(
            "Organising unit",
            "支部编号，或 党组 / 机关党委 / 机关纪委",
            "Branch ID, or 党组 / 机关党委 / 机关纪委",
            ref="units",
        )
    )
    类型: Series[str] = pa.Field(
        isin=list(STUDY_TYPES), metadata=col("Type", "学习形式", "Form of study")
    )
    主题: Series[str] = pa.Field(metadata=col("Topic", "学习主题或内容", "Topic"))
    参加人数: Series[pd.Int64Dtype] = pa.Field(
        ge=0, nullable=True, metadata=col("Attendees", "参加人数，可空", "Attendees; may be blank")
    )
    数量: Series[pd.Int64Dtype] = pa.Field(
        ge=1,
        metadata=col(
            "Count", "场次数；学习心得填篇数", "Sessions; for 学习心得 the number of essays"
        ),
    )


ORG_LIFE_KINDS = (
    "支部委员会",
    "党小组会",
    "支部党员大会",
    "党课",
    "主题党日",
    "组织生活会",
    "民主评议党员",
)


class OrgLife(Base):
    """组织生活台账: 三会一课, 主题党日, 组织生活会, 民主评议党员; one row per meeting."""

    日期: Series[pd.Timestamp] = pa.Field(metadata=col("Date", "召开日期", "Date held"))
    党支部: Series[str] = pa.Field(metadata=col("Branch", "支部编号", "Branch ID", ref="branches"))
    类别: Series[str] = pa.Field(
        isin=list(ORG_LIFE_KINDS), metadata=col("Kind", "会议或活动类别", "Kind of meeting")
    )
    党小组: Series[str] = pa.Field(
        nullable=True,
        metadata=col(
            "Party small group",
            "党小组会填党小组编号（如 B01-1），其他类别留空",
            "Group ID (such as B01-1) for a 党小组会; blank for other kinds",
            ref="groups",
        ),
    )
    主题: Series[str] = pa.Field(metadata=col("Topic", "会议主题", "Topic"))
    应到人数: Series[pd.Int64Dtype] = pa.Field(
        ge=1,
        metadata=col(
            "Expected",
            "应到人数；党小组会为该党小组的党员人数",
            "Members expected; for a 党小组会 the group's members",
        ),
    )
    实到人数: Series[pd.Int64Dtype] = pa.Field(
        ge=0, metadata=col("Present", "实到人数，不大于应到人数", "Members present")
    )
    调整原因: Series[str] = pa.Field(
        nullable=True,
        metadata=col(
            "Reason for another day",
            "主题党日未在当月第一个星期五开展时，记录调整原因",
            "Why a 主题党日 was not held on the first Friday",
        ),
    )

    @pa.dataframe_check(**_checked("实到人数", "实到人数不能大于应到人数"))
    def _present(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["实到人数"] > df["应到人数"]).fillna(False).astype(bool)

    @pa.dataframe_check(**_checked("党小组", "党小组会必须填写党小组编号"))
    def _group_given(cls, df: pd.DataFrame) -> Series[bool]:
        return ~((df["类别"] == "党小组会") & df["党小组"].isna())

    @pa.dataframe_check(**_checked("党小组", "只有党小组会填写党小组编号，其他类别留空"))
    def _group_only(cls, df: pd.DataFrame) -> Series[bool]:
        return ~((df["类别"] != "党小组会") & df["党小组"].notna())

    @pa.dataframe_check(**_checked("党小组", "党小组不属于该行的党支部"))
    def _group_branch(cls, df: pd.DataFrame) -> Series[bool]:
        prefix = df["党小组"].str.split("-").str[0]
        return (df["党小组"].isna() | (prefix == df["党支部"])).astype(bool)


RECTIFICATION_STATUS = ("已完成", "持续推进", "长效整改")


class Rectification(Base):
    """巡察整改台账: one row per problem in the inspection feedback."""

    编号: Series[str] = pa.Field(unique=True, metadata=col("ID", "问题编号，如 XC-01", "ID"))
    来源: Series[str] = pa.Field(
        isin=["市委巡察反馈", "专题民主生活会", "主体责任检查"],
        metadata=col("Source", "问题来源", "Where the problem was raised"),
    )
    问题: Series[str] = pa.Field(metadata=col("Problem", "反馈问题", "Problem"))
    整改措施: Series[str] = pa.Field(metadata=col("Measures", "整改措施", "Measures"))
    责任领导: Series[str] = pa.Field(metadata=col("Leader", "责任领导", "Responsible leader"))
    责任科室: Series[str] = pa.Field(
        metadata=col("Responsible section", "责任科室", "Section responsible")
    )
    责任人: Series[str] = pa.Field(metadata=col("Person", "具体责任人", "Responsible person"))
    反馈日期: Series[pd.Timestamp] = pa.Field(
        metadata=col("Raised on", "反馈意见收到日期", "Date the feedback was received")
    )
    完成时限: Series[pd.Timestamp] = pa.Field(metadata=col("Deadline", "完成时限", "Deadline"))
    状态: Series[str] = pa.Field(
        isin=list(RECTIFICATION_STATUS), metadata=col("Status", "整改状态", "Status")
    )
    完成日期: Series[pd.Timestamp] = pa.Field(
        nullable=True,
        metadata=col("Completed on", "状态为已完成时必填", "Required when 状态 is 已完成"),
    )

    @pa.dataframe_check(**_checked("完成日期", "状态为“已完成”时必须填写完成日期"))
    def _done(cls, df: pd.DataFrame) -> Series[bool]:
        return ~((df["状态"] == "已完成") & df["完成日期"].isna())

    @pa.dataframe_check(**_checked("完成时限", "完成时限早于反馈日期"))
    def _deadline(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["完成时限"] < df["反馈日期"]).fillna(False).astype(bool)


OFFICE_KINDS = (
    "文件通知办理",
    "上报情况报告",
    "起草讲话",
    "拟制通知",
    "拟制方案",
    "对照检查材料",
    "党组会听取整改汇报",
    "整改督办提示函",
    "制度建立修订",
    "组织召开会议",
    "印发资料",
    "网络传播平台排查",
    "学校阵地排查",
    "推荐先进典型",
)


class Office(Base):
    """党建办工作台账: documents handled and office work, one row per item."""

    日期: Series[pd.Timestamp] = pa.Field(metadata=col("Date", "办理日期", "Date"))
    类别: Series[str] = pa.Field(
        isin=list(OFFICE_KINDS),
        metadata=col(
            "Kind",
            "工作类别；制度建立修订须与制度页面记载的修订日期一致；阵地排查和推荐先进典型每个阵地、"
            "每名典型一行",
            "Kind; 制度建立修订 rows must match the rules' revision dates; one row per position "
            "screened and per model figure recommended",
        ),
    )
    事项: Series[str] = pa.Field(metadata=col("Item", "文件或事项名称", "Document or item"))
    数量: Series[pd.Int64Dtype] = pa.Field(
        ge=1,
        metadata=col(
            "Count",
            "份数或篇数，一般为1；印发资料填印发册数",
            "Number of documents, usually 1; for 印发资料 the copies printed",
        ),
    )


class Risks(Base):
    """廉政风险点台账: one row per risk point found in the yearly screening."""

    编号: Series[str] = pa.Field(unique=True, metadata=col("ID", "风险点编号", "ID"))
    排查日期: Series[pd.Timestamp] = pa.Field(
        metadata=col("Screened on", "排查登记日期", "Date screened")
    )
    部门: Series[str] = pa.Field(
        metadata=col("Section", "所在科室或单位", "Section or unit of the post")
    )
    岗位: Series[str] = pa.Field(metadata=col("Post", "岗位", "Post"))
    职工编号: Series[str] = pa.Field(
        metadata=col("Staff ID", "参加排查的干部职工编号", "ID of the staff member screened")
    )
    风险点: Series[str] = pa.Field(metadata=col("Risk point", "风险点描述", "Risk point"))
    风险等级: Series[str] = pa.Field(
        isin=["高", "中", "低"], metadata=col("Level", "高 / 中 / 低", "高 / 中 / 低")
    )
    防控措施: Series[str] = pa.Field(metadata=col("Measures", "防控措施", "Measures"))
    措施条数: Series[pd.Int64Dtype] = pa.Field(
        ge=1, metadata=col("Measures (count)", "防控措施条数", "Number of measures")
    )


class Supervision(Base):
    """作风督查台账 (形式主义、官僚主义): one row per inspection of a branch."""

    日期: Series[pd.Timestamp] = pa.Field(metadata=col("Date", "督查日期", "Date"))
    党支部: Series[str] = pa.Field(
        metadata=col("Branch", "被督查支部编号", "Branch ID", ref="branches")
    )
    方式: Series[str] = pa.Field(
        isin=["明察", "暗访"], metadata=col("Method", "明察/暗访", "Method")
    )
    发现问题: Series[pd.Int64Dtype] = pa.Field(
        ge=0, metadata=col("Problems found", "发现问题条数", "Problems found")
    )
    已整改: Series[pd.Int64Dtype] = pa.Field(
        ge=0, metadata=col("Rectified", "已完成整改条数", "Problems rectified")
    )
    问题描述: Series[str] = pa.Field(
        nullable=True, metadata=col("Notes", "主要问题，可空", "Main problems; may be blank")
    )

    @pa.dataframe_check(**_checked("已整改", "已整改条数不能大于发现问题条数"))
    def _fixed(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["已整改"] > df["发现问题"]).fillna(False).astype(bool)


TALK_KINDS = ("谈心谈话", "集体任前廉政谈话", "约谈", "提醒谈话")
TALKERS = ("局党组书记", "局党组班子成员", "机关党委书记", "机关纪委书记", "党支部书记")


class Talks(Base):
    """谈心谈话台账: one row per talk, batch of talks, or collective talk."""

    日期: Series[pd.Timestamp] = pa.Field(metadata=col("Date", "谈话日期", "Date"))
    类别: Series[str] = pa.Field(isin=list(TALK_KINDS), metadata=col("Kind", "谈话类别", "Kind"))
    谈话人: Series[str] = pa.Field(
        isin=list(TALKERS), metadata=col("Talker", "谈话人岗位", "Post of the person talking")
    )
    谈话对象: Series[str] = pa.Field(metadata=col("With", "谈话对象", "Who was talked to"))
    党支部: Series[str] = pa.Field(
        nullable=True,
        metadata=col("Branch", "支部内谈话填支部编号，可空", "Branch ID; may be blank", "branches"),
    )
    人数: Series[pd.Int64Dtype] = pa.Field(ge=1, metadata=col("People", "谈话人数", "People"))


WARNING_FORMS = ("警示教育大会", "观看警示教育片", "以案示警", "参观警示教育基地", "任前廉政考试")


class Warnings(Base):
    """警示教育台账 (一季一警示): one row per session or exam sitting."""

    日期: Series[pd.Timestamp] = pa.Field(metadata=col("Date", "开展日期", "Date"))
    组织单位: Series[str] = pa.Field(
        metadata=col("Organising unit", "支部编号或机关纪委等", "Branch ID or body", ref="units")
    )
    形式: Series[str] = pa.Field(isin=list(WARNING_FORMS), metadata=col("Form", "形式", "Form"))
    主题: Series[str] = pa.Field(metadata=col("Topic", "主题或案例", "Topic or case"))
    参加人数: Series[pd.Int64Dtype] = pa.Field(
        ge=1,
        metadata=col(
            "Participants",
            "本次参加的人数（人，不是人次）",
            "People who took part in this session (people, not person-times)",
        ),
    )


VOLUNTEER_WAYS = ("现场服务", "电话回访", "宣传宣讲", "值守执勤")


class Volunteers(Base):
    """志愿服务台账: one row per volunteer activity."""

    开始日期: Series[pd.Timestamp] = pa.Field(metadata=col("From", "开始日期", "First day"))
    结束日期: Series[pd.Timestamp] = pa.Field(metadata=col("To", "结束日期", "Last day"))
    组织单位: Series[str] = pa.Field(
        metadata=col("Organising unit", "支部编号或机关党委", "Branch ID or body", ref="units")
    )
    活动: Series[str] = pa.Field(metadata=col("Activity", "服务内容", "Activity"))
    服务方式: Series[str] = pa.Field(
        isin=list(VOLUNTEER_WAYS),
        metadata=col(
            "How",
            "服务方式：" + "、".join(VOLUNTEER_WAYS),
            "How the volunteers served: " + ", ".join(VOLUNTEER_WAYS),
        ),
    )
    志愿者人数: Series[pd.Int64Dtype] = pa.Field(
        ge=1, metadata=col("Volunteers", "志愿者人数", "Volunteers")
    )
    服务人次: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        metadata=col(
            "People served",
            "服务人次；电话回访填回访人次",
            "People served; for 电话回访 the calls made",
        ),
    )

    @pa.dataframe_check(**_checked("结束日期", "结束日期早于开始日期"))
    def _span(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["结束日期"] < df["开始日期"]).fillna(False).astype(bool)


LEADERSHIP_MEETINGS = ("党组会议", "党组理论学习中心组学习")
AGENDA_KINDS = ("第一议题", "理论学习", "巡察整改", "意识形态", "全面从严治党", "党建工作", "其他")


class Leadership(Base):
    """党组会议台账: one row per agenda item (议题) of a 党组 meeting or 中心组 study session."""

    日期: Series[pd.Timestamp] = pa.Field(metadata=col("Date", "召开日期", "Date held"))
    会议: Series[str] = pa.Field(
        isin=list(LEADERSHIP_MEETINGS),
        metadata=col(
            "Meeting", "党组会议 / 党组理论学习中心组学习", "党组 meeting or 中心组 study session"
        ),
    )
    议题: Series[str] = pa.Field(metadata=col("Agenda item", "议题名称", "Agenda item"))
    议题类别: Series[str] = pa.Field(
        isin=list(AGENDA_KINDS),
        metadata=col(
            "Agenda kind",
            "议题类别：" + "、".join(AGENDA_KINDS) + "；专题研究某项工作的议题按该工作归类",
            "Kind of item: " + ", ".join(AGENDA_KINDS) + "; an item on a field of work "
            "is classed by that field",
        ),
    )


STAFF_POSTS = ("专职党务干部", "兼职党务干部", "意识形态工作队伍")


class Staff(Base):
    """党务干部台账: one row per post held; no names, so that only aggregates are published."""

    编号: Series[str] = pa.Field(
        unique=True, metadata=col("ID", "编号，如 DW01（不填姓名）", "ID such as DW01 (no names)")
    )
    所在单位: Series[str] = pa.Field(
        metadata=col(
            "Unit",
            "支部编号，或 机关党委 / 机关纪委",
            "Branch ID, or 机关党委 / 机关纪委",
            ref="units",
        )
    )
    岗位: Series[str] = pa.Field(
        isin=list(STAFF_POSTS),
        metadata=col("Post", "、".join(STAFF_POSTS), ", ".join(STAFF_POSTS)),
    )
    出生年份: Series[pd.Int64Dtype] = pa.Field(
        ge=1940,
        metadata=col(
            "Year of birth",
            "出生年份，如 1990；用于统计35岁以下青年干部占比",
            "Such as 1990; gives the share of staff under 35",
        ),
    )
    任职日期: Series[pd.Timestamp] = pa.Field(
        metadata=col("In post since", "任现岗位日期", "Date the post was taken up")
    )

    @pa.dataframe_check(**_checked("出生年份", "出生年份不可能晚于任职日期所在年份减18"))
    def _adult(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["出生年份"] > df["任职日期"].dt.year - 18).fillna(False).astype(bool)


POSTS = ("G1", "G2", "J1", "J2", "Z1", "党员")


class Members(Base):
    """党员名册 (private): only for personalised PDFs, never published on the site."""

    编号: Series[str] = pa.Field(unique=True, metadata=col("ID", "党员编号", "Member ID"))
    姓名: Series[str] = pa.Field(metadata=col("Name", "姓名", "Name"))
    党支部: Series[str] = pa.Field(
        metadata=col("Branch", "所在支部编号", "Branch ID", ref="branches")
    )
    岗位: Series[str] = pa.Field(
        isin=list(POSTS),
        metadata=col(
            "Post",
            "三级五岗岗位编号或“党员”",
            "Post id of the three levels and five posts, or 党员",
        ),
    )


DUES_KINDS = ("在职", "离退休", "困难党员", "批准少交免交")


class Dues(Base):
    """党费收缴台账 (private): one row per member and month; only aggregates reach the site.

    No column for the rate: Excel turns a typed "1.5%" into 0.015, and the rate follows from the
    base anyway (rule 08, articles 6 and 7); the check computes it.
    """

    月份: Series[str] = pa.Field(
        str_matches=r"^\d{4}-(0[1-9]|1[0-2])$",
        metadata=col(
            "Month",
            "交纳的是哪个月的党费，写作 2023-01（也可写 2023年1月、2023/1）",
            "The month the dues are for, written 2023-01 (2023年1月 and 2023/1 also work)",
            parse="month",
        ),
    )
    党员编号: Series[str] = pa.Field(
        metadata=col("Member ID", "党员名册中的编号，如 DY001", "ID in the member roster")
    )
    姓名: Series[str] = pa.Field(
        metadata=col("Name", "党员姓名（不在网站上公开）", "Member's name (never on the site)")
    )
    党支部: Series[str] = pa.Field(
        metadata=col("Branch", "所在支部编号", "Branch ID", ref="branches")
    )
    类别: Series[str] = pa.Field(
        isin=list(DUES_KINDS),
        metadata=col(
            "Kind",
            "在职：按月工资收入交纳；离退休：按离退休费交纳；困难党员：依靠抚恤或者救济生活、"
            "下岗失业、享受最低生活保障的党员，每月0.2元或免交；批准少交免交：生活有特殊困难、"
            "经党支部研究报机关党委批准的（制度08第六、七条）",
            "在职 (in work): by monthly pay; 离退休 (retired): by pension; 困难党员 (on relief): "
            "0.2 yuan a month or nothing; 批准少交免交 (approved reduction): as approved (rule 08, "
            "articles 6 and 7)",
        ),
    )
    计算基数: Series[float] = pa.Field(
        ge=0,
        nullable=True,
        metadata=col(
            "Base",
            "月工资收入（税后）或月离退休费，单位元，到分；在职和离退休必填",
            "Monthly pay after tax or pension, in yuan; required for 在职 and 离退休",
            parse="money",
        ),
    )
    应交金额: Series[float] = pa.Field(
        ge=0,
        metadata=col(
            "Due",
            "按制度08第六、七条核定的月交纳数额，单位元，到分（四舍五入）",
            "The monthly amount set by rule 08, articles 6 and 7, in yuan, rounded to the fen",
            parse="money",
        ),
    )
    实交金额: Series[float] = pa.Field(
        ge=0,
        nullable=True,
        metadata=col(
            "Paid",
            "实际交纳金额，单位元；未交留空；自愿多交的照实填写",
            "Amount paid, in yuan; blank if not paid; voluntary extra as paid",
            parse="money",
        ),
    )
    交纳日期: Series[pd.Timestamp] = pa.Field(
        nullable=True,
        metadata=col(
            "Paid on",
            "实际交纳（含补交）的日期；未交留空",
            "Date paid (or paid late); blank if not",
        ),
    )
    备注: Series[str] = pa.Field(
        nullable=True, metadata=col("Notes", "备注，可空（不公开）", "Notes; may be blank")
    )

    @pa.dataframe_check(**_checked("交纳日期", "填写了实交金额就要填写交纳日期，反之亦然"))
    def _paid_on(cls, df: pd.DataFrame) -> Series[bool]:
        return df["实交金额"].isna() == df["交纳日期"].isna()

    @pa.dataframe_check(**_checked("月份", "同一党员同一月份有两行"))
    def _once(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["党员编号", "月份"], keep="first")

    @pa.dataframe_check(**_checked("计算基数", "在职和离退休党员必须填写计算基数"))
    def _base(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["类别"].isin(DUES_KINDS[:2]) & df["计算基数"].isna())


# The steps of the recruitment ledger, in the order rule 07 sets them (columns, left to right).
RECRUITMENT_STEPS = (
    "申请日期",
    "谈话日期",
    "积极分子日期",
    "发展对象日期",
    "政审日期",
    "培训开始日期",
    "培训结束日期",
    "公示日期",
    "支部大会日期",
    "审批日期",
    "转正日期",
)


def _step(en: str, zh_note: str, en_note: str) -> Series[pd.Timestamp]:
    return pa.Field(nullable=True, metadata=col(en, zh_note + "；未到这一步留空", en_note))


class Recruitment(Base):
    """发展党员台账 (private): one row per applicant, a date per step of rule 07; only counts
    reach the site."""

    编号: Series[str] = pa.Field(
        unique=True, metadata=col("ID", "发展党员编号，如 FZ2022-03", "ID such as FZ2022-03")
    )
    姓名: Series[str] = pa.Field(
        metadata=col("Name", "申请人姓名（不在网站上公开）", "Applicant's name (never on the site)")
    )
    党支部: Series[str] = pa.Field(
        metadata=col("Branch", "所在支部编号", "Branch ID", ref="branches")
    )
    申请日期: Series[pd.Timestamp] = pa.Field(
        metadata=col("Applied on", "递交书面入党申请书的日期", "Date of the written application")
    )
    谈话日期: Series[pd.Timestamp] = _step(
        "Talk on", "党组织派人同申请人谈话的日期（制度07第六条）", "Talk with the applicant"
    )
    积极分子日期: Series[pd.Timestamp] = _step(
        "Activist from",
        "支部委员会确定为入党积极分子的日期",
        "Designated an activist applying for Party membership",
    )
    发展对象日期: Series[pd.Timestamp] = _step(
        "Development target from", "列为发展对象的日期", "Made a development target"
    )
    政审日期: Series[pd.Timestamp] = _step(
        "Political vetting on", "政治审查结论形成的日期", "Political vetting concluded"
    )
    培训开始日期: Series[pd.Timestamp] = _step(
        "Training from", "短期集中培训第一天", "First day of the short training course"
    )
    培训结束日期: Series[pd.Timestamp] = _step(
        "Training to", "短期集中培训最后一天", "Last day of the short training course"
    )
    培训学时: Series[pd.Int64Dtype] = pa.Field(
        ge=1,
        nullable=True,
        metadata=col(
            "Training hours",
            "短期集中培训学时数；可空（按天数计）",
            "Hours of the training course; may be blank (days count then)",
        ),
    )
    公示日期: Series[pd.Timestamp] = _step(
        "Publicity from", "预审合格后公示的第一天", "First day of the public notice"
    )
    支部大会日期: Series[pd.Timestamp] = _step(
        "Admitted by the branch meeting on",
        "支部党员大会讨论通过接收预备党员的日期（预备期从这天算起）",
        "Branch general meeting that admitted the probationary member (probation starts)",
    )
    审批日期: Series[pd.Timestamp] = _step(
        "Approved on", "局机关党委审批的日期", "Approval by the Party committee"
    )
    延长预备期月数: Series[pd.Int64Dtype] = pa.Field(
        ge=1,
        nullable=True,
        metadata=col(
            "Probation extended by (months)",
            "延长预备期的月数，没有延长留空（制度07第二十一条）",
            "Months the probation was extended by; blank if not (rule 07, article 21)",
        ),
    )
    转正日期: Series[pd.Timestamp] = _step(
        "Full member from",
        "预备期满转为正式党员的日期（党龄从这天算起）",
        "End of probation: full member from this day",
    )
    备注: Series[str] = pa.Field(
        nullable=True, metadata=col("Notes", "备注，可空（不公开）", "Notes; may be blank")
    )


@dataclass(frozen=True)
class LedgerSpec:
    """A ledger: its file stem in data/ledgers, titles, schema and the column giving its date."""

    key: str
    zh: str
    en: str
    model: type[Base]
    date_column: str | None


LEDGER_SPECS: tuple[LedgerSpec, ...] = (
    LedgerSpec("branches", "党支部台账", "Party branches", Branches, None),
    LedgerSpec("groups", "党小组台账", "Party small groups", Groups, None),
    LedgerSpec("study", "理论学习台账", "Theory study", Study, "日期"),
    LedgerSpec("org_life", "组织生活台账", "Organisational life", OrgLife, "日期"),
    LedgerSpec(
        "rectification",
        "巡察整改台账",
        "Rectification after political inspection",
        Rectification,
        "反馈日期",
    ),
    LedgerSpec("office", "党建办工作台账", "Party-building office work", Office, "日期"),
    LedgerSpec("risks", "廉政风险点台账", "Integrity risk points", Risks, "排查日期"),
    LedgerSpec("supervision", "作风督查台账", "Work-style inspections", Supervision, "日期"),
    LedgerSpec("talks", "谈心谈话台账", "Heart-to-heart talks", Talks, "日期"),
    LedgerSpec("warnings", "警示教育台账", "Warning education", Warnings, "日期"),
    LedgerSpec("volunteers", "志愿服务台账", "Volunteer service", Volunteers, "开始日期"),
    LedgerSpec("leadership", "党组会议台账", "Leading Party group meetings", Leadership, "日期"),
    LedgerSpec("staff", "党务干部台账", "Party-affairs staff", Staff, None),
)
# Private ledgers: read and validated like the others, but only their aggregates are published,
# so the generic summary pages (which list rows) never see them.
PRIVATE_SPECS: tuple[LedgerSpec, ...] = (
    LedgerSpec("dues", "党费收缴台账", "Party membership dues", Dues, None),
    LedgerSpec("recruitment", "发展党员台账", "Recruitment of new members", Recruitment, None),
)
ALL_SPECS = LEDGER_SPECS + PRIVATE_SPECS
SPECS = {spec.key: spec for spec in ALL_SPECS}
MEMBERS = LedgerSpec("members", "党员名册", "Member roster", Members, None)


def cross_check(frames: dict[str, pd.DataFrame], names: dict[str, str]) -> list[str]:
    """Checks that need two ledgers: 党小组 against branches, 党小组会 against 党小组.

    `frames` are validated ledgers indexed by spreadsheet row, `names` their file names as shown
    in messages. Returns `file:row: column: reason` lines (empty when all agree); a ledger that
    is missing from `frames` is skipped.
    """
    problems: list[str] = []
    branches, groups = frames.get("branches"), frames.get("groups")
    if branches is None or groups is None:
        return problems
    count = groups.groupby("支部").size()
    members = groups.groupby("支部")["党员人数"].sum()
    for row, branch in branches.iterrows():
        bid, where = branch["编号"], f"{names.get('branches', 'branches')}:{row}"
        have = int(count.get(bid, 0))
        if branch["党小组数"] != have:
            problems.append(
                f"{where}: 党小组数: 填写 {branch['党小组数']} 个，党小组台账中有 {have} 个 "
                "(does not match the groups ledger)"
            )
        if have and branch["党员人数"] != members.get(bid, 0):
            problems.append(
                f"{where}: 党员人数: 填写 {branch['党员人数']} 人，各党小组党员人数之和为 "
                f"{int(members[bid])} 人 (does not match the groups ledger)"
            )
    org_life = frames.get("org_life")
    if org_life is None:
        return problems
    size = dict(zip(groups["编号"], groups["党员人数"], strict=True))
    where = names.get("org_life", "org_life")
    for row, meeting in org_life[org_life["党小组"].notna()].iterrows():
        group = meeting["党小组"]
        if group not in size:
            problems.append(
                f"{where}:{row}: 党小组: 未知的党小组编号“{group}”，党小组台账中没有 "
                "(unknown group id)"
            )
        elif meeting["应到人数"] != size[group]:
            problems.append(
                f"{where}:{row}: 应到人数: 党小组会应到人数应为该党小组党员人数 {size[group]}，"
                f"实际为 {meeting['应到人数']} (not the group's members)"
            )
    return problems


_RULE_TITLE = re.compile(r"《(.+)》")


def _plain_quotes(title: str) -> str:
    """A title with its quotation marks removed, so that “” and "" compare equal."""
    return re.sub("[\"'“”‘’]", "", title)


def revision_problems(
    office: pd.DataFrame, revisions: list[tuple[dt.date, str, str]], name: str = "office.csv"
) -> list[str]:
    """The office ledger's 制度建立修订 rows against the rules' own revision history.

    `revisions` are (date, rule title, version) from the rules' front matter (docs/rules/NN.md
    `history`). Within the span of dates the office ledger covers, every revision must have one
    row (same date, the title in 《》) and every row a revision. Returns `file:row: column: reason`
    lines, empty when both agree.
    """
    if office.empty:
        return []
    start, end = office["日期"].min().date(), office["日期"].max().date()
    revisions = [(day, _plain_quotes(title), version) for day, title, version in revisions]
    expected = {(day, title) for day, title, _ in revisions if start <= day <= end}
    problems, seen = [], set()
    rows = office[office["类别"] == "制度建立修订"]
    for row, entry in rows.iterrows():
        match = _RULE_TITLE.search(str(entry["事项"]))
        day = entry["日期"].date()
        if not match:
            problems.append(
                f"{name}:{row}: 事项: 制度建立修订应在《》中写明制度名称 (rule title missing)"
            )
            continue
        title = _plain_quotes(match.group(1))
        if (day, title) not in expected:
            dates = "、".join(str(d) for d, t, _ in revisions if t == title) or "无"
            problems.append(
                f"{name}:{row}: 日期: 《{title}》在 {day} 没有修订记录，制度页面记载的修订日期为"
                f"{dates} (not a revision date in the rule's history)"
            )
        seen.add((day, title))
    for day, title in sorted(expected - seen):
        problems.append(
            f"{name}:1: 类别: 缺少 {day} 修订《{title}》的“制度建立修订”记录"
            " (a revision in the rule's history is missing from the ledger)"
        )
    return problems


@dataclass(frozen=True)
class Column:
    """One column of a schema, as the loader and the docs page need it."""

    name: str
    kind: str  # "text", "date", "int", "month" or "money"
    required: bool
    unique: bool
    allowed: tuple[str, ...]
    minimum: int | None
    en: str
    zh_note: str
    en_note: str
    ref: str | None


def columns(model: type[Base]) -> list[Column]:
    """The columns of a schema in declared order."""
    out = []
    for name, column in model.to_schema().columns.items():
        dtype = str(column.dtype)
        kind = "date" if dtype.startswith("datetime") else "int" if dtype == "Int64" else "text"
        kind = (column.metadata or {}).get("parse") or kind
        allowed: tuple[str, ...] = ()
        minimum = None
        for check in column.checks:
            stats = check.statistics or {}
            if "allowed_values" in stats:
                allowed = tuple(stats["allowed_values"])
            if "min_value" in stats:
                minimum = stats["min_value"]
        meta = column.metadata or {}
        out.append(
            Column(
                name=name,
                kind=kind,
                required=not column.nullable,
                unique=column.unique,
                allowed=allowed,
                minimum=minimum,
                en=meta.get("en", name),
                zh_note=meta.get("zh_note", ""),
                en_note=meta.get("en_note", ""),
                ref=meta.get("ref"),
            )
        )
    return out
