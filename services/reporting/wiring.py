"""The subscription table of reporting: for each source, the handlers of each
event type (`{source: {event_type: [handlers]}}`, shared.consumer), assembled from
the projections, and what a rebuild empties before it replays the logs.

Where several projections follow one event type, they run in the order listed,
in the event's one transaction: the teacher row and the trail first (monthly.py,
trail.py), then the business modules (set_entries.py) that read the teacher row.
"""

from services.reporting.projections import (
    monthly,
    set_entries,
    staff_changes,
    trail,
    training_requirements,
)
from services.reporting.tables import PROJECTIONS
from shared import org_tree

SUBSCRIPTIONS = {
    "accounts": {
        **org_tree.HANDLERS,  # OrgCreated, OrgRenamed, OrgMoved, OrgClosed
        "TeacherAccountGenerated": [monthly.teacher_account_generated],
    },
    "records": {
        "RecordOpened": [monthly.record_opened],
        "EntryFilled": [monthly.entry_filled, set_entries.entry_filled],
        "RecordSubmitted": [monthly.record_submitted, set_entries.record_submitted],
        "SubmissionApproved": [monthly.submission_approved, set_entries.submission_approved],
        "SubmissionRejected": [monthly.submission_rejected, set_entries.submission_rejected],
        "RecordReturned": [monthly.record_returned, set_entries.record_returned],
        # change requests: filed, applied, not applied
        "ChangeRequested": [trail.change_requested],
        "EntryChanged": [trail.change_applied, set_entries.entry_changed],
        "ChangeNotApplied": [trail.change_not_applied],
        # 教师变动
        "TeacherJoined": [staff_changes.staff_change],
        "TeacherTransferred": [staff_changes.staff_change],
        "TeacherLeft": [staff_changes.staff_change],
        "TeacherRetired": [staff_changes.staff_change],
        "TeacherDied": [staff_changes.staff_change],
        "TrainingRequirementSet": [training_requirements.requirement_set],
    },
    # review tasks and decisions: the records events above carry their outcome (and the
    # reviewer as actor), so of the audit log only the change-request decisions are projected
    "audit": {
        "ChangeRequestSchoolApproved": [trail.change_school_approved],
        "ChangeRequestProvinceApproved": [trail.change_province_approved],
        "ChangeRequestRejected": [trail.change_rejected],
    },
}


def reset(conn):
    """Forget every projection row (rebuild replays the logs afterwards)."""
    for table in PROJECTIONS:
        conn.execute(table.delete())
