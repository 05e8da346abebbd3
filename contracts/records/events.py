"""The event types records publishes, each with the schema version of its payload as it
is written now (the life of a teacher record, its entries and change requests, teacher
changes, training requirements).

A consumer subscribes only to a type named here, and reads an older stored version
through the upcasters of `shared.events`; the producer's `domain/events.py` defines the
payloads, and a unit test keeps the two equal."""

PUBLISHED: dict[str, int] = {
    "RecordOpened": 1,
    "EntryFilled": 1,
    "RecordSubmitted": 1,
    "SubmissionApproved": 1,
    "SubmissionRejected": 1,
    "RecordReturned": 1,
    "ChangeRequested": 1,
    "EntryChanged": 1,
    "ChangeNotApplied": 1,
    "ChangeRejected": 1,
    "TeacherJoined": 1,
    "TeacherTransferred": 1,
    "TeacherLeft": 1,
    "TeacherRetired": 1,
    "TeacherDied": 1,
    "TrainingRequirementSet": 1,
}
