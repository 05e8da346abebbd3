"""Waiting for what happens asynchronously (a projection, a relay, a green thread)."""

import time


class TimedOut(AssertionError):
    """What was waited for did not happen in time (a failed assertion in a test)."""


def wait_until(predicate, timeout=15.0, interval=0.1, message="condition", describe=None):
    """Call `predicate` every `interval` seconds (yielding to the other green threads) until
    it returns something true, and return that; `TimedOut` after `timeout` seconds, with
    what `describe()` says of the state then, when given."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = f"\n  state: {describe()}" if describe else ""
            raise TimedOut(f"timed out after {timeout:g}s waiting for {message}{detail}")
        time.sleep(interval)
