"""Parked events: list them, and replay them once the handler that failed is fixed.

    python -m deploy.parked list [--service NAME] [--state parked|replayed|superseded|all]
    python -m deploy.parked replay --service NAME (--id N [N ...] | --source SRC)

A consumer that cannot apply an event retries it a few times, then parks it and goes on
(shared.consumer). `list` asks every running service (or one) for its parked events and
prints them as a table; `replay` has the service apply them again through the same
handler, each exactly once, and prints each one's outcome: applied, failed (still parked,
with the new error), skipped (replayed or superseded already) or not_found.

Talks RPC to the running system (`AMQP_URI`). Exits 1 when a service does not answer or
a replay failed.
"""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import sys  # noqa: E402
import unicodedata  # noqa: E402
from typing import Any  # noqa: E402

import kombu  # noqa: E402
from nameko.exceptions import RemoteError, RpcTimeout, UnknownService  # noqa: E402
from nameko.rpc import RPC_QUEUE_TEMPLATE  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402

from deploy.broker_check import check_broker  # noqa: E402
from shared import config  # noqa: E402
from shared.errors import DomainError  # noqa: E402

LIST_TIMEOUT = 30
REPLAY_TIMEOUT = 600
ERROR_WIDTH = 60

LIST_COLUMNS = (
    "service",
    "id",
    "source",
    "position",
    "event_type",
    "event_id",
    "attempts",
    "state",
    "parked_at",
    "error",
)
REPLAY_COLUMNS = ("id", "source", "position", "event_type", "outcome", "state", "attempts", "error")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.parked", description="List and replay parked events."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="the parked events of every service, or one")
    listing.add_argument("--service", choices=config.SERVICES)
    listing.add_argument(
        "--state", default="parked", choices=("parked", "replayed", "superseded", "all")
    )
    replay = commands.add_parser("replay", help="apply parked events again, each once")
    replay.add_argument("--service", choices=config.SERVICES, required=True)
    which = replay.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--id", dest="ids", type=int, nargs="+", metavar="N", help="the ids that `list` shows"
    )
    which.add_argument("--source", help="every parked event from this source")
    return parser.parse_args(argv)


def width(text: str) -> int:
    """Columns `text` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell(value, limit: int | None = None, time: bool = False) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if time:
        text = text[:19].replace("T", " ")  # to the second (UTC)
    if limit is not None and width(text) > limit:
        while width(text) > limit - 1:
            text = text[:-1]
        text += "…"
    return text


def table(rows: list[dict], columns: tuple[str, ...]) -> str:
    """`rows` as an aligned text table with a header line."""
    cells = [
        [
            cell(r.get(c), ERROR_WIDTH if c == "error" else None, time=c.endswith("_at"))
            for c in columns
        ]
        for r in rows
    ]
    widths = [max([width(c)] + [width(line[i]) for line in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(
            v + " " * (w - width(v)) for v, w in zip(values, widths, strict=False)
        ).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(v) for v in cells])


def running(services) -> set[str]:
    """The services with an instance consuming their RPC queue now (asking the broker is
    quicker than waiting for a call to a stopped service to time out)."""
    found = set()
    with kombu.Connection(config.amqp_uri()) as connection:
        for service in services:
            channel = connection.channel()
            try:
                _, _, consumers = channel.queue_declare(
                    RPC_QUEUE_TEMPLATE.format(service), passive=True
                )
                if consumers:
                    found.add(service)
            except kombu.exceptions.ChannelError:  # no such queue: it never ran here
                pass
            finally:
                with contextlib.suppress(Exception):
                    channel.close()
    return found


def list_parked(rpc, services, state: str, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    rows: list[dict[str, Any]] = []
    answered: list[str] = []
    for service in services:
        try:
            found = getattr(rpc, service).parked_events(state=state)
        except (UnknownService, RpcTimeout):
            print(f"{service}: not running (no answer)", file=err)
            continue
        answered.append(service)
        rows.extend({"service": service, **r} for r in found)
    if rows:
        replayed = any(r.get("replayed_at") for r in rows)
        print(
            table(rows, LIST_COLUMNS + (("replayed_at", "outcome") if replayed else ())), file=out
        )
    elif answered:
        print(f"no {'' if state == 'all' else state + ' '}events ({', '.join(answered)})", file=out)
    return 0 if len(answered) == len(services) else 1


def replay(rpc, service: str, ids, source, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        results = getattr(rpc, service).replay_parked(ids=ids, source=source)
    except (UnknownService, RpcTimeout):
        print(f"{service}: not running (no answer)", file=err)
        return 1
    except (RemoteError, DomainError) as exc:  # a refusal: no such source, say
        print(f"{service}: {getattr(exc, 'value', None) or exc}", file=err)
        return 1
    if not results:
        print(f"{service}: nothing parked to replay", file=out)
        return 0
    # the error of a row that has just been applied is history: `list --state all` has it
    print(
        table(
            [{**r, "error": None} if r["outcome"] == "applied" else r for r in results],
            REPLAY_COLUMNS,
        ),
        file=out,
    )
    counts: dict[str, int] = {}
    for r in results:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    print(", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())), file=out)
    return 1 if counts.get("failed") else 0


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    problem = check_broker(config.amqp_uri())
    if problem:
        print(problem, file=sys.stderr)
        return 1
    wanted = [args.service] if args.service else list(config.SERVICES)
    up = running(wanted)
    for service in wanted:
        if service not in up:
            print(f"{service}: not running", file=sys.stderr)
    if not up:
        return 1
    timeout = LIST_TIMEOUT if args.command == "list" else REPLAY_TIMEOUT
    with ClusterRpcProxy(
        {"AMQP_URI": config.amqp_uri(), "serializer": "json"}, timeout=timeout
    ) as rpc:
        if args.command == "list":
            status = list_parked(rpc, [s for s in wanted if s in up], args.state)
            return status or (1 if len(up) < len(wanted) else 0)
        return replay(rpc, args.service, args.ids, args.source)


if __name__ == "__main__":
    sys.exit(main())
