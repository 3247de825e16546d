"""One pandera schema per ledger (台账), declared once.

Column names are Chinese, as people type them in Excel. Each field's `metadata` carries its
English label and a short explanation in both languages; the loader, the validator, the
column reference page (ledgers/columns.md) and the tests all read these classes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# Bodies above the branches that may also organise study, warning education or volunteering.
UNITS = ("党组", "机关党委", "机关纪委")


def col(en: str, zh_note: str, en_note: str, ref: str | None = None) -> dict:
    """Field metadata: English label, explanations, and an optional reference to another ledger."""
    return {"en": en, "zh_note": zh_note, "en_note": en_note, "ref": ref}


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
            "Room meets 六有",
            "党员活动室是否达到“六有”标准：是/否",
            "Activity room meets 六有: 是/否",
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
            "Organised by",
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
    主题: Series[str] = pa.Field(metadata=col("Topic", "会议主题", "Topic"))
    应到人数: Series[pd.Int64Dtype] = pa.Field(
        ge=1, metadata=col("Expected", "应到人数", "Members expected")
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
    责任科室: Series[str] = pa.Field(metadata=col("Office", "责任科室", "Responsible office"))
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
)


class Office(Base):
    """党建办工作台账: documents handled and office work, one row per item."""

    日期: Series[pd.Timestamp] = pa.Field(metadata=col("Date", "办理日期", "Date"))
    类别: Series[str] = pa.Field(isin=list(OFFICE_KINDS), metadata=col("Kind", "工作类别", "Kind"))
    事项: Series[str] = pa.Field(metadata=col("Item", "文件或事项名称", "Document or item"))
    数量: Series[pd.Int64Dtype] = pa.Field(
        ge=1, metadata=col("Count", "份数或篇数，一般为1", "Number of documents, usually 1")
    )


class Risks(Base):
    """廉政风险点台账: one row per risk point found in the yearly screening."""

    编号: Series[str] = pa.Field(unique=True, metadata=col("ID", "风险点编号", "ID"))
    排查日期: Series[pd.Timestamp] = pa.Field(
        metadata=col("Screened on", "排查登记日期", "Date screened")
    )
    部门: Series[str] = pa.Field(metadata=col("Department", "所在科室或单位", "Department"))
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
        metadata=col("Organised by", "支部编号或机关纪委等", "Branch ID or body", ref="units")
    )
    形式: Series[str] = pa.Field(isin=list(WARNING_FORMS), metadata=col("Form", "形式", "Form"))
    主题: Series[str] = pa.Field(metadata=col("Topic", "主题或案例", "Topic or case"))
    参加人数: Series[pd.Int64Dtype] = pa.Field(
        ge=1, metadata=col("Participants", "参加人数", "Participants")
    )


class Volunteers(Base):
    """志愿服务台账: one row per volunteer activity."""

    开始日期: Series[pd.Timestamp] = pa.Field(metadata=col("From", "开始日期", "First day"))
    结束日期: Series[pd.Timestamp] = pa.Field(metadata=col("To", "结束日期", "Last day"))
    组织单位: Series[str] = pa.Field(
        metadata=col("Organised by", "支部编号或机关党委", "Branch ID or body", ref="units")
    )
    活动: Series[str] = pa.Field(metadata=col("Activity", "服务内容", "Activity"))
    志愿者人数: Series[pd.Int64Dtype] = pa.Field(
        ge=1, metadata=col("Volunteers", "志愿者人数", "Volunteers")
    )
    服务人次: Series[pd.Int64Dtype] = pa.Field(
        ge=0, metadata=col("People served", "服务或回访人次", "People served or called")
    )

    @pa.dataframe_check(**_checked("结束日期", "结束日期早于开始日期"))
    def _span(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["结束日期"] < df["开始日期"]).fillna(False).astype(bool)


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
    LedgerSpec("study", "理论学习台账", "Theory study", Study, "日期"),
    LedgerSpec("org_life", "组织生活台账", "Organisational life", OrgLife, "日期"),
    LedgerSpec(
        "rectification", "巡察整改台账", "Inspection rectification", Rectification, "反馈日期"
    ),
    LedgerSpec("office", "党建办工作台账", "Party-building office work", Office, "日期"),
    LedgerSpec("risks", "廉政风险点台账", "Integrity risk points", Risks, "排查日期"),
    LedgerSpec("supervision", "作风督查台账", "Work-style inspections", Supervision, "日期"),
    LedgerSpec("talks", "谈心谈话台账", "Heart-to-heart talks", Talks, "日期"),
    LedgerSpec("warnings", "警示教育台账", "Warning education", Warnings, "日期"),
    LedgerSpec("volunteers", "志愿服务台账", "Volunteer service", Volunteers, "开始日期"),
)
SPECS = {spec.key: spec for spec in LEDGER_SPECS}
MEMBERS = LedgerSpec("members", "党员名册", "Member roster", Members, None)


@dataclass(frozen=True)
class Column:
    """One column of a schema, as the loader and the docs page need it."""

    name: str
    kind: str  # "text", "date" or "int"
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
