"""What a tiny but hostile sheet costs the services that read it, next to a normal sheet
of the same cells.

    python bench/hostile_sheets.py [--far-row 5000000] [--blank-rows 1000000]

The accounts and records services run in this process (nameko ServiceRunner, SQLite in a
temporary DATA_DIR, a throwaway vhost as for bench/pipeline.py). Three .xlsx files are
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

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import argparse  # noqa: E402
import base64  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import logging  # noqa: E402
import shutil  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import zipfile  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402

import pipeline  # noqa: E402 -- the vhost, the environment, stopping the runner

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SCHOOL = "HS1"


# the files -------------------------------------------------------------------------
def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _row(number: int, values: list) -> str:
    cells = "".join(
        f'<c r="{_letter(i)}{number}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx(title: str, header: list, data: list, data_row: int = 2, blank_rows: int = 0) -> bytes:
    """A workbook of one sheet as Excel lays it out (openpyxl's parts), whose sheet XML
    holds the header in row 1, `blank_rows` empty row elements, then the data row."""
    import openpyxl

    from shared import sheets

    book = openpyxl.Workbook()
    book.active.title = title
    book.active["A1"] = "x"
    base = sheets.workbook_bytes(book)
    parts = [_row(1, header)]
    parts += [f'<row r="{n}"/>' for n in range(2, 2 + blank_rows)]
    number = max(data_row, 2 + blank_rows)
    parts.append(_row(number, data))
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="A1:{_letter(len(header) - 1)}{number}"/>'
        f"<sheetData>{''.join(parts)}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = sheet.encode()
            target.writestr(item.filename, content)
    return out.getvalue()


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
            "normal": xlsx(title, header, data),
            f"row {far_row:,}": xlsx(title, header, data, data_row=far_row),
            f"{blank_rows:,} blank rows": xlsx(title, header, data, blank_rows=blank_rows),
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


def run(amqp_uri: str, far_row: int, blank_rows: int) -> int:
    from nameko.runners import ServiceRunner
    from nameko.standalone.rpc import ClusterRpcProxy

    from services.accounts.service import AccountsService
    from services.records.service import RecordsService
    from shared import config
    from shared.caller import Caller

    runner = ServiceRunner(config.nameko_config(AMQP_URI=amqp_uri))
    runner.add_service(AccountsService)
    runner.add_service(RecordsService)
    runner.start()
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
        pipeline.stop_runner(runner, "the services")


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
    data_dir = pipeline.prepare_environment()
    from shared import config, db

    vhost = pipeline.Vhost(config.amqp_uri())
    try:
        amqp_uri = vhost.create()
        os.environ["AMQP_URI"] = amqp_uri
        shown = urllib.parse.urlsplit(amqp_uri)
        print(
            f"broker {shown.hostname} vhost {urllib.parse.unquote(shown.path[1:]) or '/'}; "
            f"{os.cpu_count()} CPUs"
        )
        status = run(amqp_uri, args.far_row, args.blank_rows)
    finally:
        db.dispose_engines()
        vhost.delete()
        shutil.rmtree(data_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
