"""The audit commands and its reactions to other services' events, one module per
feature: reviews (审核) and change requests (变更申请). `wiring` subscribes the reactions."""
