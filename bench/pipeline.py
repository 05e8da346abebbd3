"""Throughput of the event pipeline, against plain nameko events on the same broker.

    python -m bench.pipeline [--events N] [--timeout SECONDS] [--phases 1a,1b,2]

1a. end to end: a green thread appends N records events, one transaction each
    (as commands do), while the outbox relay publishes them and reporting
    projects them; timed until reporting's checkpoint for `records` is at the end.
1b. pipeline only: N more events committed while the relay is paused, then the
    relay is restarted; timed from the restart until reporting's checkpoint is
    at the end (relay -> broker -> projection).
2.  baseline: a nameko EventDispatcher and a SERVICE_POOL event_handler, one
    message per event, timed until the handler has seen N.

Everything runs in this process on one broker: a throwaway vhost made through
the management API when it answers (RABBITMQ_MANAGEMENT_URL, default
http://guest:guest@127.0.0.1:15672), else the vhost of AMQP_URI. Databases are
SQLite files in a temporary DATA_DIR unless `<SERVICE>_DATABASE_URL` is set.
See bench/README.md.
"""

import argparse
import logging
import os
import resource
import sys
import time

from bench.events import sample_payload
from bench.plain_nameko import baseline
from bench.support import database_label, private_run, rate
from bench.system import System
from tests.support.waiting import TimedOut

PHASES = ("1a", "1b", "2")
TITLES = {
    "1a": "1a. system, end to end: one transaction per event, relay and reporting running",
    "1b": "1b. system, pipeline only: events already committed, relay paused, then resumed",
    "2": "2.  plain nameko: EventDispatcher -> event_handler(SERVICE_POOL), one message per event",
}
LABELS = {
    "1a": "system, end to end (1 tx/event)",
    "1b": "system, pipeline only",
    "2": "plain nameko events",
}


def per_second(n: int, seconds: float) -> str:
    return f"{seconds:.2f}s = {rate(n, seconds):,.0f} events/s"


def figures(phase: str, r: dict) -> list[str]:
    """The lines printed under a phase's title."""
    n = r["n"]
    if phase == "1a":
        return [
            f"{n} events in {per_second(n, r['seconds'])} end to end",
            f"appends alone: {per_second(n, r['append_seconds'])}; reporting finished "
            f"{r['drain_seconds']:.2f}s after the last append",
            r["counters"],
        ]
    if phase == "1b":
        return [
            f"(before it, the queues' leftover messages took {r['settle_seconds']:.2f}s to drain)",
            f"prepared {n} events in {r['tx']} transactions in {r['prepare_seconds']:.2f}s "
            f"({rate(n, r['prepare_seconds']):,.0f} events/s)",
            f"relay -> broker -> projection: {n} events in {per_second(n, r['seconds'])}",
            r["counters"],
        ]
    return [
        f"{n} events in {per_second(n, r['seconds'])} "
        f"(dispatching alone {per_second(n, r['dispatch_seconds'])})"
    ]


def summary(results: dict):
    base = rate(results["2"]["n"], results["2"]["seconds"]) if "2" in results else None
    print("summary")
    print(
        f"    {'measurement':<36} {'events':>7} {'seconds':>8} {'events/s':>10} {'vs baseline':>12}"
    )
    for phase in PHASES:
        if phase in results:
            n, seconds = results[phase]["n"], results[phase]["seconds"]
            ratio = f"{rate(n, seconds) / base:.2f}x" if base else "-"
            print(
                f"    {LABELS[phase]:<36} {n:>7} {seconds:>8.2f} {rate(n, seconds):>10,.0f} "
                f"{ratio:>12}"
            )


def measure(run, phases: set, events: int, timeout: float, results: dict) -> None:
    """Run the phases in order, printing each one's figures as it ends; the system runs
    for 1a and 1b and is stopped before the baseline."""
    from shared import config, db

    for service in System.SERVICES:
        print(f"{service} database: {database_label(service)}")
    print(
        f"events per measurement: {events}; relay poll {os.environ['RELAY_POLL_INTERVAL']}s, "
        f"batch {os.environ.get('RELAY_BATCH_SIZE', '500')}; "
        f"max_workers {config.nameko_config()['max_workers']}"
    )
    print()
    system = System(run.amqp_uri, timeout) if phases & {"1a", "1b"} else None
    ok = False
    try:
        if system is not None:
            system.start()
        for phase in (p for p in PHASES if p in phases):
            if phase == "2" and system is not None:
                system.stop()
                db.dispose_engines()
            print(TITLES[phase])
            if phase == "1a":
                results[phase] = system.end_to_end(events)
            elif phase == "1b":
                results[phase] = system.pipeline_only(events)
            else:
                results[phase] = baseline(run.amqp_uri, events, timeout, sample_payload())
            for line in figures(phase, results[phase]):
                print(f"    {line}")
            print()
        ok = True
    finally:
        if system is not None:
            system.stop(drain=ok)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000, help="events per measurement")
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds a phase may take before the run gives up",
    )
    parser.add_argument(
        "--phases",
        default="1a,1b,2",
        help="which measurements to run, e.g. 1b or 1a,2 (default: all)",
    )
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    phases = {p.strip() for p in args.phases.split(",") if p.strip()}
    if not phases or phases - set(PHASES):
        parser.error("--phases takes a comma-separated subset of 1a, 1b, 2")
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING"),
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )

    started = time.perf_counter()
    results = {}
    status = 0
    try:
        with private_run() as run:
            print(run.broker())
            measure(run, phases, args.events, args.timeout, results)
    except TimedOut as exc:
        print(f"\nSTALLED: {exc}", file=sys.stderr)
        status = 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        status = 130

    if results:
        summary(results)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB; wall time of the run: {time.perf_counter() - started:.1f}s")
    return status


if __name__ == "__main__":
    sys.exit(main())
