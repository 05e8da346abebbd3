"""The event types audit publishes, each with the schema version of its payload as it
is written now (review tasks and their decisions, change requests' approval chain).

A consumer subscribes only to a type named here, and reads an older stored version
through the upcasters of `shared.events`; the producer's `domain/events.py` defines the
payloads, and a unit test keeps the two equal."""

PUBLISHED: dict[str, int] = {
    "ReviewTaskOpened": 1,
    "ReviewDecided": 1,
    "ReviewTaskReturned": 1,
    "ChangeRequestFiled": 1,
    "ChangeRequestSchoolApproved": 1,
    "ChangeRequestProvinceApproved": 1,
    "ChangeRequestRejected": 1,
    "ChangeRequestClosed": 1,
}
