"""Information sets filled in as a teacher fills them: the fields of 基本信息 that make a
record complete, and one 学习经历 entry; and what accounts tells records of a generated
teacher account, which opens the record (`generated_teacher`)."""

COMPLETE_BASIC_INFO = {
    "nationality": "156",
    "ethnicity": "01",
    "political_status": ["13"],
    "work_start_month": "2010-07",
    "school_join_month": "2012-09",
    "staff_source": "11",
    "staff_category": "11",
    "on_establishment": "1",
    "contract": "1",
    "it_skill": "2",
    "personnel_status": "01",
    "has_teacher_certificate": "1",
    "supervisor_type": "0",
    "teaching_stages": ["2"],
    "teaching_status": "22",
    "discipline": "0812",
}
EDUCATION_ENTRY = {
    "education_level": "21",
    "institution": "海南大学",
    "major": "计算机科学与技术",
    "start_month": "2002-09",
    "end_month": "2006-07",
    "degree_level": "3",
    "study_mode": "1",
}


def generated_teacher(id_number: str, unit_path: list[str]) -> dict:
    """The data of accounts' TeacherAccountGenerated for teacher t1 (张三) of the last unit
    of `unit_path`, as records' `open_record` takes it."""
    return {
        "teacher_id": "t1",
        "account_id": "acc-t",
        "teacher_no": "T000000001",
        "name": "张三",
        "gender": "1",
        "id_type": "1",
        "id_number": id_number,
        "unit_code": unit_path[-1],
        "unit_path": list(unit_path),
    }
