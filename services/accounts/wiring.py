"""The accounts subscription table, `{source: {event_type: [handlers]}}`: accounts follow
records' teacher changes (教师变动), disabling leavers' accounts and moving transferred
ones."""

from services.accounts.handlers import staff_status

SUBSCRIPTIONS = {
    "records": {
        "TeacherLeft": [staff_status.on_teacher_out],
        "TeacherRetired": [staff_status.on_teacher_out],
        "TeacherDied": [staff_status.on_teacher_out],
        "TeacherTransferred": [staff_status.on_teacher_transferred],
    }
}
