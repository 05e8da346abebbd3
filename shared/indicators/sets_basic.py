"""基本信息, 学习经历, 工作经历 and 联系方式.

A field's `required` is a required item (`*`) of the national indicator system. Left out of
基本信息 on purpose: 个人照片 (a file — jpg, 26x32 mm, >= 150 dpi, < 60 KB — not a field value).
The derived fields of 基本信息 (最高学历, 最高学位层次, 现任岗位类别/等级,
现任专业技术职务) are listed with `derived` so forms can show them; nobody
enters them: `derived.derived_basic_fields` computes them from the other sets.
"""

from __future__ import annotations

from shared.indicators.fielddefs import LEVELS, Clears, Derived, RequiredWhen, SetDef, f

_FROM_ID = Derived("birth_date_from_id", ("id_type", "id_number"), entered=True)
_FROM_EDUCATION = Derived("highest_education", ("education",))
_FROM_POSTS = Derived("current_post", ("post_appointment",))
_FROM_TITLES = Derived("current_title", ("title_appointment",))

BASIC_INFO = SetDef(
    "basic_info",
    "基本信息",
    many=False,
    filled_by=LEVELS,
    effective_by="unit",
    order=1,
    required=True,
    fields=(
        f("name", "姓名", required=True, max_length=50),
        f("former_name", "曾用名", max_length=50),
        f("gender", "性别", "code", required=True, table="gender"),
        f("staff_no", "教职工号", max_length=30),
        f(
            "nationality",
            "国籍/地区",
            "code",
            required=True,
            table="nationality",
            default="156",
            clears=Clears(("ethnicity", "political_status"), unless=("156",)),
            help="非中国(156)时清空民族和政治面貌",
        ),
        f("id_type", "身份证件类型", "code", required=True, table="id_type", default="1"),
        f("id_number", "身份证件号", required=True, max_length=30, personal=True),
        f(
            "birth_date",
            "出生日期",
            "date",
            required=True,
            derived=_FROM_ID,
            personal=True,
            help="由身份证件号第7-14位得出;填写时须与之一致",
        ),
        f("native_place", "籍贯"),
        f("birth_place", "出生地"),
        f("ethnicity", "民族", "code", table="ethnicity", default="01"),
        f(
            "political_status",
            "政治面貌",
            "codes",
            table="political_status",
            exclusive=("12", "13"),
            help="可多选;无党派民主人士、群众只能单选",
        ),
        f("marital_status", "婚姻状况", "code", table="marital_status"),
        f("health_status", "健康状况", "code", table="health_status"),
        f(
            "highest_education_level",
            "最高学历",
            "code",
            required=True,
            table="education_level",
            derived=_FROM_EDUCATION,
            help="由学习经历得出",
        ),
        f(
            "highest_degree_level",
            "最高学位层次",
            "code",
            required=True,
            table="degree_level",
            derived=_FROM_EDUCATION,
            help="由学习经历得出",
        ),
        f("work_start_month", "参加工作年月", "month", required=True, help="晚于出生日期"),
        f("school_join_month", "进本校年月", "month", required=True, help="不早于参加工作年月"),
        f("staff_source", "教职工来源", "code", required=True, table="staff_source"),
        f("staff_category", "教职工类别", "code", required=True, table="staff_category"),
        f(
            "on_establishment",
            "是否在编",
            "code",
            required=True,
            table="yes_no",
            clears=Clears(("employment_form",), when=("1",)),
        ),
        f(
            "employment_form",
            "用人形式",
            "code",
            table="employment_form",
            required_when=RequiredWhen("on_establishment", any_of=("0",)),
            help="不在编时必填",
        ),
        f(
            "contract",
            "签订合同情况",
            "code",
            required=True,
            table="contract",
            help="在编为聘用合同,不在编为劳动合同",
        ),
        f(
            "current_post_category",
            "现任岗位类别",
            "code",
            table="post_category",
            derived=_FROM_POSTS,
            help="由岗位聘任得出",
        ),
        f(
            "current_post_level",
            "现任岗位等级",
            "code",
            table="post_level",
            derived=_FROM_POSTS,
            help="由岗位聘任得出",
        ),
        f(
            "current_title",
            "现任专业技术职务",
            "code",
            table="title",
            derived=_FROM_TITLES,
            help="由专业技术职务聘任得出",
        ),
        f("it_skill", "信息技术应用能力", "code", required=True, table="it_skill"),
        f("personnel_status", "人员状态", "code", required=True, table="personnel_status"),
        f("academic_origin", "学缘结构", "code", table="academic_origin"),
        # Higher-education teaching fields (高校教师)
        f(
            "has_teacher_certificate",
            "是否有高等学校教师资格证",
            "code",
            required=True,
            table="yes_no",
        ),
        f("teaching_start_month", "从教起始年月", "month"),
        f("supervisor_type", "导师类别", "code", required=True, table="supervisor_type"),
        f("teaching_stages", "任课学段", "codes", required=True, table="teaching_stage"),
        f("teaching_status", "任课状况", "code", required=True, table="teaching_status"),
        f(
            "discipline",
            "现主要从事学科领域",
            required=True,
            max_length=4,
            pattern=r"\d{4}",
            help="4 位学科代码",
        ),
    ),
)

EDUCATION = SetDef(
    "education",
    "学习经历",
    many=True,
    filled_by=LEVELS,
    effective_by="unit",
    order=2,
    required=True,
    key_fields=("education_level", "start_month"),
    help="从第一个高等教育学历或学位填起",
    fields=(
        f("education_level", "获得学历", "code", required=True, table="education_level"),
        f("education_country", "获得学历的国家(地区)", "code", table="nationality"),
        f("institution", "获得学历的院校或机构"),
        f("major", "所学专业"),
        f("is_normal_major", "是否师范类专业", "code", table="yes_no"),
        f("start_month", "入学年月", "month"),
        f("end_month", "毕业年月", "month", help="晚于入学年月"),
        f(
            "degree_level",
            "学位层次",
            "code",
            required=True,
            table="degree_level",
            clears=Clears(
                ("degree_name", "degree_country", "degree_institution", "degree_month"), when=("0",)
            ),
            help="0 无 时清空学位名称、国家(地区)、院校和授予年月",
        ),
        f("degree_name", "学位名称", help="按学位层次筛选"),
        f("degree_country", "获得学位的国家(地区)", "code", table="nationality"),
        f("degree_institution", "获得学位的院校或机构"),
        f("degree_month", "学位授予年月", "month", help="不早于入学年月"),
        f("study_mode", "学习方式", "code", required=True, table="study_mode"),
        f("institution_category", "在学单位类别", "code", table="institution_category"),
    ),
)

WORK_HISTORY = SetDef(
    "work_history",
    "工作经历",
    many=True,
    filled_by=LEVELS,
    effective_by="unit",
    order=3,
    key_fields=("employer", "start_month"),
    help="最近一条的结束年月为空表示至今",
    fields=(
        f("employer", "任职单位名称"),
        f("start_month", "任职开始年月", "month"),
        f("end_month", "任职结束年月", "month", help="晚于开始年月;为空表示至今"),
        f("unit_nature", "单位性质类别", "code", table="unit_nature"),
        f("position", "任职岗位"),
    ),
)

# No official list of these fields was found; all of them are personal data.
CONTACT = SetDef(
    "contact",
    "联系方式",
    many=False,
    filled_by=LEVELS,
    effective_by="unit",
    order=16,
    help="个人信息:查询账号看到的是遮蔽后的值",
    fields=(
        f(
            "mobile",
            "手机号码",
            max_length=11,
            pattern=r"1\d{10}",
            personal=True,
            help="11 位手机号码",
        ),
        f(
            "office_phone",
            "办公电话",
            max_length=30,
            pattern=r"[0-9+()\- ]{5,30}",
            personal=True,
            help="数字,可含区号分隔符 - 和 +()",
        ),
        f(
            "email",
            "电子邮箱",
            max_length=100,
            pattern=r"[^@\s]+@[^@\s]+\.[^@\s]+",
            personal=True,
            help="如 name@example.edu.cn",
        ),
        f("address", "通讯地址", max_length=200, personal=True),
    ),
)

SETS = (BASIC_INFO, EDUCATION, WORK_HISTORY, CONTACT)
