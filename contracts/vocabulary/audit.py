"""What an audit input may say: the states of a change request (变更申请)."""

STATES = ("filed", "school_approved", "province_approved", "rejected")
