"""Which events of other services reach which records handler: the one subscription
table of the service (`{source: {event_type: [handlers]}}`), read by its Storage.

- accounts: a generated teacher account opens the record; the org tree's events keep
  the records copy of the tree (`shared.org_tree`).
- audit: a review task's decision applies to its entries; the end of a change
  request's approval chain applies or closes the request.
"""

from services.records.handlers import change_requests, record
from shared import org_tree

SUBSCRIPTIONS = {
    "accounts": {
        "TeacherAccountGenerated": [record.on_teacher_account_generated],
        **org_tree.HANDLERS,
    },
    "audit": {
        "ReviewDecided": [record.on_review_decided],
        "ChangeRequestProvinceApproved": [change_requests.on_province_approved],
        "ChangeRequestRejected": [change_requests.on_change_request_rejected],
    },
}
