"""Rebuild the reporting projections from zero: reporting forgets its tables
and checkpoints, then replays the accounts, records and audit event stores.

    python -m deploy.rebuild_reporting

Needs RabbitMQ and running accounts, records, audit and reporting services.
Prints what was replayed per source and the rows of each projection.
"""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import json  # noqa: E402
import sys  # noqa: E402

from nameko.exceptions import UnknownService  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402

from deploy.broker_check import check_broker  # noqa: E402
from shared import config  # noqa: E402

REBUILD_TIMEOUT = 600


def main() -> int:
    problem = check_broker(config.amqp_uri())
    if problem:
        print(problem, file=sys.stderr)
        return 1
    rpc_config = {"AMQP_URI": config.amqp_uri(), "serializer": "json"}
    with ClusterRpcProxy(rpc_config, timeout=REBUILD_TIMEOUT) as rpc:
        try:
            result = rpc.reporting.rebuild()
        except UnknownService:
            print(
                "the reporting service is not running (start it, then run this again)",
                file=sys.stderr,
            )
            return 1
    print(json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
