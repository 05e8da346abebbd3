"""岗位聘任, 专业技术职务聘任, 基本待遇, 年度考核, 教师资格, 师德信息 and 交流轮岗.

Who fills: the school (人事处) fills or reviews 岗位聘任, 专业技术职务聘任,
基本待遇, 年度考核, 师德信息 and 交流轮岗: unit managers may enter them, but
only the school's review makes them effective (`effective_by="school"`);
teachers do not fill them. 教师资格 is filled like the teacher's own sets.
"""

from __future__ import annotations

from typing import Any

from shared.indicators.codetables_career import POST_LEVELS_BY_CATEGORY
from shared.indicators.fielddefs import LEVELS, REST, Cascade, Clears, RequiredWhen, SetDef, f

MANAGERS = ("unit", "school")
_LEVEL_CASCADE = Cascade.of("post_category", POST_LEVELS_BY_CATEGORY)
_CONCURRENT_CASCADE = Cascade.of("concurrent_post_category", POST_LEVELS_BY_CATEGORY)
_IF_CONCURRENT = RequiredWhen("is_concurrent", any_of=("1",))
_MONEY: dict[str, Any] = {"minimum": 0, "personal": True}

POST_APPOINTMENT = SetDef(
    "post_appointment",
    "岗位聘任",
    many=True,
    filled_by=MANAGERS,
    effective_by="school",
    order=4,
    key_fields=("start_month",),
    help="填写 2013 年以来的岗位聘任",
    fields=(
        f("post_category", "岗位类别", "code", required=True, table="post_category"),
        f(
            "post_level",
            "岗位等级",
            "code",
            required=True,
            table="post_level",
            cascade=_LEVEL_CASCADE,
            help="按岗位类别筛选",
        ),
        f("start_month", "聘任开始年月", "month", required=True),
        f(
            "is_concurrent",
            "是否兼任其他岗位",
            "code",
            table="yes_no",
            clears=Clears(("concurrent_post_category", "concurrent_post_level"), when=("0",)),
        ),
        f(
            "concurrent_post_category",
            "兼任岗位类别",
            "code",
            table="post_category",
            required_when=_IF_CONCURRENT,
            help="不能与岗位类别相同",
        ),
        f(
            "concurrent_post_level",
            "兼任岗位等级",
            "code",
            table="post_level",
            cascade=_CONCURRENT_CASCADE,
            required_when=_IF_CONCURRENT,
            help="按兼任岗位类别筛选",
        ),
        f(
            "school_posts",
            "校级职务",
            "codes",
            required=True,
            table="school_post",
            exclusive=("00",),
            clears=Clears(("school_post_start_month",), when=("00",)),
            help="可多选;00 无 只能单选",
        ),
        f("school_post_start_month", "任职开始年月", "month", help="校级职务的任职开始年月"),
    ),
)

TITLE_APPOINTMENT = SetDef(
    "title_appointment",
    "专业技术职务聘任",
    many=True,
    filled_by=MANAGERS,
    effective_by="school",
    order=5,
    key_fields=("title", "start_month"),
    fields=(
        f(
            "title",
            "聘任专业技术职务",
            "code",
            required=True,
            table="title",
            clears=Clears((REST,), when=("0",)),
            help="0 无 时清空其余各项",
        ),
        f("start_month", "聘任开始年月", "month"),
        f("end_month", "聘任结束年月", "month", help="晚于聘任开始年月"),
        f("employer", "聘任单位名称"),
    ),
)

PAY = SetDef(
    "pay",
    "基本待遇",
    many=True,
    filled_by=MANAGERS,
    effective_by="school",
    order=6,
    key_fields=("year",),
    unique_key=True,
    help="每年一条;当年未满一年,请下年度填报",
    fields=(
        f(
            "year",
            "年度",
            "integer",
            required=True,
            minimum=1950,
            help="不能是当年(未满一年请下年度填报)",
        ),
        f("annual_income", "年工资收入", "decimal", required=True, unit="元", **_MONEY),
        f("basic_salary", "基本工资", "decimal", required=True, unit="元/月", **_MONEY),
        f("performance_pay", "绩效工资", "decimal", required=True, unit="元/月", **_MONEY),
        f("rural_allowance", "乡村教师生活补助", "decimal", required=True, unit="元/月", **_MONEY),
        f("other_allowances", "其他津贴补贴", "decimal", required=True, unit="元/月", **_MONEY),
        f("other_pay", "其他", "decimal", required=True, unit="元/月", **_MONEY),
        f(
            "insurance",
            "五险一金",
            "codes",
            required=True,
            table="insurance",
            exclusive=("0",),
            help="可多选;0 无 只能单选",
        ),
    ),
)

ASSESSMENT = SetDef(
    "assessment",
    "年度考核",
    many=True,
    filled_by=MANAGERS,
    effective_by="school",
    order=7,
    key_fields=("year",),
    unique_key=True,
    help="每年一条",
    fields=(
        f("year", "考核年度", "integer", required=True, minimum=1950, help="不能晚于今年"),
        f("result", "考核结果", "code", required=True, table="assessment_result"),
        f("assessor", "考核单位名称", help="默认为本校 (defaults to the school)"),
    ),
)

QUALIFICATION = SetDef(
    "qualification",
    "教师资格",
    many=True,
    filled_by=LEVELS,
    effective_by="unit",
    order=8,
    key_fields=("kind", "certificate_no"),
    fields=(
        f(
            "kind",
            "教师资格证种类",
            "code",
            required=True,
            table="qualification_kind",
            clears=Clears((REST,), when=("0",)),
            help="0 无 时清空其余各项",
        ),
        f("certificate_no", "证书号码", max_length=30),
        f("subject", "任教学科"),
        f("issue_date", "颁发日期", "date", help="不能晚于今天"),
        f("issuer", "颁发机构"),
        f(
            "first_registration_date",
            "首次注册日期",
            "date",
            readonly=True,
            help="由教师资格注册结果导入,不可填写",
        ),
        f(
            "first_registration_result",
            "首次注册结论",
            "code",
            table="registration_result",
            readonly=True,
            help="由教师资格注册结果导入,不可填写",
        ),
        f(
            "periodic_registration_date",
            "定期注册日期",
            "date",
            readonly=True,
            help="由教师资格注册结果导入,不可填写",
        ),
        f(
            "periodic_registration_result",
            "定期注册结论",
            "code",
            table="registration_result",
            readonly=True,
            help="由教师资格注册结果导入,不可填写",
        ),
    ),
)

_PUNISHMENT_FIELDS = (
    "punishment_reason",
    "occurrence_date",
    "punishment_description",
    "punishing_body",
    "punishment_date",
    "revoke_date",
    "revoke_reason",
)

ETHICS = SetDef(
    "ethics",
    "师德信息",
    many=True,
    filled_by=MANAGERS,
    effective_by="school",
    order=9,
    key_fields=("assessment_month",),
    fields=(
        f("assessment_month", "师德考核时间", "month", required=True),
        f("conclusion", "师德考核结论", "code", required=True, table="ethics_conclusion"),
        f("assessor", "考核单位"),
        f(
            "honour_level",
            "荣誉级别",
            "code",
            table="honour_level",
            required_when=RequiredWhen("honour_title"),
        ),
        f("honour_title", "荣誉称号", required_when=RequiredWhen("honour_level")),
        f("honour_date", "荣誉日期", "date"),
        f("honour_description", "荣誉描述", max_length=500),
        f("honour_grantor", "授予单位"),
        f(
            "punishment_kind",
            "处分类别",
            "code",
            required=True,
            table="punishment_kind",
            clears=Clears(_PUNISHMENT_FIELDS, when=("0",)),
            help="0 无 时清空处分各项",
        ),
        f("punishment_reason", "处分原因", max_length=500),
        f("occurrence_date", "发生日期", "date"),
        f("punishment_description", "处分描述", max_length=500),
        f("punishing_body", "处分单位"),
        f("punishment_date", "处分日期", "date", help="不早于发生日期,不能晚于今天"),
        f("revoke_date", "处分撤销日期", "date", help="不早于处分日期,不能晚于今天"),
        f(
            "revoke_reason",
            "处分撤销原因",
            max_length=500,
            required_when=RequiredWhen("revoke_date"),
        ),
    ),
)

ROTATION = SetDef(
    "rotation",
    "交流轮岗",
    many=True,
    filled_by=MANAGERS,
    effective_by="school",
    order=15,
    key_fields=("start_month",),
    fields=(
        f(
            "rotation_kind",
            "交流轮岗类型",
            "code",
            required=True,
            table="rotation_kind",
            clears=Clears((REST,), when=("0",)),
            help="0 无 时清空其余各项",
        ),
        f("transfers_relation", "是否调动人事关系", "code", table="yes_no"),
        f(
            "start_month",
            "开始年月",
            "month",
            required_when=RequiredWhen("rotation_kind", none_of=("0",)),
        ),
        f("end_month", "结束年月", "month", help="晚于开始年月"),
        f("origin_unit", "原单位名称", help="默认为本校 (defaults to the school)"),
        f(
            "target_unit",
            "交流轮岗单位名称",
            required_when=RequiredWhen("rotation_kind", none_of=("0",)),
            help="不能与原单位相同",
        ),
    ),
)

SETS = (POST_APPOINTMENT, TITLE_APPOINTMENT, PAY, ASSESSMENT, QUALIFICATION, ETHICS, ROTATION)
