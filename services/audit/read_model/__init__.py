"""The audit read side: the tables kept in step with each appended audit event, in the
appending transaction (`apply`, the store's `on_append`), and the queries and answers
read from them, one module per feature."""

from services.audit.read_model import change_requests, reviews


def apply(conn, envelope: dict):
    change_requests.apply(conn, envelope)  # change requests (变更申请)
    reviews.apply(conn, envelope)  # review tasks (审核)
