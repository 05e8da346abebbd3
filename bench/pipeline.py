"""Throughput of the event pipeline, against plain nameko events on the same broker.

    python bench/pipeline.py [--events N] [--timeout SECONDS] [--phases 1a,1b,2]

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

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import argparse  # noqa: E402
import base64  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
import uuid  # noqa: E402
from collections import defaultdict  # noqa: E402

SERVICES = ("accounts", "records", "audit", "reporting")
TX_SIZE_1B = 1000  # events per transaction when preparing 1b
POLL = 0.01  # seconds between checkpoint polls


class Stalled(Exception):
    """A phase did not finish within the timeout."""


# environment: set before the services are imported ---------------------------------
def prepare_environment() -> str:
    """Cheap password hashing, a fast relay poll, a temporary DATA_DIR; returns DATA_DIR."""
    os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")
    os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "1024")
    os.environ.setdefault("RELAY_POLL_INTERVAL", "0.05")
    os.environ.setdefault("ADMIN_PASSWORD", "Bench-" + uuid.uuid4().hex[:12])
    data_dir = tempfile.mkdtemp(prefix="teacherinfo-bench-")
    os.environ["DATA_DIR"] = data_dir  # used only by services without a *_DATABASE_URL
    return data_dir


def database_label(service: str) -> str:
    url = os.environ.get(f"{service.upper()}_DATABASE_URL")
    if not url:
        return "sqlite (temporary DATA_DIR)"
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}{parts.path}"


# RabbitMQ vhost -------------------------------------------------------------------
def _management(method: str, url: str, body=None):
    parts = urllib.parse.urlsplit(url)
    bare = urllib.parse.urlunsplit(
        (
            parts.scheme,
            parts.hostname + (f":{parts.port}" if parts.port else ""),
            parts.path,
            parts.query,
            "",
        )
    )
    request = urllib.request.Request(
        bare, method=method, data=None if body is None else json.dumps(body).encode()
    )
    user = urllib.parse.unquote(parts.username or "guest")
    password = urllib.parse.unquote(parts.password or "guest")
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


class Vhost:
    """A vhost of this run's own when the management API answers."""

    def __init__(self, base_uri: str):
        self.management = os.environ.get(
            "RABBITMQ_MANAGEMENT_URL", "http://guest:guest@127.0.0.1:15672"
        ).rstrip("/")
        self.base_uri = base_uri
        self.name = None
        self.uri = base_uri

    def create(self) -> str:
        amqp = urllib.parse.urlsplit(self.base_uri)
        user = urllib.parse.unquote(amqp.username or "guest")
        name = f"teacherinfo-bench-{uuid.uuid4().hex[:8]}"
        quoted = urllib.parse.quote(name, safe="")
        try:
            _management("PUT", f"{self.management}/api/vhosts/{quoted}")
            self.name = name
            _management(
                "PUT",
                f"{self.management}/api/permissions/{quoted}/{urllib.parse.quote(user, safe='')}",
                {"configure": ".*", "write": ".*", "read": ".*"},
            )
        except (urllib.error.URLError, OSError, ValueError) as exc:
            if self.name is not None:
                self.delete()
            print(
                f"note: management API not usable ({exc}); using the vhost of AMQP_URI. "
                "Its queues are the real services' (reporting.from.records, ...): do not "
                "run this next to a system that uses that vhost."
            )
            return self.uri
        self.uri = urllib.parse.urlunsplit(
            (amqp.scheme, amqp.netloc, "/" + quoted, amqp.query, amqp.fragment)
        )
        return self.uri

    def delete(self):
        if self.name is None:
            return
        try:
            _management(
                "DELETE", f"{self.management}/api/vhosts/{urllib.parse.quote(self.name, safe='')}"
            )
        except (urllib.error.URLError, OSError) as exc:
            print(f"warning: could not delete vhost {self.name}: {exc}")
        self.name = None


# helpers ---------------------------------------------------------------------------
def wait_until(predicate, timeout: float, what: str, describe=None, interval: float = POLL):
    """Poll (yielding to the hub) until predicate() is true; Stalled after timeout."""
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            detail = f"\n  state: {describe()}" if describe else ""
            raise Stalled(f"timed out after {timeout:.0f}s waiting for {what}{detail}")
        eventlet.sleep(interval)
    return time.perf_counter()


def container_of(runner, service_name):
    return next(c for c in runner.containers if c.service_name == service_name)


def storage_of(runner, service_name):
    container = container_of(runner, service_name)
    return next(d for d in container.dependencies if d.attr_name == "storage")


def managed_thread(container, identifier):
    return next(
        (gt for gt, ident in list(container._managed_threads.items()) if ident == identifier), None
    )


def running_in(thread, function_name: str) -> bool:
    """True when the (suspended) green thread has `function_name` on its stack."""
    frame = getattr(thread, "gr_frame", None)
    while frame is not None:
        if frame.f_code.co_name == function_name:
            return True
        frame = frame.f_back
    return False


def stop_runner(runner, label: str, timeout: float = 30.0):
    try:
        with eventlet.Timeout(timeout):
            runner.stop()
    except eventlet.Timeout:
        print(f"warning: {label} did not stop within {timeout:.0f}s; killing it")
        runner.kill()


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


# the events ------------------------------------------------------------------------
BASIC_INFO = {
    "nationality": "156",
    "ethnicity": "01",
    "political_status": ["13"],
    "work_start_month": "2010-07",
    "school_join_month": "2012-09",
    "staff_source": "11",
    "staff_category": "11",
    "on_establishment": "1",
    "contract": "1",
    "it_skill": "2",
    "personnel_status": "01",
    "has_teacher_certificate": "1",
    "supervisor_type": "0",
    "teaching_stages": ["2"],
    "teaching_status": "22",
    "discipline": "0812",
}
EDUCATION = {
    "education_level": "21",
    "institution": "海南大学",
    "major": "计算机科学与技术",
    "start_month": "2002-09",
    "end_month": "2006-07",
    "degree_level": "3",
    "study_mode": "1",
}


def plan_events(n: int, tag: str) -> list[tuple[str, object]]:
    """K = N/10 RecordOpened, then EntryFilled round-robin on those streams: N in all."""
    from shared.events import NewEvent

    k = max(1, n // 10)
    teachers = []
    events = []
    for i in range(k):
        teacher_id = str(uuid.uuid4())
        unit = f"B{tag}-U{i % 10}"
        basic = {
            "name": f"教师{tag}{i}",
            "gender": "1" if i % 2 else "2",
            "id_type": "1",
            "id_number": f"46010019850314{i % 1000:03d}X",
            "birth_date": "1985-03-14",
            "staff_no": None,
        }
        teacher = {
            "teacher_id": teacher_id,
            "stream": f"teacher-{teacher_id}",
            "basic_entry_id": str(uuid.uuid4()),
            "basic": basic,
            "fills": 0,
        }
        teachers.append(teacher)
        events.append(
            (
                teacher["stream"],
                NewEvent(
                    "RecordOpened",
                    1,
                    {
                        "teacher_id": teacher_id,
                        "account_id": str(uuid.uuid4()),
                        "teacher_no": f"T{tag}{i:06d}",
                        "name": basic["name"],
                        "unit_code": unit,
                        "unit_path": ["province", f"B{tag}", unit],
                        "basic_entry_id": teacher["basic_entry_id"],
                        "basic_fields": basic,
                    },
                ),
            )
        )
    i = 0
    while len(events) < n:
        teacher = teachers[i % k]
        i += 1
        if teacher["fills"] == 0:  # the basic information set first, then education entries
            fields = {**teacher["basic"], **BASIC_INFO}
            fields.pop("staff_no")
            data = {
                "teacher_id": teacher["teacher_id"],
                "set": "basic_info",
                "entry_id": teacher["basic_entry_id"],
                "fields": fields,
                "changed": sorted(BASIC_INFO),
                "new_entry": False,
            }
        else:
            data = {
                "teacher_id": teacher["teacher_id"],
                "set": "education",
                "entry_id": str(uuid.uuid4()),
                "fields": dict(EDUCATION),
                "changed": sorted(EDUCATION),
                "new_entry": True,
            }
        teacher["fills"] += 1
        events.append((teacher["stream"], NewEvent("EntryFilled", 1, data)))
    return events


ACTOR = {
    "account_id": str(uuid.uuid4()),
    "username": "bench-manager",
    "role": "info_manager",
    "org_code": "province",
}


# instrumentation (wraps instance attributes; the code under test is unchanged) -----
class Counters:
    def __init__(self):
        self.reset()

    def reset(self):
        self.relay_messages = 0
        self.relay_events = 0
        self.received_messages = 0
        self.received_events = 0
        self.applied_from_messages = 0
        self.fetch_calls = 0
        self.fetched_events = 0

    def line(self) -> str:
        per_message = self.relay_events / self.relay_messages if self.relay_messages else 0
        return (
            f"relay: {self.relay_messages} messages ({per_message:.1f} events/message); "
            f"reporting: {self.received_messages} messages received, "
            f"{self.applied_from_messages} events applied from messages, "
            f"{self.fetch_calls} RPC fetches ({self.fetched_events} events) "
            f"for gaps or catch-up"
        )


def instrument(relay, subscription, counters: Counters, totals: dict):
    """Per-phase counters for reporting's view of records; `totals` counts every
    relay message and every message each subscriber of records has taken, so a
    phase can start only once the queues are empty."""
    publish = relay.publish

    def counted_publish(events):
        publish(events)
        counters.relay_messages += 1
        counters.relay_events += len(events)
        totals["relay"] += 1

    relay.publish = counted_publish

    receive = subscription.receive

    def counted_receive(events):
        totals["reporting"] += 1
        counters.received_messages += 1
        counters.received_events += len(events)
        applied = receive(events)
        counters.applied_from_messages += applied
        return applied

    subscription.receive = counted_receive

    fetch = subscription.fetch

    def counted_fetch(source, position, limit):
        page = fetch(source, position, limit)
        counters.fetch_calls += 1
        counters.fetched_events += len(page)
        return page

    subscription.fetch = counted_fetch


def count_messages(subscription, totals: dict, key: str):
    receive = subscription.receive

    def counted_receive(events):
        totals[key] += 1
        return receive(events)

    subscription.receive = counted_receive


# 1. the system ---------------------------------------------------------------------
class System:
    def __init__(self, amqp_uri: str, timeout: float):
        from nameko.runners import ServiceRunner

        from services.accounts.service import AccountsService
        from services.audit.service import AuditService
        from services.records.service import RecordsService
        from services.reporting.service import ReportingService
        from shared import config

        self.timeout = timeout
        self.runner = ServiceRunner(config.nameko_config(AMQP_URI=amqp_uri))
        for cls in (AccountsService, RecordsService, AuditService, ReportingService):
            self.runner.add_service(cls)
        self.counters = Counters()
        self.running = False

    def start(self):
        self.runner.start()
        self.running = True
        self.accounts = storage_of(self.runner, "accounts")
        self.records = storage_of(self.runner, "records")
        self.audit = storage_of(self.runner, "audit")
        self.reporting = storage_of(self.runner, "reporting")
        self.records_container = container_of(self.runner, "records")
        self.relay = self.records.relay
        self.from_records = self.reporting.subscriptions["records"]
        self.totals = {"relay": 0, "reporting": 0, "audit": 0}
        instrument(self.relay, self.from_records, self.counters, self.totals)
        count_messages(self.audit.subscriptions["records"], self.totals, "audit")
        # quiet start: the bootstrap events of accounts are through, nothing pending,
        # and the catch-up every service runs when it starts has finished
        wait_until(
            lambda: self.quiet() and not self.catching_up(),
            self.timeout,
            "the services to settle after start",
            self.describe,
        )

    def stop(self, drain: bool = True):
        if self.running:
            # leave no messages behind in the durable queues (they matter when the
            # run shares a vhost with a real system)
            try:
                if drain:
                    wait_until(
                        self.quiet,
                        min(self.timeout, 60),
                        "the queues to drain before stop",
                        self.describe,
                    )
            except Stalled as exc:
                print(f"warning: {exc}")
            # a catch-up in flight at shutdown waits for an RPC reply that never comes
            # (CATCH_UP_RPC_TIMEOUT, 30s): let it finish while every service still answers
            try:
                self._pause_catch_up_loops(timeout=min(self.timeout, 60))
            except Stalled as exc:
                print(f"warning: {exc}")
            stop_runner(self.runner, "the system's runner")
            self.running = False

    # positions
    def head(self, storage) -> int:
        with storage.engine.connect() as conn:
            return storage.store.last_position(conn)

    def reporting_at(self) -> int:
        return self.from_records.position()

    def quiet(self) -> bool:
        records_head = self.head(self.records)
        return (
            self.reporting.subscriptions["accounts"].position() == self.head(self.accounts)
            and self.reporting_at() == records_head
            and self.audit.subscriptions["records"].position() == records_head
            and self.relay.checkpoint() == records_head
            # every relay message taken off both queues (no stale backlog)
            and self.totals["reporting"] >= self.totals["relay"]
            and self.totals["audit"] >= self.totals["relay"]
        )

    def catching_up(self) -> bool:
        for storage in (self.accounts, self.records, self.audit, self.reporting):
            thread = managed_thread(storage.container, f"{storage.service}.catch_up")
            if thread is not None and running_in(thread, "catch_up_all"):
                return True
        return False

    def parked(self) -> int:
        import sqlalchemy as sa

        parked = self.reporting.tables["parked"]
        with self.reporting.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(parked)).scalar_one()

    def describe(self) -> str:
        try:
            return (
                f"records head {self.head(self.records)}, relay checkpoint "
                f"{self.relay.checkpoint()}, reporting checkpoint {self.reporting_at()}, "
                f"audit checkpoint {self.audit.subscriptions['records'].position()}, "
                f"reporting parked events {self.parked()}; relay messages sent "
                f"{self.totals['relay']}, taken by reporting {self.totals['reporting']}, "
                f"by audit {self.totals['audit']}; {self.counters.line()}"
            )
        except Exception as exc:
            return f"(could not read the state: {exc})"

    # 1a ------------------------------------------------------------------------
    def end_to_end(self, n: int) -> dict:
        events = plan_events(n, "A")
        start = self.head(self.records)
        target = start + n
        self.counters.reset()
        appended = {}

        def appender():
            versions = defaultdict(int)
            last = None
            for stream, new in events:
                with self.records.transaction(ACTOR) as uow:  # one command, one transaction
                    [envelope] = uow.append(stream, versions[stream], [new])
                versions[stream] += 1
                last = envelope["position"]
                eventlet.sleep(0)  # a command's worker yields (its RPC reply) before the next
            appended["last"] = last
            appended["at"] = time.perf_counter()

        t0 = time.perf_counter()
        thread = eventlet.spawn(appender)

        def done():
            if thread.dead:
                thread.wait()  # re-raises the appender's error, if any
            return self.reporting_at() >= target

        try:
            t1 = wait_until(
                done, self.timeout, f"reporting to reach position {target} (1a)", self.describe
            )
            thread.wait()
        finally:
            thread.kill()
        if appended["last"] != target:
            raise RuntimeError(
                f"appended up to {appended['last']}, expected {target}: "
                "someone else appended to records meanwhile"
            )
        return {
            "n": n,
            "seconds": t1 - t0,
            "append_seconds": appended["at"] - t0,
            "drain_seconds": t1 - appended["at"],
            "counters": self.counters.line(),
        }

    # 1b ------------------------------------------------------------------------
    def pipeline_only(self, n: int) -> dict:
        events = plan_events(n, "B")
        t_settle = time.perf_counter()
        wait_until(self.quiet, self.timeout, "the services to settle after 1a", self.describe)
        settle_seconds = time.perf_counter() - t_settle
        # only the relay delivers in this phase: stop the periodic catch-up loops
        # (waiting out a catch-up in flight), restart them afterwards
        paused = self._pause_catch_up_loops()
        try:
            self._pause_relay()
            start = self.head(self.records)
            target = start + n
            versions = defaultdict(int)
            t_append = time.perf_counter()
            for i in range(0, n, TX_SIZE_1B):
                with self.records.transaction(ACTOR) as uow:
                    for stream, new in events[i : i + TX_SIZE_1B]:
                        uow.append(stream, versions[stream], [new])
                        versions[stream] += 1
                eventlet.sleep(0)
            append_seconds = time.perf_counter() - t_append
            if self.head(self.records) != target:
                raise RuntimeError("someone else appended to records meanwhile")
            if self.relay.checkpoint() != start or self.reporting_at() != start:
                raise RuntimeError("events moved while the relay was paused")
            self.counters.reset()
            t0 = time.perf_counter()
            self._resume_relay()
            t1 = wait_until(
                lambda: self.reporting_at() >= target,
                self.timeout,
                f"reporting to reach position {target} (1b)",
                self.describe,
            )
            wait_until(self.quiet, self.timeout, "audit to follow (1b)", self.describe)
        finally:
            if self.running:
                if self.relay._stopped.is_set():
                    self._resume_relay()
                self._resume_catch_up_loops(paused)
        return {
            "n": n,
            "seconds": t1 - t0,
            "prepare_seconds": append_seconds,
            "settle_seconds": settle_seconds,
            "tx": -(-n // TX_SIZE_1B),
            "counters": self.counters.line(),
        }

    def _pause_catch_up_loops(self, timeout: float | None = None) -> list:
        paused = []
        for storage in (self.accounts, self.records, self.audit, self.reporting):
            if not storage.subscriptions:
                continue
            storage._stopped.set()
            paused.append(storage)
        for storage in paused:
            thread = managed_thread(storage.container, f"{storage.service}.catch_up")
            if thread is not None:
                with eventlet.Timeout(
                    timeout or self.timeout, Stalled(f"{storage.service}'s catch-up did not stop")
                ):
                    thread.wait()
        return paused

    def _resume_catch_up_loops(self, paused: list):
        for storage in paused:
            storage._stopped.clear()
            storage.container.spawn_managed_thread(
                storage._catch_up_loop, identifier=f"{storage.service}.catch_up"
            )

    def _pause_relay(self):
        self.relay.stop()
        thread = managed_thread(self.records_container, "records.relay")
        if thread is not None:
            with eventlet.Timeout(self.timeout, Stalled("the outbox relay did not stop")):
                thread.wait()

    def _resume_relay(self):
        self.relay._stopped.clear()
        self.relay._wake.clear()
        self.records_container.spawn_managed_thread(self.relay.run, identifier="records.relay")


# 2. plain nameko -------------------------------------------------------------------
def baseline(amqp_uri: str, n: int, timeout: float, payload: dict) -> dict:
    from nameko.events import SERVICE_POOL, EventDispatcher, event_handler
    from nameko.rpc import rpc
    from nameko.runners import ServiceRunner
    from nameko.testing.services import entrypoint_hook

    from shared import config

    seen = {"count": 0}

    class BenchSource:
        name = "bench_source"
        dispatch = EventDispatcher()

        @rpc
        def fire(self, count, body):
            for i in range(count):
                self.dispatch("bench_event", {**body, "n": i})  # one message per event

    class BenchSink:
        name = "bench_sink"

        @event_handler("bench_source", "bench_event", handler_type=SERVICE_POOL)
        def handle(self, body):
            seen["count"] += 1

    runner = ServiceRunner(config.nameko_config(AMQP_URI=amqp_uri))
    runner.add_service(BenchSink)
    runner.add_service(BenchSource)
    runner.start()
    try:
        source = container_of(runner, "bench_source")
        dispatched = {}

        def fire():
            with entrypoint_hook(source, "fire", timeout=2 * timeout) as hook:
                hook(n, payload)
            dispatched["at"] = time.perf_counter()

        t0 = time.perf_counter()
        thread = eventlet.spawn(fire)

        def done():
            if thread.dead:
                thread.wait()
            return seen["count"] >= n

        try:
            t1 = wait_until(
                done,
                timeout,
                f"the handler to see {n} events",
                lambda: f"handled {seen['count']} of {n}",
            )
            thread.wait()
        finally:
            thread.kill()
        eventlet.sleep(0.2)
        if seen["count"] != n:
            raise RuntimeError(f"the handler saw {seen['count']} events, not {n}")
        return {"n": n, "seconds": t1 - t0, "dispatch_seconds": dispatched["at"] - t0}
    finally:
        stop_runner(runner, "the baseline's runner")


def sample_payload() -> dict:
    """An envelope as the relay sends it, so both paths carry comparable bytes."""
    from shared.eventstore import event_hash

    stream, new = plan_events(2, "P")[1]
    envelope = {
        "source": "records",
        "position": 1,
        "event_id": str(uuid.uuid4()),
        "stream_id": stream,
        "version": 2,
        "type": new.type,
        "schema_version": new.schema_version,
        "data": new.data,
        "metadata": {"actor": ACTOR, "correlation_id": str(uuid.uuid4()), "causation_id": None},
        "occurred_at": "2026-01-31T09:00:00.000000+00:00",
        "prev_hash": "0" * 64,
    }
    envelope["hash"] = event_hash(envelope)
    return envelope


# main ------------------------------------------------------------------------------
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
    if not phases or phases - {"1a", "1b", "2"}:
        parser.error("--phases takes a comma-separated subset of 1a, 1b, 2")
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING"),
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )

    started = time.perf_counter()
    data_dir = prepare_environment()
    from shared import config, db

    vhost = Vhost(config.amqp_uri())
    system = None
    results = {}
    status = 0
    try:
        amqp_uri = vhost.create()
        os.environ["AMQP_URI"] = amqp_uri
        shown = urllib.parse.urlsplit(amqp_uri)
        print(
            f"broker: {shown.hostname}:{shown.port or 5672} vhost "
            f"{urllib.parse.unquote(shown.path[1:]) or '/'}"
            f"{' (throwaway)' if vhost.name else ''}"
        )
        for service in SERVICES:
            print(f"{service} database: {database_label(service)}")
        print(
            f"events per measurement: {args.events}; relay poll "
            f"{os.environ['RELAY_POLL_INTERVAL']}s, batch "
            f"{os.environ.get('RELAY_BATCH_SIZE', '500')}; "
            f"max_workers {config.nameko_config()['max_workers']}"
        )
        print()

        if phases & {"1a", "1b"}:
            system = System(amqp_uri, args.timeout)
            system.start()

        if "1a" in phases:
            print("1a. system, end to end: one transaction per event, relay and reporting running")
            a = system.end_to_end(args.events)
            results["1a"] = a
            print(
                f"    {a['n']} events in {a['seconds']:.2f}s = "
                f"{rate(a['n'], a['seconds']):,.0f} events/s end to end"
            )
            print(
                f"    appends alone: {a['append_seconds']:.2f}s = "
                f"{rate(a['n'], a['append_seconds']):,.0f} events/s; reporting finished "
                f"{a['drain_seconds']:.2f}s after the last append"
            )
            print(f"    {a['counters']}")
            print()

        if "1b" in phases:
            print("1b. system, pipeline only: events already committed, relay paused, then resumed")
            b = system.pipeline_only(args.events)
            results["1b"] = b
            print(
                f"    (before it, the queues' leftover messages took "
                f"{b['settle_seconds']:.2f}s to drain)"
            )
            print(
                f"    prepared {b['n']} events in {b['tx']} transactions in "
                f"{b['prepare_seconds']:.2f}s "
                f"({rate(b['n'], b['prepare_seconds']):,.0f} events/s)"
            )
            print(
                f"    relay -> broker -> projection: {b['n']} events in {b['seconds']:.2f}s = "
                f"{rate(b['n'], b['seconds']):,.0f} events/s"
            )
            print(f"    {b['counters']}")
            print()

        if system is not None:
            system.stop()
            db.dispose_engines()

        if "2" in phases:
            print(
                "2.  plain nameko: EventDispatcher -> event_handler(SERVICE_POOL), "
                "one message per event"
            )
            c = baseline(amqp_uri, args.events, args.timeout, sample_payload())
            results["2"] = c
            print(
                f"    {c['n']} events in {c['seconds']:.2f}s = "
                f"{rate(c['n'], c['seconds']):,.0f} events/s (dispatching alone "
                f"{c['dispatch_seconds']:.2f}s = "
                f"{rate(c['n'], c['dispatch_seconds']):,.0f} events/s)"
            )
            print()
    except Stalled as exc:
        print(f"\nSTALLED: {exc}", file=sys.stderr)
        status = 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        status = 130
    except BaseException:
        status = 1
        raise
    finally:
        if system is not None:
            system.stop(drain=status == 0)
        db.dispose_engines()
        vhost.delete()
        shutil.rmtree(data_dir, ignore_errors=True)

    if results:
        summary(results)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB; wall time of the run: {time.perf_counter() - started:.1f}s")
    return status


def summary(results: dict):
    rows = []
    labels = {
        "1a": "system, end to end (1 tx/event)",
        "1b": "system, pipeline only",
        "2": "plain nameko events",
    }
    for key in ("1a", "1b", "2"):
        if key in results:
            r = results[key]
            rows.append((labels[key], r["n"], r["seconds"], rate(r["n"], r["seconds"])))
    base = rate(results["2"]["n"], results["2"]["seconds"]) if "2" in results else None
    print("summary")
    print(
        f"    {'measurement':<36} {'events':>7} {'seconds':>8} {'events/s':>10} {'vs baseline':>12}"
    )
    for label, n, seconds, per_second in rows:
        ratio = f"{per_second / base:.2f}x" if base else "-"
        print(f"    {label:<36} {n:>7} {seconds:>8.2f} {per_second:>10,.0f} {ratio:>12}")


if __name__ == "__main__":
    sys.exit(main())
