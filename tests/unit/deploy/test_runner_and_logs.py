"""The local runner's restart plan, and refusals logged on one line."""

import io
import logging
import logging.config

from deploy.run import RESTART_BACKOFF, Child
from shared.config import nameko_config


def planned_child() -> Child:
    child = Child.__new__(Child)  # no process: only the plan is under test
    child.restarts, child.restart_at = [], None
    return child


def test_a_dying_service_is_restarted_with_a_doubling_backoff_until_the_limit():
    child, now = planned_child(), 1000.0
    waits = []
    for _ in range(5):
        waits.append(child.plan_restart(now, limit=5, window=600) - now)
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert child.plan_restart(now, limit=5, window=600) is None  # the sixth death stops it all


def test_the_backoff_stops_growing_and_old_deaths_are_forgotten():
    child = planned_child()
    for i in range(8):
        child.plan_restart(100.0 + i, limit=99, window=600)
    assert child.restart_at - 107.0 == RESTART_BACKOFF[1]
    assert child.plan_restart(100.0 + 601 + 7, limit=5, window=600) == 100.0 + 608 + 1.0


def test_a_refusal_is_logged_on_one_line_and_an_unexpected_error_with_its_traceback():
    stream = io.StringIO()
    config = nameko_config()["LOGGING"]
    config["handlers"]["console"]["stream"] = stream
    root, log = logging.getLogger(), logging.getLogger("nameko.containers")
    saved = root.handlers[:], root.level, log.filters[:]
    logging.config.dictConfig(config)
    try:
        raise ValueError("the task is already approved")
    except ValueError as exc:
        log.warning("(expected) error handling worker %s: %s", "<worker>", exc, exc_info=True)
        log.exception("error handling worker %s: %s", "<worker>", exc)
    finally:
        root.handlers[:], log.filters[:] = saved[0], saved[2]
        root.setLevel(saved[1])
    lines = stream.getvalue().splitlines()
    assert "(expected) error handling worker <worker>: the task is already approved" in lines[0]
    assert "Traceback" not in lines[1] and "error handling worker" in lines[1]
    assert any(line.startswith("Traceback") for line in lines[2:])
