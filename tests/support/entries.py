"""Information sets filled in as a teacher fills them: the fields of 基本信息 that make a
record complete, and one 学习经历 entry."""

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
