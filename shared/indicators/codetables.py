"""The code tables (代码表) of the indicator system, as versioned plain data.

Each table keeps codes and labels together under a version, so a list can
change (a new version) without rewriting history. Codes travel as strings.
`version` names the standard it follows; "national" marks the
codes listed in the indicator spec, and "local-1" lists whose codes this
project assigned without an official list to check;
such a table says so in its `note`.

This module holds the tables of 基本信息 and 学习经历 and assembles
`CODE_TABLES` from them and from `codetables_career` (appointments, pay,
assessment, qualification, ethics, rotation, work history) and
`codetables_records` (achievements, talent programmes, training, overseas
study, skills, contact).
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.indicators import codetables_career, codetables_records
from shared.indicators.codetable_base import LOCAL, CodeTable, local_table, table

GENDER = table(
    "gender",
    "性别",
    "GB/T 2261.1-2003",
    """
1 男
2 女
""",
)

ID_TYPE = table(
    "id_type",
    "身份证件类型",
    "national + local C",
    """
1 居民身份证
2 军官证
3 士兵证
4 文职干部证
5 部队离退休证
6 香港特区护照/身份证明
7 澳门特区护照/身份证明
8 台湾居民来往大陆通行证
9 境外永久居住证
A 护照
B 户口簿
C 港澳台居民居住证
Z 其他
""",
)  # C is a local extension: see shared.idnumbers

NATIONALITY = table(
    "nationality",
    "国籍/地区",
    "GB/T 2659-2000 (subset)",
    """
156 中国
344 中国香港
446 中国澳门
158 中国台湾
840 美国
826 英国
392 日本
410 韩国
276 德国
250 法国
036 澳大利亚
124 加拿大
643 俄罗斯
""",
)

ETHNICITY = table(
    "ethnicity",
    "民族",
    "GB/T 3304-1991",
    """
01 汉族
02 蒙古族
03 回族
04 藏族
05 维吾尔族
06 苗族
07 彝族
08 壮族
09 布依族
10 朝鲜族
11 满族
12 侗族
13 瑶族
14 白族
15 土家族
16 哈尼族
17 哈萨克族
18 傣族
19 黎族
20 傈僳族
21 佤族
22 畲族
23 高山族
24 拉祜族
25 水族
26 东乡族
27 纳西族
28 景颇族
29 柯尔克孜族
30 土族
31 达斡尔族
32 仫佬族
33 羌族
34 布朗族
35 撒拉族
36 毛南族
37 仡佬族
38 锡伯族
39 阿昌族
40 普米族
41 塔吉克族
42 怒族
43 乌孜别克族
44 俄罗斯族
45 鄂温克族
46 德昂族
47 保安族
48 裕固族
49 京族
50 塔塔尔族
51 独龙族
52 鄂伦春族
53 赫哲族
54 门巴族
55 珞巴族
56 基诺族
97 其他
98 外国血统中国籍人士
""",
)

POLITICAL_STATUS = table(
    "political_status",
    "政治面貌",
    "GB/T 4762-1984",
    """
01 中共党员
02 中共预备党员
03 共青团员
04 民革党员
05 民盟盟员
06 民建会员
07 民进会员
08 农工党党员
09 致公党党员
10 九三学社社员
11 台盟盟员
12 无党派民主人士
13 群众
""",
)

MARITAL_STATUS = table(
    "marital_status",
    "婚姻状况",
    "GB/T 2261.2-2003",
    """
10 未婚
20 已婚
21 初婚
22 再婚
23 复婚
30 丧偶
40 离婚
90 未说明的婚姻状况
""",
)

HEALTH_STATUS = table(
    "health_status",
    "健康状况",
    "GB/T 2261.3-2003",
    """
1 健康或良好
2 一般或较弱
3 有慢性病
6 残疾
""",
)

# 学历 and 学位层次 are listed from the highest to the lowest: derived.highest_education
# ranks by that order.
EDUCATION_LEVEL = table(
    "education_level",
    "学历",
    "GB/T 4658-2006 (subset)",
    """
11 研究生(博士)
14 研究生(硕士)
21 大学本科
31 大学专科
41 中等专科
61 高中
71 初中
81 小学
90 其他
""",
)

DEGREE_LEVEL = local_table(
    "degree_level",
    "学位层次",
    """
1 博士
2 硕士
3 学士
0 无
""",
)

STUDY_MODE = local_table(
    "study_mode",
    "学习方式",
    """
1 全日制
2 非全日制
""",
)

# Locally assigned: the official list of 在学单位类别 was not found.
INSTITUTION_CATEGORY = local_table(
    "institution_category",
    "在学单位类别",
    """
1 普通高等学校
2 科研机构
3 党校或行政学院
4 境外院校或机构
9 其他
""",
)

STAFF_SOURCE = table(
    "staff_source",
    "高校教职工来源",
    "national",
    """
10 录用应届毕业生
11 录用应届毕业生-本科
12 录用应届毕业生-硕士
13 录用应届毕业生-博士
14 录用应届毕业生-国内博士后
15 录用应届毕业生-国外博士/博士后
16 录用应届毕业生-其他
20 军队转业、复员
30 调入
31 调入-系统内高校
32 调入-系统内其他单位
33 调入-系统外
40 引进人才
41 引进人才-院士
42 引进人才-特聘教授
43 引进人才-杰出人才
44 引进人才-优秀人才
45 引进人才-学成归国
46 引进人才-其他
49 引进人才-外国专家
50 社会招聘
99 其他
""",
)

# 51-59: the source gives only the range "兼职/聘请"; labels carry the code.
STAFF_CATEGORY = table(
    "staff_category",
    "教职工类别",
    "national",
    """
11 专任教师
12 教辅人员
13 行政人员
14 工勤人员
19 其他校本部教职工
20 科研机构人员
30 校办企业职工
40 其他附设机构人员
"""
    + "".join(f"5{i} 兼职/聘请人员(5{i})\n" for i in range(1, 10)),
)

YES_NO = local_table(
    "yes_no",
    "是否",
    """
1 是
0 否
""",
)

PERSONNEL_STATUS = local_table(
    "personnel_status",
    "人员状态",
    """
01 在本单位任职
02 借出到机关
03 借出到事业单位
04 长病假
05 进修
06 交流轮岗
07 企业实践
08 因公出国
09 离岗创业
10 待退休
11 待岗
12 下落不明
99 其他
""",
)  # 02-99 are the kinds of 暂未在本单位任职

EMPLOYMENT_FORM = local_table(
    "employment_form",
    "用人形式",
    """
1 劳务派遣
2 人事代理
3 其他
""",
)

# local-2: "3 未签合同" of local-1 is withdrawn, since 签订合同情况 follows 是否在编
# (在编 → 1 聘用合同, otherwise 2 劳动合同) and a third value could never pass.
CONTRACT = table(
    "contract",
    "签订合同情况",
    "local-2",
    """
1 聘用合同
2 劳动合同
""",
    note="在编为聘用合同,不在编为劳动合同 (follows 是否在编)",
)

IT_SKILL = local_table(
    "it_skill",
    "信息技术应用能力",
    """
1 精通
2 熟练
3 良好
4 一般
5 较弱
""",
)

ACADEMIC_ORIGIN = local_table(
    "academic_origin",
    "学缘结构",
    """
1 本校
2 外校(境内)
3 外校(境外)
""",
)

SUPERVISOR_TYPE = table(
    "supervisor_type",
    "导师类别",
    "national",
    """
1 博导
2 硕导
0 无
""",
)

TEACHING_STAGE = table(
    "teaching_stage",
    "任课学段",
    "national",
    """
1 专科
2 本科
3 研究生
9 其他
""",
)

TEACHING_STATUS = table(
    "teaching_status",
    "任课状况",
    "national",
    """
21 基础课
22 专业课
12 科研
23 实践技术指导
10 未任课
""",
)

# 编制类别 and 教师变动 are listed by the national manuals; no field of the sets holds
# them yet (the reporting and change modules use them).
ESTABLISHMENT_CATEGORY = table(
    "establishment_category",
    "编制类别",
    "national",
    """
10 教学
20 行政
30 教辅
40 工勤
50 科研
60 校办企业
70 附设机构
99 其他
""",
)

TEACHER_CHANGE = table(
    "teacher_change",
    "教师变动",
    "national (excerpt)",
    """
111 录用毕业生
112 研究生
114 本校研究生
122 外单位教师调入
123 外单位高校教师调入
131 校内外非教师调入
132 本校调整
212 调离教师岗位
215 减少其他
""",
    note="统计用代码;离职、退休、死亡为人员状态变化,不删除记录",
)

_BASIC_TABLES = (
    GENDER,
    ID_TYPE,
    NATIONALITY,
    ETHNICITY,
    POLITICAL_STATUS,
    MARITAL_STATUS,
    HEALTH_STATUS,
    EDUCATION_LEVEL,
    DEGREE_LEVEL,
    STUDY_MODE,
    INSTITUTION_CATEGORY,
    STAFF_SOURCE,
    STAFF_CATEGORY,
    YES_NO,
    PERSONNEL_STATUS,
    EMPLOYMENT_FORM,
    CONTRACT,
    IT_SKILL,
    ACADEMIC_ORIGIN,
    SUPERVISOR_TYPE,
    TEACHING_STAGE,
    TEACHING_STATUS,
    ESTABLISHMENT_CATEGORY,
    TEACHER_CHANGE,
)


def _assemble(*groups: Iterable[CodeTable]) -> dict[str, CodeTable]:
    tables: dict[str, CodeTable] = {}
    for group in groups:
        for t in group:
            if t.name in tables:
                raise ValueError(f"two code tables are named {t.name}")
            tables[t.name] = t
    return tables


CODE_TABLES: dict[str, CodeTable] = _assemble(
    _BASIC_TABLES, codetables_career.TABLES, codetables_records.TABLES
)

__all__ = ["CODE_TABLES", "LOCAL", "CodeTable"]
