"""What a tiny but hostile sheet costs the services that read it, next to a normal sheet
of the same cells.

    python -m bench.hostile_sheets [--far-row 5000000] [--blank-rows 1000000]

The accounts and records services run in this process (nameko ServiceRunner, SQLite in a
temporary DATA_DIR, a throwaway vhost as for `bench.pipeline`). Three .xlsx files are
built for each import (records' information sheet, one 联系方式 sheet; accounts' teacher
sheet), all with the same header and the same one data row:

- normal: the data row is row 2;
- far row: the data row is row 5,000,000 (`<row r="5000000">`), the file a few KB;
- blank rows: 1,000,000 empty `<row r="n"/>` elements before the data row.

Each is sent as one dry run (`records.import_info`, `accounts.import_teachers`) from a
standalone client while a second client pings the same service without pause. Printed
per file and service: the call's seconds, the longest a ping waited meanwhile (how long
the service answered nobody else), the growth of the process's peak RSS in MB, and what
the call answered. See bench/README.md.
"""

import argparse
import base64
import gc
import logging
import os
import sys
import time

import eventlet

from bench.support import private_run
from tests.support.services import start_services, stop_services
from tests.support.workbooks import one_row_sheet

SCHOOL = "HS1"


# the files -------------------------------------------------------------------------
def files(far_row: int, blank_rows: int) -> dict:
    """`{service: (title, header, data row)}` of the two imports."""
    from datetime import date

    from services.accounts.domain.teacher_rows import COLUMNS
    from services.records.domain.sheet_rows import layouts
    from shared.idnumbers import make_resident_id
    from shared.indicators import describe_sets

    number = make_resident_id("460100", date(1985, 3, 14), 101)
    contact = layouts(describe_sets())["contact"]
    shapes = {
        "records": ("联系方式", contact.headers(), [number, "张三", "13800138000"]),
        "accounts": (
            "教师账号",
            list(COLUMNS.values()),
            ["张三", "1", "1985-03", "1", number, f"{SCHOOL}-U1"],
        ),
    }
    return {
        service: {
            "normal": one_row_sheet(title, header, data),
            f"row {far_row:,}": one_row_sheet(title, header, data, data_row=far_row),
            f"{blank_rows:,} blank rows": one_row_sheet(title, header, data, blank_rows=blank_rows),
        }
        for service, (title, header, data) in shapes.items()
    }


# measuring -------------------------------------------------------------------------
def _status(field: str) -> int | None:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the peak RSS (VmHWM) starts again from the current RSS
        return True
    except OSError:
        return False


def measure(call, ping) -> dict:
    """One call while `ping` runs back to back in another green thread."""
    gc.collect()
    resettable = _reset_peak()
    rss = _status("VmRSS")
    waits, done = [], eventlet.event.Event()

    def pinger():
        while not done.ready():
            t0 = time.perf_counter()
            ping()
            waits.append(time.perf_counter() - t0)

    thread = eventlet.spawn(pinger)
    eventlet.sleep(0.05)  # the pinger is under way
    t0 = time.perf_counter()
    try:
        answer = call()
        outcome = f"{answer['rows']} row(s), {len(answer['errors'])} error(s)"
    except Exception as exc:
        outcome = f"refused: {getattr(exc, 'message', None) or exc}"
    seconds = time.perf_counter() - t0
    done.send()
    thread.wait()
    peak = _status("VmHWM") if resettable else None
    return {
        "seconds": seconds,
        "ping": max(waits),
        "mb": (peak - rss) / 1024 if peak else None,
        "outcome": outcome,
    }


def measure_all(amqp_uri: str, far_row: int, blank_rows: int) -> int:
    from nameko.standalone.rpc import ClusterRpcProxy

    from shared.caller import Caller

    runner = start_services(amqp_uri, "accounts", "records")
    rpc_config = {"AMQP_URI": amqp_uri, "serializer": "json"}
    path = ("province", SCHOOL)
    callers = {
        "records": Caller("hs-manager", "hs-manager", "info_manager", SCHOOL, path),
        "accounts": Caller("hs-admin", "hs-admin", "system_admin", SCHOOL, path),
    }
    try:
        built = files(far_row, blank_rows)
        results = {}
        with ClusterRpcProxy(rpc_config, timeout=900) as pings:
            for service, sheets in built.items():
                with ClusterRpcProxy(
                    rpc_config, timeout=900, context_data={"caller": callers[service].to_json()}
                ) as rpc:
                    call = getattr(rpc, service)
                    call = call.import_info if service == "records" else call.import_teachers
                    warm_up = base64.b64encode(sheets["normal"]).decode("ascii")
                    call({"content": warm_up, "dry_run": True})  # first calls set things up
                    for label, content in sheets.items():
                        payload = {
                            "content": base64.b64encode(content).decode("ascii"),
                            "dry_run": True,
                        }
                        result = measure(
                            lambda payload=payload, call=call: call(payload),
                            getattr(pings, service).ping,
                        )
                        result["kb"] = len(content) / 1024
                        results[(service, label)] = result
        _print(results)
        return 0
    finally:
        stop_services(runner)


def _print(results: dict):
    print(
        f"\n    {'file':<22} {'service':<9} {'size':>8} {'seconds':>8} {'longest ping':>13} "
        f"{'peak RSS +':>11}  outcome"
    )
    for (service, label), r in results.items():
        mb = f"{max(r['mb'], 0):8.0f} MB" if r["mb"] is not None else f"{'-':>11}"
        print(
            f"    {label:<22} {service:<9} {r['kb']:6.0f}KB {r['seconds']:7.2f}s "
            f"{r['ping']:12.2f}s {mb}  {r['outcome'][:90]}"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--far-row", type=int, default=5_000_000)
    parser.add_argument("--blank-rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "CRITICAL"))
    os.environ.setdefault("LOG_LEVEL", "CRITICAL")
    os.environ.setdefault("CATCH_UP_INTERVAL", "3600")  # no periodic catch-up meanwhile
    with private_run() as run:
        print(f"{run.broker()}; {os.cpu_count()} CPUs")
        return measure_all(run.amqp_uri, args.far_row, args.blank_rows)


if __name__ == "__main__":
    sys.exit(main())
