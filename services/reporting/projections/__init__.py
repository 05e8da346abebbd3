"""What applies the sources' events to reporting's tables, one module per
projection: monthly.py (each teacher's progress for the monthly report),
trail.py (the audit trail and its change-request items), staff_changes.py
(教师变动), set_entries.py (training and rotation entries), training_requirements.py
(the schools' yearly requirements) and usage.py (the business modules' first use).
wiring.py assembles them into the subscription table.
"""
