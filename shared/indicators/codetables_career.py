"""Code tables of the career sets: work history, appointments, pay, assessment,
qualification, ethics and rotation.

Where the national indicator manuals give the codes, the table says "national";
every other list here was assigned by this project ("local-1", with a note).
"""

from __future__ import annotations

from shared.indicators.codetable_base import LOCAL, local_table, merged, table

_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]

# 单位性质类别 (工作经历)
UNIT_NATURE = local_table(
    "unit_nature",
    "单位性质类别",
    """
10 党政机关
21 高等学校
22 中等职业学校
23 中小学、幼儿园
24 科研机构
25 医疗卫生机构
29 其他事业单位
31 国有企业
32 民营企业
33 外资企业
39 其他企业
40 部队
50 社会团体
60 境外机构
99 其他
""",
)

# 岗位类别: the four codes of the national manuals.
POST_CATEGORY = table(
    "post_category",
    "岗位类别",
    "national",
    """
1 教师岗位
2 其他专业技术岗位
3 管理岗位
4 工勤技能岗位
""",
)

# 岗位等级: the national manuals give the ranges (专技 1–13, 管理 1–10, 工勤 1–5 and
# 普通工) and 998/999. A level is one field whose allowed codes follow the
# category, so the codes of the three ranges must differ: the hundreds digit
# names the range (1 专技, 2 管理, 3 工勤) — a local assignment.
_LEVEL_NOTE = (
    "等级 1–13/1–10/1–5 按全国教师管理信息系统指标;百位区分岗位类别(1 专技、2 管理、3 工勤)"
    "为本地编码 (the hundreds digit is a local assignment)"
)
POST_LEVEL_PROFESSIONAL = table(
    "post_level_professional",
    "专业技术岗位等级",
    LOCAL,
    "\n".join(f"1{i:02d} 专业技术{_NUMERALS[i - 1]}级岗位" for i in range(1, 14)),
    note=_LEVEL_NOTE,
)
POST_LEVEL_MANAGEMENT = table(
    "post_level_management",
    "管理岗位等级",
    LOCAL,
    "\n".join(
        f"2{i:02d} 管理{_NUMERALS[i - 1]}级岗位({_NUMERALS[i - 1]}级职员)" for i in range(1, 11)
    ),
    note=_LEVEL_NOTE,
)
POST_LEVEL_WORKER = table(
    "post_level_worker",
    "工勤技能岗位等级",
    LOCAL,
    """
301 工勤技能一级岗位(高级技师)
302 工勤技能二级岗位(技师)
303 工勤技能三级岗位(高级工)
304 工勤技能四级岗位(中级工)
305 工勤技能五级岗位(初级工)
399 普通工
""",
    note=_LEVEL_NOTE,
)
POST_LEVEL_UNRATED = table(
    "post_level_unrated",
    "岗位等级(未评)",
    "national",
    """
998 未评(试用期)
999 未评(其他)
""",
)
POST_LEVEL = merged(
    "post_level",
    "岗位等级",
    LOCAL,
    POST_LEVEL_PROFESSIONAL,
    POST_LEVEL_MANAGEMENT,
    POST_LEVEL_WORKER,
    POST_LEVEL_UNRATED,
    note="按岗位类别筛选 (filtered by 岗位类别); " + _LEVEL_NOTE,
)

# 岗位类别 → the levels it allows (the cascade of 岗位等级 and 兼任岗位等级).
POST_LEVELS_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "1": POST_LEVEL_PROFESSIONAL.code_list + POST_LEVEL_UNRATED.code_list,
    "2": POST_LEVEL_PROFESSIONAL.code_list + POST_LEVEL_UNRATED.code_list,
    "3": POST_LEVEL_MANAGEMENT.code_list + POST_LEVEL_UNRATED.code_list,
    "4": POST_LEVEL_WORKER.code_list + POST_LEVEL_UNRATED.code_list,
}

SCHOOL_POST = local_table(
    "school_post",
    "校级职务",
    """
00 无
01 党委书记
02 党委副书记
03 校长
04 副校长
05 纪委书记
06 党委常委
07 总会计师
08 校长助理
99 其他校级职务
""",
)

# 专业技术职务. GB/T 8561-2001 is the national list; the codes 011–014 of
# 高等学校教师 follow it as far as we know it, the other series were laid out
# here in the same pattern (the last digit is the grade: 1 正高, 2 副高, 3 中级,
# 4 助理级, 5 员级) and are not checked against the standard: "local-1".
TITLE = table(
    "title",
    "专业技术职务",
    LOCAL,
    """
0 无
011 教授
012 副教授
013 讲师(高校)
014 助教(高校)
021 正高级实验师
022 高级实验师
023 实验师
024 助理实验师
025 实验员
061 正高级工程师
062 高级工程师
063 工程师
064 助理工程师
065 技术员
081 研究员
082 副研究员
083 助理研究员
084 研究实习员
091 主任医师
092 副主任医师
093 主治医师
094 医师
095 医士
101 研究馆员
102 副研究馆员
103 馆员
104 助理馆员
105 管理员
121 正高级会计师
122 高级会计师
123 会计师
124 助理会计师
125 会计员
131 正高级经济师
132 高级经济师
133 经济师
134 助理经济师
135 经济员
141 编审
142 副编审
143 编辑
144 助理编辑
161 正高级教师(中小学)
162 高级教师(中小学)
163 一级教师(中小学)
164 二级教师(中小学)
165 三级教师(中小学)
""",
    note="011–014 按 GB/T 8561-2001(未核对原文);其余系列按同一规则本地编码,"
    "末位为级别:1 正高 2 副高 3 中级 4 助理级 5 员级 (local-1)",
)

TITLE_GRADE = local_table(
    "title_grade",
    "专业技术职务级别",
    """
1 正高级
2 副高级
3 中级
4 初级
""",
)


def title_grade(code: str | None) -> str | None:
    """The grade (正高/副高/中级/初级) of a 专业技术职务 code; None for 无 or unknown."""
    if not code or code == "0" or code not in TITLE:
        return None
    return {"1": "1", "2": "2", "3": "3", "4": "4", "5": "4"}[code[-1]]


# 考核结果: five results (local-1 codes).
ASSESSMENT_RESULT = local_table(
    "assessment_result",
    "年度考核结果",
    """
1 优秀
2 合格(称职)
3 基本合格(基本称职)
4 不合格(不称职)
5 不定等次
""",
)

# 五险一金 (several; 0 无 stands alone).
INSURANCE = local_table(
    "insurance",
    "五险一金",
    """
0 无
1 养老保险
2 医疗保险
3 失业保险
4 工伤保险
5 生育保险
6 住房公积金
""",
)

QUALIFICATION_KIND = local_table(
    "qualification_kind",
    "教师资格证种类",
    """
0 无
1 幼儿园教师资格
2 小学教师资格
3 初级中学教师资格
4 高级中学教师资格
5 中等职业学校教师资格
6 中等职业学校实习指导教师资格
7 高等学校教师资格
""",
)

REGISTRATION_RESULT = local_table(
    "registration_result",
    "教师资格注册结论",
    """
1 注册合格
2 暂缓注册
3 注册不合格
""",
)

ETHICS_CONCLUSION = local_table(
    "ethics_conclusion",
    "师德考核结论",
    """
1 优秀
2 合格
3 基本合格
4 不合格
""",
)

HONOUR_LEVEL = local_table(
    "honour_level",
    "级别",
    """
1 国家级
2 省部级
3 地市级
4 区县级
5 校级
9 其他
""",
)

PUNISHMENT_KIND = local_table(
    "punishment_kind",
    "处分类别",
    """
0 无
11 警告
12 记过
13 降低岗位等级
14 开除
21 党内警告
22 党内严重警告
23 撤销党内职务
24 留党察看
25 开除党籍
99 其他处分
""",
)

ROTATION_KIND = local_table(
    "rotation_kind",
    "交流轮岗类型",
    """
0 无
1 交流
2 轮岗
3 支教
4 挂职锻炼
5 对口支援
9 其他
""",
)

TABLES = (
    UNIT_NATURE,
    POST_CATEGORY,
    POST_LEVEL_PROFESSIONAL,
    POST_LEVEL_MANAGEMENT,
    POST_LEVEL_WORKER,
    POST_LEVEL_UNRATED,
    POST_LEVEL,
    SCHOOL_POST,
    TITLE,
    TITLE_GRADE,
    ASSESSMENT_RESULT,
    INSURANCE,
    QUALIFICATION_KIND,
    REGISTRATION_RESULT,
    ETHICS_CONCLUSION,
    HONOUR_LEVEL,
    PUNISHMENT_KIND,
    ROTATION_KIND,
)
