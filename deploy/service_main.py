"""Run one or more nameko services in this process.

    python -m deploy.service_main <name> [<name>...]

Names: accounts, records, audit, reporting, gateway. The config comes from the
environment (shared.config.nameko_config). SIGTERM or SIGINT stops the
services gracefully (running workers finish) and the process exits 0; a
second signal kills the remaining workers. Stopping is bounded whatever the
broker does: after STOP_TIMEOUT seconds (default 3) the workers are killed, and
two seconds later the kernel ends the process (SIGALRM), also when a consumer
is stuck reconnecting to a broker or vhost that has gone away.
"""

import warnings

# eventlet announces its deprecation on import: once per process is noise here
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import contextlib  # noqa: E402
import errno  # noqa: E402
import importlib  # noqa: E402
import logging  # noqa: E402
import logging.config  # noqa: E402
import math  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

from nameko.runners import ServiceRunner  # noqa: E402

from shared import logs  # noqa: E402
from shared.config import SettingsError, nameko_config, settings  # noqa: E402

SERVICES = {
    "accounts": "services.accounts.service:AccountsService",
    "records": "services.records.service:RecordsService",
    "audit": "services.audit.service:AuditService",
    "reporting": "services.reporting.service:ReportingService",
    "gateway": "services.gateway.service:GatewayService",
}

log = logging.getLogger("deploy.service_main")


def load_service(name: str):
    module_name, _, class_name = SERVICES[name].partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)


def _signame(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def usage() -> str:
    return f"usage: python -m deploy.service_main <name> [<name>...]\nnames: {', '.join(SERVICES)}"


def main(argv=None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
    if not names or any(n in ("-h", "--help") for n in names):
        print(usage(), file=sys.stderr)
        return 0 if names else 2
    unknown = [n for n in names if n not in SERVICES]
    if unknown:
        print(f"unknown service(s): {', '.join(unknown)}\n{usage()}", file=sys.stderr)
        return 2
    names = list(dict.fromkeys(names))  # drop repeats, keep order

    try:
        config = nameko_config()
    except SettingsError as exc:
        print(f"[{', '.join(names)}] {exc}", file=sys.stderr)
        return 2
    logging.config.dictConfig(config["LOGGING"])
    logs.set_process_service(", ".join(names))

    runner = ServiceRunner(config=config)
    for name in names:
        runner.add_service(load_service(name))

    state = {"stopping": False}
    stop_timeout = settings().stop_timeout

    def kill_late():
        eventlet.sleep(stop_timeout)
        log.warning("not stopped within %.0f s: killing %s", stop_timeout, ", ".join(names))
        runner.kill()

    def shutdown(signum, frame):
        # Signal handlers run in the main loop and must not block on eventlet
        # primitives: do the work in a greenlet.
        if not state["stopping"]:
            state["stopping"] = True
            log.info("%s: stopping %s", _signame(signum), ", ".join(names))
            # the last word is the kernel's: SIGALRM's default action ends the process
            # even when the hub is stuck
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(max(1, math.ceil(stop_timeout + 2)))
            eventlet.spawn_n(runner.stop)
            eventlet.spawn_n(kill_late)
        else:
            log.warning("%s again: killing %s", _signame(signum), ", ".join(names))
            eventlet.spawn_n(runner.kill)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)

    runner.start()
    log.info("started %s", ", ".join(names))

    runnlet = eventlet.spawn(runner.wait)
    while True:
        try:
            runnlet.wait()
        except OSError as exc:
            if exc.errno == errno.EINTR:
                continue
            raise
        except KeyboardInterrupt:  # only if the handler was replaced somehow
            shutdown(signal.SIGINT, None)
            continue
        except Exception:
            log.exception("service container failed: %s", ", ".join(names))
            with contextlib.suppress(Exception):  # best effort
                runner.kill()
            return 1
        break

    log.info("stopped %s", ", ".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
