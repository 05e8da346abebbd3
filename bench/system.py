"""The accounts, records, audit and reporting services running in this process, watched
by counters that wrap instance attributes (the code under test is unchanged), and the two
measurements of the system: 1a end to end, 1b the pipeline alone (relay paused, then
resumed). The relay and the catch-up loops are paused and resumed through their own
stop flags and the threads their containers manage."""

import time
from collections import defaultdict

import eventlet

from bench.events import ACTOR, plan_events
from bench.support import POLL
from tests.support.services import (
    container_of,
    head,
    managed_thread,
    running_in,
    start_services,
    stop_services,
    storage_of,
)
from tests.support.waiting import TimedOut, wait_until

TX_SIZE_1B = 1000  # events per transaction when preparing 1b


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
    SERVICES = ("accounts", "records", "audit", "reporting")

    def __init__(self, amqp_uri: str, timeout: float):
        self.amqp_uri = amqp_uri
        self.timeout = timeout
        self.counters = Counters()
        self.running = False

    def wait(self, predicate, what: str, timeout: float | None = None) -> float:
        """Wait (polling every POLL seconds) until predicate() is true; the moment it was.
        `TimedOut` after `timeout` (default: the phase's), with where everything stood."""
        wait_until(
            predicate,
            timeout=self.timeout if timeout is None else timeout,
            interval=POLL,
            message=what,
            describe=self.describe,
        )
        return time.perf_counter()

    def start(self):
        self.runner = start_services(self.amqp_uri, *self.SERVICES)
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
        self.wait(
            lambda: self.quiet() and not self.catching_up(), "the services to settle after start"
        )

    def stop(self, drain: bool = True):
        if self.running:
            # leave no messages behind in the durable queues (they matter when the
            # run shares a vhost with a real system)
            try:
                if drain:
                    self.wait(self.quiet, "the queues to drain before stop", min(self.timeout, 60))
            except TimedOut as exc:
                print(f"warning: {exc}")
            # a catch-up in flight at shutdown waits for an RPC reply that never comes
            # (CATCH_UP_RPC_TIMEOUT, 30s): let it finish while every service still answers
            try:
                self._pause_catch_up_loops(timeout=min(self.timeout, 60))
            except TimedOut as exc:
                print(f"warning: {exc}")
            stop_services(self.runner, "the system's runner")
            self.running = False

    # positions
    def reporting_at(self) -> int:
        return self.from_records.position()

    def quiet(self) -> bool:
        records_head = head(self.records)
        return (
            self.reporting.subscriptions["accounts"].position() == head(self.accounts)
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
                f"records head {head(self.records)}, relay checkpoint "
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
        start = head(self.records)
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
            t1 = self.wait(done, f"reporting to reach position {target} (1a)")
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
        self.wait(self.quiet, "the services to settle after 1a")
        settle_seconds = time.perf_counter() - t_settle
        # only the relay delivers in this phase: stop the periodic catch-up loops
        # (waiting out a catch-up in flight), restart them afterwards
        paused = self._pause_catch_up_loops()
        try:
            self._pause_relay()
            start = head(self.records)
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
            if head(self.records) != target:
                raise RuntimeError("someone else appended to records meanwhile")
            if self.relay.checkpoint() != start or self.reporting_at() != start:
                raise RuntimeError("events moved while the relay was paused")
            self.counters.reset()
            t0 = time.perf_counter()
            self._resume_relay()
            t1 = self.wait(
                lambda: self.reporting_at() >= target, f"reporting to reach position {target} (1b)"
            )
            self.wait(self.quiet, "audit to follow (1b)")
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
                    timeout or self.timeout, TimedOut(f"{storage.service}'s catch-up did not stop")
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
            with eventlet.Timeout(self.timeout, TimedOut("the outbox relay did not stop")):
                thread.wait()

    def _resume_relay(self):
        self.relay._stopped.clear()
        self.relay._wake.clear()
        self.records_container.spawn_managed_thread(self.relay.run, identifier="records.relay")
