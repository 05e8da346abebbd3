"""教学科研成果及获奖, 入选人才项目, 国内培训, 海外研修(访学) and 技能及证书.

教学科研成果及获奖 comes in groups (项目(课题), 著作, 论文, 奖励, 文艺作品,
专利或软件著作权): an entry names its group in the required `kind`, and the
fields of the other groups are refused. A field with `groups` belongs to
those groups only, and when it is `required` it is required within them.
Teachers may enter their achievements and their training; only the school's
review makes them effective.
"""

from __future__ import annotations

from shared.indicators.codetables_records import ROLES_BY_KIND
from shared.indicators.fielddefs import LEVELS, REST, Cascade, Clears, RequiredWhen, SetDef, f

PROJECT, BOOK, PAPER, AWARD, ARTWORK, PATENT = "1", "2", "3", "4", "5", "6"
# the name field of each group: required within it, and part of the entry's key
NAME_FIELDS = {
    PROJECT: "project_name",
    BOOK: "book_title",
    PAPER: "paper_title",
    AWARD: "award_name",
    ARTWORK: "work_name",
    PATENT: "patent_name",
}

ACHIEVEMENTS = SetDef(
    "achievements",
    "教学科研成果及获奖",
    many=True,
    filled_by=LEVELS,
    effective_by="school",
    order=10,
    group_field="kind",
    key_fields=("kind", *NAME_FIELDS.values()),
    help="按成果类别分组填写;只填所选类别的字段",
    fields=(
        f("kind", "成果类别", "code", required=True, table="achievement_kind"),
        f("is_representative", "是否是代表性成果和项目", "code", table="yes_no", default="0"),
        f(
            "role",
            "本人角色",
            "code",
            table="author_role",
            cascade=Cascade.of("kind", ROLES_BY_KIND),
            help="按成果类别筛选",
        ),
        f(
            "discipline",
            "学科领域",
            max_length=4,
            pattern=r"\d{4}",
            groups=(PROJECT, PAPER),
            help="4 位学科代码",
        ),
        # 项目(课题)
        f("project_name", "项目名称", required=True, groups=(PROJECT,), max_length=200),
        f("project_no", "项目编号", max_length=50, groups=(PROJECT,)),
        f("project_level", "项目级别", "code", table="project_level", groups=(PROJECT,)),
        f("project_source", "项目来源", groups=(PROJECT,), help="如 国家自然科学基金"),
        f("project_start_month", "项目开始年月", "month", groups=(PROJECT,)),
        f("project_end_month", "项目结束年月", "month", groups=(PROJECT,), help="晚于项目开始年月"),
        f("funding", "项目经费", "decimal", minimum=0, unit="万元", groups=(PROJECT,)),
        # 著作
        f("book_title", "著作名称", required=True, groups=(BOOK,), max_length=200),
        f("book_kind", "著作类别", "code", table="book_kind", groups=(BOOK,)),
        f("publisher", "出版社", groups=(BOOK,)),
        f(
            "isbn",
            "书号(ISBN)",
            max_length=17,
            pattern=r"[0-9Xx\-]{10,17}",
            groups=(BOOK,),
            help="10 或 13 位 ISBN,可含连字符",
        ),
        f("words", "字数", "decimal", minimum=0, unit="万字", groups=(BOOK,)),
        # 论文
        f("paper_title", "论文名称", required=True, groups=(PAPER,), max_length=300),
        f("journal", "发表刊物名称", groups=(PAPER,), max_length=200),
        f("volume", "卷号", max_length=20, groups=(PAPER,)),
        f("issue", "期号", max_length=20, groups=(PAPER,)),
        f("pages", "页码", max_length=30, groups=(PAPER,)),
        f(
            "indexing",
            "收录情况",
            "codes",
            table="indexing",
            exclusive=("0",),
            groups=(PAPER,),
            help="可多选;0 无 只能单选",
        ),
        f("publish_month", "发表(出版)年月", "month", groups=(BOOK, PAPER, ARTWORK)),
        # 奖励
        f("award_name", "奖励名称", required=True, groups=(AWARD,), max_length=200),
        f("award_level", "奖励级别", "code", table="honour_level", groups=(AWARD,)),
        f("award_grade", "奖励等级", "code", table="award_grade", groups=(AWARD,)),
        f("awarding_body", "授奖单位", groups=(AWARD,)),
        f("award_month", "获奖年月", "month", groups=(AWARD,)),
        # 文艺作品
        f("work_name", "作品名称", required=True, groups=(ARTWORK,), max_length=200),
        f("work_kind", "作品类型", "code", table="artwork_kind", groups=(ARTWORK,)),
        f("venue", "发表载体或展演场所", groups=(ARTWORK,)),
        # 专利或软件著作权
        f("patent_name", "专利或软件著作权名称", required=True, groups=(PATENT,), max_length=200),
        f(
            "patent_kind",
            "专利或软件著作权类型",
            "code",
            required=True,
            table="patent_kind",
            groups=(PATENT,),
        ),
        f("patent_no", "专利号或登记号", max_length=50, groups=(PATENT,)),
        f("grant_month", "授权(登记)年月", "month", groups=(PATENT,)),
        f("is_transferred", "是否转化", "code", table="yes_no", groups=(PATENT,)),
    ),
)

TALENT_PROGRAMS = SetDef(
    "talent_programs",
    "入选人才项目",
    many=True,
    filled_by=LEVELS,
    effective_by="unit",
    order=11,
    key_fields=("program", "year"),
    fields=(
        f(
            "program",
            "项目名称",
            "code",
            required=True,
            table="talent_program",
            clears=Clears((REST,), when=("00",)),
            help="00 无 时清空入选年份",
        ),
        f("year", "入选年份", "integer", minimum=1950, help="不能晚于今年"),
    ),
)

TRAINING = SetDef(
    "training",
    "国内培训",
    many=True,
    filled_by=LEVELS,
    effective_by="school",
    order=12,
    key_fields=("year", "project_name"),
    fields=(
        f("year", "培训年度", "integer", required=True, minimum=1950, help="不能晚于今年"),
        f("training_kind", "培训类别", "code", required=True, table="training_kind"),
        f("project_name", "培训项目名称", required=True, max_length=200),
        f("organizer", "培训机构名称"),
        f("training_mode", "培训方式", "code", required=True, table="training_mode"),
        f("hours", "培训获得学时", "integer", required=True, minimum=0, unit="学时", help="整数"),
        f("credits", "培训获得学分", "decimal", minimum=0, unit="学分"),
    ),
)

_IF_ABROAD = RequiredWhen("has_experience", any_of=("1",))

OVERSEAS_STUDY = SetDef(
    "overseas_study",
    "海外研修(访学)",
    many=True,
    filled_by=LEVELS,
    effective_by="unit",
    order=13,
    key_fields=("start_date",),
    fields=(
        f(
            "has_experience",
            "是否有海外研修(访学)经历",
            "code",
            required=True,
            table="yes_no",
            clears=Clears((REST,), when=("0",)),
            help="否 时清空其余各项",
        ),
        f("start_date", "开始日期", "date", required_when=_IF_ABROAD),
        f("end_date", "结束日期", "date", help="晚于开始日期"),
        f(
            "country",
            "国家(地区)",
            "code",
            table="nationality",
            required_when=_IF_ABROAD,
            help="不能是中国(156)",
        ),
        f("institution", "研修(访学)机构名称"),
        f("project_name", "项目名称"),
        f("organizer", "项目组织单位名称"),
    ),
)

SKILLS = SetDef(
    "skills",
    "技能及证书",
    many=True,
    filled_by=LEVELS,
    effective_by="unit",
    order=14,
    key_fields=("language", "other_skill", "certificate_name"),
    fields=(
        f(
            "language",
            "语种",
            "code",
            required=True,
            table="language",
            clears=Clears(("proficiency",), when=("00",)),
            help="00 无 时不填掌握程度",
        ),
        f("proficiency", "掌握程度", "code", required=True, table="proficiency"),
        f("other_skill", "其他技能名称", required_when=RequiredWhen("other_skill_proficiency")),
        f(
            "other_skill_proficiency",
            "其他技能掌握程度",
            "code",
            table="proficiency",
            required_when=RequiredWhen("other_skill"),
        ),
        f("certificate_kind", "证书类型", "code", table="certificate_kind"),
        f("certificate_name", "证书名称"),
        f("certificate_month", "发证年月", "month", help="不能晚于本月"),
        f("certificate_issuer", "发证单位"),
        f("certificate_no", "证书编号", max_length=50),
    ),
)

SETS = (ACHIEVEMENTS, TALENT_PROGRAMS, TRAINING, OVERSEAS_STUDY, SKILLS)
