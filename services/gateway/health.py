"""`GET /api/health`: ping every service at once, each with a short timeout."""
import logging

import eventlet

log = logging.getLogger(__name__)


def ping(name: str, proxy, timeout: float) -> str:
    try:
        with eventlet.Timeout(timeout):
            proxy.ping.call_async().result()
        return "ok"
    except (Exception, eventlet.Timeout) as exc:
        log.warning("health: %s did not answer ping: %r", name, exc)
        return "unavailable"


def check(proxies: dict, timeout: float = 2.0) -> dict:
    """`{service name: "ok" | "unavailable"}`, within about `timeout` seconds."""
    pool = eventlet.GreenPool(len(proxies))
    names = list(proxies)
    states = pool.imap(lambda name: ping(name, proxies[name], timeout), names)
    return dict(zip(names, states))
