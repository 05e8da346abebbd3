"""Code tables of the record sets: achievements, talent programmes, training,
overseas study and skills. The national manuals publish none of these lists, so every
table here was assigned by this project ("local-1", with a note).
"""

from __future__ import annotations

from shared.indicators.codetable_base import local_table

# 教学科研成果及获奖: the six groups of the national manuals.
ACHIEVEMENT_KIND = local_table(
    "achievement_kind",
    "成果类别",
    """
1 项目(课题)
2 著作
3 论文
4 奖励
5 文艺作品
6 专利或软件著作权
""",
)

# 本人角色: one table; the first digit names the group it belongs to, and the
# field's cascade lets each group choose only its own roles.
AUTHOR_ROLE = local_table(
    "author_role",
    "本人角色",
    """
11 主持人(负责人)
12 主要参与人
13 参与人
21 独著
22 主编
23 副主编
24 参编
25 主译
26 参译
31 独立作者
32 第一作者
33 通讯作者
34 第一作者兼通讯作者
35 其他作者
41 第一完成人
42 其他完成人
51 独立创作
52 主创人员
53 参与创作
61 第一发明人(著作权人)
62 其他发明人(著作权人)
""",
)

ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    kind: tuple(code for code, _ in AUTHOR_ROLE if code[0] == kind) for kind, _ in ACHIEVEMENT_KIND
}

PROJECT_LEVEL = local_table(
    "project_level",
    "项目级别",
    """
1 国家级
2 省部级
3 地市级
4 横向(企事业委托)
5 校级
9 其他
""",
)

BOOK_KIND = local_table(
    "book_kind",
    "著作类别",
    """
1 专著
2 编著
3 译著
4 教材
5 工具书
9 其他
""",
)

# 收录情况 (several; 0 无 stands alone).
INDEXING = local_table(
    "indexing",
    "收录情况",
    """
0 无
1 SCI
2 SSCI
3 EI
4 A&HCI
5 CPCI(ISTP)
6 CSSCI
7 CSCD
8 北大核心(中文核心期刊)
9 其他
""",
)

AWARD_GRADE = local_table(
    "award_grade",
    "奖励等级",
    """
1 特等奖
2 一等奖
3 二等奖
4 三等奖
5 优秀奖
9 其他
""",
)

ARTWORK_KIND = local_table(
    "artwork_kind",
    "作品类型",
    """
1 美术
2 音乐
3 舞蹈
4 戏剧
5 影视
6 设计
7 文学
9 其他
""",
)

PATENT_KIND = local_table(
    "patent_kind",
    "专利或软件著作权类型",
    """
1 发明专利
2 实用新型专利
3 外观设计专利
4 软件著作权
""",
)

# 入选人才项目 (00 无 clears the rest).
TALENT_PROGRAM = local_table(
    "talent_program",
    "人才项目",
    """
00 无
01 中国科学院院士
02 中国工程院院士
03 国家高层次人才特殊支持计划
04 长江学者奖励计划特聘教授
05 长江学者奖励计划青年学者
06 国家杰出青年科学基金
07 国家优秀青年科学基金
08 新世纪百千万人才工程国家级人选
09 国家有突出贡献中青年专家
10 享受国务院政府特殊津贴
11 国家级教学名师
12 全国优秀教师(模范教师)
21 省级人才项目
99 其他
""",
)

TRAINING_KIND = local_table(
    "training_kind",
    "培训类别",
    """
1 国家级培训
2 省级培训
3 地市级培训
4 区县级培训
5 校级培训
9 其他
""",
)

TRAINING_MODE = local_table(
    "training_mode",
    "培训方式",
    """
1 脱产
2 不脱产
3 网络研修
4 混合式
9 其他
""",
)

LANGUAGE = local_table(
    "language",
    "语种",
    """
00 无
01 英语
02 日语
03 俄语
04 德语
05 法语
06 西班牙语
07 阿拉伯语
08 朝鲜语(韩语)
09 葡萄牙语
10 意大利语
11 汉语(对外籍人员)
99 其他
""",
)

PROFICIENCY = local_table(
    "proficiency",
    "掌握程度",
    """
1 精通
2 熟练
3 良好
4 一般
""",
)

CERTIFICATE_KIND = local_table(
    "certificate_kind",
    "证书类型",
    """
1 外语水平证书
2 计算机水平证书
3 普通话水平证书
4 职业资格证书
5 职业技能等级证书
6 专业技术资格证书
9 其他
""",
)

TABLES = (
    ACHIEVEMENT_KIND,
    AUTHOR_ROLE,
    PROJECT_LEVEL,
    BOOK_KIND,
    INDEXING,
    AWARD_GRADE,
    ARTWORK_KIND,
    PATENT_KIND,
    TALENT_PROGRAM,
    TRAINING_KIND,
    TRAINING_MODE,
    LANGUAGE,
    PROFICIENCY,
    CERTIFICATE_KIND,
)
