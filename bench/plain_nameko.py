"""The baseline of the pipeline benchmark (2.): plain nameko events on the same broker.
One service has an `EventDispatcher`, another an `@event_handler(..., SERVICE_POOL)`; N
events are dispatched from a worker, one message per event, and the clock runs until the
handler has seen all N."""

import time

import eventlet

from bench.support import POLL
from tests.support.services import container_of, stop_services
from tests.support.waiting import wait_until


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
            wait_until(
                done,
                timeout=timeout,
                interval=POLL,
                message=f"the handler to see {n} events",
                describe=lambda: f"handled {seen['count']} of {n}",
            )
            t1 = time.perf_counter()
            thread.wait()
        finally:
            thread.kill()
        eventlet.sleep(0.2)
        if seen["count"] != n:
            raise RuntimeError(f"the handler saw {seen['count']} events, not {n}")
        return {"n": n, "seconds": t1 - t0, "dispatch_seconds": dispatched["at"] - t0}
    finally:
        stop_services(runner, "the baseline's runner")
