"""Inputs of the audit RPCs: reviews (审核) and change requests (变更申请)."""
