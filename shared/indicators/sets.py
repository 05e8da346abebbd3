"""The information sets (信息子集) and their fields, as plain data.

One `SetDef` per set of API.md, named as there. A field's `required` is the
`*` of INDICATORS.md. Add a set by writing its fields with `_f` and listing it
in `SETS`; its cross-field rules (if any) go in `validation.py`.

Left out of `basic_info` on purpose:
- 最高学历 and 最高学位层次: derived from the `education` entries;
- 现任岗位类别/等级 and 现任专业技术职务: derived from the appointment sets;
- 个人照片: a file (jpg, 26x32 mm, >= 150 dpi, < 60 KB), not a field value.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.indicators.codetables import CODE_TABLES

FIELD_TYPES = ("string", "code", "codes", "date", "month", "integer", "decimal", "boolean")
ROLES = ("teacher", "unit", "school")


@dataclass(frozen=True)
class FieldDef:
    name: str
    label: str
    type: str = "string"
    required: bool = False
    code_table: str | None = None
    max_length: int | None = None
    help: str | None = None
    default: str | None = None     # what a form pre-fills; never applied silently
    pattern: str | None = None     # a regular expression for "string" fields

    def __post_init__(self):
        if self.type not in FIELD_TYPES:
            raise ValueError(f"{self.name}: unknown field type {self.type!r}")
        if (self.type in ("code", "codes")) != (self.code_table is not None):
            raise ValueError(f"{self.name}: code fields, and only they, name a code table")
        if self.code_table is not None and self.code_table not in CODE_TABLES:
            raise ValueError(f"{self.name}: unknown code table {self.code_table!r}")


@dataclass(frozen=True)
class SetDef:
    name: str
    label: str
    many: bool
    filled_by: tuple[str, ...]
    fields: tuple[FieldDef, ...]

    def field(self, name: str) -> FieldDef:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    @property
    def required_fields(self) -> tuple[FieldDef, ...]:
        return tuple(f for f in self.fields if f.required)


def _f(name, label, type="string", *, required=False, table=None, max_length=None,
       help=None, default=None, pattern=None) -> FieldDef:
    if type == "string" and max_length is None:
        max_length = 100
    return FieldDef(name, label, type, required, table, max_length, help, default, pattern)


BASIC_INFO = SetDef("basic_info", "基本信息", many=False, filled_by=ROLES, fields=(
    _f("name", "姓名", required=True, max_length=50),
    _f("former_name", "曾用名", max_length=50),
    _f("gender", "性别", "code", required=True, table="gender"),
    _f("staff_no", "教职工号", max_length=30),
    _f("nationality", "国籍/地区", "code", required=True, table="nationality", default="156",
       help="非中国(156)时清空民族和政治面貌"),
    _f("id_type", "身份证件类型", "code", required=True, table="id_type", default="1"),
    _f("id_number", "身份证件号", required=True, max_length=30),
    _f("birth_date", "出生日期", "date", required=True, help="须与身份证件号第7-14位一致"),
    _f("native_place", "籍贯"),
    _f("birth_place", "出生地"),
    _f("ethnicity", "民族", "code", table="ethnicity", default="01"),
    _f("political_status", "政治面貌", "codes", table="political_status",
       help="可多选;无党派民主人士、群众只能单选"),
    _f("marital_status", "婚姻状况", "code", table="marital_status"),
    _f("health_status", "健康状况", "code", table="health_status"),
    _f("work_start_month", "参加工作年月", "month", required=True, help="晚于出生日期"),
    _f("school_join_month", "进本校年月", "month", required=True, help="不早于参加工作年月"),
    _f("staff_source", "教职工来源", "code", required=True, table="staff_source"),
    _f("staff_category", "教职工类别", "code", required=True, table="staff_category"),
    _f("on_establishment", "是否在编", "code", required=True, table="yes_no"),
    _f("employment_form", "用人形式", "code", table="employment_form", help="不在编时必填"),
    _f("contract", "签订合同情况", "code", required=True, table="contract",
       help="在编一般为聘用合同,不在编一般为劳动合同"),
    _f("it_skill", "信息技术应用能力", "code", required=True, table="it_skill"),
    _f("personnel_status", "人员状态", "code", required=True, table="personnel_status"),
    _f("academic_origin", "学缘结构", "code", table="academic_origin"),
    # Higher-education teaching fields (高校教师)
    _f("has_teacher_certificate", "是否有高等学校教师资格证", "code", required=True,
       table="yes_no"),
    _f("teaching_start_month", "从教起始年月", "month"),
    _f("supervisor_type", "导师类别", "code", required=True, table="supervisor_type"),
    _f("teaching_stages", "任课学段", "codes", required=True, table="teaching_stage"),
    _f("teaching_status", "任课状况", "code", required=True, table="teaching_status"),
    _f("discipline", "现主要从事学科领域", required=True, max_length=4, pattern=r"\d{4}",
       help="4 位学科代码"),
))

EDUCATION = SetDef("education", "学习经历", many=True, filled_by=ROLES, fields=(
    _f("education_level", "获得学历", "code", required=True, table="education_level"),
    _f("education_country", "获得学历的国家(地区)", "code", table="nationality"),
    _f("institution", "获得学历的院校或机构"),
    _f("major", "所学专业"),
    _f("is_normal_major", "是否师范类专业", "code", table="yes_no"),
    _f("start_month", "入学年月", "month"),
    _f("end_month", "毕业年月", "month", help="晚于入学年月"),
    _f("degree_level", "学位层次", "code", required=True, table="degree_level",
       help="0 无 时清空学位名称、国家(地区)、院校和授予年月"),
    _f("degree_name", "学位名称", help="按学位层次筛选"),
    _f("degree_country", "获得学位的国家(地区)", "code", table="nationality"),
    _f("degree_institution", "获得学位的院校或机构"),
    _f("degree_month", "学位授予年月", "month"),
    _f("study_mode", "学习方式", "code", required=True, table="study_mode"),
    _f("institution_category", "在学单位类别", "code", table="institution_category"),
))

SETS: dict[str, SetDef] = {s.name: s for s in (BASIC_INFO, EDUCATION)}


def describe_sets() -> list[dict]:
    """JSON-ready descriptions of every set, for `GET /api/v1/schema/sets`."""
    return [{
        "name": s.name, "label": s.label, "many": s.many, "filled_by": list(s.filled_by),
        "fields": [_describe_field(f) for f in s.fields],
    } for s in SETS.values()]


def _describe_field(f: FieldDef) -> dict:
    table = CODE_TABLES.get(f.code_table) if f.code_table else None
    return {
        "name": f.name, "label": f.label, "type": f.type, "required": f.required,
        "code_table": f.code_table,
        "code_table_version": table.version if table else None,
        "codes": [{"code": c, "label": label} for c, label in table] if table else [],
        "max_length": f.max_length, "pattern": f.pattern, "help": f.help,
        "default": f.default,
    }
