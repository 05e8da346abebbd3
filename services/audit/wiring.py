"""The audit subscription table, `{source: {event_type: [handlers]}}`: what audit does with
each event of records (open and close review tasks and change requests) and of accounts
(its copy of the org tree)."""

from services.audit.handlers import change_requests, reviews
from shared import org_tree

SUBSCRIPTIONS = {
    "records": {
        "RecordSubmitted": [reviews.on_record_submitted],
        "RecordReturned": [reviews.on_record_returned],
        "ChangeRequested": [change_requests.on_change_requested],
        "EntryChanged": [change_requests.on_change_outcome],
        "ChangeNotApplied": [change_requests.on_change_outcome],
    },
    "accounts": org_tree.HANDLERS,
}
