"""Log records carry the service and correlation id of the worker or event they were
written for; LOG_FORMAT=json writes one JSON object a line."""

import io
import json
import logging
import logging.config
import sys
from datetime import datetime, timedelta
from types import SimpleNamespace

import eventlet
import pytest
import sqlalchemy as sa

from shared import logs
from shared.config import Settings, logging_config
from shared.consumer import Subscription, define_tables
from shared.rpc import Context

ACTOR = {"account_id": "a", "username": "u", "role": "teacher", "org_code": "x"}


def worker(service="records", call_id="records.get.1", **data):
    return SimpleNamespace(service_name=service, call_id=call_id, data=data)


class Collect(logging.Handler):
    """Keeps the records it sees, after the correlation filter (as the console handler)."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(logs.CorrelationFilter())

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def collected():
    handler, log = Collect(), logging.getLogger("test.correlation")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    yield log, handler.records
    log.removeHandler(handler)
    logs.unbind_worker()


def record(message="a line", args=(), exc_info=None, **extra) -> logging.LogRecord:
    made = logging.LogRecord("records.handlers", logging.WARNING, __file__, 1, message, args, None)
    made.exc_info = exc_info
    made.__dict__.update(extra)
    return made


# the filter ------------------------------------------------------------------------------
def test_a_record_in_a_worker_carries_its_service_and_the_requests_correlation_id(collected):
    log, records = collected
    logs.bind_worker(worker(correlation_id="req-7"))
    log.info("in the worker")
    logs.unbind_worker()
    log.info("after it")
    assert [(r.service, r.correlation_id) for r in records] == [("records", "req-7"), (None, None)]


def test_without_a_request_id_the_workers_call_id_is_its_correlation_id(collected):
    log, records = collected
    logs.bind_worker(worker(call_id="records.handle.9"))
    log.info("a worker no request started")
    assert records[0].correlation_id == "records.handle.9"


def test_an_event_being_applied_lends_its_correlation_id(collected):
    log, records = collected
    logs.bind_worker(worker(correlation_id="the-consumers-own"))
    with logs.correlation("req-of-the-event"):
        log.info("applying")
    log.info("done")
    assert [r.correlation_id for r in records] == ["req-of-the-event", "the-consumers-own"]


def test_the_context_dependency_binds_each_worker_while_it_runs(collected):
    log, records = collected
    context, ctx = Context(), worker(service="accounts", correlation_id="req-1")
    context.worker_setup(ctx)
    log.info("inside")
    context.worker_teardown(ctx)
    log.info("outside")
    assert [(r.service, r.correlation_id) for r in records] == [
        ("accounts", "req-1"),
        (None, None),
    ]


def test_concurrent_workers_each_log_their_own_correlation_id(collected):
    log, records = collected

    def run(cid):
        logs.bind_worker(worker(correlation_id=cid))
        for step in range(3):
            log.info("%s step %d", cid, step)
            eventlet.sleep(0)  # the other worker runs here

    threads = [eventlet.spawn(run, cid) for cid in ("req-a", "req-b")]
    for thread in threads:
        thread.wait()
    assert len(records) == 6
    assert all(r.getMessage().startswith(r.correlation_id) for r in records)
    assert {r.correlation_id for r in records} == {"req-a", "req-b"}


def test_a_process_of_one_service_names_it_outside_its_workers(collected):
    log, records = collected
    logs.set_process_service("audit")
    try:
        log.info("the relay woke")
    finally:
        logs.set_process_service(None)
    assert (records[0].service, records[0].correlation_id) == ("audit", None)


def test_a_consumer_logs_under_the_correlation_id_of_the_event_it_applies(tmp_path, collected):
    log, records = collected
    metadata = sa.MetaData()
    tables = define_tables(metadata)
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'consumer.db'}")
    metadata.create_all(engine)

    def handler(uow, envelope):
        log.info("applying #%s", envelope["position"])

    subscription = Subscription(
        "reporting", "records", {"Thing": [handler]}, engine, tables, lambda c, e: None, None
    )
    events = [
        {
            "source": "records",
            "position": n,
            "event_id": f"ev-{n}",
            "stream_id": "s",
            "version": n,
            "type": "Thing",
            "schema_version": 1,
            "data": {},
            "metadata": {"actor": ACTOR, "correlation_id": f"req-{n}"},
            "occurred_at": "2026-12-01T00:00:00+00:00",
            "prev_hash": "0",
            "hash": "0",
        }
        for n in (1, 2)
    ]
    assert subscription.receive(events) == 2
    engine.dispose()
    assert [(r.getMessage(), r.correlation_id) for r in records] == [
        ("applying #1", "req-1"),
        ("applying #2", "req-2"),
    ]


# the formats -----------------------------------------------------------------------------
def test_the_plain_line_shows_the_correlation_id_in_brackets_when_there_is_one():
    formatter = logs.PlainFormatter()
    line = formatter.format(record("准备 %s", ("完成",), correlation_id="req-7"))
    assert line.endswith(" records.handlers WARNING [cid=req-7] 准备 完成")
    assert formatter.format(record("no request")).endswith(" records.handlers WARNING no request")


def test_the_json_line_is_one_object_with_every_field():
    line = logs.JsonFormatter().format(
        record("教师 %s 已提交", ("张三",), service="records", correlation_id="req-7")
    )
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message", "service", "correlation_id"}
    assert entry["level"] == "WARNING" and entry["logger"] == "records.handlers"
    assert entry["message"] == "教师 张三 已提交" and "教师 张三" in line  # not \\u escapes
    assert (entry["service"], entry["correlation_id"]) == ("records", "req-7")
    when = datetime.fromisoformat(entry["time"])
    assert when.utcoffset() == timedelta(0)
    assert abs((datetime.now(when.tzinfo) - when).total_seconds()) < 60


def test_a_traceback_is_one_string_on_the_same_line():
    try:
        raise ValueError("坏的值\nsecond line")
    except ValueError:
        line = logs.JsonFormatter().format(record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["exc_info"].startswith("Traceback")
    assert "ValueError: 坏的值\nsecond line" in entry["exc_info"]
    assert entry["correlation_id"] is None


@pytest.mark.parametrize("chosen", ["json", "plain"])
def test_log_format_chooses_the_line_of_every_process(chosen):
    stream = io.StringIO()
    config = logging_config(Settings.from_env({"LOG_FORMAT": chosen}))
    config["handlers"]["console"]["stream"] = stream
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logging.config.dictConfig(config)
    try:
        logs.bind_worker(worker(service="accounts", correlation_id="req-9"))
        logging.getLogger("services.accounts").warning("账号 %s 已锁定", "admin")
    finally:
        logs.unbind_worker()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    line = stream.getvalue().strip()
    if chosen == "json":
        entry = json.loads(line)
        assert (entry["service"], entry["correlation_id"]) == ("accounts", "req-9")
        assert entry["message"] == "账号 admin 已锁定"
    else:
        assert line.endswith("services.accounts WARNING [cid=req-9] 账号 admin 已锁定")
