"""Workgroup rosters (附表三 工作组名单): each unit files its responsible leader and
its dedicated staff member; the school sees every unit's roster and which units
have not filed one, and exports them to Excel laid out like 附表三 (the reading and
the export: read_model/rosters.py)."""

from services.accounts.domain import roster as rules
from services.accounts.domain.events import RosterFiled
from services.accounts.domain.tree import check_open
from services.accounts.read_model.rosters import get_roster, unit_in_scope
from services.accounts.repository import Rosters
from shared.caller import Caller
from shared.org_tree import path_list


def file_roster(storage, caller: Caller, code: str, data: dict) -> dict:
    with storage.transaction() as uow:
        unit = unit_in_scope(uow.conn, caller, code)
        rules.check_filer(caller, unit.level, path_list(unit.path))
        check_open(unit.closed, "code", code)
        Rosters.writing(uow).append_at_head(
            code,
            [
                RosterFiled(
                    unit_code=code,
                    leader=data["leader"],
                    staff=data["staff"],
                    filed_by=caller.actor(),
                )
            ],
        )
    return get_roster(storage, caller, code)
