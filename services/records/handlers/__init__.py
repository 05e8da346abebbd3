"""The records commands, queries and reactions to other services' events, one module
per feature: the teacher record (`record`), change requests (`change_requests`),
teacher changes (`staff_changes`), the training requirement (`training`) and the
information import (`info_import`). Which events reach which handler: `wiring.py`."""
