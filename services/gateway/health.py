"""`GET /api/health`: ask every service for its status at once, each with a short timeout.

The answer is `ok`, `degraded` or `unavailable`:

- `unavailable` (HTTP 503): a service did not answer in time.
- `degraded` (HTTP 200): every service answers, but events are parked, a consumer lags
  behind a source without catching up, or a relay does not publish what committed.
  `problems` names each (service, source, how many, for how long). It stays 200 so that
  readiness checks keep routing traffic: the system serves requests, its projections or
  reactions are behind or miss an event, which an operator fixes (`make parked`) without
  taking the gateway out.
- `ok` (HTTP 200): none of that.

Lag (`head - checkpoint`) takes each source's head from the source's own answer in the
same round when it has one (else the head the consumer last heard of). A lag counts when
it has stood for `stall_seconds` without the checkpoint moving, when the consumer has
not heard from the source for that long, or when it reaches `max_lag` events.
"""

import logging
from typing import Any

import eventlet

log = logging.getLogger(__name__)

OK, DEGRADED, UNAVAILABLE = "ok", "degraded", "unavailable"


def ask(name: str, proxy, timeout: float) -> dict | None:
    """The service's `status`, or None when it does not answer within `timeout`."""
    try:
        with eventlet.Timeout(timeout):
            answer = proxy.status.call_async().result()
        return answer if isinstance(answer, dict) else {}
    except (Exception, eventlet.Timeout) as exc:
        log.warning("health: %s did not answer: %r", name, exc)
        return None


def check(proxies: dict, timeout: float = 2.0) -> dict:
    """`{service name: its status | None}`, within about `timeout` seconds."""
    pool = eventlet.GreenPool(len(proxies))
    names = list(proxies)
    answers = pool.imap(lambda name: ask(name, proxies[name], timeout), names)
    return dict(zip(names, answers, strict=False))


def assess(answers: dict, *, max_lag: int = 10000, stall_seconds: float = 30.0) -> dict:
    """The health answer from every service's status (None: it did not answer)."""
    heads = {
        name: a["head"]
        for name, a in answers.items()
        if a is not None and isinstance(a.get("head"), int)
    }
    problems: list[str] = []
    services: dict[str, dict[str, Any]] = {}
    for name, answer in answers.items():
        mine: list[str]
        if answer is None:
            mine = [f"{name}: does not answer"]
            services[name] = {"status": UNAVAILABLE, "problems": mine}
            problems.extend(mine)
            continue
        mine = []
        subscriptions: dict[str, dict[str, Any]] = {}
        for source, sub in (answer.get("subscriptions") or {}).items():
            sub = dict(sub)
            sub["head"] = max(heads.get(source, 0), sub.get("head", 0), sub["checkpoint"])
            sub["lag"] = sub["head"] - sub["checkpoint"]
            subscriptions[source] = sub
            mine.extend(_subscription_problems(name, source, sub, max_lag, stall_seconds))
        relay = answer.get("relay")
        if relay:
            mine.extend(_relay_problems(name, relay, max_lag, stall_seconds))
        services[name] = {
            **answer,
            "subscriptions": subscriptions,
            "status": DEGRADED if mine else OK,
            "problems": mine,
        }
        problems.extend(mine)
    if any(a is None for a in answers.values()):
        status = UNAVAILABLE
    else:
        status = DEGRADED if problems else OK
    return {"status": status, "problems": problems, "services": services}


def _subscription_problems(name, source, sub, max_lag, stall_seconds) -> list[str]:
    found = []
    parked = sub.get("parked", 0)
    if parked:
        found.append(f"{name}: {parked} parked event{'s' if parked != 1 else ''} from {source}")
    lag = sub["lag"]
    if lag >= max_lag:
        found.append(f"{name}: {lag} events behind {source}")
    elif lag > 0 and sub.get("behind_for", 0) >= stall_seconds:
        found.append(f"{name}: {lag} events behind {source} for {sub['behind_for']:.0f} s")
    elif lag > 0 and sub.get("silent_for", 0) >= stall_seconds:
        found.append(
            f"{name}: {lag} events behind {source}, which it has not heard from "
            f"for {sub['silent_for']:.0f} s"
        )
    return found


def _relay_problems(name, relay, max_lag, stall_seconds) -> list[str]:
    unpublished = relay.get("unpublished", 0)
    if unpublished >= max_lag or (unpublished and relay.get("waiting_for", 0) >= stall_seconds):
        return [
            f"{name}: {unpublished} events not published for {relay.get('waiting_for', 0):.0f} s"
        ]
    return []


def http_status(answer: dict) -> int:
    return 503 if answer["status"] == UNAVAILABLE else 200
