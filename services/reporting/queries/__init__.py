"""What reads reporting's tables and shapes the answers: monthly.py (附件4 月报表),
trail.py (a teacher's audit trail), training.py (培训学分（学时）), rotation.py
(交流轮岗), rebuild.py (a rebuild's row counts); staff_changes.py (a teacher's
unit and status on a day) and usage.py (业务管理应用情况) serve the others, and
scope.py says who may read.
"""
