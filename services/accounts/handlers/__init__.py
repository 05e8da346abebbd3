"""The accounts commands and its reactions to records' events, one module per feature:
auth (bootstrap, tokens, one's own password), logins, orgs (the org tree), accounts and
their lifecycle, teacher_import (批量导入), rosters (附表三) and staff_status (教师变动
reactions; `wiring` subscribes them)."""
